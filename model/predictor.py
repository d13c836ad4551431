"""Predictors: texts in, per-label probabilities and thresholded labels out.

One interface for both model kinds, so the service, batch scoring and
evaluation never care which one they hold.
"""

from abc import ABC, abstractmethod
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
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
    """A fine-tuned sequence classifier; batches by sorted length to cut padding.

    In torch, batches run one after another, each on every core. In ONNX Runtime
    each batch runs on one thread, and as many batches run at once as there are
    threads (model/onnx.py says why).
    """

    kind = "transformer"

    def __init__(
        self,
        model_dir: Path,
        thresholds: Sequence[float],
        *,
        tag: str = "local",
        runtime: Runtime | None = None,
        max_length: int = 128,
        batch_size: int | None = None,
    ) -> None:
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        super().__init__(thresholds, tag)
        self.runtime = runtime or choose_runtime()
        self.max_length = max_length
        self.tokenizer = AutoTokenizer.from_pretrained(model_dir)
        self.network = AutoModelForSequenceClassification.from_pretrained(model_dir).eval()
        # int8 batches hold quotes of one length only: no padding to compute, and no pad tokens
        # in the one scale per tensor that dynamic quantization picks for each batch.
        int8 = self.runtime.dtype == torch.int8
        self.make_batches = equal_length_batches if int8 else sorted_length_batches
        self._pool: ThreadPoolExecutor | None = None
        if self.runtime.engine == "onnxruntime":
            from model.onnx import to_onnx_runtime

            self.network = to_onnx_runtime(self.network, self.tokenizer, int8=int8)
            self._pool = ThreadPoolExecutor(torch.get_num_threads())  # one single-threaded run per core
            default_size = 16  # single-threaded ONNX Runtime batches ran fastest at 16 quotes
        else:
            # Weights in the runtime's dtype rather than autocast: no per-call casts, which on
            # small batches cost more than bf16 saves (docs/benchmarks.md).
            self.network.to(self.runtime.device, dtype=self.runtime.dtype)
            default_size = 64
        self.batch_size = batch_size or default_size

    @torch.inference_mode()  # per thread, so here rather than on predict_proba
    def _forward(self, encoded: list[dict]) -> np.ndarray:
        batch = self.tokenizer.pad(encoded, return_tensors="pt").to(self.runtime.device)
        logits = self.network(**batch).logits
        return torch.sigmoid(logits.float()).cpu().numpy()

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        encodings = self.tokenizer(list(texts), truncation=True, max_length=self.max_length)
        rows = [{key: encodings[key][i] for key in encodings} for i in range(len(texts))]
        lengths = [len(row["input_ids"]) for row in rows]
        batches = self.make_batches(lengths, self.batch_size)
        run = self._pool.map if self._pool and len(batches) > 1 else map
        scored = run(lambda batch: self._forward([rows[i] for i in batch]), batches)
        out = np.empty((len(texts), len(LABELS)), dtype=np.float32)
        for batch, probabilities in zip(batches, scored, strict=True):
            out[batch] = probabilities
        return out


def sorted_length_batches(lengths: Sequence[int], size: int) -> list[np.ndarray]:
    """Indices in batches, shortest first, so that each batch pads little.

    A batch closes at `size` quotes or before a quote more than a quarter (plus two
    tokens) longer than its first: a large file still runs in full batches of
    near-equal lengths, and a few dozen quotes of every length (the service's
    batches) in several short ones rather than one padded to the longest.
    """
    order = np.argsort(lengths, kind="stable")
    batches: list[list[int]] = []
    for index in order:
        if not batches or len(batches[-1]) == size or lengths[index] > 1.25 * lengths[batches[-1][0]] + 2:
            batches.append([])
        batches[-1].append(int(index))
    return [np.asarray(batch) for batch in batches]


def equal_length_batches(lengths: Sequence[int], size: int) -> list[np.ndarray]:
    """Indices in batches of at most `size` whose members all have the same length: no padding."""
    order = np.argsort(lengths, kind="stable")
    runs = np.split(order, np.flatnonzero(np.diff(np.asarray(lengths)[order])) + 1)
    return [run[start : start + size] for run in runs for start in range(0, len(run), size)]


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
