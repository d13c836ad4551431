"""Scoring on Apache Spark: the same records and rejects as on one machine, over executors.

Input lines (JSON Lines, CSV) or rows (Parquet) are numbered on the driver's
plan with `zipWithIndex`, parsed and checked by the same functions the local
engine uses, and scored with `mapInArrow`. The model folder travels with
`SparkContext.addFile` and is loaded once per Python worker (Spark reuses
workers across tasks), never once per batch. Output is a folder of part
files written by Spark's committer, which publishes it only when the job
succeeds.
"""

import csv
import functools
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from model.predictor import Predictor
from scoring.formats import Format, SourceRow, parse_csv_values, parse_json_line
from scoring.local import Summary, score_rows, split_rejects
from scoring.model_source import ModelSource
from scoring.parts import json_line

LINE = "_stance_line"
ITEM = "_stance_item"  # orders the quotes of one article, which share its line
SCORED_SCHEMA = f"{LINE} long, {ITEM} long, output string, reject string"


@functools.cache
def _worker_predictor(folder_name: str, tag: str, precision: str, backend: str) -> Predictor:
    """The model, loaded on first use in this Python worker and kept for every later task."""
    import torch
    from pyspark import SparkFiles, TaskContext

    from model.hardware import choose_runtime

    context = TaskContext.get()
    torch.set_num_threads(context.cpus() if context else 1)  # one task per spark.task.cpus cores
    source = ModelSource(Path(SparkFiles.get(folder_name)), tag)
    return source.load(choose_runtime(precision=precision, backend=backend))


def _source_rows(records: list[dict[str, Any]], fmt: Format, header: list[str]) -> list[SourceRow]:
    """The local engine's rows, from numbered lines (JSON Lines, CSV) or rows (Parquet)."""
    rows: list[SourceRow | None] = []
    for record in records:
        line = record.pop(LINE)
        if fmt is Format.jsonl:
            rows.append(parse_json_line(line, record["value"].encode()))
        elif fmt is Format.csv:
            rows.append(
                parse_csv_values(line, header, next(csv.reader([record["value"]]), []))
                if record["value"]
                else None
            )
        else:
            rows.append(SourceRow(line, record))
    return [row for row in rows if row is not None]


def _scorer(model: ModelSource, precision: str, backend: str, fmt: Format, header: list[str], articles: bool):
    """The `mapInArrow` function: input rows in, (line, output, reject) batches out."""
    folder_name = model.folder.name

    def score_batches(batches: Iterator) -> Iterator:
        import pyarrow as pa

        predictor = _worker_predictor(folder_name, model.tag, precision, backend)
        for batch in batches:
            rows = _source_rows(batch.to_pylist(), fmt, header)
            accepted, rejects = split_rejects(rows, articles)
            records = score_rows(accepted, predictor)
            lines = [row.line for row in accepted] + [reject["line"] for reject in rejects]
            items = [*range(len(accepted)), *range(len(rejects))]
            outputs = [json_line(r).rstrip("\n") for r in records] + [None] * len(rejects)
            reasons = [None] * len(records) + [json_line(r).rstrip("\n") for r in rejects]
            yield pa.RecordBatch.from_pydict({LINE: lines, ITEM: items, "output": outputs, "reject": reasons})

    return score_batches


def _numbered(spark, input: str, fmt: Format):
    """The input as a DataFrame with a 1-based line (or row) number column, and the CSV header."""
    from pyspark.sql.types import LongType, StructField, StructType

    frame = spark.read.parquet(input) if fmt is Format.parquet else spark.read.text(input)
    header: list[str] = []
    first_line = 1
    if fmt is Format.csv:
        header = next(csv.reader([frame.first()["value"]]), [])
        first_line = 2
    schema = StructType([StructField(LINE, LongType()), *frame.schema.fields])
    numbered = (
        frame.rdd.zipWithIndex()
        .map(lambda pair: (pair[1] + 1, *pair[0]))
        .filter(lambda r: r[0] >= first_line)
    )
    return spark.createDataFrame(numbered, schema), header


def _count_rows(numbered, fmt: Format) -> int:
    """Input rows, leaving out the blank lines the local reader skips too."""
    from pyspark.sql import functions as F

    if fmt is Format.parquet:
        return numbered.count()
    if fmt is Format.csv:
        return numbered.where(F.col("value") != "").count()
    return numbered.where(F.col("value").rlike(r"\S")).count()


def _write(scored, output: str, fmt: Format) -> None:
    """Write the scored records, in input order, as a folder of `fmt` part files."""
    from pyspark.sql import functions as F

    records = scored.where(F.col("output").isNotNull()).orderBy(LINE, ITEM).select("output")
    if fmt is Format.jsonl:
        records.write.mode("overwrite").text(output)
        return
    schema = scored.sparkSession.read.json(records.rdd.map(lambda row: row.output)).schema
    first = records.first()
    order = list(dict.fromkeys([*json.loads(first.output), *schema.fieldNames()])) if first else []
    parsed = records.select(F.from_json("output", schema).alias("r")).select(
        *(F.col(f"r.`{c}`") for c in order)
    )
    if fmt is Format.parquet:
        parsed.write.mode("overwrite").parquet(output)
        return
    nested = {f.name for f in schema.fields if f.dataType.typeName() in {"struct", "array", "map"}}
    flat = parsed.select(*(F.to_json(c).alias(c) if c in nested else F.col(f"`{c}`") for c in order))
    rfc4180 = {"header": True, "escape": '"'}  # quotes doubled inside fields, as Python's csv writes
    flat.write.mode("overwrite").options(**rfc4180).csv(output)


def score_with_spark(
    input: str,
    output: str,
    model: ModelSource,
    input_format: Format,
    output_format: Format,
    *,
    articles: bool = False,
    precision: str = "auto",
    backend: str = "auto",
    spark=None,
) -> Summary:
    """Score `input` (a path or URI) into the folder `output`, rejects into `<output>.rejects.jsonl/`.

    There is no chunking or --resume here: Spark retries failed tasks itself,
    and its committer publishes the output only when the whole job succeeds.
    """
    from pyspark import StorageLevel
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    started = time.perf_counter()
    # Python workers must run this interpreter (it has torch and the project), unless told otherwise.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = spark or SparkSession.builder.appName("stance-score").getOrCreate()
    spark.sparkContext.addFile(str(model.folder), recursive=True)
    numbered, header = _numbered(spark, input, input_format)
    scorer = _scorer(model, precision, backend, input_format, header, articles)
    scored = numbered.mapInArrow(scorer, SCORED_SCHEMA)
    scored = scored.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        _write(scored, output, output_format)
        rejects = f"{output}.rejects.jsonl"
        scored.where(F.col("reject").isNotNull()).orderBy(LINE, ITEM).select("reject").write.mode(
            "overwrite"
        ).text(rejects)
        counts = scored.agg(F.count("output").alias("scored"), F.count("reject").alias("rejected")).first()
    finally:
        scored.unpersist()
    read = _count_rows(numbered, input_format)
    seconds = time.perf_counter() - started
    return Summary(read, counts.scored, counts.rejected, seconds, output, rejects)
