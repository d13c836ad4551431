"""Behavioural test cases after CheckList (Ribeiro et al., 2020), generated from templates.

Three kinds of case, each reported under one label (or "none"):

- MFT (minimum functionality): a short, plain quote whose labels are known exactly.
- INV (invariance): a quote and a copy with one label-irrelevant change (a name, a
  country, a number, a date, a territory, quote marks, punctuation, "he said");
  the labels must not change.
- DIR (directional): a quote and a copy changed so that one label's score must
  move a known way (a negated offer of talks, an added red-line clause, support
  for Ukraine in NATO turned into opposition, a red line turned into a concession).

Generation is seeded and deterministic. The templates are a test suite, not
training data: never copy them (or close paraphrases) into the corpus.
"""

import random
import string
from dataclasses import dataclass
from itertools import product

from model.labels import LABELS

NONE = "none"
GROUPS: tuple[str, ...] = (*LABELS, NONE)
KINDS: tuple[str, ...] = ("MFT", "INV", "DIR")

LEXICON: dict[str, tuple[str, ...]] = {
    "name": ("Putin", "Zelensky", "Trump", "Erdogan", "Macron", "Lavrov", "Sybiha", "Modi"),
    "country": (
        "Turkey",
        "Switzerland",
        "Saudi Arabia",
        "Qatar",
        "Brazil",
        "Austria",
        "India",
        "Hungary",
    ),
    "place": ("Crimea", "Donbas", "Zaporizhzhia", "Kherson", "Luhansk", "Donetsk", "Sevastopol"),
    "number": ("two", "three", "ten", "30", "60", "100", "500"),
    "date": ("12 March", "1 June", "24 August", "15 October", "3 December", "20 January", "9 May"),
    "counterpart": ("Moscow", "Kyiv", "Russia", "Ukraine", "the other side", "the Kremlin"),
    "talk": ("negotiate", "hold talks", "sit down and talk", "meet"),
}

MFT_TEMPLATES: dict[str, tuple[str, ...]] = {
    "pro_negotiation": (
        "We are ready to sit down and talk.",
        "We are ready to {talk} with {counterpart}.",
        "I am prepared to meet {name} in {country} to end this war.",
        "We support a {number}-day ceasefire and direct talks.",
        "We welcome the offer from {country} to host peace talks.",
        "The two sides should start negotiating by {date}.",
        "Diplomacy is the only way out of this war.",
        "I am ready to call {name} tomorrow if it helps bring peace.",
    ),
    "territorial_red_line": (
        "{place} will never be Russian.",
        "We will never give up {place}.",
        "Not one inch of {place} will be traded away.",
        "We will not recognize {place} as part of Russia, not now and not ever.",
        "Our borders are not up for discussion, whatever {name} says.",
        "No deal will ever hand {place} to the occupier.",
        "Ukraine's territorial integrity is not negotiable.",
    ),
    "nato_opposition": (
        "Ukraine will never join NATO.",
        "NATO membership for Ukraine is off the table.",
        "Ukraine must remain a neutral country outside NATO.",
        "We oppose Ukraine's membership of NATO, and {country} agrees.",
        "Kyiv's hopes of joining NATO are unrealistic.",
        "There is no place for Ukraine in NATO, and {name} knows it.",
        "A neutral, non-aligned Ukraine is our demand.",
        "We told {name} plainly that Ukraine will never be a NATO member.",
        "Ukraine's NATO bid is a non-starter, and the talks in {country} will not change that.",
        "Ukraine will not be admitted to NATO by {date} or at any later date.",
    ),
    NONE: (
        "Drones hit {place} overnight and {number} people were hurt.",
        "Our troops are holding their positions near {place}.",
        "We delivered {number} generators to Kharkiv this week.",
        "Ukraine's path to NATO is irreversible.",
        "The talks in {country} ended on {date} without a statement.",
        "NATO allies agreed to raise defence spending.",
        "{name} met the families of prisoners of war today.",
        "We will not negotiate with terrorists.",
    ),
}

