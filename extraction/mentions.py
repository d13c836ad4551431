"""Mentions of people in one sentence: names, pronouns and role descriptions.

A mention is what a cue verb's subject can be: a name ("Kremlin spokesman
Dmitry Peskov", "Zelensky"), a pronoun ("he"), a definite description ("the
foreign minister", "Putin's spokesman"), an unnamed person ("a senior EU
official", "one of the diplomats"), a group ("the crowd") or a thing that
carries words ("a banner"). Appositions ("Russia's foreign minister, Sergei
Lavrov," / "Tatiana Orlova, a Russia analyst") fold into the named mention, so
their words become the titles by which the article later refers to that person.
"""

import re
from dataclasses import dataclass, field
from enum import Enum

from extraction.lexicon import (
    CUE_VERBS,
    DEFINITE_DETERMINERS,
    FUNCTION_WORDS,
    GROUP_NOUNS,
    INDEFINITE_DETERMINERS,
    MEDIA_NOUNS,
    NAME_PARTICLES,
    NON_PERSON_NAMES,
    ORGANISATION_WORDS,
    PERSON_NOUNS,
    POSSESSIVE_DETERMINERS,
    PREPOSITIONS,
    SIGN_NOUNS,
    TITLE_WORDS,
)
from extraction.tokens import Kind, Token

MAX_MODIFIERS = 6
NAMING_WORDS = frozenset({"named", "called"})  # 'a teacher named Iryna Savchuk'
MAX_PREPOSITIONAL_TAIL = 12
MIN_TWO_NAMES = 4  # capitalised words, without particles, that are two names side by side
_AGE = re.compile(r"^\d+-year-old$")


class MentionKind(Enum):
    NAME = "name"
    PRONOUN = "pronoun"
    DEFINITE = "definite"  # the minister, Putin's spokesman
    INDEFINITE = "indefinite"  # a source, one of the diplomats
    GROUP = "group"  # the crowd, officials, they
    THING = "thing"  # a banner, the words


@dataclass
class Mention:
    """A reference to a person (or a speaking thing) at tokens first..last of a sentence."""

    kind: MentionKind
    first: int
    last: int
    surface: str
    name: tuple[str, ...] = ()  # NAME: the name without titles
    head: str = ""  # role noun for descriptions
    descriptors: set[str] = field(default_factory=set)  # titles and modifiers, lowercase
    possessive: bool = False  # "Putin's spokesman", "his aide"
    possessor: bool = False  # followed by 's: an owner, not an actor
    eligible: bool = True  # may be a clause subject (not inside a prepositional phrase)

    @property
    def is_weak_name(self) -> bool:
        """A lone capitalised word: a person only when it sits right next to a cue verb."""
        return self.kind is MentionKind.NAME and len(self.name) == 1


def normalise(word: str) -> str:
    """Lowercase, without a trailing full stop."""
    return word.lower().rstrip(".")


SPELLINGS = {"advisor": "adviser", "advisors": "advisers"}  # one title, two spellings


def singular(word: str) -> str:
    """A role noun's singular form, good enough for the nouns in the lexicon."""
    word = SPELLINGS.get(word, word)
    if word.endswith("ies") and word[:-3] + "y" in PERSON_NOUNS:
        return word[:-3] + "y"
    if word.endswith("men") and word[:-3] + "man" in PERSON_NOUNS:
        return word[:-3] + "man"
    if word.endswith("s") and word[:-1] in PERSON_NOUNS:
        return word[:-1]
    return word


def find_mentions(tokens: list[Token], text: str) -> list[Mention]:
    """The mentions of one sentence in token order, appositions merged, eligibility set."""
    names = _names(tokens, text)
    taken = {i for mention in names if len(mention.name) > 1 for i in range(mention.first, mention.last + 1)}
    roles = _roles(tokens, text, taken)
    inside_roles = {i for role in roles for i in range(role.first, role.last + 1)}
    names = [m for m in names if not inside_roles.issuperset(range(m.first, m.last + 1))]
    mentions = sorted(names + roles + _pronouns(tokens) + _ages(tokens), key=lambda m: m.first)
    mentions = _merge_appositions(mentions, tokens)
    for index, mention in enumerate(mentions):
        previous = mentions[index - 1] if index else None
        mention.eligible = _eligible(mention, previous, tokens)
    return mentions


