"""Paragraphs of an article and which of them are the site's boilerplate.

Scraped articles come wrapped in menus, headlines, bylines, captions,
newsletter blocks and footers. Article prose ends its paragraphs with
sentence punctuation; that chrome almost never does, so the test is cheap and
general. A few prefixes catch the chrome that does end in a full stop.
"""

import re
from dataclasses import dataclass

_LINE = re.compile(r"[^\n]+")
_ENDS_LIKE_PROSE = re.compile(r"[.!?\u2026:;][\"\u201d\u2019'\u00bb)\]]*$")  # closing marks may follow
_CHROME_PREFIXES = (
    "image caption",
    "image source",
    "photo:",
    "photograph:",
    "caption:",
    "read also:",
    "read more:",
    "related:",
    "sign up",
    "privacy notice",
    "copyright",
    "©",
    "reporting by",
    "additional reporting",
    "writing by",
    "editing by",
    "follow ",
    "our standards",
    "subscribe to",
    "support us",
    "share this",
)
_ENTRY_MARK = re.compile(
    r"(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?"  # 10:37 AM, 6.14pm GMT, 14.05 BST
    r"|\d{10}"  # a Unix time stamp left by the page
    r"|(?:[-\u2013\u2014]\s*)?By\s+[A-Z][\w\u2019'\-]+(?:\s+[A-Z][\w\u2019'\-]+){0,3}"  # - By Carl Schreck
    r"|Updated|.*\bpublished at \d{1,2}[:.]\d{2}.*)",
    re.IGNORECASE,
)
_CHROME_ANYWHERE = re.compile(r"\b(?:Photograph|Photo|Image source|Image caption):", re.IGNORECASE)
MIN_PROSE_WORDS = 3


@dataclass(frozen=True)
class Paragraph:
    """One line of the article: its character range and whether it is article prose."""

    start: int
    end: int
    is_body: bool


def split_paragraphs(text: str) -> list[Paragraph]:
    """Every non-blank line, trimmed of surrounding whitespace, with a body/boilerplate flag."""
    paragraphs = []
    for match in _LINE.finditer(text):
        line = match.group()
        stripped = line.strip()
        if not stripped:
            continue
        start = match.start() + (len(line) - len(line.lstrip()))
        end = start + len(stripped)
        paragraphs.append(Paragraph(start, end, is_prose(stripped)))
    return paragraphs


def entry_breaks(text: str, paragraphs: list[Paragraph]) -> set[int]:
    """Paragraphs that open a new live-blog entry: a time stamp or an entry's byline.

    A pronoun never reaches back across one: each entry is written to stand alone.
    """
    return {
        index
        for index, paragraph in enumerate(paragraphs)
        if not paragraph.is_body and _ENTRY_MARK.fullmatch(text, paragraph.start, paragraph.end)
    }


def is_prose(line: str) -> bool:
    """True for article prose; False for headlines, menus, captions, bylines and footers."""
    if len(line.split()) < MIN_PROSE_WORDS or not _ENDS_LIKE_PROSE.search(line):
        return False
    lowered = line.lower()
    return not lowered.startswith(_CHROME_PREFIXES) and not _CHROME_ANYWHERE.search(line)
