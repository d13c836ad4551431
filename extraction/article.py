"""An article's quotes with their stances, and a stance summary per speaker.

Shared by `stance extract` and the HTTP service, so both give the same answer.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from extraction.quotes import DIRECT, INDIRECT, Quote, extract_quotes
from model.labels import LABELS

if TYPE_CHECKING:  # the predictor pulls in torch; this module only calls it
    from model.predictor import Predictor


@dataclass(frozen=True)
class ClassifiedQuote:
    """A quote with the stance labels over their thresholds and every label's probability."""

    quote: Quote
    labels: list[str]
    scores: dict[str, float]
    language: str = "en"
    warning: str | None = None  # why a quote got no labels (its text is not English)

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.quote.to_dict(),
            "labels": self.labels,
            "scores": self.scores,
            "language": self.language,
            "warning": self.warning,
        }


@dataclass(frozen=True)
class KindSummary:
    """A speaker's quotes of one kind ("direct" or "indirect") and how many take each stance."""

    quotes: int
    stances: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {"quotes": self.quotes, "stances": self.stances}


@dataclass(frozen=True)
class SpeakerSummary:
    """How many quotes a speaker has in the article and how many take each stance.

    `quotes` and `stances` count both kinds, so a reader of the old shape sees
    every statement; `by_kind` tells the speaker's own words from reported speech.
    """

    quotes: int
    stances: dict[str, int]
    by_kind: dict[str, KindSummary] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "quotes": self.quotes,
            "stances": self.stances,
            "by_kind": {kind: summary.to_dict() for kind, summary in self.by_kind.items()},
        }


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
        ClassifiedQuote(
            quote, list(prediction.labels), dict(prediction.scores), prediction.language, prediction.warning
        )
        for quote, prediction in zip(quotes, predictions, strict=True)
    ]
    return ArticleResult(classified, summarise_speakers(classified))


def summarise_speakers(quotes: Sequence[ClassifiedQuote]) -> dict[str, SpeakerSummary]:
    """Quote and stance counts per resolved speaker, in all and per kind; unattributed quotes are left out."""
    said: dict[str, list[ClassifiedQuote]] = {}
    for item in quotes:
        if item.quote.speaker is not None:
            said.setdefault(item.quote.speaker, []).append(item)
    ranked = sorted(said, key=lambda name: -len(said[name]))  # stable: ties keep text order
    summaries = {}
    for name in ranked:
        by_kind = {
            kind: _count(of_kind)
            for kind in (DIRECT, INDIRECT)
            if (of_kind := [item for item in said[name] if item.quote.kind == kind])
        }
        total = _count(said[name])
        summaries[name] = SpeakerSummary(total.quotes, total.stances, by_kind)
    return summaries


def _count(items: Sequence[ClassifiedQuote]) -> KindSummary:
    stances = dict.fromkeys(LABELS, 0)
    for item in items:
        for label in item.labels:
            stances[label] += 1
    return KindSummary(len(items), stances)
