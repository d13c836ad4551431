"""SIGTERM or SIGINT to the real `stance serve` stops the whole server within 30 s and frees its port.

Process managers (systemd, Docker, Kubernetes) send SIGTERM and kill 30 s
later; a terminal sends SIGINT. Either must leave no worker running and the
port free for the next start.
"""

import contextlib
import signal
import socket
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from bench.background import free_port, wait_until_ready

pytestmark = pytest.mark.slow
STOPS_WITHIN_S = 30
READY_WITHIN_S = 420  # a first start on a busy 2-core machine


def _still_running(process: psutil.Process) -> bool:
    """Alive and not a zombie (a worker whose parent died may wait unreaped)."""
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_stops_the_whole_server_and_frees_the_port(trained_models, tmp_path, signal_number):
    port = free_port()
    log = (tmp_path / "serve.log").open("w+")
    stance = Path(sys.executable).with_name("stance")
    command = [str(stance), "serve", "--port", str(port)]
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    processes = [psutil.Process(server.pid)]
    try:
        wait_until_ready(f"http://127.0.0.1:{port}", server, log, READY_WITHIN_S)
        processes += psutil.Process(server.pid).children(recursive=True)
        assert len(processes) >= 3, "expected the server and its two workers"
        server.send_signal(signal_number)
        _, alive = psutil.wait_procs(processes, timeout=STOPS_WITHIN_S)
        running = [(p.pid, p.cmdline()) for p in alive if _still_running(p)]
        assert running == [], f"still running {STOPS_WITHIN_S} s after {signal_number.name}"
        server.wait(timeout=5)
        assert _port_is_free(port), f"port {port} is still bound"
    finally:
        for process in processes:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()
        log.close()


def test_free_ports_are_bindable_and_outside_the_range_for_outgoing_connections():
    for port in {free_port() for _ in range(20)}:
        assert port < 32_768  # Linux hands out 32768-60999 to outgoing connections, others 49152+
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", port))
