"""A training run: fit, tune thresholds on validation, evaluate on test, save, maybe promote.

Everything is built in a temporary folder and only enters the model store
once it has been evaluated; the production pointer moves last. A run that
fails or is interrupted anywhere before that leaves production untouched.
"""

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
from model.files import sha256_file
from model.hardware import Runtime, choose_runtime
from model.labels import LABELS
from model.onnx import export_graph
from model.store import MODEL_NAMES, production_tag, promote, save_model
from model.text import normalize_quote
from training.base_model import BASE_MODELS, DEFAULT_BASE, verify_base_model
from training.baseline import fit_baseline, save_pipeline
from training.data import DEFAULT_DATA_DIR, label_matrix, load_splits, split_files
from training.evaluate import evaluate
from training.field import FIELD_SPLITS, field_file, has_field, load_field, with_field
from training.thresholds import tune_thresholds
from training.transformer import FineTuneConfig, fine_tune, uses_bf16

log = logging.getLogger(__name__)
PROMOTION_TOLERANCE = 0.01
# How many times field-train joins the baseline's training (a transformer's is in its base model's
# recipe, training/base_model.py): 984 real quotes beside 1,901 written ones.
FIELD_TRAIN_WEIGHT = 3
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
    field_metrics: dict[str, Any] | None = None  # field-dev and field-test, when a field set was used

    @property
    def served_runtime_within_tolerance(self) -> bool:
        """Whether the served runtime keeps fp32's test (and field-test) macro-F1 within the tolerance."""
        if self.served_runtime is None:
            return True
        pairs = [(self.served_runtime["macro_f1"], self.metrics["macro_f1"])]
        if self.field_metrics and "field_test_macro_f1" in self.served_runtime:
            field_fp32 = self.field_metrics["field-test"]["macro_f1"]
            pairs.append((self.served_runtime["field_test_macro_f1"], field_fp32))
        return all(served >= fp32 - SERVED_RUNTIME_TOLERANCE for served, fp32 in pairs)


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
    texts = [normalize_quote(text) for text in train["text"]]  # as the predictor will see them
    pipeline, c = fit_baseline(texts, label_matrix(train["labels"]), seed=seed)
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
    export_graph(model_dir, tokenizer)  # once, here: no start-up ever exports or quantizes
    _tune_and_finish(model_dir, "transformer", splits, config.max_length)
    return {**config.to_dict(), "bf16": uses_bf16(config), "base_model_sha256": base_sha}


def served_runtime_metrics(
    model_dir: Path, kind: str, test: Dataset, field_test: Dataset | None = None
) -> dict[str, Any] | None:
    """Test (and field-test) macro-F1 in the runtime `auto` picks on this CPU, when that is not fp32.

    Stored with every model, so the claim that the faster runtime keeps fp32's F1 is
    measured for each model rather than once for one.
    """
    runtime = choose_runtime(device="cpu")
    if kind != "transformer" or runtime == _reference_runtime():
        return None
    predictor = load_predictor(model_dir, runtime=runtime)
    served = {"runtime": str(predictor.runtime), "macro_f1": evaluate(predictor, test).metrics["macro_f1"]}
    if field_test is not None:
        served["field_test_macro_f1"] = evaluate(predictor, field_test).metrics["macro_f1"]
    return served


def decision_scores(metadata: dict[str, Any]) -> dict[str, float]:
    """The macro-F1s a promotion compares: test, and field-dev where the model was measured on it."""
    scores = {"test": float(metadata["test_metrics"]["macro_f1"])}
    field = metadata.get("field_metrics", {}).get("field-dev")
    if field is not None:
        scores["field-dev"] = float(field["macro_f1"])
    return scores


def promotion_decision(
    candidate: dict[str, float], production: dict[str, float] | None, current: str | None, force: bool
) -> tuple[bool, str]:
    """Promote unless the candidate is worse than production by more than the tolerance on a shared set.

    field-test never takes part: it is reported, not chosen on.
    """
    if current is None:
        return True, "first model of its kind"
    if force:
        return True, f"--force (replaces {current})"
    if production is None:  # a missing or foreign production model must not block a good one
        return True, f"production model {current} has no readable metrics"
    shared = [name for name in candidate if name in production]
    compared = ", ".join(f"{name} {candidate[name]:.4f} vs {production[name]:.4f}" for name in shared)
    worse = [name for name in shared if candidate[name] < production[name] - PROMOTION_TOLERANCE]
    if not worse:
        return True, f"macro-F1 {compared} of {current}"
    return False, (
        f"kept as a candidate: macro-F1 on {' and '.join(worse)} more than {PROMOTION_TOLERANCE} below "
        f"production {current} ({compared}); use --force to promote it anyway"
    )


