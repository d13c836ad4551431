"""The shipped corpus: valid, big enough, hard enough, and free of templates and duplicates."""

import re
from collections import Counter, defaultdict

import pytest

from model.labels import LABELS
from training.data import (
    DEFAULT_DATA_DIR,
    label_matrix,
    load_splits,
    near_duplicate_pairs,
    normalise,
)
from training.data import validate_corpus as validate

SAMPLE_ARTICLE = DEFAULT_DATA_DIR.parent / "articles" / "01_zelensky_trump_independent.txt"
MENTIONS_A_STANCE_TOPIC = re.compile(
    r"nato|alliance|talk|negotiat|ceasefire|truce|peace|deal|diplomac|crimea|donbas|donetsk|luhansk"
    r"|kherson|zaporizhzhia|territor|border|land|inch|region",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def corpus():
    return load_splits(DEFAULT_DATA_DIR)


@pytest.fixture(scope="module")
def all_rows(corpus):
    return [row for split in corpus.values() for row in split]


def test_shipped_corpus_validates():
    assert validate(DEFAULT_DATA_DIR) == []


def test_label_minimums(all_rows):
    matrix = label_matrix([row["labels"] for row in all_rows])
    assert len(all_rows) >= 2000
    for i, label in enumerate(LABELS):
        assert matrix[:, i].sum() >= 450, label
    assert (matrix.sum(axis=1) == 0).sum() >= 500
    assert (matrix.sum(axis=1) >= 2).sum() >= 250


def test_hard_negatives_mention_the_topics(all_rows):
    """Quotes with no label that still talk about NATO, talks or territory: keywords that mislead."""
    hard = [row for row in all_rows if not row["labels"] and MENTIONS_A_STANCE_TOPIC.search(row["text"])]
    assert len(hard) >= 250


def test_splits_are_about_70_15_15_per_label_combination(corpus):
    total = sum(len(split) for split in corpus.values())
    assert abs(len(corpus["train"]) / total - 0.70) < 0.02
    for name in ("validation", "test"):
        assert abs(len(corpus[name]) / total - 0.15) < 0.02
        for label in LABELS:
            share = sum(label in labels for labels in corpus[name]["labels"]) / len(corpus[name])
            overall = sum(label in labels for s in corpus.values() for labels in s["labels"]) / total
            assert abs(share - overall) < 0.03, (name, label)


def test_no_six_word_sequence_in_more_than_ten_quotes(all_rows):
    quotes_with = defaultdict(set)
    for index, row in enumerate(all_rows):
        words = normalise(row["text"]).split()
        for start in range(len(words) - 5):
            quotes_with[" ".join(words[start : start + 6])].add(index)
    overused = {gram: len(ids) for gram, ids in quotes_with.items() if len(ids) > 10}
    assert overused == {}


def test_no_near_duplicates_inside_or_across_splits(all_rows):
    texts = [normalise(row["text"]) for row in all_rows]
    assert near_duplicate_pairs(texts, 0.8) == []


def test_sample_article_quotes_stay_out_of_train_and_validation(corpus):
    article = SAMPLE_ARTICLE.read_text(encoding="utf-8")
    quotes = [normalise(q) for q in re.findall(r"[\u201c\"]([^\u201d\"]{15,})[\u201d\"]", article)]
    assert quotes, "the sample article's quotes were not found"
    for split in ("train", "validation"):
        texts = [normalise(text) for text in corpus[split]["text"]]
        pairs = near_duplicate_pairs(texts + quotes, 0.5)
        assert [p for p in pairs if p[0] < len(texts) <= p[1]] == [], split


def test_many_speakers_sources_and_lengths(all_rows):
    affiliations = Counter(row["speaker_affiliation"] for row in all_rows)
    assert len(affiliations) >= 20
    assert len({row["source_type"] for row in all_rows}) == 6
    lengths = [len(row["text"].split()) for row in all_rows]
    assert min(lengths) <= 4 and max(lengths) >= 60
