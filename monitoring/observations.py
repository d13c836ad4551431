"""What drift checks compare: one row per quote with its length, text (if known), labels and scores.

Read from a prediction log folder (the service's `STANCE_PREDICTION_LOG`), a
file `stance score` wrote (JSON Lines, CSV or Parquet), or made by scoring a
corpus split with a model.
"""

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from model.labels import LABELS
from model.predictor import Predictor
from scoring.formats import detect_format, read_rows


@dataclass
class Observations:
    """Quotes as the checks see them (arrays aligned by row)."""

    words: np.ndarray  # words per quote
    scores: np.ndarray  # (rows, labels) probabilities
    decisions: np.ndarray  # (rows, labels) 0/1 labels given
    texts: list[str] | None  # None when only hashes were logged
    models: Counter

    def __len__(self) -> int:
        return len(self.words)

    @property
    def main_model(self) -> str | None:
        """The model tag most rows carry (what to score the reference with)."""
        return self.models.most_common(1)[0][0] if self.models else None


def _from_records(records: Iterable[dict[str, Any]]) -> Observations:
    words, scores, decisions, texts, models = [], [], [], [], Counter()
    for record in records:
        record_scores = record.get("scores")
        if isinstance(record_scores, str):  # CSV keeps nested fields as JSON text
            record_scores = json.loads(record_scores)
        labels = record.get("labels") or []
        if isinstance(labels, str):
            labels = json.loads(labels) if labels.startswith("[") else [x for x in labels.split(",") if x]
        if not isinstance(record_scores, dict):
            continue  # a rejected or foreign row: nothing to compare
        text = record.get("text")
        texts.append(text if isinstance(text, str) else None)
        words.append(record.get("words") or (len(text.split()) if isinstance(text, str) else 0))
        scores.append([float(record_scores.get(label, 0.0)) for label in LABELS])
        decisions.append([int(label in labels) for label in LABELS])
        models[str(record.get("model", "unknown"))] += 1
    if not words:
        raise ValueError("no scored quotes found (rows need 'scores' and 'labels', as `stance score` writes)")
    known = None if any(text is None for text in texts) else texts
    return Observations(
        np.asarray(words, dtype=float), np.asarray(scores), np.asarray(decisions), known, models
    )


def read_observations(path: Path) -> Observations:
    """Every scored quote of a prediction log folder or a `stance score` output file."""
    path = Path(path)
    if path.is_dir():
        files = sorted(path.glob("*.jsonl"))
        if not files:
            raise ValueError(f"{path} holds no .jsonl prediction log files")
        return _from_records(json.loads(line) for file in files for line in _lines(file))
    if not path.exists():
        raise ValueError(f"{path} does not exist: give a prediction log folder or a `stance score` output")
    fmt = detect_format(path)
    return _from_records(row.fields for row in read_rows(path, fmt) if row.fields is not None)


def _lines(path: Path) -> Iterable[str]:
    with open(path, encoding="utf-8") as handle:
        yield from (line for line in handle if line.strip())


def score_texts(texts: list[str], predictor: Predictor) -> Observations:
    """A corpus split (or any texts) scored with `predictor`: the reference side of a comparison."""
    probabilities = predictor.predict_proba(texts) if texts else np.zeros((0, len(LABELS)))
    return Observations(
        words=np.asarray([len(text.split()) for text in texts], dtype=float),
        scores=np.asarray(probabilities, dtype=float),
        decisions=predictor.decide(np.asarray(probabilities)),
        texts=list(texts),
        models=Counter({predictor.tag: len(texts)}),
    )