def _is_name_token(tokens: list[Token], index: int) -> bool:
    token = tokens[index]
    if token.kind is not Kind.WORD:
        return False
    if token.lower in NAME_PARTICLES:
        following = index + 1
        while following < len(tokens) and tokens[following].lower in NAME_PARTICLES:
            following += 1
        return following < len(tokens) and tokens[following].is_capitalised
    if _is_particle_compound(token.text):
        return True
    if not token.is_capitalised or token.lower in FUNCTION_WORDS or token.text.isdigit():
        return False
    is_role_word = singular(token.lower) in PERSON_NOUNS | GROUP_NOUNS | SIGN_NOUNS
    return not (index == 0 and is_role_word and token.lower not in TITLE_WORDS)


def _is_particle_compound(word: str) -> bool:
    """'al-Harbi', 'el-Sayed', 'bin-Nayef': a surname that opens with a lowercase particle."""
    particle, _, rest = word.partition("-")
    return particle in NAME_PARTICLES and rest[:1].isupper()


def _names(tokens: list[Token], text: str) -> list[Mention]:
    """Runs of capitalised words, titles stripped; organisations and places dropped."""
    mentions = []
    index = 0
    while index < len(tokens):
        if not _is_name_token(tokens, index):
            index += 1
            continue
        end = index
        while end + 1 < len(tokens) and _is_name_token(tokens, end + 1) and _adjacent(tokens, end):
            end += 1
        mention = _name_mention(tokens, text, index, end)
        if mention is not None:
            mentions.append(mention)
        index = end + 1
    return mentions


def _adjacent(tokens: list[Token], index: int) -> bool:
    """True when only spaces separate token `index` from the next one (no line break)."""
    return tokens[index + 1].start - tokens[index].end == 1


def _name_mention(tokens: list[Token], text: str, first: int, last: int) -> Mention | None:
    words = [tokens[i].text for i in range(first, last + 1)]
    lowered = [normalise(word) for word in words]
    stop_words = TITLE_WORDS | ORGANISATION_WORDS | NON_PERSON_NAMES
    cut = max((i for i, word in enumerate(lowered) if _is_stop_word(word, stop_words)), default=-1)
    if lowered[-1] in ORGANISATION_WORDS or cut == len(words) - 1:
        return None
    if len(words) == 1 and len(words[0]) > 1 and words[0].isupper():  # 'DTEK said': an acronym
        return None
    if first > 0 and tokens[first - 1].lower in MEDIA_NOUNS:  # 'media outlet Axios': no person
        return None
    name = tuple(words[cut + 1 :])
    if len(name) >= MIN_TWO_NAMES and not any(normalise(w) in NAME_PARTICLES for w in name):
        cut += len(name) - 2  # 'President Vladimir Putin Yuri Ushakov': the last of two names
        name = name[-2:]
    name_first = first + cut + 1
    prefix_first, prefix_words = _title_prefix(tokens, first)
    descriptors = {singular(part) for w in lowered[: cut + 1] for part in {w, *w.split("-")}}
    descriptors |= prefix_words
    possessor = last + 1 < len(tokens) and tokens[last + 1].kind is Kind.POSSESSIVE
    return Mention(
        kind=MentionKind.NAME,
        first=prefix_first,
        last=last,
        surface=text[tokens[name_first].start : tokens[last].end],
        name=name,
        descriptors=descriptors,
        possessor=possessor,
    )


def _is_stop_word(word: str, stop_words: frozenset[str]) -> bool:
    """A title, organisation or place word; 'colonel-general' counts when all its parts do."""
    return word in stop_words or ("-" in word and all(p in stop_words for p in word.split("-")))


