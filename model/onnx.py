"""The transformer's network as an ONNX graph, run by ONNX Runtime on CPUs without native bf16.

The graph is exported once, when the model is trained, into the model's own
folder (`model.onnx`), so the service, `stance score` and Spark executors load
it without exporting anything; `stance models prepare TAG` adds it to a model
trained before. It is the fp32 network with the last encoder layer computed for
[CLS] only (`model/first_token.py`): the same labels as torch's fp32 and 1.4x
its speed on an AMD EPYC (docs/benchmarks.md).

Each run of the session uses one thread, and the predictor runs one batch per
torch thread (`torch.set_num_threads`, one per core by default) at once: on 2
cores two single-threaded runs scored more quotes per second than one run on two threads."""

import contextlib
import io
import logging
import warnings
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import torch

from model.files import atomic_path
from model.first_token import first_token_classifier

GRAPH_FILE = "model.onnx"

# ONNX Runtime fuses each residual add with the following LayerNorm; on this CPU the
# fused kernel was slower than the two it replaces (363 vs 452 quotes/s per core, measured in int8).
SLOWER_FUSIONS = ["SkipLayerNormFusion"]


class NetworkOutput:
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

    def __call__(self, **batch: torch.Tensor) -> NetworkOutput:
        feed = {name: batch[name].cpu().numpy().astype(np.int64, copy=False) for name in self.inputs}
        return NetworkOutput(torch.from_numpy(self.session.run(None, feed)[0]))


@contextlib.contextmanager
def quietly() -> Iterator[None]:
    """Exporting narrates every step and warns about things that do not apply here: dropped."""
    previous = logging.root.manager.disable
    logging.disable(logging.WARNING)
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            with contextlib.redirect_stderr(io.StringIO()):
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


class MissingGraphError(FileNotFoundError):
    """A model folder without its ONNX graph (trained before graphs were stored with models)."""


def export_graph(model_dir: Path, tokenizer) -> Path:
    """Write the classifier in `model_dir` as `model_dir/model.onnx` (fp32, [CLS]-only last layer)."""
    from transformers import AutoModelForSequenceClassification

    sample = dict(tokenizer(["a short quote", "one"], padding=True, return_tensors="pt"))
    target = Path(model_dir) / GRAPH_FILE
    # Eager attention exports as plain products and a softmax; SDPA's export adds NaN guards
    # and mask selects that cost about 4% more per quote (ad-hoc).
    with quietly(), atomic_path(target) as partial:
        network = AutoModelForSequenceClassification.from_pretrained(model_dir, attn_implementation="eager")
        export(first_token_classifier(network.eval()), sample, partial)
    return target


def to_onnx_runtime(model_dir: Path) -> OnnxNetwork:
    """The classifier in `model_dir` in ONNX Runtime on the CPU, from the graph stored with it."""
    graph = Path(model_dir) / GRAPH_FILE
    if not graph.exists():
        raise MissingGraphError(
            f"{model_dir} has no {GRAPH_FILE} (trained before graphs were stored with models): "
            "run `stance models prepare TAG` once to add it"
        )
    return OnnxNetwork(graph)
