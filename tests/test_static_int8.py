"""Static int8 in OpenVINO: calibrated on the model's own quotes, cached, and never in the way."""

import json
import shutil
from pathlib import Path

import bentoml
import numpy as np
import onnx
import pytest

from model import graph_cache, static_int8
from model.artifact import load_predictor
from model.calibration import CALIBRATION_FILE, CALIBRATION_QUOTES, read_calibration
from model.hardware import choose_runtime
from training.data import load_splits

QUOTES = ["They will not get a single street of Kharkiv.", "We are ready to talk.", "No."]
STATIC_INT8 = choose_runtime(device="cpu", precision="int8", backend="openvino")


@pytest.fixture
def model_dir(trained_models) -> Path:
    return Path(bentoml.models.get(trained_models["transformer"]).path)


def test_training_stores_calibration_quotes_from_the_training_split(model_dir, tiny_corpus):
    train = load_splits(tiny_corpus)["train"]["text"]
    quotes = read_calibration(model_dir)
    assert len(quotes) == min(CALIBRATION_QUOTES, len(train)) and len(set(quotes)) == len(quotes)
    assert set(quotes) <= set(train)  # never validation or test quotes


def test_the_graph_holds_int8_products_with_fixed_scales(model_dir, tmp_path):
    from transformers import AutoTokenizer

    target = tmp_path / "static.onnx"
    static_int8.build_static_int8_graph(model_dir, AutoTokenizer.from_pretrained(model_dir), target, 48)
    ops = [node.op_type for node in onnx.load(str(target)).graph.node]
    assert ops.count("QuantizeLinear") >= 4  # the products' inputs of both layers
    assert "DynamicQuantizeLinear" not in ops  # no scale is computed at run time


def test_a_second_load_reads_the_cached_graph(model_dir, monkeypatch):
    first = load_predictor(model_dir, runtime=STATIC_INT8)
    built = []
    monkeypatch.setattr(static_int8, "build_static_int8_graph", lambda *args: built.append(args))
    second = load_predictor(model_dir, runtime=STATIC_INT8)
    assert built == [] and str(second.runtime) == "cpu/int8 (openvino)"
    np.testing.assert_array_equal(first.predict_proba(QUOTES), second.predict_proba(QUOTES))


def test_the_calibration_quotes_are_part_of_the_graph_key(model_dir, tmp_path):
    copy = Path(shutil.copytree(model_dir, tmp_path / "copy"))
    key = graph_cache.graph_key(copy, static_int8.graph_variant())
    with (copy / CALIBRATION_FILE).open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"text": "One more calibration quote."}) + "\n")
    assert graph_cache.graph_key(copy, static_int8.graph_variant()) != key


def test_a_model_without_calibration_quotes_runs_int8_per_token(model_dir, tmp_path, caplog):
    older = Path(shutil.copytree(model_dir, tmp_path / "older"))
    (older / CALIBRATION_FILE).unlink()
    predictor = load_predictor(older, runtime=STATIC_INT8)
    assert str(predictor.runtime) == "cpu/int8 (onnxruntime)"  # says what it really runs
    assert CALIBRATION_FILE in caplog.text
    expected = load_predictor(model_dir, runtime=choose_runtime("cpu", "int8", "onnxruntime"))
    np.testing.assert_allclose(predictor.predict_proba(QUOTES), expected.predict_proba(QUOTES), atol=1e-6)


def test_static_int8_needs_calibration_quotes_to_build(model_dir, tmp_path):
    older = Path(shutil.copytree(model_dir, tmp_path / "older"))
    (older / CALIBRATION_FILE).unlink()
    with pytest.raises(FileNotFoundError, match="no calibration quotes"):
        static_int8.build_static_int8_graph(older, None, tmp_path / "graph.onnx", 48)


def test_each_call_returns_logits_of_its_own(model_dir):
    """Not a view of the request's output buffer, which the next call overwrites."""
    from transformers import AutoTokenizer

    network = load_predictor(model_dir, runtime=STATIC_INT8).network
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    first = network(**tokenizer(QUOTES[:1], return_tensors="pt")).logits
    kept = first.clone()
    second = network(**tokenizer(QUOTES[1:2], return_tensors="pt")).logits
    assert not np.array_equal(second.numpy(), kept.numpy())
    np.testing.assert_array_equal(first.numpy(), kept.numpy())
