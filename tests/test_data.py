"""The loader and every validation error, on small files written by the tests."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app
from model.labels import LABELS, decode
from training.data import CorpusError, load_splits, validate_corpus

GOOD = {
    "text": "We are ready to talk as soon as the guns fall silent.",
    "speaker": "Test Speaker",
    "speaker_affiliation": "Ukraine",
    "date": "2024-03",
    "source_type": "interview",
    "labels": ["pro_negotiation"],
}
OTHER_TEXTS = [
    "Crimea stays ours, whatever they offer us in return.",
    "Kyiv can never join that alliance, full stop.",
    "The weather in Brussels was grey on Tuesday morning.",
]


def write_corpus(folder: Path, train_rows: list[dict | str]) -> Path:
    """A corpus whose train file holds `train_rows` and whose other splits hold one good row each."""
    folder.mkdir(parents=True, exist_ok=True)
    splits = {
        "train": train_rows,
        "validation": [{**GOOD, "id": "v1", "text": OTHER_TEXTS[1], "split": "validation"}],
        "test": [{**GOOD, "id": "t1", "text": OTHER_TEXTS[2], "split": "test"}],
    }
    for split, rows in splits.items():
        lines = [row if isinstance(row, str) else json.dumps(row) for row in rows]
        (folder / f"{split}.jsonl").write_text("\n".join(lines) + "\n")
    return folder


def good_row(**changes) -> dict:
    return {**GOOD, "id": "r1", "split": "train", **changes}


def problems_for(tmp_path: Path, rows: list[dict | str]) -> list[str]:
    return [str(p) for p in validate_corpus(write_corpus(tmp_path / "corpus", rows))]


def test_loads_three_splits_with_multi_hot_in_label_order(tiny_corpus):
    splits = load_splits(tiny_corpus)
    assert set(splits) == {"train", "validation", "test"}
    assert (len(splits["train"]), len(splits["validation"]), len(splits["test"])) == (48, 16, 16)
    for row in splits["train"]:
        assert len(row["multi_hot"]) == len(LABELS)
        assert decode([int(v) for v in row["multi_hot"]]) == [
            label for label in LABELS if label in row["labels"]
        ]


def test_valid_corpus_has_no_problems(tmp_path):
    assert problems_for(tmp_path, [good_row(), good_row(id="r2", text=OTHER_TEXTS[0])]) == []


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (good_row(labels=["pro_negotiation", "peace_lover"]), "labels.1"),
        (good_row(text=""), "text: String should have at least 1 character"),
        (good_row(text="   "), "text: String should have at least 1 character"),
        ({k: v for k, v in good_row().items() if k != "speaker"}, "speaker: missing field"),
        (good_row(date="March 2024"), "date: Value error, must be YYYY-MM or YYYY-MM-DD"),
        (good_row(date="2024-02-30"), "date: Value error, not a calendar date"),
        (good_row(date="2024-13"), "not a calendar date"),
        (good_row(source_type="podcast"), "source_type"),
        (good_row(split="test"), "split: row says 'test' in the train file"),
        (good_row(mood="angry"), "mood: unexpected field"),
        (good_row(labels=["nato_opposition", "nato_opposition"]), "a label is listed twice"),
        ('{"id": "r1", "text": "broken', "not valid JSON"),
        ("[1, 2]", "not a JSON object"),
    ],
)
def test_each_bad_row_is_named_with_file_and_line(tmp_path, row, expected):
    problems = problems_for(tmp_path, [good_row(id="ok", text=OTHER_TEXTS[0]), row])
    assert len(problems) == 1, problems
    assert "train.jsonl:2: " in problems[0]
    assert expected in problems[0]


def test_duplicate_id_and_texts_are_reported(tmp_path):
    rows = [
        good_row(),
        good_row(text=OTHER_TEXTS[0]),  # same id as row 1
        good_row(id="r3", text=GOOD["text"].upper()),  # same text, other case
        good_row(id="r4", text="We are ready to talk as soon as the guns fall silent today."),  # near
    ]
    problems = problems_for(tmp_path, rows)
    assert any("train.jsonl:2: id: duplicate id 'r1' (first at" in p for p in problems)
    assert any("train.jsonl:3: text: duplicate text" in p for p in problems)
    assert any("train.jsonl:4: text: near duplicate of" in p for p in problems)


def test_a_quote_not_in_english_is_a_problem_naming_its_language(tmp_path):
    italian = "L'Ucraina non riconoscerà mai l'occupazione dei territori temporaneamente sequestrati."
    problems = problems_for(tmp_path, [good_row(text=italian)])
    assert any("train.jsonl:1: text" in p and "language 'it'" in p for p in problems), problems


def test_missing_split_file_is_a_problem(tmp_path):
    folder = write_corpus(tmp_path / "corpus", [good_row()])
    (folder / "test.jsonl").unlink()
    assert any("missing split file for 'test'" in str(p) for p in validate_corpus(folder))


def test_load_refuses_a_bad_corpus_listing_every_problem(tmp_path):
    folder = write_corpus(tmp_path / "corpus", [good_row(date="soon"), good_row(id="r2", labels=["x"])])
    with pytest.raises(CorpusError) as raised:
        load_splits(folder)
    assert len(raised.value.problems) == 2


def test_cli_validate_reports_every_bad_row_and_fails(tmp_path):
    folder = write_corpus(tmp_path / "corpus", [good_row(date="soon"), good_row(id="r2", text="")])
    result = CliRunner().invoke(app, ["data", "validate", "--data", str(folder)])
    assert result.exit_code == 1
    assert "train.jsonl:1: date" in result.output
    assert "train.jsonl:2: text" in result.output
    assert "2 problem(s)" in result.output


def test_cli_validate_and_stats_pass_on_a_good_corpus(tiny_corpus):
    runner = CliRunner()
    assert runner.invoke(app, ["data", "validate", "--data", str(tiny_corpus)]).exit_code == 0
    stats = runner.invoke(app, ["data", "stats", "--data", str(tiny_corpus), "--markdown"])
    assert stats.exit_code == 0
    assert "| quotes | 48 | 16 | 16 | 80 |" in stats.output
