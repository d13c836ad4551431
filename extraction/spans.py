"""Quoted stretches: the text between quote marks, paragraph by paragraph.

Most English news quotes in double marks; single marks are then apostrophes or
quotes nested inside a double-quoted stretch, and are left alone. Some British
and wire copy quotes in single marks instead: an article whose body has more
single-quoted stretches of three or more words than double-quoted ones is read
in single marks, where a mark between two letters (It's, Ukraine's) is an
apostrophe, never a quote mark. A quote left open at the end of a paragraph and
reopened at the start of the next one is a quote running over several
paragraphs; its spans share a `chain`.
"""

import re
from dataclasses import dataclass

from extraction.layout import Paragraph
from extraction.lexicon import FUNCTION_WORDS, PREPOSITIONS, REPORT_VERBS

OPENING_MARKS = "“«"
CLOSING_MARKS = "”»"
STRAIGHT_MARK = '"'
ALL_MARKS = OPENING_MARKS + CLOSING_MARKS + STRAIGHT_MARK
SINGLE_OPENING = "\u2018"
SINGLE_CLOSING = "\u2019"
SINGLE_STRAIGHT = "'"
MIN_STYLE_WORDS = 3  # a stretch this long counts as a quote when choosing the style
_WORD_AFTER = re.compile(r" (\w+)")


@dataclass(frozen=True)
class MarkStyle:
    """The marks that open and close quotes in one article."""

    opening: str
    closing: str
    straight: str
    single: bool  # single marks: a mark between two letters is an apostrophe


DOUBLE = MarkStyle(OPENING_MARKS, CLOSING_MARKS, STRAIGHT_MARK, single=False)
SINGLE = MarkStyle(SINGLE_OPENING, SINGLE_CLOSING, SINGLE_STRAIGHT, single=True)


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


def quote_style(text: str, paragraphs: list[Paragraph]) -> MarkStyle:
    """Single marks when the body quotes more often in them than in double marks."""
    counts = {}
    for style in (DOUBLE, SINGLE):
        counts[style.single] = sum(
            len(text[start + 1 : end if end is not None else paragraph.end].split()) >= MIN_STYLE_WORDS
            for paragraph in paragraphs
            if paragraph.is_body
            for start, end in mark_pairs(text, paragraph, style)
        )
    return SINGLE if counts[True] > counts[False] else DOUBLE


def find_quoted_spans(text: str, paragraphs: list[Paragraph]) -> list[QuotedSpan]:
    """Every quoted stretch in the body paragraphs, in text order, whatever its length."""
    style = quote_style(text, paragraphs)
    spans: list[QuotedSpan] = []
    for index, paragraph in enumerate(paragraphs):
        if not paragraph.is_body:
            continue
        for open_mark, close_mark in mark_pairs(text, paragraph, style):
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


def mark_pairs(text: str, paragraph: Paragraph, style: MarkStyle = DOUBLE) -> list[tuple[int, int | None]]:
    """(opening, closing) mark positions; closing is None when the paragraph ends first."""
    marks = style.opening + style.closing + style.straight
    pairs: list[tuple[int, int | None]] = []
    opened: int | None = None
    for position in range(paragraph.start, paragraph.end):
        mark = text[position]
        if mark not in marks:
            continue
        if style.single and not _single_mark_can_quote(text, position, opened is None, paragraph):
            continue
        if opened is None and mark in style.opening + style.straight:
            opened = position
        elif opened is not None and mark in style.closing + style.straight:
            pairs.append((opened, position))
            opened = None
    if opened is not None:
        pairs.append((opened, None))
    return pairs


def _single_mark_can_quote(text: str, position: int, opening: bool, paragraph: Paragraph) -> bool:
    """An opening single mark follows no letter and precedes one; a closing one follows no space.

    A mark with letters on both sides (It's, Ukraine's) is an apostrophe, and so is
    one after a letter when a quote is not open (soldiers' homes). Inside an open quote,
    'our lads' mortgages' is a plural possessive: an s, a space and a lowercase word,
    with another mark later in the paragraph to close the quote.
    """
    before = text[position - 1] if position > paragraph.start else " "
    after = text[position + 1] if position + 1 < paragraph.end else " "
    if before.isalnum() and after.isalnum():
        return False
    if opening:
        return not before.isalnum() and not after.isspace()
    if _is_plural_possessive(text, position, paragraph):
        return False
    return not before.isspace() and not after.isalnum()


def _is_plural_possessive(text: str, position: int, paragraph: Paragraph) -> bool:
    """'lads' mortgages': the word after the mark is a lowercase noun, not a function word or
    a speech verb ('... as it takes' and that ...', '... three waves' over ...', '...' he said)."""
    following = _WORD_AFTER.match(text, position + 1, paragraph.end)
    return (
        text[position - 1] == "s"
        and following is not None
        and following.group(1).islower()
        and following.group(1) not in FUNCTION_WORDS | PREPOSITIONS | REPORT_VERBS
        and text.find(text[position], position + 1, paragraph.end) != -1
    )


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
