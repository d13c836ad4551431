"""`stance score`: score a JSON Lines, CSV or Parquet file of quotes, here or on Spark."""

import os
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console

from scoring.formats import Format
from scoring.local import DEFAULT_CHUNK_ROWS

console = Console(stderr=True, soft_wrap=True)


class Engine(StrEnum):
    local = "local"
    spark = "spark"


class Backend(StrEnum):
    auto = "auto"
    torch = "torch"
    onnxruntime = "onnxruntime"


class Precision(StrEnum):
    auto = "auto"
    fp32 = "fp32"
    bf16 = "bf16"


def score(
    input: str = typer.Argument(..., help="File of rows with a `text` field (Spark: a path or URI)"),
    output: str = typer.Argument(..., help="Output file (Spark: a folder of part files)"),
    model: str = typer.Option(
        "transformer", "--model", help="transformer, baseline, a model tag, or a model folder"
    ),
    input_format: Format | None = typer.Option(None, help="Input format; default: from the extension"),
    output_format: Format | None = typer.Option(None, help="Output format; default: from the extension"),
    precision: Precision = typer.Option(
        Precision.auto,
        help="auto: bf16 where the CPU has native bf16, else fp32 (GPU: fp32)",
    ),
    backend: Backend = typer.Option(
        Backend.auto,
        help="auto: torch for bf16, ONNX Runtime for fp32 on the CPU (docs/benchmarks.md); GPU: torch",
    ),
    device: str | None = typer.Option(None, help="cpu or cuda; default: cuda when present"),
    chunk_rows: int = typer.Option(DEFAULT_CHUNK_ROWS, min=1, help="Rows scored and committed at a time"),
    resume: bool = typer.Option(False, "--resume", help="Continue an interrupted run of the same command"),
    articles: bool = typer.Option(
        False, "--articles", help="Rows are articles: score each quote in them, one row per quote"
    ),
    engine: Engine = typer.Option(Engine.local, help="local: this machine; spark: the Spark cluster"),
    progress: bool | None = typer.Option(None, "--progress/--no-progress", help="Default: on a terminal"),
) -> None:
    """Add labels, scores and the model tag to every row; bad rows go to OUTPUT.rejects.jsonl."""
    import torch

    from model.hardware import choose_runtime
    from model.store import NoModelError
    from scoring.checkpoint import UnfinishedRunError
    from scoring.formats import detect_format
    from scoring.local import ScoreJob, score_file
    from scoring.model_source import find_model

    try:
        formats = detect_format(input, input_format), detect_format(output, output_format)
        source = find_model(model)
        if engine is Engine.spark:
            from scoring.spark import score_with_spark

            summary = score_with_spark(
                input,
                output,
                source,
                *formats,
                articles=articles,
                precision=precision.value,
                backend=backend.value,
            )
        else:
            torch.set_num_threads(len(os.sched_getaffinity(0)))  # every core this process may use
            predictor = source.load(choose_runtime(device, precision.value, backend.value))
            job = ScoreJob(Path(input), Path(output), *formats, chunk_rows, resume, articles)
            summary = score_file(job, predictor, progress=progress)
    except (ValueError, NoModelError, UnfinishedRunError, FileNotFoundError) as error:
        console.print(f"[red]error:[/red] {error}", markup=True, highlight=False)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        console.print(f"interrupted; committed chunks are kept: add --resume to finish {output}")
        raise typer.Exit(130) from None
    rows, scored = ("articles", "quotes") if articles else ("rows", "rows")
    rate = summary.rows_read / summary.seconds if summary.seconds else 0.0
    console.print(
        f"read {summary.rows_read} {rows}: scored {summary.rows_scored} {scored}, "
        f"rejected {summary.rows_rejected} (reasons in {summary.rejects}) "
        f"in {summary.seconds:.1f}s, {rate:.0f} {rows}/s -> {summary.output}",
        markup=False,
        highlight=False,
    )
