"""The public entry point: direct quotations in an article, each with its speaker."""

from dataclasses import asdict, dataclass
from typing import Any

from extraction.attribution import attribute
from extraction.layout import split_paragraphs
from extraction.spans import find_quoted_spans

MIN_QUOTE_WORDS = 3  # one or two quoted words are scare quotes, nicknames or titles


@dataclass(frozen=True)
class Quote:
    """A quoted stretch: `text == article[start:end]` (marks excluded) and who said it.

    `speaker` is the resolved full name ("Volodymyr Zelensky") or None when the
    article names nobody; `speaker_as_written` is how the attribution reads
    ("he", "the Ukrainian leader", "Zelensky"); `cue` is the verb ("said").
    """

    text: str
    start: int
    end: int
    speaker: str | None
    speaker_as_written: str | None
    cue: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def extract_quotes(text: str) -> list[Quote]:
    """Every direct quotation of three or more words in the article prose, in text order."""
    if not isinstance(text, str):
        raise TypeError(f"extract_quotes needs the article as str, got {type(text).__name__}")
    paragraphs = split_paragraphs(text)
    spans = find_quoted_spans(text, paragraphs)
    attributions = attribute(text, paragraphs, spans)
    return [
        Quote(text[s.start : s.end], s.start, s.end, a.speaker, a.as_written, a.cue)
        for s, a in zip(spans, attributions, strict=True)
        if len(text[s.start : s.end].split()) >= MIN_QUOTE_WORDS
    ]