def _promotion(name: str, candidate: dict[str, float], force: bool) -> tuple[bool, str]:
    current = production_tag(name)
    production = None
    if current is not None:
        try:
            production = decision_scores(dict(bentoml.models.get(current).info.metadata))
        except Exception:  # unreadable metadata: treated as no metrics
            production = None
    return promotion_decision(candidate, production, current, force)


def train_and_save(
    kind: str,
    data_dir: Path = DEFAULT_DATA_DIR,
    *,
    config: FineTuneConfig | None = None,
    force: bool = False,
    auto_promote: bool = True,
    base: str = DEFAULT_BASE,
    base_model_dir: Path | None = None,
    expected_sha256: str | None = None,
    field_dir: Path | None = None,
    field_weight: int | None = None,
) -> TrainOutcome:
    """Train one model kind end to end and save it to the store (promoting it if it earns it).

    The transformer starts from `BASE_MODELS[base]` (checksum verified), or from `base_model_dir`
    with `expected_sha256` (tests use a tiny model there).

    With a field set (`field_dir`, by default the `field` folder beside the corpus folder, as
    `data/field` is beside `data/quotes`), its field-train quotes join training, field-dev joins
    validation, and both field-dev and field-test are measured and stored with the model.
    field-train joins training `field_weight` times: by default the base model's recipe's for a
    transformer, FIELD_TRAIN_WEIGHT for the baseline.
    """
    config = config or FineTuneConfig()
    if field_weight is None:
        field_weight = BASE_MODELS[base].field_weight if kind == "transformer" else FIELD_TRAIN_WEIGHT
    corpus = load_splits(data_dir)
    field_dir = Path(field_dir) if field_dir is not None else Path(data_dir).parent / "field"
    field = load_field(field_dir) if has_field(field_dir) else None
    splits = with_field(corpus, field, field_weight) if field is not None else corpus
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=f"stance-{kind}-") as folder:
        model_dir = Path(folder)
        if kind == "baseline":
            arguments = build_baseline(splits, model_dir, config.seed)
        elif kind == "transformer":
            pretrained = BASE_MODELS[base]
            arguments = build_transformer(
                splits,
                model_dir,
                config,
                base_model_dir or pretrained.locate(),
                expected_sha256 if base_model_dir is not None else pretrained.sha256,
            )
            arguments["base_model"] = pretrained.name if base_model_dir is None else str(base_model_dir)
        else:
            raise ValueError(f"unknown model kind {kind!r}: use transformer or baseline")
        seconds = time.perf_counter() - started
        predictor = load_predictor(model_dir, runtime=_reference_runtime())
        result = evaluate(predictor, splits["test"], name=kind)
        field_metrics = (
            {name: evaluate(predictor, field[name]).metrics for name in ("field-dev", "field-test")}
            if field is not None
            else {}
        )
        served = served_runtime_metrics(
            model_dir, kind, splits["test"], field["field-test"] if field is not None else None
        )
        metadata = {
            "kind": kind,
            "labels": list(LABELS),
            "thresholds": [float(t) for t in predictor.thresholds],
            "test_metrics": result.metrics,
            "data_sha256": {split: sha256_file(path) for split, path in split_files(data_dir).items()},
            **(
                {
                    "field_metrics": field_metrics,
                    "field_data": {
                        "dir": str(field_dir),
                        "train_weight": field_weight,
                        "sha256": {name: sha256_file(field_file(field_dir, name)) for name in FIELD_SPLITS},
                    },
                }
                if field is not None
                else {}
            ),
            "data_dir": str(data_dir),
            "parent_production": production_tag(MODEL_NAMES[kind]) or "none",
            "base_model_sha256": arguments.get("base_model_sha256", "none (no base model)"),
            "git_commit": git_commit(),
            "training_args": arguments,
            "training_seconds": round(seconds, 1),
            **({"served_runtime": served} if served else {}),
        }
        tag = save_model(MODEL_NAMES[kind], model_dir, metadata)
    promoted, reason = (
        _promotion(MODEL_NAMES[kind], decision_scores(metadata), force)
        if auto_promote
        else (False, "saved as a candidate; the caller decides on promotion")
    )
    if promoted:
        promote(tag, reason)
    outcome = TrainOutcome(kind, tag, result.metrics, promoted, reason, seconds, served, field_metrics)
    if not outcome.served_runtime_within_tolerance:
        log.warning(
            "%s: macro-F1 in %s (%s) is more than %s below fp32's: serve it with STANCE_PRECISION=fp32",
            tag,
            served["runtime"],
            served,
            SERVED_RUNTIME_TOLERANCE,
        )
    return outcome