def _title_prefix(tokens: list[Token], first: int) -> tuple[int, set[str]]:
    """Words before a name that describe its bearer: 'Kremlin foreign policy aide'.

    The word next to the name must be a title or role ('aide', 'spokesman'); after any
    other noun the name starts a new phrase ('Before the interview Sybiha told ...').
    """
    words: set[str] = set()
    index = first - 1
    start = first
    if index >= 0 and not (_is_title_connector(tokens, index) or _next_to_name_describes(tokens[index])):
        return start, words
    while index >= 0 and first - index <= MAX_MODIFIERS:
        token = tokens[index]
        if token.kind is Kind.POSSESSIVE and index > 0 and tokens[index - 1].is_word:
            words.add(normalise(tokens[index - 1].text))
            start = index - 1
            index -= 2
            continue
        if _is_title_connector(tokens, index):
            start = index
            index -= 1
            continue
        if not token.is_word or not _is_modifier(token):
            break
        words.add(singular(normalise(token.text)))
        start = index
        index -= 1
    return start, words


def _next_to_name_describes(token: Token) -> bool:
    """False for a lowercase word right before a name that is no title or role noun."""
    if not token.is_word or token.is_capitalised:
        return True
    lowered = singular(normalise(token.text))
    return lowered in TITLE_WORDS | PERSON_NOUNS | GROUP_NOUNS or lowered.endswith("-old")


def _is_title_connector(tokens: list[Token], index: int) -> bool:
    """'of', 'for', 'to' or 'of the' inside a title: Secretary of State, Adviser to the President."""
    before = index - 1
    if tokens[index].lower == "the" and before >= 0 and tokens[before].lower in {"of", "for", "to"}:
        before -= 1
    elif tokens[index].lower not in {"of", "for", "to"}:
        return False
    return before >= 0 and tokens[before].is_capitalised and normalise(tokens[before].text) in TITLE_WORDS


def _is_modifier(token: Token) -> bool:
    """A word that can sit between a determiner and a role noun or name."""
    lowered = normalise(token.text)
    if token.is_capitalised:
        known = lowered in TITLE_WORDS | ORGANISATION_WORDS | NON_PERSON_NAMES
        return known or lowered not in FUNCTION_WORDS
    return lowered not in FUNCTION_WORDS | PREPOSITIONS | CUE_VERBS | {"and", "or"}


def _roles(tokens: list[Token], text: str, taken: set[int]) -> list[Mention]:
    """Descriptions headed by a role, group or sign noun, with their determiner."""
    mentions = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        noun = singular(token.lower)
        is_role = token.is_word and index not in taken and noun in PERSON_NOUNS | GROUP_NOUNS | SIGN_NOUNS
        if not is_role:
            index += 1
            continue
        last = index
        while (
            last + 1 < len(tokens)
            and tokens[last + 1].is_word
            and (singular(tokens[last + 1].lower) in PERSON_NOUNS and last + 1 not in taken)
        ):
            last += 1
        mention = _role_mention(tokens, text, index, last)
        if mention is not None:
            mentions.append(mention)
        index = last + 1
    return mentions


def _role_mention(tokens: list[Token], text: str, first: int, last: int) -> Mention | None:
    """'the foreign minister', 'Russia's foreign minister', 'a senior official', 'residents'."""
    head_word = tokens[last].lower
    head = singular(head_word)
    plural = head != head_word or head_word in GROUP_NOUNS
    determiner, start, modifiers = _determiner(tokens, first)
    modifiers |= {singular(tokens[i].lower) for i in range(first, last)}
    if head in SIGN_NOUNS or head_word in SIGN_NOUNS:
        kind = MentionKind.THING
    elif plural:
        kind = MentionKind.GROUP
    elif determiner == "indefinite":
        kind = MentionKind.INDEFINITE
    elif determiner is not None:
        kind = MentionKind.DEFINITE
    else:
        return None  # a bare singular noun: a title before a name, taken by _names
    return Mention(
        kind=kind,
        first=start,
        last=last,
        surface=text[tokens[start].start : tokens[last].end],
        head=head,
        descriptors=(modifiers - FUNCTION_WORDS) | {head},
        possessive=determiner == "possessive",
        possessor=last + 1 < len(tokens) and tokens[last + 1].kind is Kind.POSSESSIVE,
    )


