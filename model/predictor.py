"""Predictors: texts in, per-label probabilities and thresholded labels out.

One interface for both model kinds, so the service, batch scoring and
evaluation never care which one they hold.
"""

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from model.hardware import Runtime, choose_runtime
from model.labels import LABELS


@dataclass(frozen=True)
class Prediction:
    """The stances of one quote: labels over their thresholds, and every label's probability."""

    labels: list[str]
    scores: dict[str, float]


class Predictor(ABC):
    """A trained model with its per-label decision thresholds."""

    kind: str

    def __init__(self, thresholds: Sequence[float], tag: str = "local") -> None:
        if len(thresholds) != len(LABELS):
            raise ValueError(f"need {len(LABELS)} thresholds (one per label), got {len(thresholds)}")
        self.thresholds = np.asarray(thresholds, dtype=np.float32)
        self.tag = tag

    @abstractmethod
    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """A (len(texts), len(LABELS)) float32 array of probabilities."""

    def decide(self, probabilities: np.ndarray) -> np.ndarray:
        """Multi-hot decisions from probabilities and the stored thresholds."""
        return (probabilities >= self.thresholds).astype(np.int64)

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        """Labels and scores for each text, in input order."""
        probabilities = self.predict_proba(texts)
        return [to_prediction(row, self.thresholds) for row in probabilities]


def to_prediction(probabilities: np.ndarray, thresholds: np.ndarray) -> Prediction:
    """One row of probabilities as a `Prediction`."""
    return Prediction(
        labels=[label for label, p, t in zip(LABELS, probabilities, thresholds, strict=True) if p >= t],
        scores={label: round(float(p), 6) for label, p in zip(LABELS, probabilities, strict=True)},
    )


class TransformerPredictor(Predictor):
    """A fine-tuned sequence classifier; batches by sorted length to cut padding."""

    kind = "transformer"

    def __init__(
        self,
        model_dir: Path,
        thresholds: Sequence[float],
        *,
        tag: str = "local",
        runtime: Runtime | None = None,
        max_length: int = 128,
        batch_size: int = 64,
    ) -> None:
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        super().__init__(thresholds, tag)
        self.runtime = runtime or choose_runtime()
        self.max_length = max_length
        self.batch_size = batch_size
        self.tokenizer = AutoTokenizer.from_pretrained(model_dir)
        self.network = AutoModelForSequenceClassification.from_pretrained(model_dir)
        # Weights in the runtime's dtype rather than autocast: no per-call casts, which on
        # small batches cost more than bf16 saves (docs/benchmarks.md).
        self.network.to(self.runtime.device, dtype=self.runtime.dtype).eval()

    def _forward(self, encoded: list[dict]) -> np.ndarray:
        batch = self.tokenizer.pad(encoded, return_tensors="pt").to(self.runtime.device)
        logits = self.network(**batch).logits
        return torch.sigmoid(logits.float()).cpu().numpy()

    @torch.inference_mode()
    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        encodings = self.tokenizer(list(texts), truncation=True, max_length=self.max_length)
        rows = [{key: encodings[key][i] for key in encodings} for i in range(len(texts))]
        order = np.argsort([len(row["input_ids"]) for row in rows], kind="stable")
        out = np.empty((len(texts), len(LABELS)), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            chunk = order[start : start + self.batch_size]
            out[chunk] = self._forward([rows[i] for i in chunk])
        return out


class BaselinePredictor(Predictor):
    """The scikit-learn TF-IDF + linear baseline."""

    kind = "baseline"

    def __init__(self, pipeline, thresholds: Sequence[float], *, tag: str = "local") -> None:
        super().__init__(thresholds, tag)
        self.pipeline = pipeline

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        return np.asarray(self.pipeline.predict_proba(list(texts)), dtype=np.float32)
