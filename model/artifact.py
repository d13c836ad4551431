"""A trained model on disk: a folder with the weights and `stance.json` (kind, label order, thresholds).

The same folder layout lives inside the BentoML model store, in an exported
model, and on Spark executors, so any of them loads with `load_predictor`.
"""

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from model.hardware import Runtime
from model.labels import LABELS
from model.predictor import BaselinePredictor, Predictor, TransformerPredictor

MANIFEST = "stance.json"
BASELINE_FILE = "pipeline.skops"


@dataclass
class Manifest:
    """What a model folder needs to be loaded and used the way it was evaluated."""

    kind: str
    thresholds: list[float]
    labels: list[str] = field(default_factory=lambda: list(LABELS))
    max_length: int = 128


def write_manifest(model_dir: Path, manifest: Manifest) -> None:
    """Write `stance.json` into a model folder."""
    (Path(model_dir) / MANIFEST).write_text(json.dumps(asdict(manifest), indent=2) + "\n")


def read_manifest(model_dir: Path) -> Manifest:
    """Read `stance.json`, refusing a model trained with another label order."""
    path = Path(model_dir) / MANIFEST
    if not path.exists():
        raise FileNotFoundError(f"{path} not found: not a stance model folder")
    manifest = Manifest(**json.loads(path.read_text()))
    if tuple(manifest.labels) != LABELS:
        raise ValueError(f"{path}: label order {manifest.labels} differs from this code's {list(LABELS)}")
    return manifest


def load_predictor(model_dir: Path, *, tag: str = "local", runtime: Runtime | None = None) -> Predictor:
    """Load the predictor a model folder holds, with its stored thresholds."""
    manifest = read_manifest(model_dir)
    if manifest.kind == "transformer":
        return TransformerPredictor(
            Path(model_dir),
            manifest.thresholds,
            tag=tag,
            runtime=runtime,
            max_length=manifest.max_length,
        )
    if manifest.kind == "baseline":
        import skops.io

        path = Path(model_dir) / BASELINE_FILE
        trusted = skops.io.get_untrusted_types(file=path)
        unexpected = [name for name in trusted if not name.startswith(("sklearn.", "numpy.", "scipy."))]
        if unexpected:
            raise ValueError(f"{path} holds types outside scikit-learn/numpy/scipy: {unexpected}")
        pipeline = skops.io.load(path, trusted=trusted)
        return BaselinePredictor(pipeline, manifest.thresholds, tag=tag)
    raise ValueError(f"{model_dir}: unknown model kind {manifest.kind!r}")
