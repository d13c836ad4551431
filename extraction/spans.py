"""Quoted stretches: the text between double quote marks, paragraph by paragraph.

Single marks are left alone: in English news they are apostrophes or quotes
nested inside a double-quoted stretch. A quote left open at the end of a
paragraph and reopened at the start of the next one is a quote running over
several paragraphs; its spans share a `chain`.
"""

from dataclasses import dataclass

from extraction.layout import Paragraph

OPENING_MARKS = "“«"
CLOSING_MARKS = "”»"
STRAIGHT_MARK = '"'
ALL_MARKS = OPENING_MARKS + CLOSING_MARKS + STRAIGHT_MARK


@dataclass(frozen=True)
class QuotedSpan:
    """One quoted stretch inside one paragraph (offsets exclude the marks)."""

    start: int
    end: int
    open_mark: int
    close_mark: int | None  # None: the quote runs on to the end of its paragraph
    paragraph: int
    chain: int  # the index of the first span of a multi-paragraph quote

    @property
    def outer_end(self) -> int:
        """End of the stretch including its closing mark."""
        return self.end if self.close_mark is None else self.close_mark + 1


def find_quoted_spans(text: str, paragraphs: list[Paragraph]) -> list[QuotedSpan]:
    """Every double-quoted stretch in the body paragraphs, in text order, whatever its length."""
    spans: list[QuotedSpan] = []
    for index, paragraph in enumerate(paragraphs):
        if not paragraph.is_body:
            continue
        for open_mark, close_mark in _mark_pairs(text, paragraph):
            inner_end = close_mark if close_mark is not None else paragraph.end
            start, end = _strip(text, open_mark + 1, inner_end)
            if start >= end:
                continue
            chain = len(spans)
            previous = spans[-1] if spans else None
            if (
                previous is not None
                and previous.close_mark is None
                and previous.paragraph == _previous_body(paragraphs, index)
                and open_mark == paragraph.start
            ):
                chain = previous.chain
            spans.append(QuotedSpan(start, end, open_mark, close_mark, index, chain))
    return spans


def _mark_pairs(text: str, paragraph: Paragraph) -> list[tuple[int, int | None]]:
    """(opening, closing) mark positions; closing is None when the paragraph ends first."""
    pairs: list[tuple[int, int | None]] = []
    opened: int | None = None
    for position in range(paragraph.start, paragraph.end):
        mark = text[position]
        if mark not in ALL_MARKS:
            continue
        if opened is None and mark in OPENING_MARKS + STRAIGHT_MARK:
            opened = position
        elif opened is not None and mark in CLOSING_MARKS + STRAIGHT_MARK:
            pairs.append((opened, position))
            opened = None
    if opened is not None:
        pairs.append((opened, None))
    return pairs


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _previous_body(paragraphs: list[Paragraph], index: int) -> int | None:
    for earlier in range(index - 1, -1, -1):
        if paragraphs[earlier].is_body:
            return earlier
    return None
