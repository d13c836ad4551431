"""Counting a scored file in one pass, in memory that does not grow with its rows.

What is kept, and its bound:
- per month: quotes and quotes per label (one entry per distinct month);
- per speaker: quotes and quotes per label, exactly, for the first `max_speakers`
  distinct speakers met (default 50,000, a few MB); quotes of speakers met after
  that are counted as untracked, and the report says how many. Quoted people
  are far fewer than quotes (the corpus: 2,653 quotes, a few hundred speakers),
  so in practice every speaker is tracked;
- per speaker and month: the same counts for at most `max_speaker_months` pairs
  (default 200,000), for the chart of the top speakers over time;
- label co-occurrence: a label-by-label matrix and a count per label combination
  (at most 2^labels entries);
- the `top_quotes` highest-scored quotes of each label: a min-heap each.
"""

import heapq
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from model.labels import LABELS

SPEAKER_FIELDS = ("speaker", "quote_speaker")  # a quotes file's, and `stance score --articles`'s
DATE_FIELD = "date"
MAX_QUOTE_CHARS = 600  # a top quote longer than this is cut in the report
UNKNOWN = "unknown"
_MONTH = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})(?:\D|$)")


def month_of(value: Any) -> str | None:
    """'YYYY-MM' of a date, a datetime or a string starting with one (ISO 8601 and the like); else None."""
    if isinstance(value, datetime | date):
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, str) and (found := _MONTH.match(value)) and 1 <= int(found.group(2)) <= 12:
        return f"{found.group(1)}-{int(found.group(2)):02d}"
    return None


def _decoded(value: Any) -> Any:
    """CSV holds lists and dicts as JSON text (scoring/parts.py); other formats hold them as they are."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value


@dataclass
class TopQuote:
    score: float
    text: str
    speaker: str | None
    month: str | None
    line: int


@dataclass
class ReportCounts:
    """Everything the report shows, counted row by row (`add`)."""

    top_quotes: int = 10
    max_speakers: int = 50_000
    max_speaker_months: int = 200_000
    speaker_field: str | None = None  # None: the first of SPEAKER_FIELDS a row has
    date_field: str = DATE_FIELD
    labels: list[str] = field(default_factory=lambda: list(LABELS))
    rows: int = 0
    skipped: int = 0  # rows without readable labels and scores: not a `stance score` row
    label_counts: Counter = field(default_factory=Counter)
    combinations: Counter = field(default_factory=Counter)  # tuple of labels (in label order) -> rows
    pairs: Counter = field(default_factory=Counter)  # (label, label) -> rows with both
    months: dict[str, Counter] = field(default_factory=dict)  # month -> {"quotes": n, label: n}
    no_date: int = 0
    speakers: dict[str, Counter] = field(default_factory=dict)
    speaker_months: dict[tuple[str, str], Counter] = field(default_factory=dict)
    no_speaker: int = 0
    untracked_speaker_rows: int = 0
    untracked_speaker_month_rows: int = 0
    models: Counter = field(default_factory=Counter)
    _heaps: dict[str, list] = field(default_factory=dict)
    _seen: int = 0

    def add(self, fields: dict[str, Any], line: int = 0) -> None:
        """Count one row of a scored file (its `labels` and `scores`, speaker and date if any)."""
        labels, scores = _decoded(fields.get("labels")), _decoded(fields.get("scores"))
        if not isinstance(labels, list) or not isinstance(scores, dict):
            self.skipped += 1
            return
        self.rows += 1
        for name in scores:
            if name not in self.labels:
                self.labels.append(name)
        taken = tuple(label for label in self.labels if label in labels)
        self.label_counts.update(taken)
        self.combinations[taken] += 1
        for i, first in enumerate(taken):
            for second in taken[i:]:
                self.pairs[first, second] += 1
        if model := fields.get("model"):
            self.models[str(model)] += 1

        month = month_of(fields.get(self.date_field))
        if month is None:
            self.no_date += 1
        else:
            self._count(self.months.setdefault(month, Counter()), taken)
        speaker = self._speaker(fields)
        if speaker is None:
            self.no_speaker += 1
        else:
            self._count_speaker(speaker, month, taken)
        self._keep_top(fields, scores, speaker, month, line)

    def _speaker(self, fields: dict[str, Any]) -> str | None:
        names = (self.speaker_field,) if self.speaker_field else SPEAKER_FIELDS
        for name in names:
            value = fields.get(name)
            if isinstance(value, str) and value.strip():
                return value.strip()
        return None

    @staticmethod
    def _count(counts: Counter, taken: tuple[str, ...]) -> None:
        counts["quotes"] += 1
        counts.update(taken)

    def _count_speaker(self, speaker: str, month: str | None, taken: tuple[str, ...]) -> None:
        counts = self.speakers.get(speaker)
        if counts is None:
            if len(self.speakers) >= self.max_speakers:
                self.untracked_speaker_rows += 1
                return
            counts = self.speakers[speaker] = Counter()
        self._count(counts, taken)
        if month is None:
            return
        cell = self.speaker_months.get((speaker, month))
        if cell is None:
            if len(self.speaker_months) >= self.max_speaker_months:
                self.untracked_speaker_month_rows += 1
                return
            cell = self.speaker_months[speaker, month] = Counter()
        self._count(cell, taken)

    def _keep_top(self, fields, scores, speaker, month, line) -> None:
        text = fields.get("text")
        if not isinstance(text, str):
            return
        self._seen += 1
        for label, score in scores.items():
            if not isinstance(score, int | float):
                continue
            heap = self._heaps.setdefault(label, [])
            key = (float(score), -self._seen)  # ties: the earlier row stays
            if len(heap) < self.top_quotes:
                heapq.heappush(heap, (key, self._top(score, text, speaker, month, line)))
            elif key > heap[0][0]:
                heapq.heapreplace(heap, (key, self._top(score, text, speaker, month, line)))

    @staticmethod
    def _top(score, text, speaker, month, line) -> TopQuote:
        cut = text if len(text) <= MAX_QUOTE_CHARS else text[: MAX_QUOTE_CHARS - 1] + "…"
        return TopQuote(float(score), cut, speaker, month, line)

    # ---- what the report reads ----

    def top(self, label: str) -> list[TopQuote]:
        """The highest-scored quotes of `label`, best first."""
        return [quote for _, quote in sorted(self._heaps.get(label, []), reverse=True)]

    def top_speakers(self, n: int) -> list[tuple[str, Counter]]:
        """The `n` most quoted speakers, most quoted first (ties: by name)."""
        return sorted(self.speakers.items(), key=lambda item: (-item[1]["quotes"], item[0]))[:n]

    def sorted_months(self) -> list[tuple[str, Counter]]:
        return sorted(self.months.items())

    def cooccurrence(self) -> list[list[int]]:
        """Rows with both labels, label by label (the diagonal: rows with the label)."""
        order = {label: i for i, label in enumerate(self.labels)}

        def both(a: str, b: str) -> int:
            return self.pairs.get((a, b) if order[a] <= order[b] else (b, a), 0)

        return [[both(a, b) for b in self.labels] for a in self.labels]
