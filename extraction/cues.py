"""Attribution inside one sentence: cue verbs, their speakers, and clause subjects.

Works on a sentence whose mentions are already resolved to entities; knows
nothing about the rest of the article.
"""

from dataclasses import dataclass, field
from itertools import pairwise

from extraction.entities import Entity
from extraction.given_names import is_given_name
from extraction.lexicon import (
    ADVERBS_BEFORE_CUE,
    CUE_VERBS,
    INVERTIBLE_CUES,
    PERSON_NOUNS,
    POSSESSIVE_DETERMINERS,
    PREPOSITIONS,
    TITLE_WORDS,
    words,
)
from extraction.mentions import Mention, MentionKind
from extraction.tokens import Kind, Token

CLAUSE_CONJUNCTIONS = words("and but while whereas although though")
INTRO_WORDS = PREPOSITIONS | words(
    "asked speaking as while when after before earlier meanwhile later separately once"
)
OBJECT_PRONOUNS = frozenset({"him", "her"})
ATTRIBUTION_DASHES = frozenset({",", "\u2014", "\u2013"})  # comma, em dash, en dash
MAX_ADVERBS_BEFORE_CUE = 2


@dataclass(frozen=True)
class Attribution:
    """A speaker (None: nobody named), the words that name them, and the cue verb."""

    entity: Entity | None
    as_written: str | None
    cue: str | None

    @property
    def speaker(self) -> str | None:
        return self.entity.name if self.entity is not None else None


@dataclass
class Sentence:
    """A sentence of narration, quotes masked, with its mentions and what they resolve to."""

    paragraph: int
    tokens: list[Token]
    mentions: list[Mention]
    entities: list[Entity | None] = field(default_factory=list)

    def attribution(self, mention: int, cue: str | None) -> Attribution:
        return Attribution(self.entities[mention], self.mentions[mention].surface, cue)

    def mention_at(self, first: int) -> int | None:
        """The index of the mention that starts at token `first`."""
        return next((i for i, m in enumerate(self.mentions) if m.first == first), None)

    def is_known_person(self, mention: int) -> bool:
        """A full name, or a lone name that is a person's: with a role beside it, here or where
        it was introduced ('His wife, Tetiana', then 'Tetiana runs ...'), or a given name."""
        entity = self.entities[mention]
        if entity is None or entity.name is None:
            return False
        roles = (self.mentions[mention].descriptors | entity.descriptors) & (PERSON_NOUNS | TITLE_WORDS)
        return " " in entity.name or bool(roles) or is_given_name(entity.name)


def clauses(tokens: list[Token]) -> list[tuple[int, int]]:
    """Token ranges of the clauses: split at ';' and at ', and' / ', but' / ', while'."""
    bounds = [0]
    for index, token in enumerate(tokens[:-1]):
        following = tokens[index + 1]
        if token.text == ";" or (token.text == "," and following.lower in CLAUSE_CONJUNCTIONS):
            bounds.append(index + 1)
    bounds.append(len(tokens))
    return list(pairwise(bounds))


def subject_start(tokens: list[Token], start: int, end: int) -> int:
    """Skip an opening phrase ('Asked whether ..., ', 'In Kyiv, ') to where the subject begins."""
    first = tokens[start]
    opens_with_phrase = first.is_word and (first.lower in INTRO_WORDS or first.lower.endswith("ing"))
    if start == 0 and opens_with_phrase:
        comma = next((i for i in range(start, end) if tokens[i].text == ","), None)
        if comma is not None and comma + 1 < end:
            return comma + 1
    return start


def follows_quote(tokens: list[Token], index: int) -> bool:
    """True for the subject of an attribution that follows its quote: '," he said'."""
    index -= 1
    while index >= 0 and tokens[index].text in ATTRIBUTION_DASHES:
        index -= 1
    return index >= 0 and tokens[index].kind is Kind.QUOTE


def clause_cue(sentence: Sentence, start: int, end: int, text: str) -> Attribution | None:
    """The clause's first cue whose speaker can be told (a person, or explicitly nobody)."""
    tokens = sentence.tokens
    begin = subject_start(tokens, start, end)
    for index in range(start, end):
        if _is_according_to(tokens, index):
            found = sentence.mention_at(index + 2)
            if found is not None:
                return sentence.attribution(found, "according to")
        elif index >= begin and is_cue_verb(tokens, index):
            found = speaker_of_verb(sentence, begin, index, text)
            if found is not None:
                return found
    return None


def after_quote(sentence: Sentence, quote: int) -> Attribution | None:
    """An attribution right after the quote: '," she said' or '," said Tatiana Orlova'."""
    tokens = sentence.tokens
    index = quote + 1
    while index < len(tokens) and tokens[index].text in ATTRIBUTION_DASHES:
        index += 1
    if index >= len(tokens) or not tokens[index].is_word:
        return None
    if tokens[index].lower in INVERTIBLE_CUES:
        found = sentence.mention_at(index + 1)
        return sentence.attribution(found, tokens[index].text) if found is not None else None
    found = sentence.mention_at(index)
    if found is None:
        return None
    verb = sentence.mentions[found].last + 1
    while verb < len(tokens) and tokens[verb].lower in ADVERBS_BEFORE_CUE and verb - index < 10:
        verb += 1
    if verb < len(tokens) and is_cue_verb(tokens, verb):
        return sentence.attribution(found, tokens[verb].text)
    return None


