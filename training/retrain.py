"""`stance retrain`: validate the corpus, train both models, compare with production, promote or keep.

The comparison is fair to both sides: the production model is evaluated again
on the *new* test split, since the stored metrics of a model trained before an
import were measured on a different (smaller) test split; with a field set
beside the corpus, on field-dev too. A candidate is promoted unless its
macro-F1 on either is more than `PROMOTION_TOLERANCE` below production's on the
same quotes (`training.train.promotion_decision`, the rule `stance train` uses),
or with `force`. The run report (JSON and
Markdown) says what was trained, the numbers, the decision and why.
"""

import datetime
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from model import store
from model.hardware import choose_runtime
from training.data import load_splits, validate_corpus
from training.evaluate import evaluate
from training.field import has_field, load_field
from training.train import promotion_decision, train_and_save
from training.transformer import FineTuneConfig

KINDS = ("baseline", "transformer")


def training_options() -> dict[str, Any]:
    """Extra arguments for `train_and_save` (tests swap in the tiny base model here)."""
    return {}


@dataclass
class ModelDecision:
    kind: str
    candidate: str
    candidate_macro_f1: float
    production: str | None
    production_macro_f1: float | None
    decision: str  # "promote" or "keep"
    reason: str


@dataclass
class RetrainReport:
    data: str
    started: str
    problems: list[str] = field(default_factory=list)
    models: dict[str, ModelDecision] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def _production_on(kind: str, sets: dict[str, Any]) -> tuple[str | None, dict[str, float] | None]:
    """The production model of `kind` and its macro-F1 on each set (fp32, as training measures)."""
    tag = store.production_tag(store.MODEL_NAMES[kind])
    if tag is None:
        return None, None
    runtime = choose_runtime(device="cpu", precision="fp32") if kind == "transformer" else None
    predictor = store.load(tag, runtime=runtime)
    return tag, {name: float(evaluate(predictor, data).metrics["macro_f1"]) for name, data in sets.items()}


def retrain(data_dir: Path, force: bool = False, config: FineTuneConfig | None = None) -> RetrainReport:
    """The whole run; the production pointers move only for candidates that earn it."""
    report = RetrainReport(
        data=str(data_dir), started=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    )
    report.problems = [str(problem) for problem in validate_corpus(data_dir)]
    if report.problems:
        return report
    sets = {"test": load_splits(data_dir, validate=False)["test"]}
    field_dir = Path(data_dir).parent / "field"
    if has_field(field_dir):
        sets["field-dev"] = load_field(field_dir)["field-dev"]
    options = {"config": config, **training_options()}
    for kind in KINDS:
        outcome = train_and_save(kind, data_dir, auto_promote=False, **options)
        candidate = {"test": float(outcome.metrics["macro_f1"])}
        candidate |= {name: float(m["macro_f1"]) for name, m in (outcome.field_metrics or {}).items()}
        candidate = {name: value for name, value in candidate.items() if name in sets}
        production, production_scores = _production_on(kind, sets)
        promoted, reason = promotion_decision(candidate, production_scores, production, force)
        if promoted:
            store.promote(outcome.tag, f"stance retrain: {reason}")
        report.models[kind] = ModelDecision(
            kind,
            outcome.tag,
            candidate["test"],
            production,
            production_scores["test"] if production_scores else None,
            "promote" if promoted else "keep",
            reason,
        )
    return report


def write_report(report: RetrainReport, out: Path) -> list[Path]:
    """retrain.json and retrain.md under `out`."""
    out.mkdir(parents=True, exist_ok=True)
    payload = {**asdict(report), "ok": report.ok}
    json_path, md_path = out / "retrain.json", out / "retrain.md"
    json_path.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    lines = [f"# Retraining run {report.started}", "", f"Corpus: `{report.data}`", ""]
    if report.problems:
        lines += ["**Stopped: the corpus has bad rows, nothing was trained.**", ""]
        lines += [f"- {problem}" for problem in report.problems[:50]]
    else:
        lines += ["| model | candidate | macro-F1 | production | macro-F1 (same test) | decision |"]
        lines += ["|---|---|---:|---|---:|---|"]
        for m in report.models.values():
            production_f1 = "-" if m.production_macro_f1 is None else f"{m.production_macro_f1:.4f}"
            lines.append(
                f"| {m.kind} | {m.candidate} | {m.candidate_macro_f1:.4f} | {m.production or '-'} "
                f"| {production_f1} | **{m.decision}** |"
            )
        lines += ["", *(f"- {m.kind}: {m.decision}, because {m.reason}" for m in report.models.values())]
    md_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [json_path, md_path]
