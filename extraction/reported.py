"""Reported (indirect) speech in one sentence: what someone said, in the narrator's words.

The forms news copy uses, each giving the reported content and its cue:
- 'Lavrov told reporters (that) Moscow would never accept ...': a speech verb,
  an optional listener and adverbials ('on Monday', 'on Telegram,'), an optional
  'that', then the content to the end of the clause;
- '..., the country's military warned.' / '..., said Tatiana Orlova.': the
  content before a closing attribution;
- 'According to Ushakov, ...' and '..., according to Peskov.';
- '..., saying/adding that ...': a participle that borrows the sentence's speaker;
- 'Says economic ties are improving': a live blog's shorthand with the subject left out.
Where the content starts and ends is report_span.py's job. Content made only of a
direct quote is no indirect quote ('He said: "..."'): it needs three words of its own.
"""

from extraction.cues import Attribution, Sentence, speaker_of_verb, subject, subject_start
from extraction.entities import Entity
from extraction.lexicon import (
    ADVERBS_BEFORE_CUE,
    DEFINITE_DETERMINERS,
    FUNCTION_WORDS,
    INDEFINITE_DETERMINERS,
    INVERTIBLE_CUES,
    PREPOSITIONS,
    REPORT_PARTICIPLES,
    REPORT_VERBS,
    TELL_VERBS,
    words,
)
from extraction.report_span import (
    CONJUNCTIONS,
    MAX_TAIL,
    QUESTION_VERBS,
    QUESTION_WORDS,
    Report,
    clipped,
    content_start,
    is_report_verb,
    own_words,
    skip_adverbials,
    skip_listener,
)
from extraction.tokens import Kind, Token

MIN_OWN_WORDS = 3  # words outside quote marks that make reported content
SUBJECTLESS_ASKER = words("asks")  # a live blog's 'Asks why ...' is the journalist's question
SOURCE_OPENINGS = INDEFINITE_DETERMINERS | DEFINITE_DETERMINERS  # 'a source', 'the ministry'
# Tokens of a source after 'according to' ('a source in the Russian delegation quoted by RIA
# Novosti'), and of ', quoted by TASS and Reuters, BTA reported' after a report.
MAX_SOURCE_TAIL = 16
MAX_DATELINE = 8  # tokens of 'KYIV, Ukraine (AP) —' before a report


def find_reports(sentence: Sentence, text: str, focus: Entity | None) -> list[Report]:
    """The sentence's reported speech, in token order; `focus` answers a left-out subject."""
    tokens = sentence.tokens
    end = _content_end_limit(tokens)
    reports: list[Report] = []
    taken: set[int] = set()
    for index in range(len(tokens)):
        if index in taken:
            continue
        report = _according_to(sentence, index, end, text) or _verb_report(
            sentence, index, end, text, focus, reports
        )
        report = report or _participle(sentence, index, end, reports)
        if report is None:
            continue
        taken.update(range(report.first, report.last + 1))
        reports += [part for part in _coordinated_parts(tokens, report) if _is_content(tokens, part, text)]
    return sorted(reports, key=lambda r: r.first)


def _coordinated_parts(tokens: list[Token], report: Report) -> list[Report]:
    """'said X, and that Y' ('but that Y') reports two things: one span each, the same speaker."""
    parts, first = [], report.first
    for index in range(report.first + 2, report.last):
        if tokens[index].lower == "that" and tokens[index - 1].lower in {"and", "but"}:
            last = index - 2 if tokens[index - 2].text != "," else index - 3
            parts.append(Report(first, last, report.attribution))
            first = index + 1
    return [*parts, Report(first, report.last, report.attribution)]


def _is_content(tokens: list[Token], report: Report, text: str) -> bool:
    """Three words of its own, and not a direct quote with narration after it ('"...," including')."""
    first = tokens[report.first]
    if first.kind is Kind.QUOTE and len(text[first.start : first.end].split()) >= MIN_OWN_WORDS:
        return False
    return own_words(tokens, report.first, report.last) >= MIN_OWN_WORDS


