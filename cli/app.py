"""Entry point of the `stance` command: one sub-command per capability."""

import logging
import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # weights come from local folders, never a hub
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import datasets
import typer

from cli import data, extract, models, monitor, quality, registry, report, retrain, score, serve

datasets.disable_progress_bars()
app = typer.Typer(help="Stance classification of quotes about the Russia-Ukraine war.", no_args_is_help=True)
app.add_typer(data.app, name="data")
app.command()(models.train)
app.add_typer(registry.app, name="models")
app.command()(models.evaluate)
app.command()(serve.serve)
app.command()(quality.check)
app.command()(quality.explain)
app.command()(score.score)
app.command()(extract.extract)
app.command()(report.report)
app.add_typer(monitor.app, name="monitor")
app.command()(retrain.retrain)


@app.callback()
def _configure(verbose: bool = typer.Option(False, "--verbose", "-v", help="Show debug logs")) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )


if __name__ == "__main__":
    app()
