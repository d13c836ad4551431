"""int8 with one scale per token: the graph rewrite on a small product, independent of any model."""

from pathlib import Path

import numpy as np
import onnx
import onnxruntime
import pytest
from onnx import TensorProto, helper, numpy_helper

from model.onnx import quantize_per_token

RNG = np.random.default_rng(7)
WEIGHT = RNG.normal(size=(8, 5)).astype(np.float32)
OTHER_WEIGHT = RNG.normal(size=(8, 3)).astype(np.float32)


def _two_products(path: Path, opset: int) -> None:
    """y = x @ W and z = x @ V: two products of one activation, as a layer's query and key are."""
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "W"], ["y"]), helper.make_node("MatMul", ["x", "V"], ["z"])],
        "two_products",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", "tokens", 8])],
        [
            helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", "tokens", 5]),
            helper.make_tensor_value_info("z", TensorProto.FLOAT, ["batch", "tokens", 3]),
        ],
        [numpy_helper.from_array(WEIGHT, "W"), numpy_helper.from_array(OTHER_WEIGHT, "V")],
    )
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)]), str(path))


def _quantized(tmp_path: Path, opset: int = 18) -> onnxruntime.InferenceSession:
    _two_products(tmp_path / "float.onnx", opset)
    quantize_per_token(tmp_path / "float.onnx", tmp_path / "int8.onnx")
    return onnxruntime.InferenceSession(str(tmp_path / "int8.onnx"), providers=["CPUExecutionProvider"])


def test_every_product_with_a_constant_weight_becomes_int8(tmp_path):
    session = _quantized(tmp_path)
    ops = [node.op_type for node in onnx.load(str(tmp_path / "int8.onnx")).graph.node]
    assert "MatMul" not in ops
    assert ops.count("MatMulInteger") == 2
    assert ops.count("QuantizeLinear") == 1  # the shared activation is rounded once
    assert [output.name for output in session.get_outputs()] == ["y", "z"]


@pytest.mark.parametrize("opset", [17, 18])  # ReduceMax's axes: an attribute, then an input
def test_int8_products_stay_close_to_float(tmp_path, opset):
    x = RNG.normal(size=(3, 4, 8)).astype(np.float32)
    y, z = _quantized(tmp_path, opset).run(None, {"x": x})
    # int8 keeps about 2 significant digits per operand: 2% of the output's range
    np.testing.assert_allclose(y, x @ WEIGHT, atol=0.02 * np.abs(x @ WEIGHT).max())
    np.testing.assert_allclose(z, x @ OTHER_WEIGHT, atol=0.02 * np.abs(x @ OTHER_WEIGHT).max())


def test_a_token_is_rounded_on_its_own_scale(tmp_path):
    """A huge token next to a small one changes nothing for the small one (per-batch scales did)."""
    session = _quantized(tmp_path)
    small = RNG.normal(size=(1, 1, 8)).astype(np.float32)
    huge = 1000 * RNG.normal(size=(1, 1, 8)).astype(np.float32)
    alone = session.run(None, {"x": small})[0]
    beside_a_huge_one = session.run(None, {"x": np.concatenate([small, huge], axis=1)})[0][:, :1]
    np.testing.assert_array_equal(beside_a_huge_one, alone)


def test_an_all_zero_token_gives_zeros_not_nan(tmp_path):
    x = np.zeros((1, 2, 8), dtype=np.float32)
    x[0, 1] = 1.0
    y, _ = _quantized(tmp_path).run(None, {"x": x})
    assert np.isfinite(y).all()
    np.testing.assert_array_equal(y[0, 0], np.zeros(5, dtype=np.float32))


def test_gelu_takes_its_tanh_form_within_a_thousandth(tmp_path):
    graph = helper.make_graph(
        [helper.make_node("Gelu", ["x"], ["y"])],
        "gelu",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [64])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [64])],
    )
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 20)]), str(tmp_path / "f.onnx"))
    quantize_per_token(tmp_path / "f.onnx", tmp_path / "q.onnx")
    (gelu,) = onnx.load(str(tmp_path / "q.onnx")).graph.node
    assert helper.get_node_attr_value(gelu, "approximate") == b"tanh"
    x = np.linspace(-6, 6, 64, dtype=np.float32)
    exact = onnxruntime.InferenceSession(str(tmp_path / "f.onnx"), providers=["CPUExecutionProvider"])
    tanh = onnxruntime.InferenceSession(str(tmp_path / "q.onnx"), providers=["CPUExecutionProvider"])
    np.testing.assert_allclose(tanh.run(None, {"x": x})[0], exact.run(None, {"x": x})[0], atol=1e-3)
