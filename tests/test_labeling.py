"""`stance data import` and `stance data suggest` on a copy of the tiny corpus."""

import csv
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app
from training.data import DEFAULT_DATA_DIR, validate_corpus
from training.importer import split_for
from training.schema import SPLITS

runner = CliRunner()
TINY_CORPUS = Path(__file__).parent / "fixtures" / "tiny_corpus"


@pytest.fixture()
def corpus(tiny_corpus, tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(tiny_corpus, folder)
    return folder


def _rows(folder):
    return {split: (folder / f"{split}.jsonl").read_text().splitlines() for split in SPLITS}


def _first_text(folder):
    return json.loads((folder / "train.jsonl").read_text().splitlines()[0])["text"]


def _new_quotes(n, offset=0):
    """Real corpus quotes that the tiny corpus does not hold, with their gold labels."""
    tiny = {json.loads(line)["text"] for path in TINY_CORPUS.glob("*.jsonl") for line in path.open()}
    rows = [json.loads(line) for line in (DEFAULT_DATA_DIR / "train.jsonl").read_text().splitlines()]
    return [row for row in rows if row["text"] not in tiny][offset : offset + n]


def test_split_by_hash_is_stable_and_close_to_70_15_15():
    assert split_for("We are ready to talk.") == split_for("  we are READY to talk ")
    splits = [split_for(f"quote number {i} about something") for i in range(3000)]
    assert splits.count("train") / 3000 == pytest.approx(0.70, abs=0.03)
    assert splits.count("test") / 3000 == pytest.approx(0.15, abs=0.03)


def test_csv_import_adds_valid_rows_once_and_reports_bad_ones(corpus, tmp_path):
    new = _new_quotes(5)
    existing = _first_text(corpus)
    source = tmp_path / "labeled.csv"
    with open(source, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["text", "labels", "speaker", "date"])
        writer.writeheader()
        for row in new:  # lines 2-6
            labels = ",".join(row["labels"])
            writer.writerow({"text": row["text"], "labels": labels, "speaker": row["speaker"]})
        writer.writerow({"text": existing, "labels": ""})  # line 7: already in the corpus
        writer.writerow({"text": existing + " Indeed.", "labels": ""})  # line 8: near duplicate
        writer.writerow({"text": "A quote with a made-up label.", "labels": "peace_dove"})  # line 9
        writer.writerow({"text": "A quote with a bad date.", "labels": "", "date": "2025-13-01"})  # line 10
        writer.writerow({"text": "", "labels": "nato_opposition"})  # line 11
    before = _rows(corpus)

    dry = runner.invoke(app, ["data", "import", str(source), "--data", str(corpus), "--dry-run"])
    assert "would add 5 quote(s)" in dry.output, dry.output
    assert _rows(corpus) == before

    first = runner.invoke(app, ["data", "import", str(source), "--data", str(corpus)])
    assert first.exit_code == 1  # bad rows make it fail, after adding the good ones
    assert "added 5 quote(s)" in first.output
    assert f"{source}:7: skipped, already in the corpus: same text as" in first.output
    assert f"{source}:8: skipped, already in the corpus: near duplicate of" in first.output
    assert f"{source}:9: rejected: labels.0:" in first.output
    assert f"{source}:10: rejected: date:" in first.output
    assert f"{source}:11: rejected: text: missing field" in first.output
    after = _rows(corpus)
    assert sum(len(after[s]) - len(before[s]) for s in after) == 5
    assert validate_corpus(corpus) == []
    added = [json.loads(line) for s in after for line in after[s][len(before[s]) :]]
    for record in added:
        assert record["split"] == split_for(record["text"]) and record["id"].startswith("IM-")
        assert record["source_type"] == "article paraphrase" and record["speaker_affiliation"] == "unknown"

    again = runner.invoke(app, ["data", "import", str(source), "--data", str(corpus)])
    assert "added 0 quote(s)" in again.output
    assert _rows(corpus) == after


def test_jsonl_and_label_studio_exports_import(corpus, tmp_path):
    quotes = _new_quotes(4, offset=10)
    jsonl = tmp_path / "labeled.jsonl"
    lines = [json.dumps({"text": q["text"], "labels": q["labels"]}) + "\n" for q in quotes[:2]]
    jsonl.write_text("".join(lines))
    studio = tmp_path / "export.json"

    def annotated(choices):
        return [{"was_cancelled": False, "result": [{"type": "choices", "value": {"choices": choices}}]}]

    tasks = [
        {"data": {"text": q["text"], "speaker": q["speaker"]}, "annotations": annotated(q["labels"])}
        for q in quotes[2:]
    ]
    tasks.append({"data": {"text": "Never annotated."}, "annotations": []})
    studio.write_text(json.dumps(tasks))
    result = runner.invoke(app, ["data", "import", str(jsonl), "--data", str(corpus)])
    assert "added 2 quote(s)" in result.output
    result = runner.invoke(app, ["data", "import", str(studio), "--data", str(corpus)])
    assert "added 2 quote(s)" in result.output and "task has no annotation" in result.output
    records = [json.loads(line) for path in corpus.glob("*.jsonl") for line in path.open()]
    imported = {record["text"]: record for record in records}
    for quote in quotes:
        assert sorted(imported[quote["text"]]["labels"]) == sorted(quote["labels"])
    assert imported[quotes[3]["text"]]["speaker"] == quotes[3]["speaker"]


def _scored_file(path, rows, predictor):
    texts = [row["text"] for row in rows]
    with open(path, "w") as out:
        for row, prediction in zip(rows, predictor.predict(texts), strict=True):
            record = {"text": row["text"], "speaker": row.get("speaker"), "labels": prediction.labels}
            out.write(json.dumps({**record, "scores": prediction.scores, "model": predictor.tag}) + "\n")


def test_suggest_picks_new_quotes_spread_out_as_csv_and_label_studio(corpus, tmp_path, trained_models):
    from model import store

    rows = _new_quotes(30, offset=20)
    known = _first_text(corpus)
    rows += [{"text": known, "speaker": "dup"}, {"text": known + " Yes.", "speaker": "dup"}]
    scored = tmp_path / "scored.jsonl"
    _scored_file(scored, rows, store.load(trained_models["transformer"]))

    out = tmp_path / "tasks.csv"
    command = ["data", "suggest", str(scored), "--n", "10", "--out", str(out), "--data", str(corpus)]
    result = runner.invoke(app, command)
    assert result.exit_code == 0, result.output
    with open(out, newline="") as handle:
        picked = list(csv.DictReader(handle))
    assert len(picked) == 10
    assert all(row["speaker"] != "dup" for row in picked)  # corpus quotes, exact or near, never come back
    assert {"text", "labels", "suggested_labels", "priority", "score_pro_negotiation"} <= set(picked[0])
    speakers = [row["speaker"] for row in picked]
    assert max(speakers.count(s) for s in speakers) <= 3

    studio = tmp_path / "tasks.json"
    command = [
        "data",
        "suggest",
        str(scored),
        "--n",
        "3",
        "--out",
        str(studio),
        "--format",
        "label-studio",
        "--data",
        str(corpus),
    ]
    assert runner.invoke(app, command).exit_code == 0
    tasks = json.loads(studio.read_text())
    assert len(tasks) == 3 and tasks[0]["predictions"][0]["model_version"] == trained_models["transformer"]
    assert tasks[0]["predictions"][0]["result"][0]["type"] == "choices"
