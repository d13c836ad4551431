"""Where reported content starts and ends in a sentence, and what may be its speech verb.

A speech verb ('said', 'told', 'warned') is followed by an optional listener
('told reporters', 'told the BBC'), adverbials ('on Monday', 'on Telegram,') and
'that'; the content then runs to the end of the clause, cut at the next report
('... and says ...', ', adding ...', 'and Medinsky said'), at a trailing
attribution (', TASS reports') and at ';'. A bare clause (no 'that') follows only
say/tell-like verbs and must look like a clause.
"""

from dataclasses import dataclass

from extraction.cues import Attribution
from extraction.lexicon import (
    ADVERBS_BEFORE_CUE,
    AUXILIARIES,
    BARE_CLAUSE_VERBS,
    FUNCTION_WORDS,
    POSSESSIVE_DETERMINERS,
    PREPOSITIONS,
    REPORT_PARTICIPLES,
    REPORT_VERBS,
    TELL_VERBS,
    TIME_WORDS,
    words,
)
from extraction.tokens import Kind, Token

MAX_PHRASE = 10  # tokens of an adverbial phrase before its comma ('on the Telegram messenger,')
MAX_TAIL = 9  # tokens of a closing attribution (', Ukraine's top general said')
MAX_THAT_DISTANCE = 12  # tokens between a verb and its 'that'
MAX_CLAUSE_REACH = 25  # tokens of bare content searched for its verb
MAX_NAME_WORDS = 3  # words of a name between 'and' and a second speech verb
PASSIVE_AUXILIARIES = words("was were is are be been being")
QUESTION_WORDS = words("why whether if how what when where who which")
QUESTION_VERBS = words("ask asks asked")
NOT_CONTENT_STARTS = words("so this nothing goodbye yes no thanks")
CONJUNCTIONS = words("and but or nor")
SUBJECT_PRONOUNS = words("he she it they we i there")
INFINITIVE_STARTS = words("to")
ADVERBIAL_STARTS = PREPOSITIONS | words("ahead prior following shortly")
NOT_BARE_STARTS = words("a an whether if")
NEGATIONS = words("not never")


@dataclass(frozen=True)
class Report:
    """Reported content at tokens first..last (inclusive) of a sentence, and who said it."""

    first: int
    last: int
    attribution: Attribution


def is_report_verb(tokens: list[Token], index: int) -> bool:
    token = tokens[index]
    if not token.is_word or token.lower not in REPORT_VERBS:
        return False
    if token.is_capitalised:  # 'Says ...' opens a live-blog line; 'Asked whether ...' does not
        return index == 0 and token.lower.endswith("s")
    before = tokens[index - 1].lower if index else ""
    if before in NEGATIONS or before.replace("\u2019", "'").endswith("n't"):
        return False  # 'did not say how many', 'has never said when': a negated verb reports nothing
    return before not in {"the", "a", "an", "to"} | POSSESSIVE_DETERMINERS | PASSIVE_AUXILIARIES


def content_start(tokens: list[Token], verb: int, end: int, needs_that: bool) -> int | None:
    """Where the content after a speech verb starts; None when the verb closes its sentence."""
    index = verb + 1
    that = _that_after(tokens, index, end)
    if that is not None:
        return that + 1
    if needs_that or tokens[verb].lower not in BARE_CLAUSE_VERBS:
        return None
    if tokens[verb].lower in TELL_VERBS:
        index = skip_listener(tokens, index, end)
    index = skip_adverbials(tokens, index, end)
    if index >= end or (tokens[index].kind is Kind.PUNCT and tokens[index].text != "("):
        return None
    following = tokens[index + 1].lower if index + 1 < end else ""
    if tokens[index].lower in NOT_CONTENT_STARTS and (index + 1 >= end or following in PREPOSITIONS):
        return None  # 'said this in an interview', 'told him so'
    if tokens[index].lower in INFINITIVE_STARTS or (following == "to" and tokens[index].lower == "not"):
        return None  # 'urged X to', 'warned Putin not to'
    if tokens[index].lower in ADVERBIAL_STARTS | CONJUNCTIONS | REPORT_PARTICIPLES and not _is_quantity(
        tokens, index
    ):
        return None
    asking = tokens[verb].lower in QUESTION_VERBS
    if tokens[index].lower in NOT_BARE_STARTS and not (asking and tokens[index].lower in QUESTION_WORDS):
        return None
    return index if asking or _looks_like_clause(tokens, index, end) else None


def _is_quantity(tokens: list[Token], index: int) -> bool:
    """'at least nine people ...', 'at most two ...': a subject, not an adverbial."""
    following = tokens[index + 1].lower if index + 1 < len(tokens) else ""
    return tokens[index].lower == "at" and following in {"least", "most"}


def _looks_like_clause(tokens: list[Token], start: int, end: int) -> bool:
    """A bare clause has a subject pronoun or a finite verb: an auxiliary or a past form
    ('said he expects ...', 'said Kyiv needed ...'; 'announced new sanctions' has neither)."""
    if tokens[start].lower in SUBJECT_PRONOUNS:
        return True
    for token in tokens[start : min(end, start + MAX_CLAUSE_REACH)]:
        lowered = token.lower.replace("\u2019", "'")
        if (
            token.is_word
            and not token.is_capitalised
            and (
                lowered in AUXILIARIES
                or lowered.endswith("n't")
                or (lowered.endswith("ed") and len(lowered) > 4)
            )
        ):
            return True
    return False


