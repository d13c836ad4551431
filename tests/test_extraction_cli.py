"""`stance extract` on the sample article, with stances from the tiny trained models."""

import json
from pathlib import Path

from rich.console import Console
from typer.testing import CliRunner

from cli.app import app
from model.labels import LABELS

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "articles" / "01_zelensky_trump_independent.txt"
SAMPLE_SPEAKERS = {"Volodymyr Zelensky": 7, "Donald Trump": 3, "JD Vance": 2}

runner = CliRunner()


def test_extract_json_on_the_sample_article(trained_models):
    result = runner.invoke(app, ["extract", str(SAMPLE), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    text = SAMPLE.read_text(encoding="utf-8")
    direct = [q for q in payload["quotes"] if q["kind"] == "direct"]
    assert len(direct) == 12
    assert {q["kind"] for q in payload["quotes"]} == {"direct", "indirect"}  # reported speech too
    for quote in payload["quotes"]:
        assert text[quote["start"] : quote["end"]] == quote["text"]
        assert set(quote["scores"]) == set(LABELS)
        assert set(quote["labels"]) <= set(LABELS)
    by_kind = {name: s["by_kind"]["direct"]["quotes"] for name, s in payload["speakers"].items()}
    assert by_kind == SAMPLE_SPEAKERS
    for name, summary in payload["speakers"].items():
        said = [q for q in payload["quotes"] if q["speaker"] == name]
        assert summary["quotes"] == len(said) == sum(k["quotes"] for k in summary["by_kind"].values())
        for label in LABELS:
            assert summary["stances"][label] == sum(label in q["labels"] for q in said)


def test_extract_table_and_stdin(trained_models, monkeypatch):
    monkeypatch.setattr("cli.extract.console", Console(width=250))  # one line per table row
    table = runner.invoke(app, ["extract", str(SAMPLE)])
    assert table.exit_code == 0, table.output
    piped = runner.invoke(app, ["extract", "-", "--json"], input=SAMPLE.read_text(encoding="utf-8"))
    assert piped.exit_code == 0, piped.output
    quotes = json.loads(piped.stdout)["quotes"]
    assert sum(q["kind"] == "direct" for q in quotes) == 12
    assert f"{len(quotes)} quotes" in table.stdout and "Vance" in table.stdout
    assert "indirect" in table.stdout
    assert "[unconstitutional]" in table.stdout  # article text is not taken for rich markup


def test_extract_evaluate_prints_the_gold_metrics():
    result = runner.invoke(app, ["extract", "--evaluate", "--json"])
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.stdout)
    groups = {"original", "extra", "written_held_out", "all", "written_held_out/indirect", "all/direct"}
    assert groups <= set(metrics)
    assert metrics["all"]["overlap_f1"] >= 0.9 and metrics["all"]["speaker_accuracy"] >= 0.9
    assert metrics["written_held_out/indirect"]["gold"] > 0
    table = runner.invoke(app, ["extract", "--evaluate"])
    assert table.exit_code == 0 and "speakers right" in table.stdout and "indirect quotes" in table.stdout
    assert "second_held_out" in table.stdout  # a row per group, never folded


def test_extract_rejects_bad_input(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # short paths keep the error messages on one line
    missing = runner.invoke(app, ["extract", "nope.txt"])
    assert missing.exit_code == 2 and "nope.txt is not a file" in missing.output
    Path("latin1.txt").write_bytes(b"caf\xe9 \xff")
    assert "not UTF-8" in runner.invoke(app, ["extract", "latin1.txt"]).output
    assert "--evaluate" in runner.invoke(app, ["extract"]).output
    gold = runner.invoke(app, ["extract", "--evaluate", "--articles", "."])
    assert gold.exit_code == 1 and "gold.json" in gold.output


def test_extract_names_a_missing_model(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("“We will never give up,” Zelensky said.", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(article), "--model", "stance-no-such-model"])
    assert result.exit_code == 1 and "stance-no-such-model" in result.output
