"""The BentoML model store: saving models, the production pointer, and loading by name.

BentoML tags are immutable, so which version is in production is kept in a
small pointer file next to the store (`<BENTOML_HOME>/stance-production.json`),
replaced atomically. A model that never got promoted is a candidate.
"""

import fcntl
import json
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bentoml
from bentoml.exceptions import NotFound

from model import history
from model.artifact import load_predictor
from model.files import atomic_write_text
from model.hardware import Runtime
from model.predictor import Predictor

log = logging.getLogger(__name__)

MODEL_NAMES: dict[str, str] = {"transformer": "stance-transformer", "baseline": "stance-baseline"}


class NoModelError(LookupError):
    """No trained model of the asked kind is in the store."""


def bentoml_home() -> Path:
    """The BentoML home folder in use: `BENTOML_HOME`, else BentoML's documented default `~/bentoml`."""
    return Path(os.environ.get("BENTOML_HOME") or Path.home() / "bentoml").expanduser()


def _pointer_file() -> Path:
    return bentoml_home() / "stance-production.json"


def pointer_file() -> Path:
    """The production pointer file: a running service watches it to pick up promotions."""
    return _pointer_file()


def _read_pointers() -> dict[str, str]:
    path = _pointer_file()
    return json.loads(path.read_text()) if path.exists() else {}


def production_tag(name: str) -> str | None:
    """The tag of the production model called `name`, or None before any promotion."""
    return _read_pointers().get(name)


def promote(tag: str, reason: str = "", action: str = "promote") -> None:
    """Make `tag` the production model of its name (atomic: readers see old or new, never half).

    The move is recorded in the promotion history (`model/history.py`); a lock
    file keeps two promotions at once from losing one of them.
    """
    stored = bentoml.models.get(tag)
    name, tag = stored.tag.name, str(stored.tag)
    path = _pointer_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        pointers = _read_pointers()
        previous = pointers.get(name)
        atomic_write_text(path, json.dumps({**pointers, name: tag}, indent=2))
        history.record(history.history_file(path), action, name, tag, previous, reason)


def promotion_history() -> list[history.Move]:
    """Every recorded move of the production pointers, oldest first."""
    return history.read(history.history_file(_pointer_file()))


def rollback(kind: str, reason: str = "") -> str:
    """Put the model that served before the current production one of `kind` back; return its tag."""
    name = MODEL_NAMES.get(kind, kind)
    stack = history.served_stack(promotion_history(), name, production_tag(name))
    if len(stack) < 2:
        raise NoModelError(f"no earlier production '{name}' model is recorded to roll back to")
    promote(stack[-2], reason or f"rollback from {stack[-1]}", action="rollback")
    return stack[-2]


def save_model(name: str, source_dir: Path, metadata: dict[str, Any]) -> str:
    """Copy a model folder into the store as a new version of `name`; return its tag.

    `bentoml.models.create` only commits the version when the block exits
    without error, so a failure here leaves no half-written model.
    """
    with bentoml.models.create(name, metadata=metadata, labels={"project": "stance"}) as stored:
        shutil.copytree(source_dir, stored.path, dirs_exist_ok=True)
    return str(stored.tag)


def resolve_tag(reference: str) -> str:
    """A full tag for "transformer", "baseline", a model name, or a tag (returned as is).

    A bare kind or name means the production version; with no production
    version yet (or inside a built bento that ships another one), the latest.
    """
    if ":" in reference:
        return reference
    name = MODEL_NAMES.get(reference, reference)
    override = os.environ.get(f"STANCE_{name.removeprefix('stance-').upper()}_TAG")
    candidates = [override, production_tag(name), f"{name}:latest"]
    for candidate in filter(None, candidates):
        try:
            return str(bentoml.models.get(candidate).tag)
        except NotFound:
            log.warning("model %s is not in this store; trying the next choice", candidate)
    raise NoModelError(
        f"no trained '{name}' model in the BentoML store at {bentoml_home()}; run `stance train` first"
    )


def load(reference: str, runtime: Runtime | None = None) -> Predictor:
    """Load a stored model (by kind, name or tag) as a predictor."""
    stored = bentoml.models.get(resolve_tag(reference))
    return load_predictor(Path(stored.path), tag=str(stored.tag), runtime=runtime)


@dataclass(frozen=True)
class StoredModel:
    """A row of `stance models`."""

    tag: str
    created: str
    production: bool
    metadata: dict[str, Any]


def list_models() -> list[StoredModel]:
    """Every stance model in the store, newest first, with its metadata."""
    pointers = set(_read_pointers().values())
    rows = []
    for name in MODEL_NAMES.values():
        try:
            versions = bentoml.models.list(name)
        except NotFound:
            continue
        for stored in versions:
            rows.append(
                StoredModel(
                    tag=str(stored.tag),
                    created=stored.info.creation_time.isoformat(timespec="seconds"),
                    production=str(stored.tag) in pointers,
                    metadata=dict(stored.info.metadata),
                )
            )
    return sorted(rows, key=lambda row: row.created, reverse=True)


def prepare(reference: str) -> Path:
    """Add the ONNX graph to a stored transformer trained before graphs were stored with models.

    Done once per model, here rather than at every start-up; a model that has its graph
    is left as it is. Returns the graph's path.
    """
    from transformers import AutoTokenizer

    from model.artifact import read_manifest
    from model.onnx import GRAPH_FILE, export_graph

    folder = Path(bentoml.models.get(resolve_tag(reference)).path)
    if read_manifest(folder).kind != "transformer":
        raise ValueError(f"{reference}: only transformer models run an ONNX graph")
    graph = folder / GRAPH_FILE
    return graph if graph.exists() else export_graph(folder, AutoTokenizer.from_pretrained(folder))
