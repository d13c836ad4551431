"""Why a model gave a quote its labels: word occlusion.

Each word is deleted in turn and the quote re-scored; a word's contribution to
a label is the label's log-odds with the word minus its log-odds without it
(positive: the word pushes the label up). Log-odds rather than probability,
because a confident model sits near 0 or 1 where probabilities hardly move and
every word would look equally unimportant. The quote and all its
one-word-less variants are scored in a single `predict_proba` call, which the
transformer runs as a few batches of near-equal length. Occlusion needs nothing but
`predict_proba`, so it explains the transformer, the baseline and any other
`Predictor` alike.
"""

import re

import numpy as np
from pydantic import BaseModel

from model.labels import LABELS
from model.predictor import Predictor, to_prediction

WORD = re.compile(r"\w+(?:['\u2019-]\w+)*")
MAX_WORDS = 256  # one forward pass per word: bound the cost of a single request
EPSILON = 1e-6  # probabilities are clipped to [EPSILON, 1 - EPSILON] before taking log-odds


class WordContribution(BaseModel):
    """One word of the quote (by character span) and how much it moves one label's log-odds."""

    word: str
    start: int
    end: int
    contribution: float


class Explanation(BaseModel):
    """A quote's prediction and, per label, its words, strongest contribution (up or down) first."""

    text: str
    model: str
    method: str = "word occlusion"
    unit: str = "log-odds"
    labels: list[str]
    scores: dict[str, float]
    contributions: dict[str, list[WordContribution]]


def without_word(text: str, start: int, end: int) -> str:
    """The text with the span [start, end) deleted and the whitespace around it collapsed."""
    return " ".join(f"{text[:start]} {text[end:]}".split())


def log_odds(probabilities: np.ndarray) -> np.ndarray:
    """log(p / (1 - p)), in float64, with p kept away from 0 and 1."""
    clipped = np.clip(probabilities.astype(np.float64), EPSILON, 1 - EPSILON)
    return np.log(clipped / (1 - clipped))


def explain(predictor: Predictor, text: str) -> Explanation:
    """Each word's contribution to each label of `predictor`'s prediction for `text`."""
    words = list(WORD.finditer(text))
    if not words:
        raise ValueError("nothing to explain: the text has no words")
    if len(words) > MAX_WORDS:
        raise ValueError(f"text has {len(words)} words; explanations are limited to {MAX_WORDS}")
    variants = [text, *(without_word(text, w.start(), w.end()) for w in words)]
    probabilities = predictor.predict_proba(variants)
    prediction = to_prediction(probabilities[0], predictor.thresholds)
    odds = log_odds(probabilities)
    contributions = {}
    for column, label in enumerate(LABELS):
        deltas = odds[0, column] - odds[1:, column]
        ranked = np.argsort(-np.abs(deltas), kind="stable")  # ties keep the words' order
        contributions[label] = [
            WordContribution(
                word=words[i].group(),
                start=words[i].start(),
                end=words[i].end(),
                contribution=round(float(deltas[i]), 6),
            )
            for i in ranked
        ]
    return Explanation(
        text=text,
        model=predictor.tag,
        labels=prediction.labels,
        scores=prediction.scores,
        contributions=contributions,
    )
