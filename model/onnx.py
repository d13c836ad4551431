"""The transformer's network in ONNX Runtime on the CPU, in fp32 or int8.

int8 quantizes every matrix product with a constant weight: weights per output
channel, activations per token, both symmetric, with the token's scale taken
at run time from its own values. A quote's scores so never depend on the
quotes batched with it, which ONNX Runtime's own dynamic quantization (one
scale per batch) could not promise: its scores moved by up to 0.48-0.95 with
the batching and its test macro-F1 by about 0.005 either way. Per token, the
test macro-F1 stays within 0.0002 of fp32 at about 1.4x bf16's speed on a CPU
with VNNI (docs/benchmarks.md); the int8 graph also computes GELU by its
tanh form. The network is exported and quantized on a predictor's first load
on a machine (about 7 s for MiniLM-L6) and the graph cached
(`model/graph_cache.py`), so stored models stay plain Hugging Face folders.
The default int8 on such CPUs is now static (`model/static_int8.py`, which starts
from this module's fp32 export); int8 per token serves models without
calibration quotes and `--backend onnxruntime`.

Each run of the session uses one thread, and the predictor runs one batch per
torch thread (`torch.set_num_threads`, one per core by default) at once: on 2
cores two single-threaded int8 runs scored 845 quotes/s against 722 for one run on two threads."""

import contextlib
import io
import logging
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

from model import graph_cache
from model.first_token import first_token_classifier

# ONNX Runtime fuses each residual add with the following LayerNorm; on this CPU the
# fused kernel was slower than the two it replaces (int8: 363 vs 452 quotes/s per core).
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
    """Exporting and quantizing narrate every step and warn about things that do not apply here.

    Progress bars too (NNCF draws them on the console): what is printed meanwhile is dropped.
    """
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


# Quantized activations are stored as uint8 with an offset of 128 (so zero is 128): ONNX
# Runtime's fast VNNI kernels multiply unsigned 8-bit activations by signed 8-bit weights.
ACTIVATION_OFFSET = 128
INT8_MAX = 127.0


def _constants() -> list[onnx.TensorProto]:
    values = {
        "q_offset": np.array(ACTIVATION_OFFSET, dtype=np.uint8),
        "q_int8_max": np.array(INT8_MAX, dtype=np.float32),
        "q_unit_scale": np.array(1.0, dtype=np.float32),
        "q_smallest_range": np.array(1e-8, dtype=np.float32),  # an all-zero token divides by this
        "q_last_axis": np.array([-1], dtype=np.int64),
    }
    return [numpy_helper.from_array(value, name) for name, value in values.items()]


def _largest_magnitude(activation: str, output: str, opset: int) -> list[onnx.NodeProto]:
    """Each token's largest absolute value (ReduceMax takes its axes as an input from opset 18)."""
    magnitude = helper.make_node("Abs", [activation], [f"{output}_abs"])
    if opset >= 18:
        largest = helper.make_node("ReduceMax", [f"{output}_abs", "q_last_axis"], [output], keepdims=1)
    else:
        largest = helper.make_node("ReduceMax", [f"{output}_abs"], [output], axes=[-1], keepdims=1)
    return [magnitude, largest]


def _quantize_tokens(activation: str, opset: int) -> tuple[list[onnx.NodeProto], str, str]:
    """Nodes that round `activation` to int8 with one scale per token; their outputs (values, scale).

    The division by the scale is a multiplication by its inverse, computed once per token,
    and rounding, offset and cast are one QuantizeLinear (scale 1): about 8% faster than
    Div, Round, Add and Cast on the whole activation (ad-hoc).
    """
    name = f"{activation}_q"
    nodes = [
        *_largest_magnitude(activation, f"{name}_range", opset),
        helper.make_node("Max", [f"{name}_range", "q_smallest_range"], [f"{name}_safe_range"]),
        helper.make_node("Div", [f"{name}_safe_range", "q_int8_max"], [f"{name}_scale"]),
        helper.make_node("Div", ["q_int8_max", f"{name}_safe_range"], [f"{name}_inverse_scale"]),
        helper.make_node("Mul", [activation, f"{name}_inverse_scale"], [f"{name}_scaled"]),
        helper.make_node("QuantizeLinear", [f"{name}_scaled", "q_unit_scale", "q_offset"], [name]),
    ]
    return nodes, name, f"{name}_scale"


