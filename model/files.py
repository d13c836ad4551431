"""Files that appear whole or not at all, and file digests: the project's one place for both.

Readers run beside writers here (the service beside `stance train` promoting a
model, Spark executors beside each other, a scoring run killed and resumed), so
everything that can be read while it is written goes to a temporary name in
the same folder and is renamed into place, which POSIX makes atomic.
"""

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside `target` that replaces `target` when the block ends without error.

    For writers that want a path rather than a handle (exporters, `pyarrow`); on
    an error the temporary file is removed and `target` is left as it was.
    """
    target = Path(target)
    descriptor, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    os.close(descriptor)
    try:
        yield Path(partial)
        os.replace(partial, target)
    finally:
        Path(partial).unlink(missing_ok=True)


@contextlib.contextmanager
def atomic_file(target: Path, mode: str = "w") -> Iterator[IO]:
    """An open file that appears at `target` only once written and synced in full."""
    text = {} if "b" in mode else {"encoding": "utf-8", "newline": ""}
    with atomic_path(target) as partial, open(partial, mode, **text) as handle:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())


def atomic_write_text(target: Path, text: str) -> None:
    """Write `text` (UTF-8) to `target` atomically."""
    with atomic_file(target, "w") as handle:
        handle.write(text)


def atomic_write_bytes(target: Path, data: bytes) -> None:
    """Write `data` to `target` atomically."""
    with atomic_file(target, "wb") as handle:
        handle.write(data)


def sha256_file(path: Path) -> str:
    """The hex sha256 of a file's bytes, read in chunks (model weights are hundreds of MB)."""
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()
