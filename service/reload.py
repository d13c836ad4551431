"""Hot reload: the model worker watches the production pointer and swaps in a newly promoted model.

Chosen over SIGHUP because a promotion already writes the pointer file
(`stance models promote`, `stance retrain`, `stance train`), so nothing has to
find and signal the server's workers, and replicas sharing one store all see
it. A daemon thread polls the file's inode and mtime every
`STANCE_RELOAD_SECONDS` (default 5; 0 turns reloading off) and calls back
when they change; the callback decides what to load.
"""

import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger("stance.reload")
DEFAULT_INTERVAL = 5.0


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_ino, stat.st_mtime_ns


class PointerWatcher:
    """Calls `on_change()` on its own thread each time `path` is replaced or rewritten."""

    def __init__(self, path: Path, on_change: Callable[[], None], interval: float) -> None:
        self.path = path
        self.on_change = on_change
        self.interval = interval
        self._seen = _signature(path)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="stance-pointer-watch", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            current = _signature(self.path)
            if current == self._seen:
                continue
            self._seen = current
            try:
                self.on_change()
            except Exception:  # a bad promotion must not kill the watcher, nor the service
                log.exception("reloading after %s changed failed; still serving the old models", self.path)

    def stop(self) -> None:
        self._stop.set()


def watch(path: Path, on_change: Callable[[], None]) -> PointerWatcher | None:
    """A watcher with the interval `STANCE_RELOAD_SECONDS` asks for, or None when it is 0."""
    interval = float(os.environ.get("STANCE_RELOAD_SECONDS", DEFAULT_INTERVAL))
    return PointerWatcher(path, on_change, interval) if interval > 0 else None
