"""A disk cache of built ONNX graphs: a model is exported (and quantized) once per
machine, not at every start of the service or of `stance score` (a MiniLM-L6
load: 7.4 s with the export, 0.5 s from the cache).

A graph is keyed by what it is built from: every file of the model's folder
(config, weights in whatever format, tokenizer), the code that builds it (this
package's export and rewrite modules) and the torch and onnx versions. Any of
them changing means a new key, never a stale graph.
The cache lives in `$STANCE_CACHE_DIR`, else `$XDG_CACHE_HOME/stance`, else
`~/.cache/stance`, which keeps the 8 most recently used graphs; deleting it only
costs the next load its export.
"""

import contextlib
import hashlib
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import onnx
import torch

log = logging.getLogger(__name__)
Network = TypeVar("Network")

# The modules whose code decides what the graph holds.
BUILDING_CODE = ("onnx.py", "first_token.py", "static_int8.py")
# Graphs kept (the most recently used): every model, variant and code version makes its own
# (60-90 MB for MiniLM-L6), so without a bound upgrades and retraining would pile them up.
KEPT_GRAPHS = 8


def cache_dir() -> Path:
    """Where built graphs are kept."""
    if explicit := os.environ.get("STANCE_CACHE_DIR"):
        return Path(explicit) / "onnx"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "stance" / "onnx"


def graph_key(model_dir: Path, variant: str) -> str:
    """A digest of everything the graph of `model_dir` in `variant` (e.g. "int8") is built from."""
    digest = hashlib.sha256(f"{variant}|torch {torch.__version__}|onnx {onnx.__version__}".encode())
    package = Path(__file__).parent
    model_files = sorted(path for path in Path(model_dir).iterdir() if path.is_file())
    for path in [*model_files, *(package / name for name in BUILDING_CODE)]:
        with path.open("rb") as file:
            digest.update(path.name.encode() + hashlib.file_digest(file, "sha256").digest())
    return digest.hexdigest()[:40]


def cached_graph(key: str, build: Callable[[Path], None]) -> Path | None:
    """The cached graph for `key`, built with `build(path)` on a miss; None if the cache can't be written.

    A graph is written under a temporary name and renamed into place, so processes loading
    the same model at once (Spark executors, the service beside a scoring run) never read
    half a file; the last rename wins, and every candidate is the same graph.
    """
    target = cache_dir() / f"{key}.onnx"
    if target.is_file():
        with contextlib.suppress(OSError):  # a read-only cache still serves its graphs
            target.touch()  # recently used: kept by the next pruning
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{key}-", suffix=".partial")
        os.close(handle)
    except OSError as error:
        log.warning("graph cache %s not writable (%s): building for this load only", target.parent, error)
        return None
    try:
        build(Path(partial))
        os.replace(partial, target)
    finally:
        Path(partial).unlink(missing_ok=True)
    _prune(target.parent)
    return target


def _prune(folder: Path) -> None:
    """Delete all but the `KEPT_GRAPHS` most recently used graphs (another process may be pruning too)."""
    last_used = {}
    for graph in folder.glob("*.onnx"):
        with contextlib.suppress(FileNotFoundError):
            last_used[graph] = graph.stat().st_mtime
    for stale in sorted(last_used, key=last_used.__getitem__, reverse=True)[KEPT_GRAPHS:]:
        stale.unlink(missing_ok=True)


def forget(path: Path) -> None:
    """Drop a cached graph that failed to load, so the next load rebuilds it."""
    path.unlink(missing_ok=True)


def load_cached(
    model_dir: Path, variant: str, build: Callable[[Path], None], open_graph: Callable[[Path], Network]
) -> Network:
    """`open_graph` on the cached graph of `model_dir` in `variant`, built by `build(path)` on a miss.

    A cached graph that will not open is dropped and built again; with an unwritable
    cache the graph is built in a temporary folder for this load only.
    """
    cached = cached_graph(graph_key(model_dir, variant), build)
    if cached is not None:
        try:
            return open_graph(cached)
        except Exception as error:  # runtimes raise their own exception types for a damaged file
            log.warning("cached graph %s would not load (%s): rebuilding it", cached, error)
            forget(cached)
    with tempfile.TemporaryDirectory(prefix="stance-graph-") as folder:
        graph = Path(folder) / "model.onnx"
        build(graph)
        return open_graph(graph)  # the runtime holds the model; the file can go
