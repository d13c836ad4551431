"""Scoring `extract_quotes` against the gold articles in data/articles.

Quotes are matched one to one, first on exact offsets, then on any overlap
(largest overlap first). Speaker accuracy is measured over the gold quotes
matched by overlap; a gold null speaker counts as correct only when the
prediction is null too. Articles carry an optional "group" in their gold file
("extra" for the style checks written apart from the rules), so each group is
scored on its own as well as all together.
"""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from extraction.quotes import Quote, extract_quotes

DEFAULT_ARTICLES_DIR = Path(__file__).resolve().parent.parent / "data" / "articles"
DEFAULT_GROUP = "original"
ALL_GROUPS = "all"


class GoldError(ValueError):
    """A gold file that is missing, malformed, or disagrees with its article."""


@dataclass(frozen=True)
class GoldQuote:
    start: int
    end: int
    text: str
    speaker: str | None


@dataclass(frozen=True)
class GoldArticle:
    name: str
    text: str
    quotes: list[GoldQuote]
    group: str = DEFAULT_GROUP


@dataclass
class ArticleScore:
    """Counts for one article, and a line for each miss, extra and wrong speaker."""

    name: str
    group: str
    gold: int = 0
    predicted: int = 0
    exact: int = 0
    overlap: int = 0
    speaker_correct: int = 0
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ExtractionMetrics:
    """Quote precision/recall/F1 (exact and by overlap) and speaker accuracy."""

    articles: int
    gold: int
    predicted: int
    exact_precision: float
    exact_recall: float
    exact_f1: float
    overlap_precision: float
    overlap_recall: float
    overlap_f1: float
    speaker_correct: int
    speaker_total: int
    speaker_accuracy: float

    def as_dict(self) -> dict[str, float | int]:
        return dict(self.__dict__)


def load_gold(folder: Path = DEFAULT_ARTICLES_DIR) -> list[GoldArticle]:
    """Every `NN_slug.txt` with its `NN_slug.gold.json`, checked against the text."""
    folder = Path(folder)
    gold_files = sorted(folder.glob("*.gold.json"))
    if not gold_files:
        raise GoldError(f"no *.gold.json files in {folder}")
    return [_load_article(path) for path in gold_files]


def _load_article(gold_path: Path) -> GoldArticle:
    name = gold_path.name.removesuffix(".gold.json")
    text_path = gold_path.with_name(f"{name}.txt")
    if not text_path.exists():
        raise GoldError(f"{gold_path}: its article {text_path.name} is missing")
    text = text_path.read_text(encoding="utf-8")
    try:
        raw = json.loads(gold_path.read_text(encoding="utf-8"))
        quotes = [GoldQuote(q["start"], q["end"], q["text"], q["speaker"]) for q in raw["quotes"]]
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        raise GoldError(f"{gold_path}: not a gold file ({error!r})") from error
    for quote in quotes:
        if text[quote.start : quote.end] != quote.text:
            raise GoldError(f"{gold_path}: text at {quote.start}:{quote.end} is not {quote.text!r}")
    return GoldArticle(name, text, quotes, raw.get("group", DEFAULT_GROUP))


def score_article(article: GoldArticle, predicted: list[Quote]) -> ArticleScore:
    """Match predictions to gold quotes and count exact, overlapping and speaker agreements."""
    score = ArticleScore(article.name, article.group, len(article.quotes), len(predicted))
    gold_spans = {(q.start, q.end) for q in article.quotes}
    score.exact = sum((p.start, p.end) in gold_spans for p in predicted)
    pairs = _match_by_overlap(article.quotes, predicted)
    score.overlap = len(pairs)
    for gold_index, predicted_index in pairs:
        gold, guess = article.quotes[gold_index], predicted[predicted_index]
        if guess.speaker == gold.speaker:
            score.speaker_correct += 1
        else:
            score.problems.append(
                f"speaker {guess.speaker!r} (as written {guess.speaker_as_written!r}) "
                f"should be {gold.speaker!r}: {gold.text[:60]!r}"
            )
    matched_gold = {g for g, _ in pairs}
    matched_predicted = {p for _, p in pairs}
    score.problems += [
        f"missed {q.text[:60]!r}" for i, q in enumerate(article.quotes) if i not in matched_gold
    ]
    score.problems += [
        f"extra {q.text[:60]!r}" for i, q in enumerate(predicted) if i not in matched_predicted
    ]
    return score


def _match_by_overlap(gold: list[GoldQuote], predicted: list[Quote]) -> list[tuple[int, int]]:
    """One-to-one pairs of overlapping spans, the largest overlaps first."""
    candidates = sorted(
        (
            (min(g.end, p.end) - max(g.start, p.start), gi, pi)
            for gi, g in enumerate(gold)
            for pi, p in enumerate(predicted)
            if min(g.end, p.end) > max(g.start, p.start)
        ),
        reverse=True,
    )
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    pairs = []
    for _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_predicted:
            used_gold.add(gi)
            used_predicted.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


def aggregate(scores: Iterable[ArticleScore]) -> ExtractionMetrics:
    """Micro-averaged metrics over articles."""
    scores = list(scores)
    gold = sum(s.gold for s in scores)
    predicted = sum(s.predicted for s in scores)
    exact = sum(s.exact for s in scores)
    overlap = sum(s.overlap for s in scores)
    correct = sum(s.speaker_correct for s in scores)
    exact_p, exact_r = _ratio(exact, predicted), _ratio(exact, gold)
    overlap_p, overlap_r = _ratio(overlap, predicted), _ratio(overlap, gold)
    return ExtractionMetrics(
        articles=len(scores),
        gold=gold,
        predicted=predicted,
        exact_precision=exact_p,
        exact_recall=exact_r,
        exact_f1=_f1(exact_p, exact_r),
        overlap_precision=overlap_p,
        overlap_recall=overlap_r,
        overlap_f1=_f1(overlap_p, overlap_r),
        speaker_correct=correct,
        speaker_total=overlap,
        speaker_accuracy=_ratio(correct, overlap),
    )


def evaluate_articles(
    articles: list[GoldArticle], extractor: Callable[[str], list[Quote]] = extract_quotes
) -> tuple[dict[str, ExtractionMetrics], list[ArticleScore]]:
    """Metrics per group and over all articles ("all"), with each article's score."""
    scores = [score_article(article, extractor(article.text)) for article in articles]
    groups = sorted({s.group for s in scores}, key=lambda g: (g != DEFAULT_GROUP, g))
    metrics = {group: aggregate(s for s in scores if s.group == group) for group in groups}
    metrics[ALL_GROUPS] = aggregate(scores)
    return metrics, scores


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
