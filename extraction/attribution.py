"""Who said each quoted stretch, found from cue verbs, sentence subjects and context.

The article is read once, sentence by sentence, resolving every mention and
keeping track of the person in focus. A quote takes its speaker from, in order:
1. an attribution right after it: '," Zelensky said' / '," said the president';
2. the cue verb of its clause or sentence: 'Medinsky said ... "a fundamental ..."';
3. the subject of its sentence when it is a partial quote with no cue verb;
then, for a quote that stands alone,
4. the other spans of the same multi-paragraph quote;
5. the quote before it (or the attributed quote after it) in the same paragraph;
6. the sentence ending in a colon that introduces it ('Trump wrote:');
7. the person in focus ('Peskov was blunt. "Such a meeting ..."').
A cue whose subject is not a person ('The Kremlin said', 'a banner read',
'one of the diplomats told') gives the speaker None, never a guess.

The same reading finds reported speech (reported.py) with the speakers resolved
so far, and forgets the person in focus at each new live-blog entry, so that a
pronoun never reaches across entries.
"""

from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise

from extraction import cues
from extraction.cues import Attribution, Sentence
from extraction.entities import Entity, EntityTracker
from extraction.layout import Paragraph
from extraction.lexicon import FUNCTION_WORDS
from extraction.mentions import MentionKind, find_mentions
from extraction.reported import find_reports
from extraction.spans import QuotedSpan
from extraction.tokens import Kind, mask_quotes, split_sentences, tokenize

PARTIAL_QUOTE_MIN_WORDS = 2  # narration words that make a quote part of a sentence


@dataclass
class _Reading:
    """What reading one sentence left behind for the quotes that need context."""

    sentence: Sentence
    focus_before: Entity | None
    intro: Attribution | None  # who speaks next when the sentence ends with a colon
    reported: list["ReportedSpeech"]


@dataclass(frozen=True)
class ReportedSpeech:
    """Reported content at text[start:end] and who the narration says said it."""

    start: int
    end: int
    attribution: Attribution


@dataclass(frozen=True)
class ArticleReading:
    """One attribution per quoted span (in the order of the spans), and the reported speech."""

    direct: list[Attribution]
    reported: list[ReportedSpeech]


def attribute(
    text: str, paragraphs: list[Paragraph], spans: list[QuotedSpan], breaks: frozenset[int] = frozenset()
) -> ArticleReading:
    """Attribute the quoted spans and find the reported speech; `breaks` open live-blog entries."""
    masked = mask_quotes(text, spans)
    sentences = _sentences(text, masked, paragraphs, spans)
    tracker = EntityTracker(
        [m.name for s in sentences for m in s.mentions if m.kind is MentionKind.NAME]
        + _headline_names(text, masked, paragraphs)
    )
    explicit: dict[int, Attribution] = {}
    readings = []
    previous = -1
    for sentence in sentences:
        if any(previous < paragraph <= sentence.paragraph for paragraph in breaks):
            tracker.new_entry(sentence.tokens[0].start)
        previous = sentence.paragraph
        readings.append(_read(sentence, tracker, text, explicit))
    reported = [report for reading in readings for report in reading.reported]
    return ArticleReading(_fill(spans, readings, explicit), reported)


def _sentences(
    text: str, masked: str, paragraphs: list[Paragraph], spans: list[QuotedSpan]
) -> list[Sentence]:
    quote_at = {span.open_mark: index for index, span in enumerate(spans)}
    quote_texts = [text[span.start : span.end] for span in spans]
    sentences = []
    for index, paragraph in enumerate(paragraphs):
        if paragraph.is_body:
            tokens = tokenize(masked, paragraph.start, paragraph.end, quote_at)
            for words in split_sentences(tokens, quote_texts):
                sentences.append(Sentence(index, words, find_mentions(words, text)))
    return sentences


def _headline_names(text: str, masked: str, paragraphs: list[Paragraph]) -> list[tuple[str, ...]]:
    """Full names the headline and other lines outside the body give: after the body's, so a
    short name the body never writes in full ('President Zelensky said') still finds one."""
    return [
        mention.name
        for paragraph in paragraphs
        if not paragraph.is_body
        for mention in find_mentions(tokenize(masked, paragraph.start, paragraph.end, {}), text)
        if mention.kind is MentionKind.NAME
    ]


