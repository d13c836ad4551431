"""The opt-in prediction log: every classified quote as a JSON line, for drift checks and labeling.

`STANCE_PREDICTION_LOG=DIR` turns it on. A request only puts one item on a
bounded queue (`put_nowait`); a background thread formats and writes it. When
the queue is full (the disk is slower than the traffic) or a write fails (disk
full, folder gone), the quotes are dropped and counted in
`stance_prediction_log_dropped_total`: the log never blocks or fails a request.

Files are `predictions-<start>-<pid>-<n>.jsonl`, a new one when the current one
passes the size limit; the oldest beyond the kept count are deleted.

`STANCE_PREDICTION_LOG_TEXT=hash` (the default) stores a SHA-256 of each text
plus its length in characters and words, so the log holds no quote text;
`text` stores the text and speaker too (needed by `stance data suggest` and the
unseen-words drift check).
"""

import contextlib
import datetime
import hashlib
import json
import logging
import os
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger("stance.prediction_log")
TEXT_MODES = ("hash", "text")
FILE_GLOB = "predictions-*.jsonl"


@dataclass(frozen=True)
class Batch:
    """The quotes of one request, as the request handler hands them over (no formatting yet)."""

    time: float
    model: str
    texts: Sequence[str]
    speakers: Sequence[str | None]
    predictions: Sequence[dict]
    latency_ms: float


class PredictionLog:
    """A bounded queue and one writer thread appending JSON Lines to size-rotated files."""

    def __init__(
        self,
        folder: Path,
        *,
        text_mode: str = "hash",
        max_bytes: int = 64 * 2**20,
        keep_files: int = 20,
        queue_size: int = 10_000,
        on_written: Callable[[int], None] = lambda n: None,
        on_dropped: Callable[[str, int], None] = lambda reason, n: None,
    ) -> None:
        if text_mode not in TEXT_MODES:
            raise ValueError(f"STANCE_PREDICTION_LOG_TEXT must be one of {TEXT_MODES}, not {text_mode!r}")
        self.folder = Path(folder)
        self.text_mode = text_mode
        self.max_bytes = max_bytes
        self.keep_files = keep_files
        self.on_written = on_written
        self.on_dropped = on_dropped
        self._queue: queue.Queue[Batch | None] = queue.Queue(maxsize=queue_size)
        self._prefix = f"predictions-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}"
        self._number = 0
        self._handle = None
        self._last_warning = 0.0
        self._thread = threading.Thread(target=self._run, name="stance-prediction-log", daemon=True)
        self._thread.start()

    def put(self, batch: Batch) -> None:
        """Queue one request's quotes; never blocks, never raises (a full queue counts a drop)."""
        try:
            self._queue.put_nowait(batch)
        except queue.Full:
            self.on_dropped("queue_full", len(batch.texts))

    def close(self, timeout: float = 5.0) -> None:
        """Write what is queued, then stop the thread."""
        try:
            self._queue.put(None, timeout=timeout)
        except queue.Full:
            return
        self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            batch = self._queue.get()
            if batch is None:
                break
            self._write(batch)
        if self._handle is not None:
            self._guard(self._handle.close, 0)

    def _write(self, batch: Batch) -> None:
        lines = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in self.records(batch))

        def append() -> None:  # flushed per request, so a disk error is charged to the quotes it lost
            handle = self._file()
            handle.write(lines)
            handle.flush()

        if self._guard(append, len(batch.texts)):
            self.on_written(len(batch.texts))

    def records(self, batch: Batch) -> list[dict[str, Any]]:
        """The JSON records of one batch, with the text or only its hash."""
        stamp = datetime.datetime.fromtimestamp(batch.time, datetime.UTC).isoformat(timespec="milliseconds")
        out = []
        for text, speaker, prediction in zip(batch.texts, batch.speakers, batch.predictions, strict=True):
            record: dict[str, Any] = {"time": stamp, "model": batch.model}
            if self.text_mode == "text":
                record.update(text=text, speaker=speaker)
            else:
                record["text_sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
            record.update(
                chars=len(text),
                words=len(text.split()),
                labels=prediction["labels"],
                scores=prediction["scores"],
                latency_ms=round(batch.latency_ms, 2),
            )
            out.append(record)
        return out

    def _file(self):
        if self._handle is not None and self._handle.tell() >= self.max_bytes:
            self._handle.close()
            self._handle = None
            self._number += 1
        if self._handle is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / f"{self._prefix}-{self._number:04d}.jsonl"
            self._handle = open(path, "a", encoding="utf-8")  # noqa: SIM115 (kept open across requests)
            self._prune()
        return self._handle

    def _prune(self) -> None:
        files = sorted(self.folder.glob(FILE_GLOB), key=lambda path: path.stat().st_mtime)
        for old in files[: max(0, len(files) - self.keep_files)]:
            old.unlink(missing_ok=True)

    def _guard(self, action: Callable[[], Any], quotes: int) -> bool:
        """Run a file operation; on a disk error count the quotes as dropped, start a new file next time."""
        try:
            action()
            return True
        except (OSError, ValueError) as error:
            if quotes:
                self.on_dropped("write_error", quotes)
            if self._handle is not None:
                with contextlib.suppress(OSError, ValueError):
                    self._handle.close()
                self._handle = None
                self._number += 1
            if time.monotonic() - self._last_warning > 60:
                self._last_warning = time.monotonic()
                log.warning("prediction log: cannot write to %s (%s); dropping quotes", self.folder, error)
            return False


def from_environment() -> PredictionLog | None:
    """The prediction log `STANCE_PREDICTION_LOG*` configure, or None when it is off."""
    folder = os.environ.get("STANCE_PREDICTION_LOG")
    if not folder:
        return None
    from service.monitoring import metrics

    found = metrics()
    return PredictionLog(
        Path(folder),
        text_mode=os.environ.get("STANCE_PREDICTION_LOG_TEXT", "hash"),
        max_bytes=int(float(os.environ.get("STANCE_PREDICTION_LOG_MAX_MB", "64")) * 2**20),
        keep_files=int(os.environ.get("STANCE_PREDICTION_LOG_KEEP", "20")),
        on_written=lambda n: found.log_written.inc(n),
        on_dropped=lambda reason, n: found.log_dropped.labels(reason=reason).inc(n),
    )
