"""Prometheus metrics of the stance service, per model tag, served on BentoML's `/metrics`.

BentoML runs its workers with `PROMETHEUS_MULTIPROC_DIR` set and serves every
metric registered with `prometheus_client` in any worker. The metrics are
created on first use, not at import, so `prometheus_client` is set up after
BentoML has chosen its multiprocess folder.
"""

import functools
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from model.labels import LABELS
from model.language import ENGLISH

# Finer near the ends, where most scores of a well-trained model sit, and around the usual thresholds.
SCORE_BUCKETS = (0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0)


@dataclass(frozen=True)
class Metrics:
    classified: Any
    predictions: Any
    scores: Any
    no_label: Any
    rejected: Any
    requests_rejected: Any
    log_dropped: Any
    log_written: Any


@functools.cache
def metrics() -> Metrics:
    """The service's metrics, created once per process."""
    from prometheus_client import Counter, Histogram

    return Metrics(
        classified=Counter("stance_quotes_classified", "Quotes classified", ["model"]),
        predictions=Counter("stance_predictions", "Quotes given each label", ["model", "label"]),
        scores=Histogram(
            "stance_label_score", "Each label's score", ["model", "label"], buckets=SCORE_BUCKETS
        ),
        no_label=Counter("stance_quotes_without_label", "Quotes given no label", ["model"]),
        rejected=Counter("stance_quotes_rejected", "Quotes refused (language, size)", ["model", "reason"]),
        requests_rejected=Counter(
            "stance_requests_rejected", "Requests refused before any model ran (size)", ["route", "reason"]
        ),
        log_dropped=Counter(
            "stance_prediction_log_dropped", "Quotes the prediction log could not write", ["reason"]
        ),
        log_written=Counter("stance_prediction_log_written", "Quotes written to the prediction log"),
    )


def record_predictions(model: str, predictions: Sequence[dict]) -> None:
    """Count the quotes one model tag classified, their labels and scores.

    A quote in another language got no labels and no scores (`model/language.py`): it is
    counted as refused for its language, not as classified with no label.
    """
    classified = [p for p in predictions if p.get("language", ENGLISH) == ENGLISH]
    if len(classified) < len(predictions):
        record_rejected(model, "language", len(predictions) - len(classified))
    predictions = classified
    found = metrics()
    found.classified.labels(model=model).inc(len(predictions))
    per_label = dict.fromkeys(LABELS, 0)
    for prediction in predictions:
        for label in prediction["labels"]:
            per_label[label] += 1
        for label, score in prediction["scores"].items():
            found.scores.labels(model=model, label=label).observe(score)
    for label, count in per_label.items():
        if count:
            found.predictions.labels(model=model, label=label).inc(count)
    empty = sum(not prediction["labels"] for prediction in predictions)
    if empty:
        found.no_label.labels(model=model).inc(empty)


def record_rejected(model: str, reason: str, count: int = 1) -> None:
    """Count quotes refused before classification; `reason` is e.g. "language" or "size".

    `model` is the tag (or, before one is known, the kind) the quotes were sent to.
    """
    metrics().rejected.labels(model=model, reason=reason).inc(count)


def observe(
    prediction_log,
    model: str,
    texts: Sequence[str],
    speakers: Sequence[str | None],
    predictions: Sequence[dict],
    started: float,
) -> None:
    """After a request: count its predictions and hand them to the prediction log (if it is on).

    `started` is the request's `time.perf_counter()` at arrival, for the logged latency.
    """
    record_predictions(model, predictions)
    if prediction_log is not None:
        from service.prediction_log import Batch

        latency_ms = (time.perf_counter() - started) * 1000
        prediction_log.put(Batch(time.time(), model, texts, speakers, predictions, latency_ms))