def _content_end_limit(tokens: list[Token]) -> int:
    """The index after the last token of content: the sentence without its final full stop."""
    end = len(tokens)
    while end > 0 and tokens[end - 1].kind is Kind.PUNCT and tokens[end - 1].text in ".!?:":
        end -= 1
    return end


def _according_to(sentence: Sentence, index: int, end: int, text: str) -> Report | None:
    """'According to X, content' and 'content, according to X', where X may run on ('an EU
    official involved in the preparations', 'Ukraine's General Staff') up to the comma."""
    tokens = sentence.tokens
    if not (tokens[index].lower == "according" and index + 2 < end and tokens[index + 1].lower == "to"):
        return None
    last = _source_end(tokens, index + 2, end)
    if last is None:
        return None
    attribution = _source(sentence, index + 2, last, text)
    if attribution is None:
        return None
    if index == 0 and last + 1 < end:
        return clipped(tokens, last + 2, end, attribution)
    if index > 0 and tokens[index - 1].text == "," and last + 1 >= end:
        return clipped(tokens, 0, index - 1, attribution)
    return None


def _source(sentence: Sentence, first: int, last: int, text: str) -> Attribution | None:
    """Who tokens first..last name after 'according to': a person the article knows ('Peskov',
    'the Kremlin aide'), else nobody named, written as the whole source ('an EU official involved
    in the talks', 'Axios'); None for no one's words ('the plan')."""
    mention = sentence.mention_at(first)
    if mention is not None and not _is_outlet(sentence, mention):
        found = sentence.attribution(mention, "according to")
        if found.entity is not None or sentence.mentions[mention].last >= last:
            return found
    elif mention is None and not _opens_source(sentence.tokens[first]):
        return None
    surface = text[sentence.tokens[first].start : sentence.tokens[last].end]
    return Attribution(None, surface, "according to")


def _opens_source(token: Token) -> bool:
    """'according to Axios', 'the ministry', 'a source', 'two officials': someone's words."""
    return token.is_capitalised or token.lower in SOURCE_OPENINGS


def _source_end(tokens: list[Token], start: int, end: int) -> int | None:
    """The last token of the source after 'according to': the one before the next comma, or
    the sentence's last; None when a quote comes first or the source runs too long."""
    for position in range(start + 1, min(end, start + MAX_SOURCE_TAIL) + 1):
        if position == end or tokens[position].text == ",":
            return position - 1
        if tokens[position].kind is Kind.QUOTE:
            return None
    return None


def _is_outlet(sentence: Sentence, mention: int) -> bool:
    """A lone capitalised word the article gives no full name for: a source, not a person."""
    found = sentence.mentions[mention]
    return found.is_weak_name and not sentence.is_known_person(mention)


def _verb_report(
    sentence: Sentence,
    verb: int,
    end: int,
    text: str,
    focus: Entity | None,
    reports: list[Report],
) -> Report | None:
    """'X said (that) content' or 'content, X said'."""
    tokens = sentence.tokens
    if not is_report_verb(tokens, verb) or _is_comparison(sentence, verb):
        return None
    cue = tokens[verb].text
    start = content_start(tokens, verb, end, _closes_direct_quote(sentence, verb))
    if start is None or start >= end:
        return None if reports else _closing_attribution(sentence, verb, end, text)
    mention = sentence.mention_at(start)
    if mention is not None and sentence.mentions[mention].last >= end - 1:
        return None  # '..., said the foreign minister.': a speaker, not content
    if tokens[verb].lower in QUESTION_VERBS and tokens[start].lower not in QUESTION_WORDS:
        return None
    if tokens[verb].is_capitalised or _leaves_out_subject(sentence):
        asker = tokens[verb].lower in SUBJECTLESS_ASKER
        attribution = Attribution(None if asker else focus, None, cue)
    elif reports and _follows_conjunction(tokens, verb):  # '... and says ...': the same speaker
        previous = reports[-1].attribution
        attribution = Attribution(previous.entity, previous.as_written, cue)
    else:
        attribution = _speaker_before(sentence, verb, text) or _speaker_after(sentence, verb, cue)
        if attribution is None:
            return None
    return clipped(tokens, start, end, attribution)


