"""A training run: fit, tune thresholds on validation, evaluate on test, save, maybe promote.

Everything is built in a temporary folder and only enters the model store
once it has been evaluated; the production pointer moves last. A run that
fails or is interrupted anywhere before that leaves production untouched.
"""

import hashlib
import logging
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bentoml
from datasets import Dataset, DatasetDict

from model.artifact import Manifest, load_predictor, write_manifest
from model.calibration import write_calibration
from model.hardware import Runtime, choose_runtime
from model.labels import LABELS
from model.store import MODEL_NAMES, production_tag, promote, save_model
from training.base_model import MINILM_SHA256, minilm_dir, verify_base_model
from training.baseline import fit_baseline, save_pipeline
from training.data import DEFAULT_DATA_DIR, label_matrix, load_splits, split_files
from training.evaluate import evaluate
from training.thresholds import tune_thresholds
from training.transformer import FineTuneConfig, fine_tune, uses_bf16

log = logging.getLogger(__name__)
PROMOTION_TOLERANCE = 0.01
REFERENCE_RUNTIME = "fp32"  # thresholds and stored metrics are computed in fp32 on the CPU
# How far below fp32 the test macro-F1 of the faster runtime `auto` serves in may fall.
SERVED_RUNTIME_TOLERANCE = 0.005


@dataclass
class TrainOutcome:
    """What one model's run produced and whether it now serves."""

    kind: str
    tag: str
    metrics: dict[str, Any]
    promoted: bool
    reason: str
    seconds: float
    served_runtime: dict[str, Any] | None = None  # runtime `auto` picks on this CPU, if not fp32

    @property
    def served_runtime_within_tolerance(self) -> bool:
        if self.served_runtime is None:
            return True
        return self.served_runtime["macro_f1"] >= self.metrics["macro_f1"] - SERVED_RUNTIME_TOLERANCE


def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def git_commit() -> str:
    """The project's commit, with '-dirty' when the work tree has changes; 'unknown' outside git."""
    root = Path(__file__).resolve().parent.parent
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + ("-dirty" if dirty else "")


def _reference_runtime() -> Runtime:
    return choose_runtime(device="cpu", precision=REFERENCE_RUNTIME)


def _tune_and_finish(model_dir: Path, kind: str, splits: DatasetDict, max_length: int = 128) -> list[float]:
    """Tune thresholds on validation and write the manifest; returns the thresholds."""
    write_manifest(model_dir, Manifest(kind=kind, thresholds=[0.5] * len(LABELS), max_length=max_length))
    draft = load_predictor(model_dir, runtime=_reference_runtime())
    validation = splits["validation"]
    thresholds = tune_thresholds(label_matrix(validation["labels"]), draft.predict_proba(validation["text"]))
    write_manifest(model_dir, Manifest(kind=kind, thresholds=thresholds, max_length=max_length))
    return thresholds


def build_baseline(splits: DatasetDict, model_dir: Path, seed: int) -> dict[str, Any]:
    """Fit the baseline into `model_dir`; return its training arguments."""
    train = splits["train"]
    pipeline, c = fit_baseline(train["text"], label_matrix(train["labels"]), seed=seed)
    save_pipeline(pipeline, model_dir)
    _tune_and_finish(model_dir, "baseline", splits)
    return {"seed": seed, "C": c, "cv_folds": 5}


def build_transformer(
    splits: DatasetDict,
    model_dir: Path,
    config: FineTuneConfig,
    base_model_dir: Path,
    expected_sha256: str | None,
) -> dict[str, Any]:
    """Fine-tune into `model_dir`; return its training arguments."""
    base_sha = verify_base_model(base_model_dir, expected_sha256)
    with tempfile.TemporaryDirectory(prefix="stance-checkpoints-") as checkpoints:
        network, tokenizer = fine_tune(splits, base_model_dir, Path(checkpoints), config)
    network.save_pretrained(model_dir)
    tokenizer.save_pretrained(model_dir)
    write_calibration(model_dir, splits["train"]["text"], config.seed)
    _tune_and_finish(model_dir, "transformer", splits, config.max_length)
    return {**config.to_dict(), "bf16": uses_bf16(config), "base_model_sha256": base_sha}