# The register of real officials: ministries, the Kremlin, governments. Written for issue 16
# before the retrained model's answers were looked at, from the kinds of quote it missed.
FORMAL_TEMPLATES: dict[str, tuple[str, ...]] = {
    "pro_negotiation": (
        "Without negotiations this war cannot end.",
        "We have never refused talks with {counterpart}.",
        "The Government of {country} stands ready to facilitate direct negotiations between the parties.",
        "The Kremlin remains open to a political and diplomatic settlement.",
        "We call on both parties to return to the negotiating table without delay.",
        "{country} supports an immediate ceasefire and the resumption of dialogue.",
    ),
    "territorial_red_line": (
        "The status of {place} is not a subject for negotiation.",
        "The territorial integrity of Ukraine within its internationally recognised borders is not up for "
        "discussion.",
        "The Russian Federation will not discuss the status of its new regions, including {place}.",
        "Ukraine will never agree to any settlement that legalises the occupation of {place}.",
        "{country} will never recognise the illegal annexation of {place}.",
    ),
    "nato_opposition": (
        "Ukraine's accession to the alliance would have catastrophic consequences, and we will not allow it.",
        "The Russian Federation insists on Ukraine's neutral, non-aligned and non-nuclear status.",
        "{country} will not support an invitation for Ukraine to join NATO.",
        "Membership of the North Atlantic Alliance is not a realistic prospect for Kyiv.",
        # A settlement named only to rule NATO out: no pro_negotiation.
        "NATO membership for Ukraine will not be part of any negotiated settlement.",
        "Whatever deal is reached, Ukraine will not join NATO.",
    ),
    NONE: (
        "The Ministry of Defence reports that {number} drones were shot down overnight over {place}.",
        "The Government of {country} condemns the strike on civilian infrastructure in {place}.",
        "{country} will provide an additional {number} million euros in humanitarian aid.",
        "The alliance reaffirms that Ukraine's future is in NATO.",
        "Delegations met in {country} on {date}; no joint statement was issued.",
        "There is no point in negotiating with people who do not keep their word.",
    ),
}

# DIR pairs: (quote, changed quote); the changed one shares the quote's slots.
NEGATIONS: tuple[tuple[str, str], ...] = (
    (
        "We are ready to {talk} with {counterpart}.",
        "We are not ready to {talk} with {counterpart}.",
    ),
    ("We will negotiate with {counterpart}.", "We will never negotiate with {counterpart}."),
    (
        "We support a ceasefire and talks in {country}.",
        "We reject a ceasefire and talks in {country}.",
    ),
    ("I want to meet {name} and make a deal.", "I do not want to meet {name} or make any deal."),
    ("We agree to a {number}-day ceasefire.", "We refuse a {number}-day ceasefire."),
)
NATO_REVERSALS: tuple[tuple[str, str], ...] = (
    ("Ukraine will join NATO.", "Ukraine will never join NATO."),
    ("We support Ukraine's membership of NATO.", "We oppose Ukraine's membership of NATO."),
    ("{name} backs Ukraine's bid to join NATO.", "{name} rules out Ukraine's bid to join NATO."),
    ("The door to NATO is open for Ukraine.", "The door to NATO is closed for Ukraine."),
    (
        "Ukraine can join NATO, and {country} agrees.",
        "Ukraine cannot join NATO, and {country} agrees.",
    ),
    ("Kyiv's NATO membership is realistic.", "Kyiv's NATO membership is unrealistic."),
    (
        "We told {name} that Ukraine belongs in NATO.",
        "We told {name} that Ukraine does not belong in NATO.",
    ),
    (
        "{country} will vote to admit Ukraine to NATO.",
        "{country} will vote against admitting Ukraine to NATO.",
    ),
)
CONCESSIONS: tuple[tuple[str, str], ...] = (
    ("{place} is not up for negotiation.", "{place} is up for negotiation."),
    ("We will never give up {place}.", "We may have to give up {place}."),
    ("We will never trade {place} for peace.", "We are willing to trade {place} for peace."),
)
RED_LINE_CLAUSES: tuple[str, ...] = (
    "But {place} will never be Russian.",
    "But we will not give up a single inch of {place}.",
    "But the status of {place} is not up for negotiation.",
)
ATTRIBUTIONS: tuple[str, ...] = (
    "he said",
    "she said",
    "they said",
    "the ministry said in a statement",
    "a spokesman told reporters",
)
QUOTE_MARKS: tuple[tuple[str, str], ...] = (('"', '"'), ("\u201c", "\u201d"), ("'", "'"))


@dataclass(frozen=True)
class Case:
    """One behavioural test.

    `text` is the quote (MFT) or the original (INV, DIR); `changed` its
    perturbed copy. MFT passes when the predicted labels equal `expected`;
    INV when both quotes get the same labels; DIR when the score of `label`
    moves by at least a margin in `direction` (+1 up, -1 down).
    """

    kind: str
    test: str
    label: str
    text: str
    expected: tuple[str, ...] = ()
    changed: str = ""
    direction: int = 0


def slots(template: str) -> list[str]:
    """The slot names of a template, in order, without repeats."""
    names = [name for _, name, _, _ in string.Formatter().parse(template) if name]
    return list(dict.fromkeys(names))