def _is_comparison(sentence: Sentence, verb: int) -> bool:
    """'as he said', 'as Putin has said': the verb reports nothing that follows it."""
    index = verb - 1
    while index >= 0 and sentence.tokens[index].lower in ADVERBS_BEFORE_CUE:
        index -= 1
    mention = next((m for m in sentence.mentions if m.last == index), None)
    if mention is not None:
        index = mention.first - 1
    return index > 0 and sentence.tokens[index].lower == "as"  # 'As Peskov said, ...' reports


def _closes_direct_quote(sentence: Sentence, verb: int) -> bool:
    """'“...,” Kallas told reporters ...': the verb attributes the quote before it."""
    tokens = sentence.tokens
    index = verb - 1
    while index >= 0 and tokens[index].lower in ADVERBS_BEFORE_CUE:
        index -= 1
    mention = next((m for m in sentence.mentions if m.last == index), None)
    if mention is not None:
        index = mention.first - 1
    while index >= 0 and tokens[index].text in {",", "\u2014", "\u2013"}:
        index -= 1
    return index >= 0 and tokens[index].kind is Kind.QUOTE


def _follows_conjunction(tokens: list[Token], verb: int) -> bool:
    index = verb - 1
    while index >= 0 and tokens[index].lower in ADVERBS_BEFORE_CUE:
        index -= 1
    return index >= 0 and tokens[index].lower in {"and", "but"}


def _leaves_out_subject(sentence: Sentence) -> bool:
    """'Talks about drugs and says ...': a live blog's line that starts with its verb."""
    tokens = sentence.tokens
    first = tokens[0]
    if len(tokens) < 2 or not (first.is_capitalised and first.lower.endswith("s")):
        return False
    second = tokens[1]
    if first.lower in FUNCTION_WORDS or second.is_capitalised or second.kind is not Kind.WORD:
        return False
    if second.lower in REPORT_VERBS | ADVERBS_BEFORE_CUE:
        return False  # 'Kallas says ...', 'Kallas also said ...'
    mention = sentence.mention_at(0)
    return mention is None or not sentence.is_known_person(mention)


def _speaker_before(sentence: Sentence, verb: int, text: str) -> Attribution | None:
    """The subject of the verb, in its clause, or in the first clause when this one has none."""
    tokens = sentence.tokens
    clause_start = _clause_start(tokens, verb)
    begin = subject_start(tokens, clause_start, verb + 1)
    found = speaker_of_verb(sentence, begin, verb, text)
    if found is not None and found.as_written is not None and found.as_written.lower() not in CONJUNCTIONS:
        return found
    first = subject(sentence, 0, verb)
    if first is not None:
        return Attribution(first.entity, first.as_written, tokens[verb].text)
    return found


def _speaker_after(sentence: Sentence, verb: int, cue: str) -> Attribution | None:
    """'said Tatiana Orlova, content' is rare; 'said X that ...' never: only a mention right after."""
    if sentence.tokens[verb].lower not in INVERTIBLE_CUES:
        return None
    found = sentence.mention_at(verb + 1)
    return sentence.attribution(found, cue) if found is not None else None


def _clause_start(tokens: list[Token], verb: int) -> int:
    """The start of the verb's clause: after the last ';', ', and', ', but' before it."""
    for index in range(verb - 1, 0, -1):
        if tokens[index].text == ";":
            return index + 1
        if tokens[index].text == "," and tokens[index + 1].lower in {"and", "but", "while"}:
            return index + 1
    return 0


