"""`stance monitor drift`: do live quotes still look like the training data?"""

from pathlib import Path

import typer

from training.data import DEFAULT_DATA_DIR

app = typer.Typer(help="Watch the served model.", no_args_is_help=True)
ALARM_EXIT_CODE = 3


@app.command()
def drift(
    source: Path = typer.Argument(..., help="Prediction log folder, or a file `stance score` wrote"),
    reference: str = typer.Option("test", help="test, train or validation split, or a scored FILE"),
    out: Path = typer.Option(Path("reports/drift"), "--out", help="Folder for drift.md, drift.json, plots"),
    model: str = typer.Option(None, help="Model to score the reference split with (default: the input's)"),
    data: Path = typer.Option(DEFAULT_DATA_DIR, "--data", help="Corpus folder (reference and vocabulary)"),
) -> None:
    """Compare label rates, score distributions, lengths and unseen words; exit 3 on an alarm."""
    from monitoring.compare import run_drift

    try:
        result = run_drift(source, reference, out, data, model)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None
    for check in result.checks:
        flag = "ALARM" if check.alarm else "ok"
        print(f"{flag:<5} {check.name:<36} effect {check.effect:.3f} (threshold {check.threshold})")
    print("wrote " + ", ".join(str(path) for path in result.paths))
    if result.alarm:
        raise typer.Exit(ALARM_EXIT_CODE)
