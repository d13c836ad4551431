"""Run `bentoml serve .` in the background, for benchmarks and tests, and stop it with all its workers.

`bentoml serve` starts each service worker in a session of its own, and a
worker still shutting down when its parent is killed lives on (holding memory
and sockets). Stopping therefore asks the server to stop, waits, and then
kills every process it had started that is still there.
"""

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
    command = [sys.executable, "-m", "bentoml", "serve", ".", "--port", str(port), "--host", "127.0.0.1"]
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
            _wait_until_ready(url, process, log, ready_within)
            yield url
        finally:
            _stop(process)


def _wait_until_ready(url: str, process: subprocess.Popen, log, seconds: float) -> None:
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


def _stop(process: subprocess.Popen, grace: float = 10.0) -> None:
    """SIGTERM to the server; after `grace` seconds, SIGKILL to it and to every worker still running.

    BentoML 1.4.40's API worker can ignore SIGTERM once the model worker has gone,
    and the server then waits on it; the benchmarks and tests do not wait with it.
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
