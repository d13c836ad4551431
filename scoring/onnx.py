"""ONNX Runtime for the transformer on the CPU (`--backend onnxruntime`), fp32 only.

The network is exported once per run (seconds) with the dynamo exporter and
replaces the torch network inside `TransformerPredictor`, which keeps its
tokenizer, sorted-length batching and thresholds. The numbers behind the
choice are in docs/benchmarks.md.
"""

import os
import tempfile
from pathlib import Path

import torch

from model.predictor import TransformerPredictor


class OnnxNetwork:
    """Callable like the Hugging Face network (`network(**batch).logits`), run by ONNX Runtime."""

    def __init__(self, model_file: Path) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = len(os.sched_getaffinity(0))
        self.session = onnxruntime.InferenceSession(
            str(model_file), options, providers=["CPUExecutionProvider"]
        )
        self.inputs = [item.name for item in self.session.get_inputs()]

    def __call__(self, **batch: torch.Tensor):
        feed = {name: batch[name].cpu().numpy() for name in self.inputs}
        logits = torch.from_numpy(self.session.run(None, feed)[0])
        return _Output(logits)


class _Output:
    def __init__(self, logits: torch.Tensor) -> None:
        self.logits = logits


def export(network: torch.nn.Module, sample: dict[str, torch.Tensor], target: Path) -> None:
    """Write `network` as ONNX with dynamic batch and sequence length."""
    dims = {name: {0: torch.export.Dim("batch"), 1: torch.export.Dim("sequence")} for name in sample}
    program = torch.onnx.export(
        network, (), kwargs=sample, dynamo=True, dynamic_shapes=dims, output_names=["logits"]
    )
    program.save(str(target))


def use_onnx_runtime(predictor: TransformerPredictor) -> TransformerPredictor:
    """Run `predictor`'s network in ONNX Runtime (fp32, CPU) from now on."""
    if predictor.runtime.device.type != "cpu":
        raise ValueError("the ONNX Runtime backend runs on the CPU; use --backend torch on a GPU")
    sample = dict(predictor.tokenizer(["a short quote", "one"], padding=True, return_tensors="pt"))
    with tempfile.TemporaryDirectory(prefix="stance-onnx-") as folder:
        target = Path(folder) / "model.onnx"
        export(predictor.network.float(), sample, target)
        predictor.network = OnnxNetwork(target)  # the session holds the model; the file can go
    return predictor
