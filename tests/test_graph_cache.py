"""The ONNX graph cache: built once per model and code, never stale, and never in the way."""

import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

from model import graph_cache, onnx
from model.first_token import first_token_classifier

QUOTES = ["They will not get a single street of Kharkiv.", "We are ready to talk.", "No."]


@pytest.fixture
def classifier_dir(tiny_base_model, tmp_path) -> Path:
    """A tiny classifier saved the way trained models are: config, safetensors weights, tokenizer."""
    folder = tmp_path / "classifier"
    AutoModelForSequenceClassification.from_pretrained(tiny_base_model, num_labels=3).save_pretrained(folder)
    AutoTokenizer.from_pretrained(tiny_base_model).save_pretrained(folder)
    return folder


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("STANCE_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "onnx"


def _load(folder: Path) -> onnx.OnnxNetwork:
    return onnx.to_onnx_runtime(folder, AutoTokenizer.from_pretrained(folder), int8=True)


def _logits(network, folder: Path) -> np.ndarray:
    batch = AutoTokenizer.from_pretrained(folder)(QUOTES, padding=True, return_tensors="pt")
    return network(**batch).logits.numpy()


def _counting_builds(monkeypatch) -> list[Path]:
    built: list[Path] = []
    real = onnx.build_graph

    def build_graph(model_dir, tokenizer, target, *, int8):
        built.append(target)
        real(model_dir, tokenizer, target, int8=int8)

    monkeypatch.setattr(onnx, "build_graph", build_graph)
    return built


def test_the_second_load_reads_the_graph_the_first_built(classifier_dir, cache, monkeypatch):
    built = _counting_builds(monkeypatch)
    first, second = _load(classifier_dir), _load(classifier_dir)
    assert len(built) == 1
    assert [path.suffix for path in cache.iterdir()] == [".onnx"]  # no partial file left behind
    np.testing.assert_array_equal(_logits(first, classifier_dir), _logits(second, classifier_dir))


def test_the_cached_graph_scores_like_the_network(classifier_dir, cache):
    network = AutoModelForSequenceClassification.from_pretrained(classifier_dir).eval()
    _load(classifier_dir)
    batch = AutoTokenizer.from_pretrained(classifier_dir)(QUOTES, padding=True, return_tensors="pt")
    with torch.inference_mode():
        expected = first_token_classifier(network)(**batch).logits.numpy()
    np.testing.assert_allclose(_logits(_load(classifier_dir), classifier_dir), expected, atol=0.05)


def test_the_key_follows_the_weights_and_the_variant(classifier_dir, tmp_path):
    key = graph_cache.graph_key(classifier_dir, "int8")
    assert graph_cache.graph_key(classifier_dir, "int8") == key
    assert graph_cache.graph_key(classifier_dir, "fp32") != key
    weights = classifier_dir / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[:-1] + b"\x01")  # one byte of one weight changed
    changed = graph_cache.graph_key(classifier_dir, "int8")
    assert changed != key
    (classifier_dir / "pytorch_model.bin").write_bytes(b"weights in another format")
    assert graph_cache.graph_key(classifier_dir, "int8") != changed


def test_concurrent_loads_of_one_model_share_one_complete_graph(cache):
    def slow_build(target: Path) -> None:
        target.write_bytes(b"half")
        time.sleep(0.2)  # both builds are under way at once
        target.write_bytes(b"the whole graph")

    with ThreadPoolExecutor(2) as pool:
        paths = list(pool.map(lambda _: graph_cache.cached_graph("key", slow_build), range(2)))
    assert paths[0] == paths[1] and paths[0].read_bytes() == b"the whole graph"
    assert [path.name for path in cache.iterdir()] == ["key.onnx"]


def test_an_unwritable_cache_builds_for_the_load_only(classifier_dir, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("STANCE_CACHE_DIR", str(blocker))
    assert graph_cache.cached_graph("key", lambda target: pytest.fail("nowhere to build")) is None
    assert _logits(_load(classifier_dir), classifier_dir).shape == (len(QUOTES), 3)


def test_a_damaged_graph_is_rebuilt(classifier_dir, cache, monkeypatch):
    expected = _logits(_load(classifier_dir), classifier_dir)
    (graph,) = cache.iterdir()
    graph.write_bytes(b"not an onnx graph")
    built = _counting_builds(monkeypatch)
    np.testing.assert_array_equal(_logits(_load(classifier_dir), classifier_dir), expected)
    assert len(built) == 1 and not graph.exists()  # dropped, so the next load caches a good one
    _load(classifier_dir)
    assert graph.exists() and len(built) == 2


def test_a_failed_build_leaves_nothing_in_the_cache(cache):
    def failing(target: Path) -> None:
        target.write_bytes(b"half a graph")
        raise RuntimeError("export failed")

    with pytest.raises(RuntimeError, match="export failed"):
        graph_cache.cached_graph("key", failing)
    assert list(cache.iterdir()) == []


def test_only_the_most_recently_used_graphs_are_kept(cache, monkeypatch):
    monkeypatch.setattr(graph_cache, "KEPT_GRAPHS", 2)
    for key in ("old", "used", "new"):
        graph_cache.cached_graph(key, lambda target: target.write_bytes(b"graph"))
        if key == "old":
            os.utime(cache / "old.onnx", (0, 0))  # long unused
    graph_cache.cached_graph("used", lambda target: pytest.fail("a hit builds nothing"))
    graph_cache.cached_graph("newest", lambda target: target.write_bytes(b"graph"))
    assert sorted(path.name for path in cache.iterdir()) == ["newest.onnx", "used.onnx"]


def test_a_read_only_cache_still_serves_its_graphs(cache, monkeypatch):
    graph = graph_cache.cached_graph("key", lambda target: target.write_bytes(b"graph"))

    def read_only(self, *args, **kwargs):
        raise PermissionError(f"read-only file system: {self}")

    monkeypatch.setattr(Path, "touch", read_only)
    assert graph_cache.cached_graph("key", lambda target: pytest.fail("a hit builds nothing")) == graph
