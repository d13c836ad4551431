"""`--engine spark` on a local two-core Spark: row for row what the local engine writes."""

import json
import os
import sys
from pathlib import Path

import pytest
from pyspark.sql import SparkSession
from test_scoring import corpus_rows, read_output, write_rows

from scoring.checkpoint import rejects_path
from scoring.formats import Format
from scoring.local import ScoreJob, score_file
from scoring.model_source import find_model

pytestmark = [pytest.mark.spark, pytest.mark.slow]  # starts a local Spark


@pytest.fixture(scope="module")
def spark():
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # workers need this venv's torch
    session = (
        SparkSession.builder.master("local[2]")
        .appName("stance-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    yield session
    session.stop()


def bad_rows_file(tmp_path, tiny_corpus, fmt: Format):
    """The tiny corpus with a few rejects in it, in `fmt`."""
    rows = corpus_rows(tiny_corpus)
    rows[3]["text"] = ""
    rows[40]["text"] = "x" * 5001
    path = write_rows(tmp_path / f"in.{fmt.value}", rows, fmt)
    if fmt is Format.jsonl:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write('{"broken": \n\n["a list"]\n')
            handle.write(json.dumps({"id": "late", "text": "Talk."}) + "\n")
    return path


def assert_same_rows(spark_rows: list[dict], local_rows: list[dict]) -> None:
    assert len(spark_rows) == len(local_rows)
    for got, expected in zip(spark_rows, local_rows, strict=True):
        assert got.pop("scores") == pytest.approx(expected.pop("scores"), abs=1e-5)
        assert got == expected


@pytest.mark.parametrize(
    ("kind", "fmt"),
    [("transformer", Format.jsonl), ("transformer", Format.parquet), ("baseline", Format.csv)],
)
def test_spark_writes_what_the_local_engine_writes(spark, tmp_path, tiny_corpus, trained_models, kind, fmt):
    from model.hardware import choose_runtime
    from scoring.spark import score_with_spark

    source = bad_rows_file(tmp_path, tiny_corpus, fmt)
    model = find_model(kind)
    local_job = ScoreJob(source, tmp_path / f"local.{fmt.value}", fmt, fmt, chunk_rows=32)
    local = score_file(local_job, model.load(choose_runtime("cpu", "fp32")), progress=False)
    out = str(tmp_path / f"spark.{fmt.value}")
    distributed = score_with_spark(str(source), out, model, fmt, fmt, precision="fp32", spark=spark)

    assert_same_rows(read_output(distributed.output, fmt), read_output(local.output, fmt))
    assert read_output(rejects_path(distributed.output), Format.jsonl) == read_output(
        rejects_path(local.output), Format.jsonl
    )
    counts = (local.rows_read, local.rows_scored, local.rows_rejected)
    assert (distributed.rows_read, distributed.rows_scored, distributed.rows_rejected) == counts
    assert local.rows_rejected == (4 if fmt is Format.jsonl else 2)


def test_spark_splits_articles_into_quotes_like_the_local_engine(spark, tmp_path, trained_models):
    from scoring.spark import score_with_spark

    articles = sorted(Path(__file__).parent.parent.glob("data/articles/*.txt"))[:3]
    rows = [{"id": a.stem, "text": a.read_text(encoding="utf-8")} for a in articles]
    rows.insert(1, {"id": "empty", "text": " "})
    source = write_rows(tmp_path / "articles.jsonl", rows, Format.jsonl)
    model = find_model("baseline")
    job = ScoreJob(source, tmp_path / "local.jsonl", Format.jsonl, Format.jsonl, articles=True)
    local = score_file(job, model.load(), progress=False)
    out = str(tmp_path / "spark.jsonl")
    distributed = score_with_spark(
        str(source), out, model, Format.jsonl, Format.jsonl, articles=True, spark=spark
    )

    assert_same_rows(read_output(out, Format.jsonl), read_output(local.output, Format.jsonl))
    counts = (local.rows_read, local.rows_scored, local.rows_rejected)
    assert (distributed.rows_read, distributed.rows_scored, distributed.rows_rejected) == counts
    assert local.rows_scored > len(rows) and local.rows_rejected == 1
