"""An article's quotes with their stances, and a stance summary per speaker.

Shared by `stance extract` and the HTTP service, so both give the same answer.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from extraction.quotes import Quote, extract_quotes
from model.labels import LABELS

if TYPE_CHECKING:  # the predictor pulls in torch; this module only calls it
    from model.predictor import Predictor


@dataclass(frozen=True)
class ClassifiedQuote:
    """A quote with the stance labels over their thresholds and every label's probability."""

    quote: Quote
    labels: list[str]
    scores: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        return {**self.quote.to_dict(), "labels": self.labels, "scores": self.scores}


@dataclass(frozen=True)
class SpeakerSummary:
    """How many quotes a speaker has in the article and how many take each stance."""

    quotes: int
    stances: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {"quotes": self.quotes, "stances": self.stances}


@dataclass(frozen=True)
class ArticleResult:
    """Quotes in text order; speakers with a resolved name, most quoted first."""

    quotes: list[ClassifiedQuote]
    speakers: dict[str, SpeakerSummary]

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape: {"quotes": [...], "speakers": {name: {"quotes", "stances"}}}."""
        return {
            "quotes": [quote.to_dict() for quote in self.quotes],
            "speakers": {name: summary.to_dict() for name, summary in self.speakers.items()},
        }


def classify_article(text: str, predictor: "Predictor") -> ArticleResult:
    """Extract the article's quotes, classify them in one batch, and summarise by speaker."""
    quotes = extract_quotes(text)
    predictions = predictor.predict([quote.text for quote in quotes]) if quotes else []
    classified = [
        ClassifiedQuote(quote, list(prediction.labels), dict(prediction.scores))
        for quote, prediction in zip(quotes, predictions, strict=True)
    ]
    return ArticleResult(classified, summarise_speakers(classified))


def summarise_speakers(quotes: Sequence[ClassifiedQuote]) -> dict[str, SpeakerSummary]:
    """Quote and stance counts per resolved speaker; unattributed quotes are left out."""
    counts: dict[str, dict[str, int]] = {}
    totals: dict[str, int] = {}
    for item in quotes:
        speaker = item.quote.speaker
        if speaker is None:
            continue
        totals[speaker] = totals.get(speaker, 0) + 1
        stances = counts.setdefault(speaker, dict.fromkeys(LABELS, 0))
        for label in item.labels:
            stances[label] += 1
    ranked = sorted(totals, key=lambda name: -totals[name])  # stable: ties keep text order
    return {name: SpeakerSummary(totals[name], counts[name]) for name in ranked}