def _closing_attribution(sentence: Sentence, verb: int, end: int, text: str) -> Report | None:
    """'content, the military warned.' / 'content,” she added.' / 'content, said X.'"""
    tokens = sentence.tokens
    if tokens[-1].text == ":":
        return None  # 'In a post, Trump wrote:' introduces a quote
    after = skip_listener(tokens, verb + 1, end) if tokens[verb].lower in TELL_VERBS else verb + 1
    after = skip_adverbials(tokens, after, end)
    if after < end and not _is_source_tail(tokens, after, end):
        return None
    comma = _tail_comma(tokens, verb, text)
    if comma is not None and comma + 1 == verb and verb + 1 >= end:
        comma = _apposition_tail_comma(tokens, comma)  # 'content, the governor, Oleh Kiper, said.'
    if comma is None:
        return None
    if comma + 1 == verb:  # ', said Tatiana Orlova.'
        attribution = _speaker_after(sentence, verb, tokens[verb].text)
    else:
        attribution = speaker_of_verb(sentence, comma + 1, verb, text)
    if attribution is None:
        return None
    last = comma - 1 if tokens[comma].text == "," else comma
    start = _report_start(tokens, last)
    opening = tokens[start]
    if opening.lower in PREPOSITIONS or (opening.lower.endswith("ing") and opening.is_capitalised):
        return None  # 'Speaking in Kyiv, the president said': an opening phrase, not content
    if any(is_report_verb(tokens, i) and not tokens[i].is_capitalised for i in range(start, last + 1)):
        return None  # 'Kuleba said this in ..., Ukrainian News Agency reports': a source cited
    return Report(start, last, attribution) if start <= last else None


def _is_source_tail(tokens: list[Token], index: int, end: int) -> bool:
    """', quoted by TASS and Reuters, BTA reported' after a closing attribution: more sources."""
    rest = tokens[index:end]
    return (
        tokens[index].text == ","
        and len(rest) <= MAX_SOURCE_TAIL
        and all(t.kind is not Kind.QUOTE for t in rest)
        and any(t.lower in REPORT_VERBS | {"quoted", "cited"} for t in rest)
    )


def _tail_comma(tokens: list[Token], verb: int, text: str) -> int | None:
    """The comma (or a quote ending in one) that separates content from its closing attribution."""
    for index in range(verb - 1, max(-1, verb - MAX_TAIL - 1), -1):
        token = tokens[index]
        if token.text == ",":
            return index if index > 0 else None
        if token.kind is Kind.QUOTE:
            return index if index > 0 and text[token.end - 2] == "," else None
        if token.is_word and token.lower in REPORT_VERBS:
            return None
    return None


def _apposition_tail_comma(tokens: list[Token], comma: int) -> int | None:
    """The comma before 'the regional governor, Oleh Kiper,' when a name in apposition ends the
    attribution: two commas back from the one before the verb, within a closing attribution."""
    commas = 0
    for index in range(comma - 1, max(-1, comma - MAX_TAIL - 1), -1):
        token = tokens[index]
        if token.kind is Kind.QUOTE or (token.is_word and token.lower in REPORT_VERBS):
            return None
        if token.text == ",":
            commas += 1
            if commas == 2:
                return index
    return None


def _report_start(tokens: list[Token], last: int) -> int:
    """Content before a closing attribution starts at the sentence start, past a dateline."""
    for index in range(min(last, MAX_DATELINE)):
        if tokens[index].text in {"\u2014", "\u2013"} and index > 0 and tokens[index - 1].text == ")":
            return index + 1  # 'KYIV, Ukraine (AP) — Russia launched ...'
    return 0


def _participle(sentence: Sentence, index: int, end: int, reports: list[Report]) -> Report | None:
    """', saying (that) content' / 'as saying that content': the sentence's speaker says more."""
    tokens = sentence.tokens
    token = tokens[index]
    if not (token.is_word and token.lower in REPORT_PARTICIPLES and index > 0):
        return None
    before = tokens[index - 1]
    if before.text != "," and before.lower != "as":
        return None
    start = index + 1
    if start < end and tokens[start].lower == "that":
        start += 1
    if start >= end:
        return None
    cue = token.text
    if before.lower == "as":  # 'TASS cites a source ... as saying': the source speaks
        colon = max((i for i in range(index) if tokens[i].text in {":", ";"}), default=-1)
        owner = next(
            (
                m
                for m in reversed(range(len(sentence.mentions)))
                if colon < sentence.mentions[m].first and sentence.mentions[m].last < index
            ),
            None,
        )
        attribution = sentence.attribution(owner, cue) if owner is not None else Attribution(None, None, cue)
    elif reports:
        previous = reports[-1].attribution
        attribution = Attribution(previous.entity, previous.as_written, cue)
    else:
        found = subject(sentence, 0, index)
        attribution = Attribution(found.entity, found.as_written, cue) if found else None
        if attribution is None:
            return None
    return clipped(tokens, start, end, attribution)
