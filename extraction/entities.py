"""Who a mention refers to: full names, titles, pronouns and the person in focus.

Resolution follows how news copy refers back to people:
- a short name ("Zelensky", "Mr Likhachev") is the full name the article used
  first that ends with it ("Volodymyr Zelensky");
- a title ("the foreign minister") is the person most recently mentioned who
  carries that title, preferring one whose other words match ("foreign");
  a title nobody carries yet ("the French president") is the person in focus,
  and the same words later are that person again;
- a pronoun ("he added") is the person in focus: the last speaker or subject, unless the
  pronoun's gender is not theirs ("she says" after a man is the last woman mentioned); a
  person's gender comes from honorifics and kin words ("Mr", "his wife, Olha"), from a
  pronoun that attributes a quote to them ("..., she said") and from a given name on the
  list of given_names.py ("Olha Bondarenko"); with nobody in focus, a pronoun is the last
  person of its gender named in the live-blog entry;
- unnamed people ("a source", "one of the diplomats") are entities without a
  name, so a later "the source said" or "she said" resolves to no one.
"""

from dataclasses import dataclass, field

from extraction.given_names import FEMININE_GIVEN_NAMES, MASCULINE_GIVEN_NAMES
from extraction.lexicon import (
    FEMININE_PRONOUNS,
    FEMININE_WORDS,
    MASCULINE_PRONOUNS,
    MASCULINE_WORDS,
    NON_PERSON_NAMES,
    PERSON_NOUNS,
)
from extraction.mentions import Mention, MentionKind

STEM = 5  # letters two words must share to count as the same modifier (Ukraine/Ukrainian)
FEMININE, MASCULINE = "f", "m"


@dataclass(eq=False)
class Entity:
    """A person (or an unnamed speaker when `name` is None) the article refers to."""

    name: str | None
    descriptors: set[str] = field(default_factory=set)
    last_seen: int = -1
    group: bool = False  # 'Ukrainian representatives': never the referent of 'the representative'
    gender: str | None = None  # FEMININE, MASCULINE or unknown
    # Titles given to this person in focus before any name carried them ('the defence secretary'):
    # the same words later mean the same person, a title with other words ('the French ...') not.
    guessed_titles: set[frozenset[str]] = field(default_factory=set)


