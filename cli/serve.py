"""`stance serve`: train the models if the store has none, then become `bentoml serve .`.

The command replaces itself with BentoML's server (`os.execv`) rather than
running it as a child: a process manager's SIGTERM or a terminal's SIGINT then
reaches BentoML's own process manager, which stops its workers. When this
command waited on a child instead, the signal ended only this process and left
both BentoML workers running, orphaned and holding the port.

BentoML's API worker waits, once told to stop, for every request still in
flight, and readiness probes sent while the model worker starts never finish
(BentoML 1.4.40), so without a bound it never stopped; `--timeout-graceful-shutdown`
ends those requests after a few seconds, well inside the 30 s that Docker and
Kubernetes wait before they kill.
"""

import os
import sys
import time
from pathlib import Path

import typer
from rich.console import Console

from model import store

console = Console(soft_wrap=True)
PROJECT_ROOT = Path(__file__).resolve().parent.parent
GRACEFUL_SHUTDOWN_S = 10


def _missing_kinds() -> list[str]:
    missing = []
    for kind in store.MODEL_NAMES:
        try:
            store.resolve_tag(kind)
        except store.NoModelError:
            missing.append(kind)
    return missing


def bentoml_serve_command(host: str, port: int, graceful_shutdown_s: int = GRACEFUL_SHUTDOWN_S) -> list[str]:
    """The `bentoml serve` command line for the project's service."""
    return [
        sys.executable, "-m", "bentoml", "serve", ".",
        "--host", host,
        "--port", str(port),
        "--timeout-graceful-shutdown", str(graceful_shutdown_s),
    ]  # fmt: skip


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
    command = bentoml_serve_command(host, port)
    sys.stdout.flush()
    sys.stderr.flush()  # exec discards anything still buffered
    os.chdir(PROJECT_ROOT)
    os.execv(command[0], command)
