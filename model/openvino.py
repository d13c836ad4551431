"""The transformer's network in static int8, run by OpenVINO on the CPU.

The exported graph (`model/onnx.py`, fp32) is quantized by NNCF, Intel's
quantization library: weights per output channel, and every activation with
a scale fixed in advance from the ranges it showed on the model's calibration
quotes (`model/calibration.py`). With no scale computed at run time, a quote's
scores cannot depend on the quotes batched with it, and OpenVINO fuses the
rounding into its int8 kernels: 1.2-1.3x ONNX Runtime's int8 per token on a
CPU with VNNI at the same test macro-F1 (docs/benchmarks.md). The quantized
graph is plain ONNX (QuantizeLinear/DequantizeLinear pairs), cached like the
others (`model/graph_cache.py`).
"""

import tempfile
import threading
from importlib.metadata import version
from pathlib import Path

import numpy as np
import torch

from model import graph_cache
from model.calibration import read_calibration
from model.hardware import cpu_has_fast_bf16
from model.onnx import NetworkOutput, build_graph, quietly

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
    with tempfile.TemporaryDirectory(prefix="stance-openvino-") as folder:
        exported = Path(folder) / "fp32.onnx"
        build_graph(model_dir, tokenizer, exported, int8=False)
        quantize_static(exported, target, calibration_batches(texts, tokenizer, max_length))


class OpenVinoNetwork:
    """Callable like the Hugging Face network (`network(**batch).logits`), run by OpenVINO.

    One stream per worker thread, each stream on one thread: like two single-threaded
    runs side by side, 1,006-1,086 quotes/s on 2 cores against 936-959 for one stream
    on two threads (ad-hoc). Each calling thread keeps its own inference request.
    What stays in float (LayerNorm, softmax, GELU) runs in bf16 on CPUs with native
    bf16: `stance score` 968-1,002 against 908-952 rows/s in fp32, same test and
    validation macro-F1, batch shift 4e-9 (ad-hoc).
    """

    def __init__(self, model_file: Path, streams: int) -> None:
        import openvino

        self.compiled = openvino.Core().compile_model(
            str(model_file),
            "CPU",
            {
                "PERFORMANCE_HINT": "THROUGHPUT",
                "NUM_STREAMS": streams,
                "INFERENCE_NUM_THREADS": streams,
                "INFERENCE_PRECISION_HINT": "bf16" if cpu_has_fast_bf16() else "f32",
                # Kernels prepared per input shape are kept; with the default 5,000 of them
                # `stance score` grew past 1.9 GiB on a million rows. 1,000 kept its RSS flat
                # at the same speed (ad-hoc: 977-999 against 964-1,020 quotes/s); 200 cost 8%.
                "CPU_RUNTIME_CACHE_CAPACITY": 1000,
            },
        )
        self.inputs = [port.get_any_name() for port in self.compiled.inputs]
        self._local = threading.local()
        # OpenVINO's Python binding initializes some of its state on the first inference, and
        # two threads making their first call at once deadlocked there (once in about 30 runs
        # of `stance score`): one call here, before any worker thread, initializes it.
        self(**{name: torch.ones((1, 2), dtype=torch.int64) for name in self.inputs})

    def __call__(self, **batch: torch.Tensor) -> NetworkOutput:
        request = getattr(self._local, "request", None)
        if request is None:
            request = self._local.request = self.compiled.create_infer_request()
        feed = {name: batch[name].cpu().numpy().astype(np.int64, copy=False) for name in self.inputs}
        logits = request.infer(feed)[0]  # a copy: the request's own buffer is reused
        return NetworkOutput(torch.from_numpy(logits))


def to_openvino(model_dir: Path, tokenizer, *, streams: int, max_length: int) -> OpenVinoNetwork:
    """The classifier in `model_dir` in static int8 in OpenVINO, its graph from the cache."""

    def build(target: Path) -> None:
        build_static_int8_graph(model_dir, tokenizer, target, max_length)

    return graph_cache.load_cached(
        model_dir, graph_variant(), build, lambda graph: OpenVinoNetwork(graph, streams)
    )
