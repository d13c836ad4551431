"""The field set of real quotes: valid, big enough, split by page; and how training and promotion use it."""

import json
from collections import Counter

import pytest

from model.labels import LABELS
from training.field import (
    DEFAULT_FIELD_DIR,
    FIELD_SPLITS,
    field_file,
    load_field,
    page_key,
    page_split,
    validate_field,
    with_field,
)


def _rows() -> list[dict]:
    return [
        json.loads(line)
        for split in FIELD_SPLITS
        for line in field_file(DEFAULT_FIELD_DIR, split).read_text().splitlines()
    ]


def test_the_committed_field_set_is_valid():
    assert validate_field() == []


def test_field_set_is_big_enough_for_every_label():
    rows = _rows()
    counts = Counter(label for row in rows for label in row["labels"])
    assert len(rows) >= 400
    assert all(counts[label] >= 100 for label in LABELS), counts
    assert sum(not row["labels"] for row in rows) >= 100


def test_no_page_sits_in_two_field_splits():
    split_of_page: dict[str, set[str]] = {}
    for row in _rows():
        split_of_page.setdefault(page_key(row["source_url"]), set()).add(row["split"])
    assert all(len(splits) == 1 for splits in split_of_page.values())


def test_field_quotes_are_not_in_the_written_corpus():
    from training.data import DEFAULT_DATA_DIR, normalise

    corpus = {
        normalise(json.loads(line)["text"])
        for path in DEFAULT_DATA_DIR.glob("*.jsonl")
        for line in path.read_text().splitlines()
    }
    assert not [row["id"] for row in _rows() if normalise(row["text"]) in corpus]


def test_page_split_is_a_pure_function_of_the_page():
    url = "https://www.example.org/news/2024/peskov-nato/"
    assert page_split(url) == page_split("https://example.org/news/2024/peskov-nato?utm=x#top")
    assert page_split(url) in FIELD_SPLITS
    counts = Counter(page_split(f"https://example.org/{i}") for i in range(3000))
    assert 0.25 < counts["field-train"] / 3000 < 0.35 and 0.35 < counts["field-test"] / 3000 < 0.45


def test_validation_names_a_row_in_the_wrong_split(tmp_path):
    for split in FIELD_SPLITS:
        field_file(tmp_path, split).write_text("")
    row = json.loads(field_file(DEFAULT_FIELD_DIR, "field-test").read_text().splitlines()[0])
    field_file(tmp_path, "field-train").write_text(json.dumps({**row, "split": "field-train"}) + "\n")
    bad_address = {**row, "id": "x", "source_url": "ftp://x"}
    field_file(tmp_path, "field-test").write_text(json.dumps(bad_address) + "\n")
    problems = validate_field(tmp_path)
    assert any("train.jsonl:1: split: its page belongs to field-test" in p for p in problems), problems
    assert any("test.jsonl:1: source_url" in p for p in problems), problems


def test_validation_names_another_translation_of_a_held_out_statement(tmp_path):
    test_row = json.loads(field_file(DEFAULT_FIELD_DIR, "field-test").read_text().splitlines()[0])
    train_row = json.loads(field_file(DEFAULT_FIELD_DIR, "field-train").read_text().splitlines()[0])
    words = test_row["text"].split()
    retranslated = " ".join(["Indeed,", *words[1:]])  # same statement, another page's wording
    field_file(tmp_path, "field-dev").write_text("")
    field_file(tmp_path, "field-test").write_text(json.dumps(test_row) + "\n")
    field_file(tmp_path, "field-train").write_text(json.dumps({**train_row, "text": retranslated}) + "\n")
    problems = validate_field(tmp_path)
    assert any("near copy" in p and "test.jsonl:1" in p for p in problems), problems


def test_with_field_adds_field_train_to_train_and_field_dev_to_validation(tiny_corpus):
    from training.data import load_splits

    corpus, field = load_splits(tiny_corpus), load_field()
    joined = with_field(corpus, field, train_weight=2)
    assert len(joined["train"]) == len(corpus["train"]) + 2 * len(field["field-train"])
    assert len(joined["validation"]) == len(corpus["validation"]) + len(field["field-dev"])
    assert joined["test"]["id"] == corpus["test"]["id"]
    test_ids = set(field["field-test"]["id"])
    assert not test_ids & (set(joined["train"]["id"]) | set(joined["validation"]["id"]))


@pytest.mark.parametrize(
    ("candidate", "production", "promoted", "says"),
    [
        ({"test": 0.90, "field-dev": 0.85}, {"test": 0.905, "field-dev": 0.80}, True, "macro-F1"),
        ({"test": 0.95, "field-dev": 0.70}, {"test": 0.90, "field-dev": 0.80}, False, "field-dev"),
        ({"test": 0.80, "field-dev": 0.90}, {"test": 0.90, "field-dev": 0.80}, False, "test"),
        ({"test": 0.80}, {"test": 0.805, "field-dev": 0.99}, True, "test 0.8000"),  # only shared sets count
    ],
)
def test_promotion_compares_test_and_field_dev(candidate, production, promoted, says):
    from training.train import promotion_decision

    decision, reason = promotion_decision(candidate, production, "stance-transformer:old", force=False)
    assert decision is promoted and says in reason
    assert promotion_decision(candidate, production, "stance-transformer:old", force=True)[0]
    assert promotion_decision(candidate, None, None, force=False) == (True, "first model of its kind")
