"""`stance report`: charts and counts of a scored file, as one self-contained HTML page."""

from pathlib import Path

import typer
from rich.console import Console

from scoring.formats import Format

console = Console(stderr=True, soft_wrap=True)


def report(
    input: Path = typer.Argument(..., help="A file `stance score` wrote (JSON Lines, CSV or Parquet)"),
    out: Path = typer.Option(Path("report.html"), "--out", help="The HTML file to write"),
    input_format: Format | None = typer.Option(None, help="Input format; default: from the extension"),
    top_speakers: int = typer.Option(15, min=1, help="Speakers shown in the per-speaker chart"),
    top_quotes: int = typer.Option(10, min=1, help="Highest-scored quotes listed per stance"),
    speaker_field: str | None = typer.Option(
        None, help="Field naming the speaker; default: `speaker`, else `quote_speaker` (--articles)"
    ),
    date_field: str = typer.Option("date", help="Field holding the date (ISO 8601, YYYY-MM... or a date)"),
    title: str | None = typer.Option(None, help="The report's title; default: from the file name"),
) -> None:
    """Share of each stance per month and per speaker, co-occurrence, top quotes: one HTML file.

    Streams the file: memory stays bounded whatever its number of rows.
    """
    from reporting.scored import write_report
    from scoring.formats import detect_format

    try:
        summary = write_report(
            input,
            detect_format(input, input_format),
            out,
            top_speakers=top_speakers,
            top_quotes=top_quotes,
            speaker_field=speaker_field,
            date_field=date_field,
            title=title,
        )
    except (ValueError, FileNotFoundError) as error:
        console.print(f"[red]error:[/red] {error}", markup=True, highlight=False)
        raise typer.Exit(1) from None
    left_out = summary.skipped + summary.unreadable
    console.print(
        f"read {summary.rows + left_out:,} rows ({left_out:,} without labels and scores, left out) "
        f"in {summary.seconds:.1f}s -> {summary.output}",
        markup=False,
        highlight=False,
    )
