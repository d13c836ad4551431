"""Turns of transcripts and interviews: 'SPEAKER: text' lines and dash-led Q&A blocks.

Official transcripts (kremlin.ru, state.gov briefings) and published interviews
carry no quote marks: each paragraph opened by a speaker label ('MR MILLER:',
'V. Putin:', 'Andrey Kondrashov:', 'QUESTION:', 'Q:') is a turn of that speaker,
and the unlabelled paragraphs after it continue the turn. Some interviews open
each turn with a dash instead, questions and answers taking turns. An article is
read this way only when two speakers or more have a labelled line of prose (a
'Zelensky: ...' headline is no transcript), and its turns are kept out of the narration, so a name or a verb
inside a turn is never a cue for anything else.
"""

import re
from dataclasses import dataclass

from extraction.layout import Paragraph, is_prose
from extraction.lexicon import (
    FUNCTION_WORDS,
    INTERVIEW_CUES,
    NON_PERSON_NAMES,
    ORGANISATION_WORDS,
    QUESTION_LABELS,
    TITLE_WORDS,
    words,
)

_LABEL = re.compile(
    r"(?P<label>(?:[A-Z][\w\u2019'\-]*\.?|[A-Z]\.)(?:\s?(?:[A-Z][\w\u2019'\-]*\.?|[A-Z]\.)){0,3})"
    r"\s*:\s*(?P<speech>\S.*)$"
)
_DASH = re.compile(r"[-\u2013\u2014]\s+(?P<speech>\S.*)$")
_NAME_RUN = re.compile(r"(?:[A-Z][\w\u2019'\-]+|[A-Z]\.)(?:\s+(?:[A-Z][\w\u2019'\-]+|[A-Z]\.))+")
_INITIAL = re.compile(r"^[A-Z]\.$")
NOT_SPEAKERS = words(
    """
    note update updated source sources photo photograph image video watch listen read related
    summary context details background explainer analysis opinion correction warning breaking
    live latest privacy standards editor's follow sign share caption copyright
    """
)
INTERVIEWEE_LABELS = words("a answer")
MIN_SPEAKERS = 2  # labels with prose an article needs to read as a transcript
MIN_DASH_TURNS = 2


@dataclass(frozen=True)
class Turn:
    """One paragraph of a speaker's turn: the spoken text's offsets and who spoke."""

    start: int
    end: int
    paragraph: int
    speaker: str | None
    as_written: str | None


def find_turns(text: str, paragraphs: list[Paragraph]) -> list[Turn]:
    """The turns of a transcript or interview, paragraph by paragraph; [] for other articles."""
    labelled = _labelled(text, paragraphs)
    if _is_transcript(labelled):
        return _label_turns(text, paragraphs, labelled)
    return _dash_turns(text, paragraphs)


def _labelled(text: str, paragraphs: list[Paragraph]) -> dict[int, tuple[str, int, bool]]:
    """Paragraph index -> (label, where the speech starts, is prose) for 'LABEL: speech' lines."""
    found = {}
    for index, paragraph in enumerate(paragraphs):
        match = _LABEL.match(text, paragraph.start, paragraph.end)
        if match is None:
            continue
        label = match.group("label")
        tokens = label.replace(".", ". ").split()
        is_role = label.lower() in QUESTION_LABELS | INTERVIEWEE_LABELS  # 'Q:', 'A:'
        if not is_role and any(t.lower().strip(".") in NOT_SPEAKERS | FUNCTION_WORDS for t in tokens):
            continue
        found[index] = (label, match.start("speech"), is_prose(match.group("speech")))
    return found


def _is_transcript(labelled: dict[int, tuple[str, int, bool]]) -> bool:
    """Two speakers or more, each with a line of prose ('Tusk: Europe must pay' is a headline)."""
    keys = {_key(label) for label, _, prose in labelled.values() if prose}
    return len(keys) >= MIN_SPEAKERS


def _key(label: str) -> str:
    return " ".join(label.replace(".", ". ").split()).lower()


