"""The transformer's network in ONNX Runtime on the CPU, in fp32 or int8 (both opt-in).

int8 is ONNX Runtime's dynamic quantization: int8 weights per output channel,
activations quantized per batch at run time. On this CPU (AVX-512 VNNI) it is
the fastest path the project has, but not the default: one scale per batch
lets a quote's scores move with its batch-mates (by up to 0.48 on the test
split), and its test macro-F1 moved by about 0.005 either way with the
batching (docs/benchmarks.md). The network is exported and quantized when a
predictor loads (about 8 s for MiniLM-L6), so stored models stay plain
Hugging Face folders.

Each run of the session uses one thread, and the predictor runs one batch per
torch thread (`torch.set_num_threads`, one per core by default) at once: on 2 cores two single-threaded
int8 runs scored 845 quotes/s against 722 for one run on two threads."""

import contextlib
import logging
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import torch

# ONNX Runtime fuses each residual add with the following LayerNorm; on this CPU the
# fused kernel was slower than the two it replaces (int8: 363 vs 452 quotes/s per core).
SLOWER_FUSIONS = ["SkipLayerNormFusion"]


class _Output:
    """What the predictor reads from a network call: `.logits`."""

    def __init__(self, logits: torch.Tensor) -> None:
        self.logits = logits


class OnnxNetwork:
    """Callable like the Hugging Face network (`network(**batch).logits`), run by ONNX Runtime."""

    def __init__(self, model_file: Path) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(
            str(model_file), options, providers=["CPUExecutionProvider"], disabled_optimizers=SLOWER_FUSIONS
        )
        self.inputs = [item.name for item in self.session.get_inputs()]

    def __call__(self, **batch: torch.Tensor) -> _Output:
        feed = {name: batch[name].cpu().numpy().astype(np.int64, copy=False) for name in self.inputs}
        return _Output(torch.from_numpy(self.session.run(None, feed)[0]))


@contextlib.contextmanager
def _quietly() -> Iterator[None]:
    """Exporting and quantizing narrate every step and warn about things that do not apply here."""
    previous = logging.root.manager.disable
    logging.disable(logging.WARNING)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logging.disable(previous)


def export(network: torch.nn.Module, sample: dict[str, torch.Tensor], target: Path) -> None:
    """Write `network` as ONNX with dynamic batch and sequence length."""
    dims = {name: {0: torch.export.Dim("batch"), 1: torch.export.Dim("sequence")} for name in sample}
    program = torch.onnx.export(
        network, (), kwargs=sample, dynamo=True, dynamic_shapes=dims, output_names=["logits"], verbose=False
    )
    program.save(str(target))


def quantize_int8(source: Path, target: Path) -> None:
    """Dynamic int8 quantization of every matrix product with constant weights."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(source), str(target), per_channel=True, weight_type=QuantType.QInt8)


def to_onnx_runtime(network: torch.nn.Module, tokenizer, *, int8: bool) -> OnnxNetwork:
    """`network` (fp32, CPU) exported, int8-quantized if asked, and loaded into ONNX Runtime."""
    sample = dict(tokenizer(["a short quote", "one"], padding=True, return_tensors="pt"))
    with tempfile.TemporaryDirectory(prefix="stance-onnx-") as folder, _quietly():
        exported = Path(folder) / "model.onnx"
        export(network.float().cpu(), sample, exported)
        if int8:
            quantize_int8(exported, Path(folder) / "model.int8.onnx")
            exported = Path(folder) / "model.int8.onnx"
        return OnnxNetwork(exported)  # the session holds the model; the files can go
