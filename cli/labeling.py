"""`stance data suggest` and `stance data import`: from scored quotes to labels to the corpus."""

from enum import StrEnum
from pathlib import Path

import typer

from training.data import DEFAULT_DATA_DIR


class TaskFormat(StrEnum):
    csv = "csv"
    label_studio = "label-studio"


def suggest(
    source: Path = typer.Argument(..., help="A file `stance score` wrote, or a prediction log folder"),
    n: int = typer.Option(50, "--n", min=1, help="How many quotes to pick"),
    out: Path = typer.Option(..., "--out", help="CSV (or Label Studio JSON) to write"),
    task_format: TaskFormat = typer.Option(TaskFormat.csv, "--format", help="csv or label-studio"),
    data: Path = typer.Option(DEFAULT_DATA_DIR, "--data", help="Corpus whose quotes are never suggested"),
) -> None:
    """Pick the N quotes most worth labeling: near thresholds, models disagreeing, spread out, new."""
    from training.active_learning import suggest as pick_quotes
    from training.active_learning import write_csv, write_label_studio

    try:
        picked, tag = pick_quotes(source, n, data)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None
    if task_format is TaskFormat.label_studio:
        write_label_studio(picked, out, tag)
    else:
        write_csv(picked, out)
    print(f"wrote {len(picked)} quotes to label to {out} (scored by {tag})")


def import_quotes(
    source: Path = typer.Argument(..., exists=True, help="CSV, JSON Lines or Label Studio JSON"),
    data: Path = typer.Option(DEFAULT_DATA_DIR, "--data", help="Corpus folder to append to"),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would be added; write nothing"),
) -> None:
    """Append labeled quotes to the corpus: validated, de-duplicated, split by a hash of their text."""
    from training.importer import apply_import, label_order, plan_import

    result = plan_import(source, data)
    for line, reason in result.rejected:
        print(f"{source}:{line}: rejected: {reason}")
    for line, reason in result.already_there:
        print(f"{source}:{line}: skipped, already in the corpus: {reason}")
    if not dry_run:
        apply_import(result, data)
    verb = "would add" if dry_run else "added"
    print(
        f"{verb} {len(result.added)} quote(s) to {data}; {len(result.already_there)} already there, "
        f"{len(result.rejected)} rejected"
    )
    for split, counts in result.counts().items():
        if counts["quotes"]:
            per_label = ", ".join(f"{label} {counts[label]}" for label in label_order() if counts[label])
            print(f"  {split}: {counts['quotes']} ({per_label})")
    if result.rejected:
        raise typer.Exit(1)
