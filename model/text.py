"""The one text normalisation every model sees, at training and at inference.

A quote's stance does not change when a newsroom wraps it in typographic quote
marks, adds ", he said." or leaves a double space; the model should not see
those differences either. Applying the same function on both sides makes the
invariances hold by construction rather than by hoping the model learned them.
"""

import re
import unicodedata

# Double and single quote marks of English, European and East-Asian typography.
_DOUBLE_QUOTES = str.maketrans({c: '"' for c in "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u300c\u300d"})
_SINGLE_QUOTES = str.maketrans({c: "'" for c in "\u2018\u2019\u201a\u201b\u2039\u203a\u2032"})
_QUOTE_MARKS = "\"'"
_SPEECH_VERBS = (
    r"said|says|added|told\s+[\w\s'-]{1,40}?|stressed|noted|insisted|warned|declared|stated|wrote|"
    r"explained|continued|argued|replied|asserted|emphasi[sz]ed|underlined|concluded|remarked|posted"
)
# Who speaks: a pronoun, a run of capitalised words, or "the/a <up to five words>".
_SPEAKER = r"(?:he|she|they|we|I|(?:[A-Z][\w.'-]*\s*){1,5}|(?:the|a|an)\s+(?:[\w'-]+\s*){1,5})"
# ", he said." / ", Lavrov told reporters on Tuesday." / ", said Peskov." at the very end, cut off
# by a comma or a closing quote mark (without one, "the president said" is part of the quote).
_TRAILING_ATTRIBUTION = re.compile(
    rf"""(?:[,;]\s*["']?|["']\s*[,;]?)\s*(?:{_SPEAKER}\s*(?:{_SPEECH_VERBS})|(?:{_SPEECH_VERBS})\s+{_SPEAKER})"""
    r"""(?:\s+(?:on|in|at|during|after|before|to|when|while|from)\s+[\w\s,'.-]{0,60}?)?\s*[.]?\s*$""",
)
# An attribution is short: looking for one in the last characters only keeps long texts cheap.
_TAIL_CHARS = 160
# "Zelensky said: ..." at the very start.
_LEADING_ATTRIBUTION = re.compile(rf"^{_SPEAKER}\s*(?:{_SPEECH_VERBS})\s*:\s*")
_WHITESPACE = re.compile(r"\s+")


def normalize_quote(text: str) -> str:
    """The quote's own words: unified quote marks and spaces, no wrapping marks, no attribution."""
    text = unicodedata.normalize("NFC", text).translate(_DOUBLE_QUOTES).translate(_SINGLE_QUOTES)
    text = _WHITESPACE.sub(" ", text).strip()
    text = _strip_attribution(text)
    return _strip_wrapping(text) or text


def _strip_attribution(text: str) -> str:
    """Drop a trailing attribution cut off by a comma or quote mark, and a leading "X said:"."""
    start = max(0, len(text) - _TAIL_CHARS)
    match = _TRAILING_ATTRIBUTION.search(text, start)
    if match and match.start() > 0:
        text = text[: match.start()].rstrip()
    return _LEADING_ATTRIBUTION.sub("", text, count=1)


def _strip_wrapping(text: str) -> str:
    """Remove quote marks around the whole text and the comma or stop a cut attribution leaves."""
    text = text.strip()
    while len(text) >= 2 and text[0] == '"' and text.count('"') % 2 == 0 and text.rstrip(".,;")[-1] == '"':
        text = text.rstrip(".,;")[1:-1].strip()
    if text.count('"') % 2:  # one mark left by a cut attribution: "We will talk," he said
        text = text[1:] if text.startswith('"') else text.rstrip(".,;").removesuffix('"')
    if text.startswith("'") and text.rstrip(".,;").endswith("'"):
        text = text.rstrip(".,;")[1:-1].strip()
    return text.rstrip(",;. ").strip()
