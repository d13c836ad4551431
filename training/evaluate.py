"""Evaluate predictors on a split: metrics, the list of errors, and what the plots need."""

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from datasets import Dataset

from model.labels import LABELS, decode
from model.predictor import Predictor
from training.data import label_matrix
from training.metrics import classification_metrics


@dataclass
class Evaluation:
    """One model's results on one split."""

    model: str
    tag: str
    metrics: dict[str, Any]
    truth: np.ndarray
    probabilities: np.ndarray
    errors: list[dict[str, Any]] = field(default_factory=list)


def evaluate(predictor: Predictor, data: Dataset, name: str | None = None) -> Evaluation:
    """Score every quote of `data` and compare with its labels."""
    truth = label_matrix(data["labels"])
    probabilities = predictor.predict_proba(data["text"])
    predicted = predictor.decide(probabilities)
    errors = [
        {
            "id": data["id"][i],
            "text": data["text"][i],
            "expected": decode(truth[i]),
            "predicted": decode(predicted[i]),
            "scores": {label: round(float(p), 3) for label, p in zip(LABELS, probabilities[i], strict=True)},
        }
        for i in np.flatnonzero((predicted != truth).any(axis=1))
    ]
    return Evaluation(
        model=name or predictor.kind,
        tag=predictor.tag,
        metrics=classification_metrics(truth, probabilities, predictor.thresholds),
        truth=truth,
        probabilities=probabilities,
        errors=errors,
    )
