"""The transformer's network quantized to static int8, as an ONNX graph.

The exported graph (`model/onnx.py`, fp32) is quantized by NNCF, Intel's
quantization library: weights per output channel, and every activation with
a scale fixed in advance from the ranges it showed on the model's calibration
quotes (`model/calibration.py`). With no scale computed at run time, a quote's
scores cannot depend on the quotes batched with it. The result is plain ONNX
(QuantizeLinear/DequantizeLinear pairs), cached like the other graphs
(`model/graph_cache.py`) and run by OpenVINO (`model/openvino.py`).
"""

import tempfile
from importlib.metadata import version
from pathlib import Path

import numpy as np

from model.calibration import read_calibration
from model.onnx import build_graph, quietly

CALIBRATION_BATCH = 8


def graph_variant() -> str:
    """The cache variant: the graph also depends on the quantizer's version."""
    return f"static-int8|nncf {version('nncf')}"


def quantize_static(source: Path, target: Path, batches: list[dict[str, np.ndarray]]) -> None:
    """Write `source` (fp32 ONNX) to `target` in static int8, calibrated on `batches`.

    NNCF's transformer preset keeps the softmax and LayerNorm inputs in float and
    quantizes the products; the performance preset uses symmetric activation scales
    (the mixed preset's asymmetric ones ran no better on the test split, ad-hoc).
    """
    import nncf
    import onnx

    with quietly():
        quantized = nncf.quantize(
            onnx.load(str(source)),
            nncf.Dataset(batches),
            model_type=nncf.ModelType.TRANSFORMER,
            preset=nncf.QuantizationPreset.PERFORMANCE,
            subset_size=len(batches),
        )
    onnx.save(quantized, str(target))


def calibration_batches(texts: list[str], tokenizer, max_length: int) -> list[dict[str, np.ndarray]]:
    """The calibration quotes tokenized the way the predictor feeds them."""
    batches = []
    for start in range(0, len(texts), CALIBRATION_BATCH):
        encoded = tokenizer(
            texts[start : start + CALIBRATION_BATCH],
            truncation=True,
            max_length=max_length,
            padding=True,
            return_tensors="np",
        )
        batches.append({name: values.astype(np.int64) for name, values in encoded.items()})
    return batches


def build_static_int8_graph(model_dir: Path, tokenizer, target: Path, max_length: int) -> None:
    """Export the classifier in `model_dir` and quantize it on its calibration quotes."""
    texts = read_calibration(model_dir)
    if not texts:
        raise FileNotFoundError(f"{model_dir} has no calibration quotes: static int8 needs them")
    with tempfile.TemporaryDirectory(prefix="stance-static-int8-") as folder:
        exported = Path(folder) / "fp32.onnx"
        build_graph(model_dir, tokenizer, exported, int8=False)
        quantize_static(exported, target, calibration_batches(texts, tokenizer, max_length))
