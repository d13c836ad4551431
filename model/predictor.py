"""Predictors: texts in, per-label probabilities and thresholded labels out.

One interface for both model kinds, so the service, batch scoring and
evaluation never care which one they hold.
"""

import logging
import threading
from abc import ABC, abstractmethod
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import torch

from model.first_token import first_token_classifier
from model.hardware import Runtime, choose_runtime
from model.labels import LABELS
from model.language import ENGLISH, detect_language, not_english_warning
from model.onnx import GRAPH_FILE, to_onnx_runtime
from model.text import normalize_quote

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Prediction:
    """The stances of one quote: labels over their thresholds, and every label's probability.

    A quote that is not English gets no labels and no scores, and a `warning` saying why.
    """

    labels: list[str]
    scores: dict[str, float]
    language: str = ENGLISH
    warning: str | None = None


class Predictor(ABC):
    """A trained model with its per-label decision thresholds."""

    kind: str

    def __init__(self, thresholds: Sequence[float], tag: str = "local") -> None:
        if len(thresholds) != len(LABELS):
            raise ValueError(f"need {len(LABELS)} thresholds (one per label), got {len(thresholds)}")
        self.thresholds = np.asarray(thresholds, dtype=np.float32)
        self.tag = tag

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """A (len(texts), len(LABELS)) float32 array of probabilities of the normalised texts."""
        if not texts:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        return self._probabilities([normalize_quote(text) for text in texts])

    @abstractmethod
    def _probabilities(self, texts: list[str]) -> np.ndarray:
        """Probabilities of texts already normalised by `model.text.normalize_quote`."""

    def decide(self, probabilities: np.ndarray) -> np.ndarray:
        """Multi-hot decisions from probabilities and the stored thresholds."""
        return (probabilities >= self.thresholds).astype(np.int64)

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        """Labels and scores for each text, in input order."""
        languages = [detect_language(text) for text in texts]
        english = [i for i, language in enumerate(languages) if language == ENGLISH]
        probabilities = np.zeros((len(texts), len(LABELS)), dtype=np.float32)
        if english:
            probabilities[english] = self.predict_proba([texts[i] for i in english])
        return [
            to_prediction(row, self.thresholds, language)
            for row, language in zip(probabilities, languages, strict=True)
        ]


def to_prediction(probabilities: np.ndarray, thresholds: np.ndarray, language: str = ENGLISH) -> Prediction:
    """One row of probabilities as a `Prediction` (none for a text in another language)."""
    if language != ENGLISH:
        return Prediction(labels=[], scores={}, language=language, warning=not_english_warning(language))
    return Prediction(
        labels=[label for label, p, t in zip(LABELS, probabilities, thresholds, strict=True) if p >= t],
        scores={label: round(float(p), 6) for label, p in zip(LABELS, probabilities, strict=True)},
    )


