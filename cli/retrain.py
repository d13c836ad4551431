"""`stance retrain`: one command from a grown corpus to a promoted (or kept) model, with a run report."""

from pathlib import Path

import typer

from training.data import DEFAULT_DATA_DIR


def retrain(
    data: Path = typer.Option(DEFAULT_DATA_DIR, "--data", help="Corpus folder"),
    out: Path = typer.Option(Path("reports/retrain"), "--out", help="Folder for retrain.json and retrain.md"),
    epochs: int = typer.Option(12, help="Most epochs for the transformer (early stopping may end sooner)"),
    seed: int = typer.Option(13, help="Random seed"),
    force: bool = typer.Option(False, help="Promote the candidates even if worse than production"),
) -> None:
    """Validate, train both models, compare with production on the same test split, promote or keep."""
    from training.retrain import retrain as run
    from training.retrain import write_report
    from training.transformer import FineTuneConfig

    report = run(data, force=force, config=FineTuneConfig(epochs=epochs, seed=seed))
    paths = write_report(report, out)
    for problem in report.problems[:20]:
        print(problem)
    for m in report.models.values():
        print(f"{m.kind}: {m.candidate} -> {m.decision} ({m.reason})")
    print("wrote " + ", ".join(str(path) for path in paths))
    if not report.ok:
        print(f"stopped: {len(report.problems)} bad row(s) in {data}; nothing was trained")
        raise typer.Exit(1)
