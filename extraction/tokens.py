"""Tokens and sentences of the text around quotes.

The rules read the narration, not the quoted words: each quoted stretch,
marks included, becomes one opaque QUOTE token, so names and verbs inside a
quote are never taken for a speaker or a cue.
"""

import re
from dataclasses import dataclass
from enum import Enum

from extraction.lexicon import ABBREVIATIONS, CUE_VERBS
from extraction.spans import QuotedSpan

MASK = "\ue000"
_TOKEN = re.compile(MASK + r"+|[^\W_][\w\u2019'\-.]*|[,;:!?.()\u2013\u2014]")
_INITIALS = re.compile(r"^(?:[A-Za-z]\.)+$")
_POSSESSIVE = re.compile(r"^(.+?)([\u2019']s)$")
_SENTENCE_END = re.compile(r"[.!?][\u2019'\"\u201d)]*$")  # a closing mark may follow
SENTENCE_PUNCTUATION = frozenset(".!?")


class Kind(Enum):
    WORD = "word"
    PUNCT = "punct"
    QUOTE = "quote"
    POSSESSIVE = "possessive"


@dataclass(frozen=True)
class Token:
    """A word, a punctuation mark, a possessive 's, or a whole quoted stretch."""

    text: str
    start: int
    end: int
    kind: Kind
    quote: int | None = None  # index of the QuotedSpan for QUOTE tokens

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.kind is Kind.WORD

    @property
    def is_capitalised(self) -> bool:
        return self.kind is Kind.WORD and self.text[0].isupper()


def mask_quotes(text: str, spans: list[QuotedSpan]) -> str:
    """The text with every quoted stretch, marks included, blanked out by MASK characters."""
    pieces, cursor = [], 0
    for span in spans:
        pieces.append(text[cursor : span.open_mark])
        pieces.append(MASK * (span.outer_end - span.open_mark))
        cursor = span.outer_end
    pieces.append(text[cursor:])
    return "".join(pieces)


def tokenize(masked: str, start: int, end: int, quote_at: dict[int, int]) -> list[Token]:
    """Tokens of masked[start:end]; `quote_at` maps a quote's opening mark to its span index."""
    tokens: list[Token] = []
    for match in _TOKEN.finditer(masked, start, end):
        text, begin = match.group(), match.start()
        if text[0] == MASK:
            tokens.append(Token(text, begin, match.end(), Kind.QUOTE, quote_at[begin]))
        elif text[0].isalnum():
            tokens.extend(_split_word(text, begin))
        else:
            tokens.append(Token(text, begin, match.end(), Kind.PUNCT))
    return tokens


def _split_word(text: str, begin: int) -> list[Token]:
    """A word, with a sentence-final full stop and a possessive 's split off."""
    trailing: list[Token] = []
    if text.endswith(".") and not (_INITIALS.match(text) or text[:-1].lower() in ABBREVIATIONS):
        text = text.rstrip(".")
        trailing.append(Token(".", begin + len(text), begin + len(text) + 1, Kind.PUNCT))
    possessive = _POSSESSIVE.match(text)
    if possessive:
        base = possessive.group(1)
        return [
            Token(base, begin, begin + len(base), Kind.WORD),
            Token(possessive.group(2), begin + len(base), begin + len(text), Kind.POSSESSIVE),
            *trailing,
        ]
    return [Token(text, begin, begin + len(text), Kind.WORD), *trailing]


def split_sentences(tokens: list[Token], quote_texts: list[str]) -> list[list[Token]]:
    """Sentences of one paragraph; a quote ending in . ! or ? ends one unless its cue follows."""
    sentences: list[list[Token]] = []
    current: list[Token] = []
    for index, token in enumerate(tokens):
        current.append(token)
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is not None and _ends_sentence(token, following, tokens[index + 1 :], quote_texts):
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    return sentences


def _ends_sentence(token: Token, following: Token, rest: list[Token], quote_texts: list[str]) -> bool:
    starts_new = following.kind is Kind.QUOTE or following.is_capitalised or following.text == "("
    if token.kind is Kind.PUNCT and token.text in SENTENCE_PUNCTUATION:
        return starts_new
    if token.kind is Kind.QUOTE and _SENTENCE_END.search(quote_texts[token.quote]):
        return starts_new and not _opens_with_cue(rest)
    return False


def _opens_with_cue(rest: list[Token]) -> bool:
    """True when the tokens after a quote read like its attribution: 'Putin asked.'"""
    for position, token in enumerate(rest[:5]):
        if not token.is_word:
            return False
        if token.lower in CUE_VERBS:
            return position > 0 or not token.is_capitalised  # 'Says ...' opens a live-blog line
    return False