class TransformerPredictor(Predictor):
    """A fine-tuned sequence classifier; batches by sorted length to cut padding.

    On a CPU, as many batches run at once as torch has threads, each on one
    thread: two single-threaded batches used less CPU per quote than one batch on
    two threads (5.0-6.0 against 5.5-7.6 ms of CPU a quote, ad-hoc), and when another process
    takes a core (the service's HTTP side) one batch pauses instead of the other
    thread spinning at a barrier. One batch alone runs on every thread. On a GPU
    batches run one after another.
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
        on_cpu = self.runtime.device.type == "cpu"
        self._pool = single_threaded_workers(torch.get_num_threads()) if on_cpu else None
        if self.runtime.engine == "onnxruntime" and not (Path(model_dir) / GRAPH_FILE).exists():
            log.warning(
                "%s has no %s (trained before graphs were stored with models): running it in torch; "
                "`stance models prepare TAG` adds the graph once",
                model_dir,
                GRAPH_FILE,
            )
            self.runtime = replace(self.runtime, engine="torch")
        if self.runtime.engine == "onnxruntime":
            self.network = to_onnx_runtime(Path(model_dir))
            default_size = 16  # single-threaded ONNX Runtime batches ran fastest at 16 quotes
        else:
            network = AutoModelForSequenceClassification.from_pretrained(model_dir).eval()
            # Weights in the runtime's dtype rather than autocast: no per-call casts, which on
            # small batches cost more than bf16 saves (docs/benchmarks.md).
            network.to(self.runtime.device, dtype=self.runtime.dtype)
            self.network = first_token_classifier(network)
            default_size = 32 if self._pool else 64
        self.batch_size = batch_size or default_size

    @torch.inference_mode()  # per thread, so here rather than on predict_proba
    def _forward(self, encoded: list[dict]) -> np.ndarray:
        batch = self.tokenizer.pad(encoded, return_tensors="pt").to(self.runtime.device)
        logits = self.network(**batch).logits
        return torch.sigmoid(logits.float()).cpu().numpy()

    def _probabilities(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer(texts, truncation=True, max_length=self.max_length)
        rows = [{key: encodings[key][i] for key in encodings} for i in range(len(texts))]
        lengths = [len(row["input_ids"]) for row in rows]
        batches = sorted_length_batches(lengths, self.batch_size, FORWARD_COST_IN_TOKENS[self.runtime.engine])
        run = self._pool.map if self._pool and len(batches) > 1 else map
        scored = run(lambda batch: self._forward([rows[i] for i in batch]), batches)
        out = np.empty((len(texts), len(LABELS)), dtype=np.float32)
        for batch, probabilities in zip(batches, scored, strict=True):
            out[batch] = probabilities
        return out


def single_threaded_workers(count: int) -> ThreadPoolExecutor:
    """`count` threads, each running torch on one thread of its own.

    `torch.set_num_threads` in a thread also sets the count that threads started
    later take at their first torch call; every worker starts and takes its count
    here, then the count is put back, so threads outside the pool keep all cores.
    """
    pool = ThreadPoolExecutor(count)
    all_started = threading.Barrier(count)

    def start_on_one_thread(_: int) -> None:
        torch.set_num_threads(1)
        torch.get_num_threads()  # a thread's first torch call fixes its count: make it now
        all_started.wait()

    list(pool.map(start_on_one_thread, range(count)))
    torch.set_num_threads(count)
    return pool


# What one more forward pass costs, in padded tokens: the fixed cost of a pass (Python,
# kernel launches, per-node dispatch) against one more token's work. On random sets of
# 8-61 test quotes here, about 100 tokens in torch (bf16) and about 10 in ONNX Runtime
# (a cost of 100 there ran sets of 25-39 quotes 25-35% slower, measured in int8).
FORWARD_COST_IN_TOKENS = {"torch": 100, "onnxruntime": 10}


def sorted_length_batches(lengths: Sequence[int], size: int, forward_cost: int) -> list[np.ndarray]:
    """Indices in batches of at most `size`, shortest first, at the least cost in padded tokens.

    Cutting the sorted quotes into batches is a shortest-path problem: a batch
    costs its size times its longest quote, plus `forward_cost` for the pass.
    A large file comes out as full batches of near-equal lengths, and a few dozen
    quotes of every length (the service's batches) as a few batches, neither one
    padded to the longest nor one per length: 25-39 random test quotes ran
    10-20% faster than with a fixed length ratio (ad-hoc). With `forward_cost`
    0 no batch mixes lengths: no padding at all.
    """
    order = np.argsort(lengths, kind="stable")
    sorted_lengths = np.asarray(lengths)[order]
    cost = np.zeros(len(order) + 1)  # cost[j]: least cost of the first j sorted quotes
    start = np.zeros(len(order) + 1, dtype=np.int64)  # where the last batch of that split starts
    for end in range(1, len(order) + 1):
        starts = np.arange(max(0, end - size), end)
        options = cost[starts] + forward_cost + (end - starts) * sorted_lengths[end - 1]
        best = int(np.argmin(options))
        cost[end], start[end] = options[best], starts[best]
    batches, end = [], len(order)
    while end > 0:
        batches.append(order[start[end] : end])
        end = int(start[end])
    return batches[::-1]


class BaselinePredictor(Predictor):
    """The scikit-learn TF-IDF + linear baseline."""

    kind = "baseline"

    def __init__(self, pipeline, thresholds: Sequence[float], *, tag: str = "local") -> None:
        super().__init__(thresholds, tag)
        self.pipeline = pipeline

    def _probabilities(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self.pipeline.predict_proba(texts), dtype=np.float32)