def served_runtime_metrics(model_dir: Path, kind: str, test: Dataset) -> dict[str, Any] | None:
    """The test macro-F1 in the runtime `auto` picks on this CPU (int8 or bf16), when that is not fp32.

    Stored with every model, so the claim that the faster runtime keeps fp32's F1 is
    measured for each model rather than once for one.
    """
    runtime = choose_runtime(device="cpu")
    if kind != "transformer" or runtime == _reference_runtime():
        return None
    result = evaluate(load_predictor(model_dir, runtime=runtime), test, name=f"{kind} ({runtime})")
    return {"runtime": str(runtime), "macro_f1": result.metrics["macro_f1"]}


def _promotion(name: str, tag: str, macro_f1: float, force: bool) -> tuple[bool, str]:
    current = production_tag(name)
    if current is None:
        return True, "first model of its kind"
    if force:
        return True, f"--force (replaces {current})"
    try:
        served = float(bentoml.models.get(current).info.metadata["test_metrics"]["macro_f1"])
    except Exception:  # a missing or foreign production model must not block a good one
        return True, f"production model {current} has no readable metrics"
    if macro_f1 >= served - PROMOTION_TOLERANCE:
        return True, f"test macro-F1 {macro_f1:.4f} vs {served:.4f} of {current}"
    return False, (
        f"kept as a candidate: test macro-F1 {macro_f1:.4f} is more than {PROMOTION_TOLERANCE} below "
        f"{served:.4f} of production {current}; use --force to promote it anyway"
    )


def train_and_save(
    kind: str,
    data_dir: Path = DEFAULT_DATA_DIR,
    *,
    config: FineTuneConfig | None = None,
    force: bool = False,
    base_model_dir: Path | None = None,
    expected_sha256: str | None = MINILM_SHA256,
) -> TrainOutcome:
    """Train one model kind end to end and save it to the store (promoting it if it earns it)."""
    config = config or FineTuneConfig()
    splits = load_splits(data_dir)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=f"stance-{kind}-") as folder:
        model_dir = Path(folder)
        if kind == "baseline":
            arguments = build_baseline(splits, model_dir, config.seed)
        elif kind == "transformer":
            arguments = build_transformer(
                splits, model_dir, config, base_model_dir or minilm_dir(), expected_sha256
            )
        else:
            raise ValueError(f"unknown model kind {kind!r}: use transformer or baseline")
        seconds = time.perf_counter() - started
        predictor = load_predictor(model_dir, runtime=_reference_runtime())
        result = evaluate(predictor, splits["test"], name=kind)
        served = served_runtime_metrics(model_dir, kind, splits["test"])
        metadata = {
            "kind": kind,
            "labels": list(LABELS),
            "thresholds": [float(t) for t in predictor.thresholds],
            "test_metrics": result.metrics,
            "data_sha256": {split: _sha256(path) for split, path in split_files(data_dir).items()},
            "base_model_sha256": arguments.get("base_model_sha256", "none (no base model)"),
            "git_commit": git_commit(),
            "training_args": arguments,
            "training_seconds": round(seconds, 1),
            **({"served_runtime": served} if served else {}),
        }
        tag = save_model(MODEL_NAMES[kind], model_dir, metadata)
    promoted, reason = _promotion(MODEL_NAMES[kind], tag, result.metrics["macro_f1"], force)
    if promoted:
        promote(tag)
    outcome = TrainOutcome(kind, tag, result.metrics, promoted, reason, seconds, served)
    if not outcome.served_runtime_within_tolerance:
        log.warning(
            "%s: test macro-F1 in %s is %.4f, more than %s below fp32's %.4f: "
            "serve it with STANCE_PRECISION=fp32",
            tag, served["runtime"], served["macro_f1"], SERVED_RUNTIME_TOLERANCE, result.metrics["macro_f1"],
        )
    return outcome