def subject(sentence: Sentence, start: int, end: int) -> Attribution | None:
    """The clause's subject: its first person, group or thing not governed by a preposition.

    A lone capitalised word that is no known person is left out: without a cue
    verb next to it, it is as likely a place as a person.
    """
    begin = subject_start(sentence.tokens, start, end)
    for index, mention in enumerate(sentence.mentions):
        if not (begin <= mention.first < end and mention.eligible):
            continue
        if mention.kind is MentionKind.NAME and not sentence.is_known_person(index):
            continue
        if mention.kind is MentionKind.PRONOUN and mention.surface.lower() in OBJECT_PRONOUNS:
            continue
        return sentence.attribution(index, None)
    return None


def is_cue_verb(tokens: list[Token], index: int) -> bool:
    """A lowercase cue verb that is not a noun after an article ('a statement', 'his call')."""
    token = tokens[index]
    if not token.is_word or token.lower not in CUE_VERBS or token.is_capitalised:
        return False
    before = tokens[index - 1].lower if index else ""
    return before not in {"the", "a", "an"} | POSSESSIVE_DETERMINERS


def _is_according_to(tokens: list[Token], index: int) -> bool:
    return index + 1 < len(tokens) and tokens[index].lower == "according" and tokens[index + 1].lower == "to"


def speaker_of_verb(sentence: Sentence, start: int, verb: int, text: str) -> Attribution | None:
    """'X said' (the person right before the verb, else the clause's first), 'said X', 'by X'."""
    tokens = sentence.tokens
    cue = tokens[verb].text
    if verb + 1 < len(tokens) and tokens[verb + 1].lower == "by":  # 'was described by X as'
        agent = sentence.mention_at(verb + 2)
        return sentence.attribution(agent, cue) if agent is not None else Attribution(None, None, cue)
    before = [
        index
        for index, mention in enumerate(sentence.mentions)
        if start <= mention.first
        and mention.last < verb
        and mention.eligible
        and _counts_as_speaker(sentence, index, verb)
    ]
    adjacent = [i for i in before if _only_adverbs_between(tokens, sentence.mentions[i].last, verb)]
    if adjacent:
        return sentence.attribution(adjacent[-1], cue)
    if _after_relative_which(tokens, start, verb):
        return Attribution(None, tokens[verb - 1].text, cue)
    if before:
        return sentence.attribution(before[0], cue)
    if tokens[verb].lower in INVERTIBLE_CUES and not _has_subject_words(tokens, start, verb):
        found = sentence.mention_at(verb + 1)
        if found is not None:
            return sentence.attribution(found, cue)
    return _non_person_subject(tokens, start, verb, text, cue)


def _after_relative_which(tokens: list[Token], start: int, verb: int) -> bool:
    """'a statement from the ministry, which said ...': 'which' speaks for a thing, never a
    person named earlier in the clause ('who' would)."""
    before = _word_before_cue(tokens, start, verb)
    return before is not None and before.lower == "which"


def _has_subject_words(tokens: list[Token], start: int, verb: int) -> bool:
    """'One of them said X ...': words right before the verb are its subject, so 'said X' is no
    inversion; '..., said X' and '," said X' have none."""
    before = _word_before_cue(tokens, start, verb)
    return before is not None and before.is_word


def _word_before_cue(tokens: list[Token], start: int, verb: int) -> Token | None:
    """The token before the cue verb, adverbs skipped ('which then said'); None at the clause start."""
    index = verb - 1
    while index >= start and tokens[index].lower in ADVERBS_BEFORE_CUE:
        index -= 1
    return tokens[index] if index >= start else None


def _non_person_subject(
    tokens: list[Token], start: int, verb: int, text: str, cue: str
) -> Attribution | None:
    """'The Kremlin said', 'Moscow says': a subject that is no person speaks for no one."""
    segment = tokens[start:verb]
    if not any(t.is_word and t.lower not in ADVERBS_BEFORE_CUE for t in segment):
        return None  # no subject at all: not a cue this clause can use
    comma = next((i for i, t in enumerate(segment) if t.text == ","), len(segment))
    phrase = [t for t in segment[:comma] if t.is_word and t.lower not in ADVERBS_BEFORE_CUE]
    return Attribution(None, text[phrase[0].start : phrase[-1].end] if phrase else None, cue)


def _counts_as_speaker(sentence: Sentence, index: int, verb: int) -> bool:
    """Anything but a place; a lone unknown capitalised word only right before its verb."""
    mention = sentence.mentions[index]
    if mention.kind is not MentionKind.NAME:
        return True
    if sentence.entities[index] is None:
        return False
    return sentence.is_known_person(index) or _only_adverbs_between(sentence.tokens, mention.last, verb)


def _only_adverbs_between(tokens: list[Token], last: int, verb: int) -> bool:
    """True for 'Zelensky said', 'Zelensky also said', 'Zelensky has repeatedly said'."""
    between = tokens[last + 1 : verb]
    return len(between) <= MAX_ADVERBS_BEFORE_CUE and all(t.lower in ADVERBS_BEFORE_CUE for t in between)
