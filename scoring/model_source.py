"""Finding the model a scoring run uses: in the BentoML store, or as an exported model folder."""

from dataclasses import dataclass
from pathlib import Path

from model.artifact import MANIFEST, load_predictor
from model.hardware import Runtime
from model.predictor import Predictor

BENTO_MODEL_INFO = "model.yaml"


@dataclass(frozen=True)
class ModelSource:
    """A model folder (weights + `stance.json`) and the tag its outputs carry."""

    folder: Path
    tag: str

    def load(self, runtime: Runtime | None = None) -> Predictor:
        """The predictor the folder holds, on `runtime` (default: `choose_runtime()`)."""
        return load_predictor(self.folder, tag=self.tag, runtime=runtime)


def folder_tag(folder: Path) -> str:
    """The tag in a store folder's `model.yaml` (kept when copied), else the folder's name."""
    info = Path(folder) / BENTO_MODEL_INFO
    if info.exists():
        import yaml

        described = yaml.safe_load(info.read_text())
        return f"{described['name']}:{described['version']}"
    return Path(folder).resolve().name


def find_model(reference: str) -> ModelSource:
    """`reference`: "transformer", "baseline", a model name or tag in the store, or a folder."""
    folder = Path(reference)
    if (folder / MANIFEST).is_file():
        return ModelSource(folder, folder_tag(folder))
    import bentoml

    from model.store import resolve_tag

    tag = resolve_tag(reference)
    return ModelSource(Path(bentoml.models.get(tag).path), tag)
