"""Scoring `extract_quotes` against the gold articles in data/articles.

Quotes are matched one to one, first on exact offsets, then on any overlap
(largest overlap first), each kind of quote (direct, indirect) apart. Speaker
accuracy is measured over the gold quotes matched by overlap; a gold null
speaker counts as correct only when the prediction is null too. Articles carry
an optional "group" in their gold file ("extra" for the style checks written
apart from the rules; "written_held_out" and "second_held_out" to "fifteenth_held_out" for the
sets of project-written articles, each scored once before any rule was changed for it), so each
group is scored on its own as well as all together; and
"kinds", the kinds of quote the file annotates, so that an article annotated
for direct quotes only is never charged for the indirect ones it does not list.
"""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from extraction.quotes import Quote, extract_quotes

DEFAULT_ARTICLES_DIR = Path(__file__).resolve().parent.parent / "data" / "articles"
DEFAULT_GROUP = "original"
ALL_GROUPS = "all"
HELD_OUT_GROUP = "written_held_out"
SECOND_HELD_OUT_GROUP = "second_held_out"
THIRD_HELD_OUT_GROUP = "third_held_out"
FOURTH_HELD_OUT_GROUP = "fourth_held_out"
FIFTH_HELD_OUT_GROUP = "fifth_held_out"
SIXTH_HELD_OUT_GROUP = "sixth_held_out"
SEVENTH_HELD_OUT_GROUP = "seventh_held_out"
EIGHTH_HELD_OUT_GROUP = "eighth_held_out"
NINTH_HELD_OUT_GROUP = "ninth_held_out"
TENTH_HELD_OUT_GROUP = "tenth_held_out"
ELEVENTH_HELD_OUT_GROUP = "eleventh_held_out"
TWELFTH_HELD_OUT_GROUP = "twelfth_held_out"
THIRTEENTH_HELD_OUT_GROUP = "thirteenth_held_out"
FOURTEENTH_HELD_OUT_GROUP = "fourteenth_held_out"
FIFTEENTH_HELD_OUT_GROUP = "fifteenth_held_out"  # the last one written, scored once before its rules
# The groups that annotate indirect quotes as well as direct ones, in the order they were written.
BOTH_KINDS_GROUPS = (
    HELD_OUT_GROUP,
    SECOND_HELD_OUT_GROUP,
    THIRD_HELD_OUT_GROUP,
    FOURTH_HELD_OUT_GROUP,
    FIFTH_HELD_OUT_GROUP,
    SIXTH_HELD_OUT_GROUP,
    SEVENTH_HELD_OUT_GROUP,
    EIGHTH_HELD_OUT_GROUP,
    NINTH_HELD_OUT_GROUP,
    TENTH_HELD_OUT_GROUP,
    ELEVENTH_HELD_OUT_GROUP,
    TWELFTH_HELD_OUT_GROUP,
    THIRTEENTH_HELD_OUT_GROUP,
    FOURTEENTH_HELD_OUT_GROUP,
    FIFTEENTH_HELD_OUT_GROUP,
)
DIRECT, INDIRECT = "direct", "indirect"
KINDS = (DIRECT, INDIRECT)


class GoldError(ValueError):
    """A gold file that is missing, malformed, or disagrees with its article."""


@dataclass(frozen=True)
class GoldQuote:
    start: int
    end: int
    text: str
    speaker: str | None
    kind: str = DIRECT


@dataclass(frozen=True)
class GoldArticle:
    name: str
    text: str
    quotes: list[GoldQuote]
    group: str = DEFAULT_GROUP
    kinds: tuple[str, ...] = (DIRECT,)  # the kinds of quote the gold file annotates


@dataclass
class Counts:
    """Gold, predicted and matched quotes, and right speakers among the matches."""

    gold: int = 0
    predicted: int = 0
    exact: int = 0
    overlap: int = 0
    speaker_correct: int = 0

    def add(self, other: "Counts") -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.exact += other.exact
        self.overlap += other.overlap
        self.speaker_correct += other.speaker_correct


@dataclass
class ArticleScore(Counts):
    """Counts for one article (all annotated kinds, and per kind), and a line per problem."""

    name: str = ""
    group: str = DEFAULT_GROUP
    problems: list[str] = field(default_factory=list)
    by_kind: dict[str, Counts] = field(default_factory=dict)


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
        quotes = [
            GoldQuote(q["start"], q["end"], q["text"], q["speaker"], q.get("kind", DIRECT))
            for q in raw["quotes"]
        ]
        kinds = tuple(raw.get("kinds", [DIRECT]))
    except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as error:
        raise GoldError(f"{gold_path}: not a gold file ({error!r})") from error
    for quote in quotes:
        if text[quote.start : quote.end] != quote.text:
            raise GoldError(f"{gold_path}: text at {quote.start}:{quote.end} is not {quote.text!r}")
        if quote.kind not in kinds:
            raise GoldError(f"{gold_path}: kind {quote.kind!r} is not in its kinds {kinds}")
    return GoldArticle(name, text, quotes, raw.get("group", DEFAULT_GROUP), kinds)


def score_article(article: GoldArticle, predicted: list[Quote]) -> ArticleScore:
    """Match predictions to gold quotes kind by kind; kinds the gold does not annotate are skipped."""
    score = ArticleScore(name=article.name, group=article.group)
    for kind in article.kinds:
        gold = [q for q in article.quotes if q.kind == kind]
        guesses = [p for p in predicted if p.kind == kind]
        counts = _score_kind(gold, guesses, score.problems, "" if kind == DIRECT else f"{kind} ")
        score.by_kind[kind] = counts
        score.add(counts)
    return score


def _score_kind(gold: list[GoldQuote], predicted: list[Quote], problems: list[str], label: str) -> Counts:
    counts = Counts(gold=len(gold), predicted=len(predicted))
    gold_spans = {(q.start, q.end) for q in gold}
    counts.exact = sum((p.start, p.end) in gold_spans for p in predicted)
    pairs = _match_by_overlap(gold, predicted)
    counts.overlap = len(pairs)
    for gold_index, predicted_index in pairs:
        truth, guess = gold[gold_index], predicted[predicted_index]
        if guess.speaker == truth.speaker:
            counts.speaker_correct += 1
        else:
            problems.append(
                f"{label}speaker {guess.speaker!r} (as written {guess.speaker_as_written!r}) "
                f"should be {truth.speaker!r}: {truth.text[:60]!r}"
            )
    matched_gold = {g for g, _ in pairs}
    matched_predicted = {p for _, p in pairs}
    problems += [f"{label}missed {q.text[:60]!r}" for i, q in enumerate(gold) if i not in matched_gold]
    problems += [
        f"{label}extra {q.text[:60]!r}" for i, q in enumerate(predicted) if i not in matched_predicted
    ]
    return counts


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


def aggregate(scores: Iterable[Counts]) -> ExtractionMetrics:
    """Micro-averaged metrics over articles (or over one kind of their quotes)."""
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


def metrics_by_kind(scores: list[ArticleScore]) -> dict[str, ExtractionMetrics]:
    """Metrics per "group/kind" and "all/kind", over the articles that annotate the kind."""
    groups = sorted({s.group for s in scores}, key=lambda g: (g != DEFAULT_GROUP, g))
    metrics = {}
    for group in [*groups, ALL_GROUPS]:
        for kind in KINDS:
            counts = [s.by_kind[kind] for s in scores if kind in s.by_kind and group in {s.group, ALL_GROUPS}]
            if counts:
                metrics[f"{group}/{kind}"] = aggregate(counts)
    return metrics


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