class EntityTracker:
    """Resolves mentions in reading order and remembers who is in focus."""

    def __init__(self, full_names: list[tuple[str, ...]]) -> None:
        self._full_names = [name for name in full_names if len(name) > 1]
        self._named: dict[str, Entity] = {}
        self._entities: list[Entity] = []
        self.focus: Entity | None = None
        self._entry_start = 0  # a pronoun never reaches back past a live-blog entry's start

    def new_entry(self, position: int) -> None:
        """A live-blog entry opens at `position`: nobody is in focus, nobody before it is nearby."""
        self.focus = None
        self._entry_start = position

    def resolve(
        self, mention: Mention, position: int, focus: Entity | None, speaks: bool = False
    ) -> Entity | None:
        """The entity of `mention` at character `position`; `focus` answers pronouns.

        A gender is learnt from names and new descriptions ('Mr', 'his wife, Olha', 'a woman'),
        and from a pronoun only where it `speaks`, attributing the quote before it ('..., she
        said'); other pronouns ('He was not.') and descriptions resolved to the person in focus
        ('the missing man') teach nothing.
        """
        entity = self._lookup(mention, focus)
        if mention.kind is MentionKind.NAME:
            self._touch_owners(mention, position)
        if entity is not None:
            if mention.kind is MentionKind.NAME:  # titles are learnt from names, never guessed
                entity.descriptors |= mention.descriptors
            guessed = mention.kind is MentionKind.DEFINITE and mention.head not in entity.descriptors
            if guessed and entity.name:
                entity.guessed_titles.add(frozenset(mention.descriptors))
            new = entity.last_seen < 0
            if mention.kind is MentionKind.NAME or new or (speaks and mention.kind is MentionKind.PRONOUN):
                entity.gender = entity.gender or _gender(mention) or _name_gender(entity.name)
            entity.last_seen = position
        return entity

    def _lookup(self, mention: Mention, focus: Entity | None) -> Entity | None:
        kind = mention.kind
        if kind is MentionKind.NAME:
            return self._named_entity(mention.name)
        if kind is MentionKind.PRONOUN:
            return self._agreeing(focus, _gender(mention))
        if kind is MentionKind.DEFINITE:
            return self._described(mention, focus)
        if kind in {MentionKind.INDEFINITE, MentionKind.GROUP}:
            return self._new(None, mention.descriptors, group=kind is MentionKind.GROUP)
        return None  # a sign or a banner: words, but nobody's

    def _named_entity(self, name: tuple[str, ...]) -> Entity | None:
        full = self._full_name(name)
        if full is None:
            return None
        if full not in self._named:
            self._named[full] = self._new(full, set())
        return self._named[full]

    def _full_name(self, name: tuple[str, ...]) -> str | None:
        """The first full name in the article that ends with `name`; None for a place or body."""
        matches = [full for full in self._full_names if full[-len(name) :] == name]
        if not matches and len(name) == 1:  # family name first: 'Mr Wang' after 'Wang Yi'
            matches = [full for full in self._full_names if len(full) == 2 and full[0] == name[0]]
        if not matches:
            if len(name) == 1 and name[0].lower() in NON_PERSON_NAMES:
                return None
            return " ".join(name)
        seen = [self._named[" ".join(full)] for full in matches if " ".join(full) in self._named]
        if len({" ".join(full) for full in matches}) > 1 and seen:
            return max(seen, key=lambda entity: entity.last_seen).name
        return " ".join(matches[0])

    def _touch_owners(self, mention: Mention, position: int) -> None:
        """ "Tkachuk's wife, Nadiia": Tkachuk is mentioned too, so a 'he' after it may be him."""
        for entity in self._named.values():
            if entity.name.split()[-1].lower() in mention.descriptors:
                entity.last_seen = position

    def _agreeing(self, focus: Entity | None, gender: str | None) -> Entity | None:
        """The person in focus, unless their gender is not the pronoun's: then the person last
        mentioned whose gender is the pronoun's or unknown (none: nobody, not the wrong one)."""
        if focus is None and gender is not None:  # 'by the time it stops, Vasyl Kolodii, ...'
            return self._last_named(gender)
        if focus is None or gender is None or focus.gender in {None, gender}:
            return focus
        fitting = [e for e in self._entities if not e.group and (e.gender == gender or _may_be_anyone(e))]
        return max(fitting, key=lambda e: e.last_seen) if fitting else None

    def _last_named(self, gender: str) -> Entity | None:
        """With nobody in focus, the named person of the pronoun's gender mentioned last in this
        entry (a subject the clause rules missed), else nobody."""
        fitting = [
            e for e in self._entities if e.name and e.gender == gender and e.last_seen >= self._entry_start
        ]
        return max(fitting, key=lambda e: e.last_seen) if fitting else None

    def _described(self, mention: Mention, focus: Entity | None) -> Entity | None:
        """The latest entity carrying the title; else, for a bare role noun, the one in focus."""
        candidates = [e for e in self._entities if mention.head in e.descriptors and not e.group]
        modifiers = mention.descriptors - {mention.head}
        if candidates:
            return max(candidates, key=lambda e: (_overlap(modifiers, e.descriptors), e.last_seen))
        same_title = [e for e in self._entities if frozenset(mention.descriptors) in e.guessed_titles]
        if same_title:
            return max(same_title, key=lambda e: e.last_seen)
        if mention.possessive or mention.head not in PERSON_NOUNS:
            return self._new(None, mention.descriptors)  # "his aide": someone else, unnamed
        return focus

    def _new(self, name: str | None, descriptors: set[str], group: bool = False) -> Entity:
        entity = Entity(name, set(descriptors), group=group)
        self._entities.append(entity)
        return entity


def _may_be_anyone(entity: Entity) -> bool:
    """A person of unknown gender: an unnamed one, or a full name ('Mariupol' may be a place)."""
    return entity.gender is None and (entity.name is None or " " in entity.name)


def _gender(mention: Mention) -> str | None:
    """The gender a mention states: a pronoun's own, or a name's honorific or kin word."""
    if mention.kind is MentionKind.PRONOUN:
        word = mention.surface.lower()
        return FEMININE if word in FEMININE_PRONOUNS else MASCULINE if word in MASCULINE_PRONOUNS else None
    words = mention.descriptors | ({mention.head} if mention.head else set())
    if words & FEMININE_WORDS and not words & MASCULINE_WORDS:
        return FEMININE
    if words & MASCULINE_WORDS and not words & FEMININE_WORDS:
        return MASCULINE
    return None


def _name_gender(name: str | None) -> str | None:
    """The gender a person's given name tells ('Olha Bondarenko', 'Nadiya'), where it tells one."""
    given = name.split()[0].lower() if name else ""
    if given in FEMININE_GIVEN_NAMES:
        return FEMININE
    return MASCULINE if given in MASCULINE_GIVEN_NAMES else None


def _overlap(modifiers: set[str], descriptors: set[str]) -> int:
    return sum(any(_same_stem(m, d) for d in descriptors) for m in modifiers)


def _same_stem(left: str, right: str) -> bool:
    if min(len(left), len(right)) < STEM:
        return left == right
    return left[:STEM] == right[:STEM]
