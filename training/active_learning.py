"""`stance data suggest`: which scored quotes are most worth a labeler's time.

A quote's priority adds two signals, each in [0, 1]:
- uncertainty: how close the nearest label's score is to that label's
  threshold (1 on the threshold, 0 at 0 or 1);
- disagreement: how far the baseline's scores are from the transformer's
  (mean absolute difference, plus 0.5 when they give different labels).
Quotes the corpus already holds, exactly or nearly (word Jaccard above 0.8),
are never picked, nor near-duplicates of a quote already picked. Picks are
spread over speakers and topics (k-means clusters of TF-IDF vectors): each
quote already picked from the same speaker or topic lowers a candidate's
priority by `SPREAD_PENALTY`.
"""

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from model.labels import LABELS
from model.predictor import Predictor
from training.data import NEAR_DUPLICATE_JACCARD, normalise

SPREAD_PENALTY = 0.25
TOPICS = 8


@dataclass
class Candidate:
    """One quote that could be labeled, with why it is interesting."""

    text: str
    speaker: str
    scores: np.ndarray  # the input model's
    baseline: np.ndarray
    labels: list[str]  # the input model's suggestion
    uncertainty: float
    disagreement: float
    topic: int = 0

    @property
    def priority(self) -> float:
        return self.uncertainty + self.disagreement