def _label_turns(
    text: str, paragraphs: list[Paragraph], labelled: dict[int, tuple[str, int, bool]]
) -> list[Turn]:
    first = min(labelled)
    roles = _interview_roles(text, paragraphs[:first])
    names = _full_names(text)
    turns: list[Turn] = []
    current: tuple[str | None, str] | None = None
    for index, paragraph in enumerate(paragraphs):
        if index in labelled:
            label, speech, _ = labelled[index]
            current = (_speaker(label, names, roles), label)
            turns.append(Turn(speech, paragraph.end, index, *current))
        elif current is not None and paragraph.is_body:
            turns.append(Turn(paragraph.start, paragraph.end, index, *current))
        elif index > first:
            current = None  # boilerplate ends the turn
    return turns


def _dash_turns(text: str, paragraphs: list[Paragraph]) -> list[Turn]:
    """Dash-led paragraphs that take turns: questions (ending in '?') and answers."""
    dashed = []
    for index, paragraph in enumerate(paragraphs):
        match = _DASH.match(text, paragraph.start, paragraph.end)
        if match and is_prose(match.group("speech")):
            dashed.append((index, match.start("speech"), paragraph.end))
    if len(dashed) < MIN_DASH_TURNS or not any(text[end - 1] == "?" for _, _, end in dashed):
        return []
    interviewer, interviewee = _interview_roles(text, paragraphs[: dashed[0][0]])
    turns = []
    for index, start, end in dashed:
        asks = text[end - 1] == "?"
        speaker = interviewer if asks else interviewee
        turns.append(Turn(start, end, index, speaker, "question" if asks else "answer"))
    return turns


def _speaker(label: str, names: list[tuple[str, ...]], roles: tuple[str | None, str | None]) -> str | None:
    """The full name a label stands for: 'MR MILLER' -> 'Miller', 'Putin' -> 'Vladimir Putin'."""
    lowered = label.lower().strip(". ")
    if lowered in QUESTION_LABELS:
        return roles[0]
    if lowered in INTERVIEWEE_LABELS:
        return roles[1]
    tokens = label.replace(".", ". ").split()
    if label.isupper():
        tokens = [t if _INITIAL.match(t) else t.capitalize() for t in tokens]
    while len(tokens) > 1 and tokens[0].lower().strip(".") in TITLE_WORDS:
        tokens = tokens[1:]
    initials = [t[0] for t in tokens[:-1]]
    for name in names:
        candidate = name[-max(2, len(tokens)) :]
        if candidate[-1] == tokens[-1] and all(
            given[0] == initial for given, initial in zip(candidate[:-1], initials, strict=False)
        ):
            return " ".join(candidate)
    return " ".join(tokens)


def _full_names(text: str) -> list[tuple[str, ...]]:
    """Person-like names of two or more words in the whole text, titles and places dropped."""
    names = []
    for match in _NAME_RUN.finditer(text):
        parts = match.group().split()
        while parts and _not_a_name_word(parts[0]):
            parts = parts[1:]
        if len(parts) >= 2 and not any(_not_a_name_word(p) for p in parts):
            names.append(tuple(parts))
    return names


def _not_a_name_word(word: str) -> bool:
    lowered = word.lower().strip(".")
    return (
        lowered in TITLE_WORDS | ORGANISATION_WORDS | NON_PERSON_NAMES | FUNCTION_WORDS
        or word.endswith(("\u2019s", "'s"))
        or (word.isupper() and len(word) > 1)
        or lowered.endswith(("ian", "ese", "ish"))  # demonyms before a name: Ukrainian, Chinese
    )


def _interview_roles(text: str, intro: list[Paragraph]) -> tuple[str | None, str | None]:
    """(interviewer, interviewee) from the introduction: 'X has talked with Y', 'X interviewed Y'."""
    for paragraph in intro:
        line = text[paragraph.start : paragraph.end]
        lowered = line.lower()
        cue = next((c for c in INTERVIEW_CUES if f" {c} " in lowered), None)
        if cue is None:
            continue
        at = lowered.index(f" {cue} ")
        before = _full_names(line[:at])
        after = _full_names(line[at:])
        if after:
            return (" ".join(before[-1]) if before else None), " ".join(after[0])
    return None, None
