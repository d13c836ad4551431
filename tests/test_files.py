"""Atomic writes and file digests (model/files.py)."""

import hashlib

import pytest

from model.files import atomic_file, atomic_path, atomic_write_bytes, atomic_write_text, sha256_file


def test_atomic_writes_replace_the_file_and_leave_nothing_else(tmp_path):
    target = tmp_path / "pointer.json"
    atomic_write_text(target, '{"a": "café"}')
    assert target.read_text(encoding="utf-8") == '{"a": "café"}'
    atomic_write_bytes(target, b"\x00\xff")
    assert target.read_bytes() == b"\x00\xff"
    assert [p.name for p in tmp_path.iterdir()] == ["pointer.json"]


def test_a_failed_write_keeps_the_old_file_and_removes_the_partial_one(tmp_path):
    target = tmp_path / "state.json"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_file(target) as handle:
        handle.write("half of the new")
        raise RuntimeError("killed mid-write")
    with pytest.raises(RuntimeError), atomic_path(target) as partial:
        partial.write_text("built by a path writer")
        raise RuntimeError("export failed")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]


def test_atomic_path_hands_a_writer_a_path_in_the_same_folder(tmp_path):
    target = tmp_path / "graph.onnx"
    with atomic_path(target) as partial:
        assert partial.parent == tmp_path and not target.exists()
        partial.write_bytes(b"graph")
    assert target.read_bytes() == b"graph"


def test_sha256_file_is_the_digest_of_the_bytes(tmp_path):
    data = bytes(range(256)) * 5000
    (tmp_path / "weights").write_bytes(data)
    assert sha256_file(tmp_path / "weights") == hashlib.sha256(data).hexdigest()
