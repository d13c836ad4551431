"""Run the behavioural suite (`training.checks_cases`) against predictors and tabulate pass rates.

Every distinct text of the suite is scored in one `predict_proba` call per
model, then each case is judged from those scores. Pass rates are reported
per kind (MFT, INV, DIR) and per label, for several models side by side.
"""

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from model.labels import LABELS, decode
from model.predictor import Predictor
from training.checks_cases import GROUPS, KINDS, Case

DEFAULT_MARGIN = 0.1  # a DIR case passes when its label's probability moves at least this far


@dataclass(frozen=True)
class Outcome:
    """A case, whether the model passed it, and what the model said."""

    case: Case
    passed: bool
    predicted: tuple[str, ...]
    predicted_changed: tuple[str, ...] = ()
    score_change: float = 0.0  # DIR: changed minus original probability of the case's label


def judge(
    case: Case, labels: dict[str, tuple[str, ...]], scores: dict[str, np.ndarray], margin: float
) -> Outcome:
    """Decide one case from the labels and probabilities of its texts."""
    predicted = labels[case.text]
    if case.kind == "MFT":
        return Outcome(case, set(predicted) == set(case.expected), predicted)
    changed = labels[case.changed]
    if case.kind == "INV":
        return Outcome(case, predicted == changed, predicted, changed)
    column = LABELS.index(case.label)
    delta = float(scores[case.changed][column] - scores[case.text][column])
    return Outcome(case, delta * case.direction >= margin, predicted, changed, round(delta, 4))


def run_suite(predictor: Predictor, cases: list[Case], margin: float = DEFAULT_MARGIN) -> list[Outcome]:
    """Score every distinct text of `cases` at once and judge each case."""
    if not 0 <= margin < 1:
        raise ValueError(f"margin must be in [0, 1), got {margin}")
    texts = list(dict.fromkeys(t for case in cases for t in (case.text, case.changed) if t))
    probabilities = predictor.predict_proba(texts)
    decisions = predictor.decide(probabilities)
    scores = dict(zip(texts, probabilities, strict=True))
    labels = {text: tuple(decode(row)) for text, row in zip(texts, decisions, strict=True)}
    return [judge(case, labels, scores, margin) for case in cases]


@dataclass(frozen=True)
class Rate:
    """Passed out of total; `rate` is None for an empty cell."""

    passed: int
    total: int

    @property
    def rate(self) -> float | None:
        return self.passed / self.total if self.total else None


def pass_rates(outcomes: list[Outcome]) -> dict[str, dict[str, Rate]]:
    """{kind: {label or "none" or "all": Rate}} over the outcomes."""
    table: dict[str, dict[str, Rate]] = {}
    for kind in KINDS:
        of_kind = [o for o in outcomes if o.case.kind == kind]
        cells = {group: [o for o in of_kind if o.case.label == group] for group in GROUPS}
        cells["all"] = of_kind
        table[kind] = {group: Rate(sum(o.passed for o in cell), len(cell)) for group, cell in cells.items()}
    return table


@dataclass
class SuiteReport:
    """The suite's results for several models (by name), judged with one margin."""

    margin: float
    outcomes: dict[str, list[Outcome]]

    def rates(self) -> dict[str, dict[str, dict[str, Rate]]]:
        return {model: pass_rates(outcomes) for model, outcomes in self.outcomes.items()}

    def failures(self, model: str) -> list[Outcome]:
        return [o for o in self.outcomes[model] if not o.passed]

    def rows(self) -> list[list[str]]:
        """Table rows: kind, label, cases, then one pass-rate cell per model."""
        rates = self.rates()
        rows = []
        for kind in KINDS:
            for group in (*GROUPS, "all"):
                cells = [rates[model][kind][group] for model in self.outcomes]
                if cells and cells[0].total:
                    rows.append([kind, group, str(cells[0].total), *(_percent(c) for c in cells)])
        return rows

    def to_markdown(self) -> str:
        header = ["kind", "label", "cases", *self.outcomes]
        lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows()]
        lines.append(f"\nDIR margin: {self.margin}. Pass rate = passed / cases.")
        return "\n".join(lines) + "\n"

    def to_dict(self) -> dict[str, Any]:
        return {
            "margin": self.margin,
            "pass_rates": {
                model: {
                    kind: {g: asdict(r) | {"rate": r.rate} for g, r in cells.items()}
                    for kind, cells in table.items()
                }
                for model, table in self.rates().items()
            },
            "failures": {
                model: [asdict(o.case) | _said(o) for o in self.failures(model)] for model in self.outcomes
            },
        }


def shortfalls(report: SuiteReport, model: str, rival: str | None, minimum: float = 0.95) -> list[str]:
    """Where `model` misses the target: under `minimum` on a kind, or behind `rival` on it.

    Ties count as no miss: normalisation makes both models pass the surface invariances.
    """
    rates = report.rates()
    misses = []
    for kind in KINDS:
        mine = rates[model][kind]["all"].rate or 0.0
        if mine < minimum:
            misses.append(f"{model} passes {100 * mine:.1f}% of {kind}, under {100 * minimum:.0f}%")
        if rival is not None and mine < (theirs := rates[rival][kind]["all"].rate or 0.0):
            misses.append(f"{model} ({100 * mine:.1f}%) falls behind {rival} ({100 * theirs:.1f}%) on {kind}")
    return misses


def _percent(rate: Rate) -> str:
    return "-" if rate.rate is None else f"{100 * rate.rate:.1f}% ({rate.passed}/{rate.total})"


def _said(outcome: Outcome) -> dict[str, Any]:
    return {
        "predicted": list(outcome.predicted),
        "predicted_changed": list(outcome.predicted_changed),
        "score_change": outcome.score_change,
    }
