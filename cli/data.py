"""`stance data ...`: validate, describe and split the labeled corpus."""

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from cli.labeling import import_quotes, suggest
from cli.quality import audit
from model.labels import LABELS
from training.data import DEFAULT_DATA_DIR, load_splits, validate_corpus
from training.field import DEFAULT_FIELD_DIR, validate_field
from training.schema import SPLITS

app = typer.Typer(help="Validate, describe and split the labeled corpus.", no_args_is_help=True)
console = Console(soft_wrap=True)
DataDir = typer.Option(DEFAULT_DATA_DIR, "--data", help="Folder with train/validation/test .jsonl")


@app.command()
def validate(
    data: Path = DataDir,
    field: Path = typer.Option(DEFAULT_FIELD_DIR, "--field", help="Field set folder (checked when present)"),
) -> None:
    """Check every row of the corpus and the field set; list each bad one (file:line: why); exit 1 if any."""
    problems = [str(problem) for problem in validate_corpus(data)]
    checked = [str(data)]
    if field.exists():
        problems += validate_field(field)
        checked.append(str(field))
    for problem in problems:
        console.print(problem, markup=False, highlight=False)
    if problems:
        console.print(f"[red]{len(problems)} problem(s) in {' and '.join(checked)}[/red]")
        raise typer.Exit(1)
    console.print(f"[green]{' and '.join(checked)}: all rows valid[/green]")


@app.command()
def stats(data: Path = DataDir, markdown: bool = typer.Option(False, help="Print Markdown tables")) -> None:
    """Counts per label and split, co-occurrence, lengths, speakers: the data card's numbers."""
    from training.stats import corpus_stats, stats_markdown

    numbers = corpus_stats(load_splits(data))
    if markdown:
        print(stats_markdown(numbers))
        return
    table = Table(title=f"Corpus {data}")
    table.add_column("")
    for split in (*SPLITS, "all"):
        table.add_column(split, justify="right")
    for label in LABELS:
        values = [numbers.positives[s][label] for s in SPLITS]
        table.add_row(label, *map(str, values), str(sum(values)))
    for name, source in (
        ("no label", numbers.no_label),
        ("2-3 labels", numbers.multi_label),
        ("quotes", numbers.rows),
    ):
        table.add_row(name, *(str(source[s]) for s in SPLITS), str(sum(source.values())))
    console.print(table)
    console.print("combinations:", numbers.combinations)
    console.print("length in words:", numbers.length_percentiles, numbers.length_buckets)
    console.print(f"{numbers.distinct_speakers} distinct speakers; source types:", numbers.source_types)


@app.command()
def split(
    source: Path = typer.Argument(..., help="JSON Lines of labeled quotes without a split"),
    out: Path = typer.Option(..., "--out", help="Folder to write train/validation/test .jsonl to"),
    seed: int = 13,
) -> None:
    """Assign ~70/15/15 splits stratified by label combination and write the three files."""
    from training.split import assign_splits, write_splits

    rows = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    counts = write_splits(assign_splits(rows, seed=seed), out)
    console.print(counts)


app.command()(audit)
app.command()(suggest)
app.command(name="import")(import_quotes)
