"""Find likely label errors in the corpus with confident learning (cleanlab).

Every quote of all three splits gets an out-of-sample probability per label
from `cross_val_predict` of the baseline pipeline (`training.baseline`), so no
quote is scored by a model that saw its own label. cleanlab's multi-label
`find_label_issues` then flags the quotes whose given labels disagree with
those probabilities beyond what the estimated noise rates explain, ranked by
label quality (lowest first: most likely wrong).
"""

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
from cleanlab.multilabel_classification.filter import find_label_issues
from cleanlab.multilabel_classification.rank import get_label_quality_scores
from datasets import concatenate_datasets
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from model.labels import LABELS, decode
from training.baseline import build_pipeline
from training.data import DEFAULT_DATA_DIR, combination, label_matrix, load_splits

AUDIT_C = 10.0  # the baseline's usual cross-validated choice on the real corpus
SUGGEST_AT = 0.5


@dataclass(frozen=True)
class LabelIssue:
    """A quote whose given labels look wrong, for a person to review."""

    id: str
    split: str
    text: str
    given: list[str]
    suggested: list[str]
    quality: float  # cleanlab label quality in [0, 1]; low means likely mislabeled
    probabilities: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def out_of_sample_probabilities(
    texts: list[str], truth: np.ndarray, folds: int = 5, seed: int = 13, c: float = AUDIT_C
) -> np.ndarray:
    """(n, labels) probabilities, each from a baseline that did not train on that quote.

    Folds are stratified by label combination so every fold sees every label.
    """
    strata = [combination(decode(row)) for row in truth]
    smallest = min(np.unique(strata, return_counts=True)[1])
    if smallest < folds:
        raise ValueError(
            f"audit needs at least {folds} quotes of every label combination for {folds}-fold "
            f"cross-validation; the rarest has {smallest}"
        )
    cv = StratifiedKFold(folds, shuffle=True, random_state=seed)
    return cross_val_predict(
        build_pipeline(c=c, seed=seed),
        texts,
        truth,
        cv=cv.split(texts, strata),
        method="predict_proba",
    )


def rank_label_issues(
    ids: list[str],
    splits: list[str],
    texts: list[str],
    truth: np.ndarray,
    probabilities: np.ndarray,
) -> list[LabelIssue]:
    """The quotes cleanlab flags, most likely mislabeled first."""
    given = [list(np.flatnonzero(row)) for row in truth]
    flagged = find_label_issues(given, probabilities, return_indices_ranked_by="self_confidence")
    quality = get_label_quality_scores(given, probabilities)
    return [
        LabelIssue(
            id=ids[i],
            split=splits[i],
            text=texts[i],
            given=decode(truth[i]),
            suggested=decode(probabilities[i] >= SUGGEST_AT),
            quality=round(float(quality[i]), 4),
            probabilities={
                label: round(float(p), 3) for label, p in zip(LABELS, probabilities[i], strict=True)
            },
        )
        for i in flagged
    ]


def audit_corpus(
    data_dir: Path = DEFAULT_DATA_DIR, folds: int = 5, seed: int = 13
) -> tuple[int, list[LabelIssue]]:
    """Audit all splits of a corpus folder; returns (quotes audited, flagged issues)."""
    splits = load_splits(data_dir)
    everything = concatenate_datasets([splits[name] for name in splits])
    truth = label_matrix(everything["labels"])
    probabilities = out_of_sample_probabilities(everything["text"], truth, folds, seed)
    issues = rank_label_issues(
        everything["id"], everything["split"], everything["text"], truth, probabilities
    )
    return len(truth), issues
