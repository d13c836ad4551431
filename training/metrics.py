"""Multi-label metrics: per-label P/R/F1, macro/micro-F1, exact match and calibration error."""

from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

from model.labels import LABELS


def expected_calibration_error(truth: np.ndarray, probability: np.ndarray, bins: int = 10) -> float:
    """ECE of one label's probabilities: bin-weighted |accuracy - confidence| over equal-width bins."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(probability, edges[1:-1]), 0, bins - 1)
    error = 0.0
    for b in range(bins):
        members = which == b
        if members.any():
            error += members.mean() * abs(truth[members].mean() - probability[members].mean())
    return float(error)


def classification_metrics(
    truth: np.ndarray, probabilities: np.ndarray, thresholds: np.ndarray
) -> dict[str, Any]:
    """All test-split metrics for one model, as plain floats (JSON- and metadata-safe)."""
    predicted = (probabilities >= thresholds).astype(np.int64)
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, predicted, average=None, zero_division=0
    )
    per_label = {
        label: {
            "precision": float(precision[i]),
            "recall": float(recall[i]),
            "f1": float(f1[i]),
            "support": int(support[i]),
            "ece": expected_calibration_error(truth[:, i], probabilities[:, i]),
        }
        for i, label in enumerate(LABELS)
    }
    return {
        "macro_f1": float(f1_score(truth, predicted, average="macro", zero_division=0)),
        "micro_f1": float(f1_score(truth, predicted, average="micro", zero_division=0)),
        "exact_match": float(accuracy_score(truth, predicted)),
        "ece": float(np.mean([per_label[label]["ece"] for label in LABELS])),
        "per_label": per_label,
    }