def _that_after(tokens: list[Token], index: int, end: int) -> int | None:
    """A 'that' opening the content within a few tokens, before any quote, colon or other verb."""
    for position in range(index, min(end, index + MAX_THAT_DISTANCE)):
        token = tokens[position]
        if token.lower == "that":
            # 'said Moscow did not expect ... and that ...': the second of two clauses
            return None if position > index and tokens[position - 1].lower in CONJUNCTIONS else position
        if token.kind is Kind.QUOTE or token.text in {":", ";"}:
            return None
        if token.lower in REPORT_VERBS and not token.is_capitalised:
            return None
        if token.text == "," and not _phrase_before_comma(tokens, index, position):
            return None
    return None


def _phrase_before_comma(tokens: list[Token], start: int, comma: int) -> bool:
    """True for 'on Monday,' or 'in an interview with Bild,': an adverbial, not content."""
    return start < comma and (tokens[start].lower in PREPOSITIONS or tokens[start].lower in TIME_WORDS)


def skip_listener(tokens: list[Token], index: int, end: int) -> int:
    """Past the listener of 'told reporters', 'told AFP', 'told him', 'told the BBC'."""
    if index >= end or not tokens[index].is_word:
        return index
    if tokens[index].lower in {"the", "a", "an"} | POSSESSIVE_DETERMINERS:
        index += 1
    if index < end and tokens[index].is_capitalised:
        while index < end and (tokens[index].is_capitalised or tokens[index].kind is Kind.POSSESSIVE):
            index += 1
        return index
    if index < end and tokens[index].is_word and tokens[index].lower not in FUNCTION_WORDS:
        return index + 1
    return index + 1 if index < end and tokens[index].lower in {"him", "her", "them", "us", "me"} else index


def skip_adverbials(tokens: list[Token], index: int, end: int) -> int:
    """Past 'Thursday', 'on Monday', 'also' and 'on Telegram,' before bare content."""
    while index < end:
        token = tokens[index]
        if token.lower in TIME_WORDS | ADVERBS_BEFORE_CUE:
            index += 1
        elif token.lower in PREPOSITIONS and index + 1 < end and tokens[index + 1].lower in TIME_WORDS:
            index += 2  # 'said on Monday Moscow would ...'
        elif token.lower in ADVERBIAL_STARTS and not _is_quantity(tokens, index):
            comma = next(
                (i for i in range(index, min(end, index + MAX_PHRASE)) if tokens[i].text == ","), None
            )
            if comma is None:
                return _skip_short_phrase(tokens, index, end)
            index = comma + 1
        else:
            return index
    return index


def _skip_short_phrase(tokens: list[Token], index: int, end: int) -> int:
    """'on Monday' / 'on social media' / 'in a statement' with nothing after: to the end;
    'in his nightly address Kyiv had ...': to the capitalised word that opens the clause."""
    rest = tokens[index:end]
    if len(rest) <= MAX_PHRASE and all(t.kind is not Kind.QUOTE for t in rest):
        return end
    for position in range(index + 1, min(end, index + MAX_PHRASE)):
        token = tokens[position]
        if not token.is_word:
            break
        if token.is_capitalised:
            return position if _looks_like_clause(tokens, position, end) else index
    return index  # a phrase leading into content: leave it, the content check will judge


def clipped(tokens: list[Token], start: int, end: int, attribution: Attribution) -> Report | None:
    """Content from `start`, cut at the next report, a trailing attribution or ';'."""
    last = end - 1
    for index in range(start + 1, end):
        token = tokens[index]
        following = tokens[index + 1] if index + 1 < end else None
        if token.text == ";":
            last = index - 1
            break
        if token.text == "," and following is not None and _starts_new_report(tokens, index + 1, end):
            last = index - 1
            break
        if token.lower in {"and", "but"} and following is not None and _is_next_verb(tokens, index + 1):
            last = index - 1
            if tokens[last].text == ",":
                last -= 1
            break
    while last > start and tokens[last].kind is Kind.PUNCT and tokens[last].text != ")":
        last -= 1
    return Report(start, last, attribution) if start <= last else None


def _starts_new_report(tokens: list[Token], index: int, end: int) -> bool:
    """', adding ...', ', according to X', or a closing ', TASS reports' / ', she said'."""
    token = tokens[index]
    if token.lower in REPORT_PARTICIPLES or token.lower == "according":
        return True
    if is_report_verb(tokens, index):
        return True  # 'X, who warned that ..., said in a statement that ...'

    for position in range(index, min(end, index + MAX_TAIL)):
        if tokens[position].kind is Kind.QUOTE or tokens[position].text == ",":
            return False
        if is_report_verb(tokens, position):
            return skip_adverbials(tokens, skip_listener(tokens, position + 1, end), end) >= end
    return False


def _is_next_verb(tokens: list[Token], index: int) -> bool:
    """'and says ...', 'and also said that ...', 'and Medinsky said ...': a second report."""
    if index < len(tokens) and tokens[index].lower in {"he", "she", "they"}:
        index += 1
    else:
        names = 0
        while index < len(tokens) and tokens[index].is_capitalised and names < MAX_NAME_WORDS:
            index, names = index + 1, names + 1
    while index < len(tokens) and tokens[index].lower in ADVERBS_BEFORE_CUE:
        index += 1
    return index < len(tokens) and is_report_verb(tokens, index)


def own_words(tokens: list[Token], first: int, last: int) -> int:
    return sum(token.is_word for token in tokens[first : last + 1])
