"""Run `bentoml serve .` in the background, for benchmarks and tests, and stop it with all its workers.

It lives in bench/, not service/, so the bento packs no test or benchmark code.
The server runs with the command line `stance serve` execs into. `bentoml serve`
starts each service worker in a session of its own, and a worker still shutting
down when its parent is killed lives on (holding memory and sockets). Stopping
therefore asks the server to stop, waits, and then kills every process it had
started that is still there.
"""

import contextlib
import os
import random
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import httpx
import psutil

from cli.serve import bentoml_serve_command

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SERVICE_PORTS = range(20_000, 32_000)  # under every system's range for outgoing connections
PORT_TRIES = 200


def free_port() -> int:
    """A TCP port nothing listens on right now, below the ports the kernel hands out for outgoing
    connections (32768-60999 on Linux, 49152-65535 elsewhere): one of those may be taken by any
    process's connection between this check and the server's bind, which once cost a CI run its
    browser tests ('Could not bind 127.0.0.1:41571')."""
    for port in random.sample(SERVICE_PORTS, PORT_TRIES):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port among {PORT_TRIES} tried in {SERVICE_PORTS}")


@contextlib.contextmanager
def background_service(
    port: int | None = None,
    env: dict[str, str] | None = None,
    ready_within: float = 180.0,
    log_path: Path | None = None,
) -> Iterator[str]:
    """Serve the project on `port` (a free one if None) until the block ends; yields the base URL.

    The server's log goes to `log_path`, or to a temporary file (a pipe nobody
    reads would fill and block it), and is shown if the server exits before it
    is ready.
    """
    port = port or free_port()
    command = bentoml_serve_command("127.0.0.1", port)
    log_file = open(log_path, "w+") if log_path else tempfile.TemporaryFile("w+")  # noqa: SIM115
    with log_file as log:
        process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env={**os.environ, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_ready(url, process, log, ready_within)
            yield url
        finally:
            _stop(process)


def wait_until_ready(url: str, process: subprocess.Popen, log: IO[str], seconds: float) -> None:
    """Polls `url`/readyz as an orchestrator's probe would (1 s timeout) until it answers 200;
    raises with the end of the server's `log` if the server exits first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"the service exited before it was ready:\n{log.read()[-5000:]}")
        try:
            if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"the service was not ready after {seconds:.0f} s")


def _stop(process: subprocess.Popen, grace: float = 30.0) -> None:
    """SIGTERM to the server; after `grace` seconds, SIGKILL to it and to every worker still running.

    The server bounds its own shutdown (`cli/serve.py`); the kill is the last resort
    that keeps a benchmark or a test from leaving a server behind if that bound fails.
    """
    try:
        workers = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        workers = []
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    _, alive = psutil.wait_procs(workers, timeout=1)
    for worker in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            worker.kill()
    psutil.wait_procs(alive, timeout=10)