def fillings(template: str, rng: random.Random, count: int) -> list[dict[str, str]]:
    """Up to `count` distinct slot assignments for a template (one, empty, if it has no slots)."""
    names = slots(template)
    unknown = [name for name in names if name not in LEXICON]
    if unknown:
        raise ValueError(f"template {template!r} uses slots with no lexicon: {unknown}")
    every = [dict(zip(names, values, strict=True)) for values in product(*(LEXICON[n] for n in names))]
    return rng.sample(every, min(count, len(every)))


def mft_cases(
    rng: random.Random,
    per_template: int = 10,
    templates_by_group: dict[str, tuple[str, ...]] = MFT_TEMPLATES,
    test: str = "plain quote",
) -> list[Case]:
    """Plain quotes per label and for none, with exactly the labels their template carries."""
    cases = []
    for group, templates in templates_by_group.items():
        expected = () if group == NONE else (group,)
        for template in templates:
            for values in fillings(template, rng, per_template):
                cases.append(Case("MFT", test, group, template.format(**values), expected))
    return cases


def slot_swaps(rng: random.Random, per_template: int = 4) -> list[Case]:
    """INV: the same MFT template filled twice, differing in one slot's value only."""
    cases = []
    for slot in ("name", "country", "number", "date", "place"):
        for group, templates in MFT_TEMPLATES.items():
            for template in (t for t in templates if slot in slots(t)):
                for values in fillings(template, rng, per_template):
                    other = rng.choice([v for v in LEXICON[slot] if v != values[slot]])
                    changed = template.format(**{**values, slot: other})
                    cases.append(
                        Case(
                            "INV",
                            f"change {slot}",
                            group,
                            template.format(**values),
                            changed=changed,
                        )
                    )
    return cases


def surface_changes(base: list[Case], rng: random.Random, per_group: int = 10) -> list[Case]:
    """INV: quote marks, end punctuation or an attribution ("he said") added to MFT quotes."""
    cases = []
    for group in GROUPS:
        members = [case for case in base if case.label == group]
        for case in rng.sample(members, min(per_group, len(members))):
            text, body = case.text, case.text.rstrip(".")
            opening, closing = rng.choice(QUOTE_MARKS)
            changes = {
                "quote marks": f"{opening}{text}{closing}",
                "punctuation": rng.choice((f"{body}!", body, f"{body}...")),
                "attribution": f"{body}, {rng.choice(ATTRIBUTIONS)}.",
                "quoted and attributed": f"\u201c{body},\u201d {rng.choice(ATTRIBUTIONS)}.",
                "whitespace": "  " + text.replace(" ", "  ", 2) + " \n",
            }
            for test, changed in changes.items():
                cases.append(Case("INV", test, group, text, changed=changed))
    return cases


def pair_cases(
    pairs: tuple[tuple[str, str], ...],
    test: str,
    label: str,
    direction: int,
    rng: random.Random,
    count: int,
) -> list[Case]:
    """DIR: each (quote, changed) template pair filled with the same slot values."""
    return [
        Case(
            "DIR",
            test,
            label,
            before.format(**values),
            changed=after.format(**values),
            direction=direction,
        )
        for before, after in pairs
        for values in fillings(before, rng, count)
    ]


def red_line_additions(base: list[Case], rng: random.Random, count: int = 30) -> list[Case]:
    """DIR: a pro-negotiation MFT quote plus a red-line clause must score higher on red lines."""
    offers = [case for case in base if case.label == "pro_negotiation"]
    cases = []
    for case in rng.sample(offers, min(count, len(offers))):
        clause = rng.choice(RED_LINE_CLAUSES).format(place=rng.choice(LEXICON["place"]))
        changed = f"{case.text} {clause}"
        cases.append(
            Case(
                "DIR",
                "add red-line clause",
                "territorial_red_line",
                case.text,
                changed=changed,
                direction=1,
            )
        )
    return cases


def build_suite(seed: int = 13) -> list[Case]:
    """Every case of the suite; the same seed always gives the same cases in the same order."""
    rng = random.Random(seed)
    mft = mft_cases(rng) + mft_cases(rng, 5, FORMAL_TEMPLATES, "formal statement")
    inv = slot_swaps(rng) + surface_changes(mft, rng)
    direction = (
        pair_cases(NEGATIONS, "negate offer of talks", "pro_negotiation", -1, rng, 8)
        + red_line_additions(mft, rng)
        + pair_cases(CONCESSIONS, "red line to concession", "territorial_red_line", -1, rng, 5)
        + pair_cases(NATO_REVERSALS, "NATO support to opposition", "nato_opposition", 1, rng, 8)
    )
    return mft + inv + direction