def _determiner(tokens: list[Token], first: int) -> tuple[str | None, int, set[str]]:
    """Walk back over modifiers to the determiner of the noun at `first`.

    Returns ("definite" | "possessive" | "indefinite" | None, the index where
    the description starts, the modifier words passed on the way).
    """
    modifiers: set[str] = set()
    index = first - 1
    while index >= 0 and first - index <= MAX_MODIFIERS + 2:
        token = tokens[index]
        lowered = token.lower
        if token.kind is Kind.POSSESSIVE and index > 0:  # Russia's foreign minister
            owner = normalise(tokens[index - 1].text)
            kind = "definite" if owner in NON_PERSON_NAMES else "possessive"  # a country's title
            return kind, index - 1, modifiers | {owner}
        if lowered in POSSESSIVE_DETERMINERS:
            return "possessive", index, modifiers
        if lowered in DEFINITE_DETERMINERS:
            return "definite", index, modifiers
        if lowered in INDEFINITE_DETERMINERS:
            return "indefinite", index, modifiers
        if lowered == "of" and index > 0 and tokens[index - 1].lower in INDEFINITE_DETERMINERS:
            return "indefinite", index - 1, modifiers  # one of the diplomats
        if not token.is_word or not _is_modifier(token):
            break
        modifiers.add(singular(normalise(token.text)))
        index -= 1
    return None, first, modifiers


ONE_OF_A_GROUP = (["of", "them"], ["of", "us"])


def _pronouns(tokens: list[Token]) -> list[Mention]:
    """He, she, him (and 'her' standing alone); 'they' is a group, 'someone' and 'one of them'
    nobody named."""
    mentions = []
    for index, token in enumerate(tokens):
        lowered = token.lower if token.is_word else ""
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        object_her = lowered == "her" and (following is None or not following.is_word)
        if lowered in {"he", "she", "him"} or object_her:
            mentions.append(Mention(MentionKind.PRONOUN, index, index, token.text))
        elif lowered == "they":
            mentions.append(Mention(MentionKind.GROUP, index, index, token.text))
        elif lowered in {"someone", "somebody"}:
            mentions.append(Mention(MentionKind.INDEFINITE, index, index, token.text))
        elif lowered == "one" and [t.lower for t in tokens[index + 1 : index + 3]] in ONE_OF_A_GROUP:
            mentions.append(Mention(MentionKind.INDEFINITE, index, index + 2, "one of them"))  # of a group
    return mentions


def _ages(tokens: list[Token]) -> list[Mention]:
    """'the 67-year-old': a person referred to by age alone, resolved like a title."""
    mentions = []
    for index, token in enumerate(tokens[1:], 1):
        if not (_AGE.match(token.text) and tokens[index - 1].lower == "the"):
            continue
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is None or singular(following.lower) not in PERSON_NOUNS | GROUP_NOUNS:
            surface = f"{tokens[index - 1].text} {token.text}"
            mentions.append(Mention(MentionKind.DEFINITE, index - 1, index, surface, head="person"))
    return mentions


def _merge_appositions(mentions: list[Mention], tokens: list[Token]) -> list[Mention]:
    """Fold 'X's minister, NAME,' and 'NAME, a ... analyst' into the named mention."""
    merged: list[Mention] = []
    folded: set[int] = set()
    for index, mention in enumerate(mentions):
        if index in folded:
            continue
        partner = _apposition_partner(mentions, index, tokens)
        if partner is None:
            merged.append(mention)
        else:
            merged.append(_fold(mention, mentions[partner]))
            folded.add(partner)
    return sorted(merged, key=lambda m: m.first)


def _apposition_partner(mentions: list[Mention], index: int, tokens: list[Token]) -> int | None:
    """The index of the mention that renames mentions[index] after a comma, if any."""
    left = mentions[index]
    described = {MentionKind.DEFINITE, MentionKind.INDEFINITE}
    if left.kind is MentionKind.NAME:
        following = index + 1
        if following < len(mentions) and mentions[following].kind in described:
            right = mentions[following]
            if _comma_between(tokens, left.last + 1, right.first, allow_age=True) and _ends_apposition(
                tokens, right.last + 1
            ):
                return following
        return None
    if left.kind not in described:
        return None
    gap = left.last + 1
    if gap < len(tokens) and tokens[gap].lower in NAMING_WORDS:  # 'a military doctor named X'
        named = next((i for i, m in enumerate(mentions) if m.first == gap + 1), None)
        return named if named is not None and mentions[named].kind is MentionKind.NAME else None
    if gap < len(tokens) and tokens[gap].lower in PREPOSITIONS:
        gap = _skip_prepositional_tail(tokens, gap)
    elif gap < len(tokens) and tokens[gap].lower == "who":
        gap = _skip_naming_clause(tokens, gap)
    if gap >= len(tokens) or tokens[gap].text != ",":
        return None
    for other in range(index + 1, len(mentions)):
        right = mentions[other]
        if right.first != gap + 1:
            continue
        if right.kind is MentionKind.NAME and _closes(tokens, right.last + 1):
            if _follows_according_to(tokens, left.first) and tokens[right.last + 1].is_word:
                return None  # 'According to the Kremlin aide, Putin asked ...': the content's subject
            return other
        if left.kind is MentionKind.INDEFINITE and right.kind in described:
            return other
    return None


