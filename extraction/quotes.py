"""The public entry point: the quotations in an article, direct and reported, each with its speaker."""

from dataclasses import asdict, dataclass, replace
from typing import Any

from extraction.attribution import attribute
from extraction.cues import Attribution
from extraction.layout import entry_breaks, split_paragraphs
from extraction.spans import find_quoted_spans
from extraction.turns import find_turns

MIN_QUOTE_WORDS = 3  # one or two quoted words are scare quotes, nicknames or titles
DIRECT, INDIRECT = "direct", "indirect"


@dataclass(frozen=True)
class Quote:
    """A quote: `text == article[start:end]` (marks excluded) and who said it.

    `speaker` is the resolved full name ("Volodymyr Zelensky") or None when the
    article names nobody; `speaker_as_written` is how the attribution reads
    ("he", "the Ukrainian leader", "Zelensky", "MR MILLER"); `cue` is the verb
    ("said", "according to"). `kind` is "direct" for the speaker's own words (in
    quote marks, or a turn of a transcript or interview) and "indirect" for
    reported speech, whose `text` is the reported content.
    """

    text: str
    start: int
    end: int
    speaker: str | None
    speaker_as_written: str | None
    cue: str | None
    kind: str = DIRECT

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def extract_quotes(text: str) -> list[Quote]:
    """Every quotation of three or more words in the article prose, in text order.

    Turns of a transcript or interview are direct quotes and are kept out of the
    narration that the other rules read.
    """
    if not isinstance(text, str):
        raise TypeError(f"extract_quotes needs the article as str, got {type(text).__name__}")
    paragraphs = split_paragraphs(text)
    turns = find_turns(text, paragraphs)
    in_turns = {turn.paragraph for turn in turns}
    narration = [replace(p, is_body=False) if i in in_turns else p for i, p in enumerate(paragraphs)]
    spans = find_quoted_spans(text, narration)
    reading = attribute(text, narration, spans, frozenset(entry_breaks(text, paragraphs)))
    quotes = [
        Quote(text[s.start : s.end], s.start, s.end, a.speaker, a.as_written, a.cue)
        for s, a in zip(spans, reading.direct, strict=True)
    ]
    quotes += [Quote(text[t.start : t.end], t.start, t.end, t.speaker, t.as_written, None) for t in turns]
    quotes += [
        Quote(text[r.start : r.end], r.start, r.end, *_who(r.attribution), INDIRECT) for r in reading.reported
    ]
    return sorted(
        (q for q in quotes if len(q.text.split()) >= MIN_QUOTE_WORDS), key=lambda q: (q.start, q.kind)
    )


def _who(attribution: Attribution) -> tuple[str | None, str | None, str | None]:
    return attribution.speaker, attribution.as_written, attribution.cue
