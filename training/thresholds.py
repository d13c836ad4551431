"""Per-label decision thresholds, tuned on the validation split (never on test)."""

import numpy as np
from sklearn.metrics import f1_score

GRID = np.round(np.arange(0.05, 0.951, 0.01), 2)


def tune_thresholds(truth: np.ndarray, probabilities: np.ndarray) -> list[float]:
    """For each label, the threshold with the best validation F1 (ties go to the one nearest 0.5)."""
    chosen = []
    for i in range(truth.shape[1]):
        scores = [f1_score(truth[:, i], probabilities[:, i] >= t, zero_division=0) for t in GRID]
        best = max(scores)
        ties = [t for t, s in zip(GRID, scores, strict=True) if s >= best - 1e-9]
        chosen.append(float(min(ties, key=lambda t: abs(t - 0.5))))
    return chosen