def _quantize_weight(weight: np.ndarray, name: str) -> list[onnx.TensorProto]:
    """`weight` ([in, out]) as int8 with one scale per output channel."""
    scale = np.maximum(np.abs(weight).max(axis=0), 1e-8) / INT8_MAX
    values = np.clip(np.round(weight / scale), -INT8_MAX, INT8_MAX).astype(np.int8)
    return [numpy_helper.from_array(values, f"{name}_int8"), numpy_helper.from_array(scale, f"{name}_scale")]


def _with_tanh_form(gelu: onnx.NodeProto) -> onnx.NodeProto:
    """GELU by its tanh approximation: the int8 graph ran 3-6% faster, test macro-F1 unchanged (ad-hoc)."""
    for attribute in gelu.attribute:
        if attribute.name == "approximate":
            attribute.s = b"tanh"
            return gelu
    gelu.attribute.append(helper.make_attribute("approximate", "tanh"))
    return gelu


def quantize_per_token(source: Path, target: Path) -> None:
    """Rewrite every MatMul with a constant 2-D weight as an int8 product, scaled back to float.

    Inputs shared by several products (a layer's query, key and value) are rounded once.
    GELUs take their tanh form: next to int8 rounding its error (under 0.001) is noise.
    """
    model = onnx.load(str(source))
    graph = model.graph
    weights = {tensor.name: tensor for tensor in graph.initializer}
    opset = next(entry.version for entry in model.opset_import if entry.domain in ("", "ai.onnx"))
    nodes: list[onnx.NodeProto] = []
    added = _constants()
    replaced: set[str] = set()
    rounded: dict[str, tuple[str, str]] = {}  # activation -> (int8 values, per-token scale)
    for node in graph.node:
        weight = weights.get(node.input[1]) if node.op_type == "MatMul" else None
        if weight is None or len(weight.dims) != 2:
            nodes.append(_with_tanh_form(node) if node.op_type == "Gelu" else node)
            continue
        activation, output = node.input[0], node.output[0]
        if activation not in rounded:
            quantize_nodes, values, scale = _quantize_tokens(activation, opset)
            nodes += quantize_nodes
            rounded[activation] = (values, scale)
        values, scale = rounded[activation]
        if weight.name not in replaced:
            added += _quantize_weight(numpy_helper.to_array(weight).astype(np.float32), weight.name)
            replaced.add(weight.name)
        nodes += [
            helper.make_node("MatMulInteger", [values, f"{weight.name}_int8", "q_offset"], [f"{output}_int"]),
            helper.make_node("Cast", [f"{output}_int"], [f"{output}_float"], to=TensorProto.FLOAT),
            helper.make_node("Mul", [f"{output}_float", scale], [f"{output}_by_token"]),
            helper.make_node("Mul", [f"{output}_by_token", f"{weight.name}_scale"], [output]),
        ]
    still_read = {name for node in nodes for name in node.input}
    kept = [tensor for tensor in graph.initializer if tensor.name not in replaced - still_read]
    del graph.node[:], graph.initializer[:]
    graph.node.extend(nodes)
    graph.initializer.extend(kept + added)
    onnx.save(model, str(target))


def build_graph(model_dir: Path, tokenizer, target: Path, *, int8: bool) -> None:
    """Write the classifier in `model_dir` to `target` as ONNX (fp32), int8-quantized if asked."""
    from transformers import AutoModelForSequenceClassification

    sample = dict(tokenizer(["a short quote", "one"], padding=True, return_tensors="pt"))
    # Eager attention exports as plain products and a softmax; SDPA's export adds NaN guards
    # and mask selects that cost about 4% more per quote (int8, ad-hoc).
    with tempfile.TemporaryDirectory(prefix="stance-onnx-") as folder, quietly():
        network = AutoModelForSequenceClassification.from_pretrained(model_dir, attn_implementation="eager")
        classifier = first_token_classifier(network.eval())
        if not int8:
            export(classifier, sample, target)
            return
        exported = Path(folder) / "model.onnx"
        export(classifier, sample, exported)
        quantize_per_token(exported, target)


def to_onnx_runtime(model_dir: Path, tokenizer, *, int8: bool) -> OnnxNetwork:
    """The classifier in `model_dir` in ONNX Runtime on the CPU, int8-quantized if asked.

    Its graph comes from the graph cache (`model/graph_cache.py`): exported only on the
    first load on a machine, and on a later load the torch weights are not even read.
    """

    def build(target: Path) -> None:
        build_graph(model_dir, tokenizer, target, int8=int8)

    return graph_cache.load_cached(model_dir, "int8" if int8 else "fp32", build, OnnxNetwork)
