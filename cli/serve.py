"""`stance serve`: train the models if the store has none, then start the BentoML service."""

import os
import subprocess
import sys
import time
from pathlib import Path

import typer
from rich.console import Console

from model import store

console = Console(soft_wrap=True)
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _missing_kinds() -> list[str]:
    missing = []
    for kind in store.MODEL_NAMES:
        try:
            store.resolve_tag(kind)
        except store.NoModelError:
            missing.append(kind)
    return missing


def serve(
    port: int = typer.Option(3000, help="HTTP port"),
    host: str = typer.Option("127.0.0.1", help="Interface to bind; 0.0.0.0 to serve the network"),
) -> None:
    """Serve the production models over HTTP, training them first if none exist."""
    missing = _missing_kinds()
    if missing:
        from training.train import train_and_save

        console.print(
            f"no trained {' and '.join(missing)} model in {store.bentoml_home()}: training now "
            "(baseline 2-4 minutes, transformer 10-15 minutes on a 2-core CPU)"
        )
        for kind in missing:
            started = time.perf_counter()
            outcome = train_and_save(kind)
            console.print(
                f"{outcome.tag}: test macro-F1 {outcome.metrics['macro_f1']:.4f} "
                f"({time.perf_counter() - started:.0f}s)"
            )
    console.print(
        f"serving on http://{host}:{port}  (POST /classify, GET /model, GET /readyz, GET /metrics; "
        f"API docs at http://{host}:{port}/)"
    )
    command = [sys.executable, "-m", "bentoml", "serve", ".", "--host", host, "--port", str(port)]
    raise typer.Exit(subprocess.call(command, cwd=PROJECT_ROOT, env=os.environ.copy()))