def uncertainty(scores: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """Per row, 1 minus the nearest label's distance to its threshold, scaled by how far it could be."""
    reach = np.maximum(thresholds, 1 - thresholds)
    return 1 - np.min(np.abs(scores - thresholds) / reach, axis=1)


def disagreement(scores: np.ndarray, baseline: np.ndarray, thresholds, baseline_thresholds) -> np.ndarray:
    differ = ((scores >= thresholds) != (baseline >= baseline_thresholds)).any(axis=1)
    return np.abs(scores - baseline).mean(axis=1) + 0.5 * differ


def _topics(texts: list[str]) -> np.ndarray:
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    clusters = min(TOPICS, len(texts))
    if clusters < 2:
        return np.zeros(len(texts), dtype=int)
    vectors = TfidfVectorizer(stop_words="english", min_df=1).fit_transform(texts)
    return KMeans(n_clusters=clusters, n_init=3, random_state=13).fit_predict(vectors)


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def build_candidates(
    rows: list[dict], thresholds: np.ndarray, baseline: Predictor, corpus_texts: list[str]
) -> list[Candidate]:
    """Candidates from scored rows (text, scores, labels, speaker), without corpus (near-)duplicates."""
    from training.data import near_duplicate_pairs

    corpus_keys = {normalise(text) for text in corpus_texts}
    fresh = [row for row in rows if normalise(row["text"]) not in corpus_keys]
    keys = list(corpus_keys) + [normalise(row["text"]) for row in fresh]
    size = len(corpus_keys)
    near = {max(i, j) - size for i, j, _ in near_duplicate_pairs(keys) if min(i, j) < size <= max(i, j)}
    fresh = [row for index, row in enumerate(fresh) if index not in near]
    if not fresh:
        return []
    texts = [row["text"] for row in fresh]
    scores = np.array([[float(row["scores"][label]) for label in LABELS] for row in fresh])
    other = baseline.predict_proba(texts)
    uncertain = uncertainty(scores, thresholds)
    apart = disagreement(scores, other, thresholds, baseline.thresholds)
    topics = _topics(texts)
    return [
        Candidate(
            text=row["text"],
            speaker=row.get("speaker") or "unknown",
            scores=scores[i],
            baseline=other[i],
            labels=[label for label, s, t in zip(LABELS, scores[i], thresholds, strict=True) if s >= t],
            uncertainty=float(uncertain[i]),
            disagreement=float(apart[i]),
            topic=int(topics[i]),
        )
        for i, row in enumerate(fresh)
    ]


def pick(candidates: list[Candidate], n: int) -> list[Candidate]:
    """Greedily the `n` highest priorities, less a penalty per pick already from the same speaker or topic."""
    chosen: list[Candidate] = []
    chosen_words: list[set[str]] = []
    speakers: dict[str, int] = {}
    topics: dict[int, int] = {}
    left = sorted(candidates, key=lambda c: c.priority, reverse=True)[: max(20 * n, 1000)]  # bounded work
    while left and len(chosen) < n:
        best = max(
            left,
            key=lambda c: c.priority - SPREAD_PENALTY * (speakers.get(c.speaker, 0) + topics.get(c.topic, 0)),
        )
        left.remove(best)
        words = set(normalise(best.text).split())
        if any(_jaccard(words, other) > NEAR_DUPLICATE_JACCARD for other in chosen_words):
            continue
        chosen.append(best)
        chosen_words.append(words)
        speakers[best.speaker] = speakers.get(best.speaker, 0) + 1
        topics[best.topic] = topics.get(best.topic, 0) + 1
    return chosen


def write_csv(picked: list[Candidate], path: Path) -> None:
    """One row per quote: `labels` holds the model's suggestion for the labeler to correct."""
    path.parent.mkdir(parents=True, exist_ok=True)
    header = ["text", "speaker", "labels", "suggested_labels", "priority", "uncertainty", "disagreement"]
    header += [f"score_{label}" for label in LABELS] + [f"baseline_{label}" for label in LABELS]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for c in picked:
            suggestion = ",".join(c.labels)
            writer.writerow(
                [
                    c.text,
                    c.speaker,
                    suggestion,
                    suggestion,
                    f"{c.priority:.4f}",
                    f"{c.uncertainty:.4f}",
                    f"{c.disagreement:.4f}",
                    *(f"{s:.4f}" for s in c.scores),
                    *(f"{s:.4f}" for s in c.baseline),
                ]
            )


def write_label_studio(picked: list[Candidate], path: Path, model: str) -> None:
    """Label Studio tasks (data, and the model's choices as a prediction) for a Choices control `labels`."""
    tasks = [
        {
            "data": {"text": c.text, "speaker": c.speaker},
            "predictions": [
                {
                    "model_version": model,
                    "score": round(c.priority, 4),
                    "result": [
                        {
                            "from_name": "labels",
                            "to_name": "text",
                            "type": "choices",
                            "value": {"choices": c.labels},
                        }
                    ],
                }
            ],
        }
        for c in picked
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(tasks, indent=2, ensure_ascii=False), encoding="utf-8")


def scored_rows(source: Path) -> list[dict]:
    """Rows with text and scores from a prediction log folder or a `stance score` output file."""
    from scoring.formats import detect_format, read_rows

    if source.is_dir():
        lines = (line for file in sorted(source.glob("*.jsonl")) for line in file.read_text().splitlines())
        records = [json.loads(line) for line in lines if line.strip()]
    else:
        records = [row.fields for row in read_rows(source, detect_format(source)) if row.fields]
    rows = []
    for record in records:
        scores = record.get("scores")
        scores = json.loads(scores) if isinstance(scores, str) else scores
        if isinstance(record.get("text"), str) and isinstance(scores, dict):
            rows.append({**record, "scores": scores})
    if not rows and records:
        raise ValueError(
            f"{source} has no rows with both text and scores (a prediction log needs "
            "STANCE_PREDICTION_LOG_TEXT=text; a scored file needs its text column)"
        )
    return rows


def suggest(source: Path, n: int, data_dir: Path) -> tuple[list[Candidate], str]:
    """The `n` quotes of `source` most worth labeling, and the tag of the model that scored them."""
    from collections import Counter

    import bentoml

    from model import store
    from training.data import load_splits

    rows = scored_rows(source)
    tags = Counter(str(row.get("model", "")) for row in rows)
    tag = tags.most_common(1)[0][0] if tags else ""
    try:
        thresholds = np.asarray(bentoml.models.get(tag).info.metadata["thresholds"], dtype=float)
    except Exception:  # not a tag of this store: the production transformer's thresholds
        tag = store.resolve_tag("transformer")
        thresholds = np.asarray(bentoml.models.get(tag).info.metadata["thresholds"], dtype=float)
    corpus = load_splits(data_dir, validate=False)
    corpus_texts = [text for split in corpus.values() for text in split["text"]]
    candidates = build_candidates(rows, thresholds, store.load("baseline"), corpus_texts)
    return pick(candidates, n), tag
