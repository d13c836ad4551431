"""Batch scoring on one machine: formats, rejects, resuming after a crash, the command line."""

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from model.labels import LABELS
from scoring.checkpoint import STATE_FILE, Checkpoint, UnfinishedRunError, rejects_path
from scoring.formats import Format
from scoring.local import ScoreJob, score_file
from scoring.model_source import find_model
from scoring.rows import OUTPUT_FIELDS

OUTPUT_COLUMNS = set(OUTPUT_FIELDS)


def corpus_rows(tiny_corpus: Path) -> list[dict]:
    """The 80 tiny-corpus quotes, their gold `labels` dropped (scoring must not need them)."""
    rows = []
    for split in ("train", "validation", "test"):
        for line in (tiny_corpus / f"{split}.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            row.pop("labels")
            rows.append(row)
    return rows


def write_rows(path: Path, rows: list[dict], fmt: Format) -> Path:
    """Write plain rows as a JSON Lines, CSV or Parquet input file."""
    if fmt is Format.jsonl:
        path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    elif fmt is Format.csv:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    else:
        pq.write_table(pa.Table.from_pylist(rows), path)
    return path


def _parse_csv_cells(row: dict) -> dict:
    return {k: json.loads(v) if k in {"labels", "scores"} else v for k, v in row.items()}


def read_output(path: Path, fmt: Format) -> list[dict]:
    """Rows of an output file, or of a Spark output folder (its part files in order)."""
    path = Path(path)
    files = sorted(path.glob("part-*")) if path.is_dir() else [path]
    rows: list[dict] = []
    for file in files:
        if fmt is Format.jsonl:
            rows += [json.loads(line) for line in file.read_text(encoding="utf-8").splitlines()]
        elif fmt is Format.csv:
            with open(file, encoding="utf-8", newline="") as handle:
                rows += [_parse_csv_cells(row) for row in csv.DictReader(handle)]
        else:
            rows += pq.read_table(file).to_pylist()
    return rows


@pytest.fixture(scope="module")
def baseline(trained_models):
    return find_model("baseline").load()


@pytest.fixture(scope="module")
def transformer(trained_models):
    from model.hardware import choose_runtime

    return find_model("transformer").load(choose_runtime(device="cpu", precision="fp32"))


def run(path: Path, out: Path, predictor, *, chunk_rows: int = 16, resume: bool = False, fmt=None):
    from scoring.formats import detect_format

    job = ScoreJob(
        path,
        out,
        detect_format(path),
        fmt or detect_format(out),
        chunk_rows=chunk_rows,
        resume=resume,
    )
    return score_file(job, predictor, progress=False)


@pytest.mark.parametrize("in_fmt", list(Format))
@pytest.mark.parametrize("out_fmt", list(Format))
def test_every_format_pair_keeps_every_field_and_adds_the_scores(
    tmp_path, tiny_corpus, baseline, in_fmt, out_fmt
):
    rows = corpus_rows(tiny_corpus)
    source = write_rows(tmp_path / f"in.{in_fmt.value}", rows, in_fmt)
    summary = run(source, tmp_path / f"out.{out_fmt.value}", baseline)
    scored = read_output(summary.output, out_fmt)

    assert (summary.rows_read, summary.rows_scored, summary.rows_rejected) == (80, 80, 0)
    assert [{k: v for k, v in row.items() if k not in OUTPUT_COLUMNS} for row in scored] == rows
    probabilities = baseline.predict_proba([row["text"] for row in rows])
    for row, expected in zip(scored, probabilities, strict=True):
        assert row["model"] == baseline.tag
        assert [row["scores"][label] for label in LABELS] == pytest.approx(expected, abs=1e-6)
        over = expected >= baseline.thresholds
        assert row["labels"] == [label for label, on in zip(LABELS, over, strict=True) if on]
    assert rejects_path(summary.output).read_text() == ""
    assert not Path(f"{summary.output}.partial").exists()


def test_transformer_scores_match_the_predictor_whatever_the_chunk(tmp_path, tiny_corpus, transformer):
    rows = corpus_rows(tiny_corpus)
    source = write_rows(tmp_path / "in.jsonl", rows, Format.jsonl)
    scored = read_output(run(source, tmp_path / "out.jsonl", transformer, chunk_rows=7).output, Format.jsonl)
    expected = transformer.predict_proba([row["text"] for row in rows])
    assert [[row["scores"][label] for label in LABELS] for row in scored] == pytest.approx(expected, abs=1e-5)
    assert {row["model"] for row in scored} == {transformer.tag}


def test_onnx_runtime_scores_like_torch(tiny_corpus, trained_models, transformer):
    texts = [row["text"] for row in corpus_rows(tiny_corpus)]
    from model.hardware import choose_runtime

    onnx = find_model("transformer").load(choose_runtime("cpu", "fp32", "onnxruntime"))
    assert str(onnx.runtime) == "cpu/float32 (onnxruntime)"
    assert onnx.predict_proba(texts) == pytest.approx(transformer.predict_proba(texts), abs=1e-5)


def test_input_fields_named_like_outputs_are_kept_with_a_prefix(tmp_path, baseline):
    source = write_rows(
        tmp_path / "in.jsonl", [{"text": "Talk now.", "labels": ["x"], "model": "m"}], Format.jsonl
    )
    (row,) = read_output(run(source, tmp_path / "out.jsonl", baseline).output, Format.jsonl)
    assert row["input_labels"] == ["x"] and row["input_model"] == "m" and row["model"] == baseline.tag


def test_rows_with_different_fields_all_reach_csv_and_parquet(tmp_path, baseline):
    rows = (
        [{"text": "Talk now.", "a": 1}]
        + [{"text": f"No talks {i}."} for i in range(20)]
        + [{"text": "Go.", "b": "x"}]
    )
    source = write_rows(tmp_path / "in.jsonl", rows, Format.jsonl)
    for fmt in (Format.csv, Format.parquet):
        scored = read_output(run(source, tmp_path / f"out.{fmt.value}", baseline, chunk_rows=5).output, fmt)
        assert len(scored) == 22
        assert str(scored[0]["a"]) == "1" and scored[-1]["b"] == "x" and scored[-1]["a"] in (None, "")


def test_every_kind_of_bad_row_is_rejected_with_its_line_and_the_run_goes_on(tmp_path, baseline):
    good = {"id": "g", "text": "We will talk when the guns fall silent."}
    lines = [
        json.dumps(good),
        "{not json",
        json.dumps({"id": "no-text"}),
        json.dumps({"id": "empty", "text": "  "}),
        json.dumps({"id": "long", "text": "word " * 1001}),
        json.dumps({"id": "number", "text": 42}),
        "",
        json.dumps(["a", "list"]),
        json.dumps(good),
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = run(source, tmp_path / "out.jsonl", baseline, chunk_rows=3)

    rejects = [json.loads(line) for line in rejects_path(summary.output).read_text().splitlines()]
    assert [(r["line"], r["reason"].split(" (")[0].split(":")[0]) for r in rejects] == [
        (2, "not JSON"),
        (3, "no 'text' field"),
        (4, "empty 'text'"),
        (5, "text too long"),
        (6, "'text' is a int, not a string"),
        (8, "not a JSON object but a list"),
    ]
    assert rejects[0]["row"] == "{not json" and rejects[1]["row"] == {"id": "no-text"}
    assert "5005 characters (limit 5000)" in rejects[3]["reason"]
    assert (summary.rows_read, summary.rows_scored, summary.rows_rejected) == (8, 2, 6)
    assert len(read_output(summary.output, Format.jsonl)) == 2


def test_csv_rows_with_the_wrong_field_count_and_parquet_nulls_are_rejected(tmp_path, baseline):
    source = tmp_path / "in.csv"
    source.write_text(
        'id,text\n1,"Talk, now."\n2,too,many\n\n3\n4,""\n5,"a ""quoted""\nline"\n', encoding="utf-8"
    )
    summary = run(source, tmp_path / "out.csv", baseline)
    rejects = [json.loads(line) for line in rejects_path(summary.output).read_text().splitlines()]
    assert [(r["line"], r["reason"]) for r in rejects] == [
        (3, "3 fields where the header has 2"),
        (5, "1 fields where the header has 2"),
        (6, "empty 'text'"),
    ]
    assert [row["text"] for row in read_output(summary.output, Format.csv)] == [
        "Talk, now.",
        'a "quoted"\nline',
    ]

    table = pa.table({"id": [1, 2], "text": ["Talk now.", None]})
    pq.write_table(table, tmp_path / "in.parquet")
    summary = run(tmp_path / "in.parquet", tmp_path / "out.parquet", baseline)
    assert json.loads(rejects_path(summary.output).read_text()) == {
        "line": 2,
        "reason": "no 'text' field",
        "row": {"id": 2, "text": None},
    }


class Crash(Exception):
    """Stands for a kill between two chunks."""


def crash_after(monkeypatch, chunks: int) -> None:
    """Make the run die right after committing `chunks` chunks."""
    commit = Checkpoint.commit

    def commit_then_maybe_crash(self, chunk):
        commit(self, chunk)
        if self.state.chunks == chunks:
            raise Crash

    monkeypatch.setattr(Checkpoint, "commit", commit_then_maybe_crash)


@pytest.mark.parametrize("fmt", list(Format))
def test_resume_after_a_crash_gives_the_uninterrupted_output(
    tmp_path, tiny_corpus, baseline, monkeypatch, fmt
):
    rows = corpus_rows(tiny_corpus)
    rows[10]["text"] = ""  # a reject before the crash
    rows[70]["text"] = ""  # and one after
    source = write_rows(tmp_path / f"in.{fmt.value}", rows, fmt)
    whole = run(source, tmp_path / f"whole.{fmt.value}", baseline)

    out = tmp_path / f"out.{fmt.value}"
    with monkeypatch.context() as patched:
        crash_after(patched, 2)
        with pytest.raises(Crash):
            run(source, out, baseline)
    assert not out.exists()
    with pytest.raises(UnfinishedRunError, match="--resume"):
        run(source, out, baseline)
    resumed = run(source, out, baseline, resume=True)

    assert read_output(out, fmt) == read_output(whole.output, fmt)
    assert rejects_path(out).read_text() == rejects_path(whole.output).read_text()
    assert (resumed.rows_read, resumed.rows_scored, resumed.rows_rejected) == (80, 78, 2)


def test_parts_written_after_the_last_commit_are_discarded_on_resume(
    tmp_path, tiny_corpus, baseline, monkeypatch
):
    source = write_rows(tmp_path / "in.jsonl", corpus_rows(tiny_corpus), Format.jsonl)
    whole = run(source, tmp_path / "whole.jsonl", baseline)
    out = tmp_path / "out.jsonl"
    with monkeypatch.context() as patched:
        crash_after(patched, 2)
        with pytest.raises(Crash):
            run(source, out, baseline)
    work = Path(f"{out}.partial")
    (work / "part-000002.jsonl").write_text(
        '{"text": "written, never committed"}\n'
    )  # killed before the commit
    (work / ".part-000003.jsonl.x1y2").write_text('{"text": "half')  # killed while writing
    run(source, out, baseline, resume=True)
    assert out.read_text() == Path(whole.output).read_text()


def test_resume_refuses_a_changed_model_or_input(tmp_path, tiny_corpus, baseline, transformer, monkeypatch):
    source = write_rows(tmp_path / "in.jsonl", corpus_rows(tiny_corpus), Format.jsonl)
    out = tmp_path / "out.jsonl"
    with monkeypatch.context() as patched:
        crash_after(patched, 1)
        with pytest.raises(Crash):
            run(source, out, baseline)
    with pytest.raises(UnfinishedRunError, match="model"):
        run(source, out, transformer, resume=True)
    source.write_text(source.read_text() + json.dumps({"text": "one more"}) + "\n")
    with pytest.raises(UnfinishedRunError, match="input_bytes"):
        run(source, out, baseline, resume=True)


def test_a_killed_process_resumes_with_no_row_lost_or_repeated(tmp_path, tiny_corpus, trained_models):
    rows = corpus_rows(tiny_corpus) * 25  # 2,000 rows in 125 chunks of 16
    source = write_rows(tmp_path / "in.jsonl", rows, Format.jsonl)
    out = tmp_path / "out.jsonl"
    command = [
        sys.executable,
        "-m",
        "cli.app",
        "score",
        str(source),
        str(out),
        "--model",
        "baseline",
    ]
    command += ["--chunk-rows", "16", "--no-progress"]
    state = Path(f"{out}.partial") / STATE_FILE
    process = subprocess.Popen(command, cwd=Path(__file__).parent.parent, env=os.environ.copy())
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if state.exists() and json.loads(state.read_text())["chunks"] >= 3:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert not out.exists(), "the run finished before it could be killed"
    assert json.loads(state.read_text())["chunks"] < 125

    done = subprocess.run(
        [*command, "--resume"], cwd=Path(__file__).parent.parent, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    scored = read_output(out, Format.jsonl)
    assert [{k: v for k, v in row.items() if k not in OUTPUT_COLUMNS} for row in scored] == rows
    assert "read 2000 rows: scored 2000 rows, rejected 0" in done.stderr


def test_the_command_scores_a_file_and_names_bad_arguments(tmp_path, tiny_corpus, trained_models):
    from cli.app import app

    source = write_rows(tmp_path / "in.jsonl", corpus_rows(tiny_corpus)[:5], Format.jsonl)
    runner = CliRunner()
    done = runner.invoke(app, ["score", str(source), str(tmp_path / "out.parquet"), "--model", "baseline"])
    assert done.exit_code == 0, done.output
    assert [row["model"] for row in read_output(tmp_path / "out.parquet", Format.parquet)] == [
        trained_models["baseline"]
    ] * 5

    unknown = runner.invoke(app, ["score", str(source), str(tmp_path / "out.xlsx")])
    assert unknown.exit_code == 1 and "--output-format" in unknown.output
    missing = runner.invoke(
        app, ["score", str(source), str(tmp_path / "o.jsonl"), "--model", "stance-nothing"]
    )
    assert missing.exit_code == 1 and "stance-nothing" in missing.output


def test_articles_become_one_scored_row_per_quote(tmp_path, baseline):
    from extraction import extract_quotes

    articles = sorted(Path(__file__).parent.parent.glob("data/articles/*.txt"))[:2]
    rows = [{"id": a.stem, "outlet": "test", "text": a.read_text(encoding="utf-8")} for a in articles]
    rows.insert(1, {"id": "empty", "text": ""})
    source = write_rows(tmp_path / "articles.jsonl", rows, Format.jsonl)
    job = ScoreJob(source, tmp_path / "quotes.jsonl", Format.jsonl, Format.jsonl, articles=True)
    summary = score_file(job, baseline, progress=False)

    quotes = [(row, quote) for row in rows if row["text"] for quote in extract_quotes(row["text"])]
    scored = read_output(summary.output, Format.jsonl)
    assert len(scored) == len(quotes) > 0 and summary.rows_scored == len(quotes)
    assert (summary.rows_read, summary.rows_rejected) == (3, 1)
    assert max(len(row["text"]) for row in rows) > 5000  # the quote length limit is not the article's
    for out, (article, quote) in zip(scored, quotes, strict=True):
        assert (out["id"], out["outlet"], out["text"]) == (article["id"], "test", quote.text)
        assert article["text"][out["quote_start"] : out["quote_end"]] == quote.text
        assert (out["quote_speaker"], out["quote_cue"]) == (quote.speaker, quote.cue)
        assert set(out["scores"]) == set(LABELS) and out["model"] == baseline.tag
    assert json.loads(rejects_path(summary.output).read_text())["line"] == 2