def _read(
    sentence: Sentence, tracker: EntityTracker, text: str, explicit: dict[int, Attribution]
) -> _Reading:
    """Resolve the sentence's mentions, attribute its quotes, and move the focus."""
    focus_before = tracker.focus
    ranges = cues.clauses(sentence.tokens)
    _resolve_mentions(sentence, tracker, focus_before, cues.subject_start(sentence.tokens, *ranges[0]))
    tokens = sentence.tokens
    reported = [
        ReportedSpeech(tokens[r.first].start, tokens[r.last].end, r.attribution)
        for r in find_reports(sentence, text, focus_before)
    ]
    clause_cues = [cues.clause_cue(sentence, start, end, text) for start, end in ranges]
    spoken: list[Attribution] = []
    for index, token in enumerate(sentence.tokens):
        if token.kind is Kind.QUOTE:
            clause = next(c for c, (start, end) in enumerate(ranges) if start <= index < end)
            found = (
                cues.after_quote(sentence, index)
                or clause_cues[clause]
                or next((cue for cue in clause_cues if cue), None)
            )
            if found is not None:
                spoken.append(found)
            elif _is_partial(sentence):
                found = cues.subject(sentence, *ranges[clause]) or cues.subject(sentence, *ranges[0])
                found = found or Attribution(None, None, None)
            if found is not None:
                explicit[token.quote] = found
    opening = cues.subject(sentence, *ranges[0])
    focus = next((a.entity for a in reversed(spoken) if a.entity is not None), None)
    focus = (
        focus or (clause_cues[0].entity if clause_cues[0] else None) or (opening.entity if opening else None)
    )
    if focus is not None:
        tracker.focus = focus
    intro = None
    if sentence.tokens[-1].text == ":":
        intro = next((cue for cue in reversed(clause_cues) if cue), None) or opening
    return _Reading(sentence, focus_before, intro, reported)


def _resolve_mentions(sentence: Sentence, tracker: EntityTracker, focus: Entity | None, begin: int) -> None:
    """Resolve in order; a pronoun after the sentence's subject ('Trump said he') means it."""
    subject: Entity | None = None
    for mention in sentence.mentions:
        after_quote = cues.follows_quote(sentence.tokens, mention.first)
        antecedent = focus if after_quote or subject is None else subject
        sentence.entities.append(
            tracker.resolve(mention, sentence.tokens[mention.first].start, antecedent, after_quote)
        )
        is_subject = mention.eligible and mention.first >= begin
        if subject is None and is_subject and sentence.is_known_person(len(sentence.entities) - 1):
            subject = sentence.entities[-1]


def _is_partial(sentence: Sentence) -> bool:
    """True when the sentence has narration around its quote ('Trump needs "to hear us"')."""
    words = [t for t in sentence.tokens if t.is_word and t.lower not in FUNCTION_WORDS]
    return len(words) >= PARTIAL_QUOTE_MIN_WORDS


def _fill(
    spans: list[QuotedSpan], readings: list[_Reading], explicit: dict[int, Attribution]
) -> list[Attribution]:
    """Attribute the quotes that stand alone from their neighbours, intros and the focus."""
    reading_of = {t.quote: r for r in readings for t in r.sentence.tokens if t.kind is Kind.QUOTE}
    introduced = {
        sentence.sentence.tokens[0].quote: previous.intro
        for previous, sentence in pairwise(readings)
        if previous.intro is not None and previous.sentence.paragraph != sentence.sentence.paragraph
    }
    chains: dict[int, list[int]] = defaultdict(list)
    paragraphs: dict[int, list[int]] = defaultdict(list)
    for index, span in enumerate(spans):
        chains[span.chain].append(index)
        paragraphs[span.paragraph].append(index)
    result = dict(explicit)
    for index, span in enumerate(spans):
        if index in result:
            continue
        chain = [j for j in chains[span.chain] if j != index]
        before = [j for j in paragraphs[span.paragraph] if j < index and j in result]
        after = [j for j in paragraphs[span.paragraph] if j > index and j in explicit]
        choice = (
            next((explicit[j] for j in chain if j in explicit), None)
            or (result[before[-1]] if before else None)
            or (explicit[after[0]] if after else None)
            or next((result[j] for j in chain if j in result), None)
            or introduced.get(index)
        )
        if choice is None:
            reading = reading_of.get(index)
            choice = Attribution(reading.focus_before if reading else None, None, None)
        result[index] = choice
    return [result[index] for index in range(len(spans))]
