"""The transformer's network in static int8 (`model/static_int8.py`), run by OpenVINO on the CPU.

OpenVINO fuses the rounding to fixed scales into its int8 kernels: 1.2-1.3x
ONNX Runtime's int8 per token on a CPU with VNNI at the same test macro-F1
(docs/benchmarks.md). This module only runs the graph; what the graph holds is
decided in `model/static_int8.py`, so changing how it runs rebuilds no cached graph.
"""

import threading
from pathlib import Path

import numpy as np
import torch

from model import graph_cache, static_int8
from model.hardware import cpu_has_fast_bf16
from model.onnx import NetworkOutput


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
        static_int8.build_static_int8_graph(model_dir, tokenizer, target, max_length)

    return graph_cache.load_cached(
        model_dir, static_int8.graph_variant(), build, lambda graph: OpenVinoNetwork(graph, streams)
    )
