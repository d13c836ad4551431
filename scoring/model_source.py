"""Finding the model a scoring run uses: in the BentoML store, or as an exported model folder."""

from dataclasses import dataclass
from pathlib import Path

from model.artifact import MANIFEST, load_predictor
from model.hardware import Runtime, choose_runtime
from model.predictor import Predictor, TransformerPredictor

BENTO_MODEL_INFO = "model.yaml"


@dataclass(frozen=True)
class ModelSource:
    """A model folder (weights + `stance.json`) and the tag its outputs carry."""

    folder: Path
    tag: str

    def load(self, runtime: Runtime | None = None, *, backend: str = "torch") -> Predictor:
        """The predictor the folder holds; `backend` "onnxruntime" runs a transformer in ONNX Runtime."""
        if backend == "onnxruntime":
            runtime = choose_runtime(device="cpu", precision="fp32")  # what ONNX Runtime runs
        predictor = load_predictor(self.folder, tag=self.tag, runtime=runtime)
        if backend == "onnxruntime" and isinstance(predictor, TransformerPredictor):
            from scoring.onnx import use_onnx_runtime

            return use_onnx_runtime(predictor)
        return predictor


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


def resolve_backend(backend: str) -> str:
    """`auto` is torch: on a quiet 2-core CPU, ONNX Runtime fp32 was no faster than torch fp32
    (263 vs 268 quotes/s) and slower than torch bf16 (451); on a GPU torch is the only choice.
    The numbers are in docs/benchmarks.md.
    """
    return "torch" if backend == "auto" else backend
