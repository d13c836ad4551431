"""The BentoML model store: saving models, the production pointer, and loading by name.

BentoML tags are immutable, so which version is in production is kept in a
small pointer file next to the store (`<BENTOML_HOME>/stance-production.json`),
replaced atomically. A model that never got promoted is a candidate.
"""

import json
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bentoml
from bentoml.exceptions import NotFound

from model.artifact import load_predictor
from model.hardware import Runtime
from model.predictor import Predictor

log = logging.getLogger(__name__)

MODEL_NAMES: dict[str, str] = {"transformer": "stance-transformer", "baseline": "stance-baseline"}


class NoModelError(LookupError):
    """No trained model of the asked kind is in the store."""


def bentoml_home() -> Path:
    """The BentoML home folder in use (`BENTOML_HOME`, default `~/bentoml`)."""
    from bentoml._internal.configuration.containers import BentoMLContainer

    return Path(BentoMLContainer.bentoml_home.get())


def _pointer_file() -> Path:
    return bentoml_home() / "stance-production.json"


def _read_pointers() -> dict[str, str]:
    path = _pointer_file()
    return json.loads(path.read_text()) if path.exists() else {}


def production_tag(name: str) -> str | None:
    """The tag of the production model called `name`, or None before any promotion."""
    return _read_pointers().get(name)


def promote(tag: str) -> None:
    """Make `tag` the production model of its name (atomic: readers see old or new, never half)."""
    name = bentoml.models.get(tag).tag.name
    pointers = {**_read_pointers(), name: str(tag)}
    path = _pointer_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp") as handle:
        json.dump(pointers, handle, indent=2)
    os.replace(handle.name, path)


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