def _follows_according_to(tokens: list[Token], first: int) -> bool:
    return first >= 2 and [t.lower for t in tokens[first - 2 : first]] == ["according", "to"]


def _skip_prepositional_tail(tokens: list[Token], index: int) -> int:
    """Past 'of the Russian delegation' up to the comma that closes it."""
    end = index
    while end < len(tokens) and end - index < MAX_PREPOSITIONAL_TAIL:
        if tokens[end].text == "," or tokens[end].kind is Kind.QUOTE:
            return end
        end += 1
    return index


def _skip_naming_clause(tokens: list[Token], index: int) -> int:
    """Past 'who gave only his first name' up to the comma before the name it gives."""
    end = index
    while end < len(tokens) and end - index < MAX_PREPOSITIONAL_TAIL:
        if tokens[end].text == ",":
            names_a_name = any(token.lower in {"name", "names"} for token in tokens[index:end])
            return end if names_a_name else index
        end += 1
    return index


def _comma_between(tokens: list[Token], start: int, end: int, allow_age: bool) -> bool:
    """True when tokens[start:end] is ', ' (or ', 67, ' for an age)."""
    between = [token.text for token in tokens[start:end]]
    if between == [","]:
        return True
    return allow_age and len(between) == 3 and between[0] == between[2] == "," and between[1].isdigit()


def _ends_apposition(tokens: list[Token], index: int) -> bool:
    """'NAME, the minister, said' is an apposition; 'with Macron, the president said' is not."""
    if index >= len(tokens):
        return True
    token = tokens[index]
    return token.text in {",", ".", ";", ")"} or token.lower in PREPOSITIONS | {
        "who",
        "which",
        "whose",
    }


def _closes(tokens: list[Token], index: int) -> bool:
    """An apposition's name ends at a comma, full stop, bracket, cue verb or sentence end."""
    return (
        index >= len(tokens)
        or tokens[index].text in {",", ".", ")", ";"}
        or (tokens[index].lower in CUE_VERBS)
    )


def _fold(left: Mention, right: Mention) -> Mention:
    """One mention out of an apposition: the named one, or the first of two descriptions."""
    if right.kind is MentionKind.NAME:
        right.descriptors |= left.descriptors
        right.first = left.first
        return right
    if left.is_weak_name and right.head in ORGANISATION_WORDS:  # 'Ukrenergo, the grid operator,'
        return Mention(MentionKind.THING, left.first, right.last, left.surface)
    left.descriptors |= right.descriptors
    return left


def _eligible(mention: Mention, previous: Mention | None, tokens: list[Token]) -> bool:
    """False for owners ('Putin's') and for mentions governed by a preposition ('with Macron')."""
    if mention.possessor:
        return False
    before = mention.first - 1
    while before >= 0 and tokens[before].lower in DEFINITE_DETERMINERS | INDEFINITE_DETERMINERS:
        before -= 1
    if before < 0:
        return True
    word = tokens[before].lower if tokens[before].is_word else tokens[before].text
    if word == "to" and before > 0 and normalise(tokens[before - 1].text) in TITLE_WORDS:
        return True  # 'Adviser to Russian President Vladimir Putin Yuri Ushakov said'
    if word in PREPOSITIONS:
        return False
    if word in {"and", "or"} and previous is not None and previous.last == before - 1:
        return previous.eligible
    return True
