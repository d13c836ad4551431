"""Turns of transcripts and interviews: 'SPEAKER: text' lines and dash-led Q&A blocks.

Official transcripts (kremlin.ru, state.gov briefings) and published interviews
carry no quote marks: each paragraph opened by a speaker label ('MR MILLER:',
'V. Putin:', 'Andrey Kondrashov:', 'QUESTION:', 'Q:') is a turn of that speaker,
and the unlabelled paragraphs after it continue the turn until the narration
resumes. Some interviews open each turn with a dash instead, questions and
answers taking turns. An article is read this way only when two speakers or more
have a labelled line of prose (a 'Zelensky: ...' headline is no transcript), and
its turns are kept out of the narration, so a name or a verb inside a turn is
never a cue for anything else.
"""

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from extraction.layout import Paragraph, is_prose
from extraction.lexicon import (
    ABBREVIATIONS,
    FIRST_AND_SECOND_PERSON,
    FUNCTION_WORDS,
    INTERVIEWEE_FIRST_CUES,
    INTERVIEWER_FIRST_CUES,
    JOURNALIST_NOUNS,
    MEDIA_NOUNS,
    MEETING_CUES,
    NARRATION_VERBS,
    NON_PERSON_NAMES,
    ORGANISATION_WORDS,
    QUESTION_LABELS,
    TITLE_WORDS,
    words,
)
from extraction.spans import MarkStyle, mark_pairs, quote_style

# Capital letters of the Latin alphabets names are written in ('Țoiu', 'Šefčovič', 'Øvergaard').
_CAPITAL = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f\u0218-\u021b"
_INITIALS = rf"[{_CAPITAL}]\.-[{_CAPITAL}]\."  # 'J.-N. Barrot:'
_LABEL = re.compile(
    rf"(?P<label>(?:{_INITIALS}|[{_CAPITAL}][\w\u2019'\-]*\.?|[{_CAPITAL}]\.)"
    rf"(?:\s?(?:[{_CAPITAL}][\w\u2019'\-]*\.?|[{_CAPITAL}]\.)){{0,5}})"
    rf"(?:,[^\S\n]+[{_CAPITAL}][{_CAPITAL}\d.\u2019'&\-]*(?:[^\S\n]+[{_CAPITAL}\d.\u2019'&\-]+){{0,5}})?"
    r"(?:[^\S\n]*\((?P<aside>[^()\n]{1,40})\))?"  # 'RACHEL ORTEGA, NCN ANCHOR:', 'BREMER (Foreign Office):'
    r"\s*:\s*(?P<speech>\S.*)$"
)
_ROLE_LABEL = re.compile(  # 'Audience member:', 'Question from the floor:', 'From the hall:'
    r"(?P<label>[A-Z][a-z]+(?:[^\S\n][a-z]+){1,3})\s*:\s*(?P<speech>\S.*)$"
)
_DASH = re.compile(r"(?:-\s+|[\u2013\u2014]\s*)(?P<speech>\S.*)$")  # '- ', '\u2014' (space optional)
_NAME_WORD = rf"(?:[{_CAPITAL}][\w\u2019'\-]+|[{_CAPITAL}]\.)"
_NAME_RUN = re.compile(rf"{_NAME_WORD}(?:[^\S\n]+{_NAME_WORD})+")  # never across a line break
_INITIAL = re.compile(r"^[A-Z]\.$")
_WORD = re.compile(r"[^\W\d_]+")
_ADDRESS = re.compile(r"(?P<title>[A-Z][a-z]*\.?)\s+(?P<name>[A-Z][\w\u2019'\-]+)\s*,")  # 'Mr Umerov, ...'
_FRAME = re.compile(  # the narrator naming the event itself: 'The briefing continued ...'
    r"\b(?:the|this)\s+(?:(?:press|news)\s+conference|interview|briefing|transcript|conversation)\b",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"(?:[-\u2013\u2014]\s*)?(?P<interview>(?:interview|interviewed|questions)\s+)?by\s+(?P<names>.+)",
    re.IGNORECASE,
)
_PART = re.compile(r"\S+")
_POSSESSIVE = re.compile(r"[\u2019']s$")
_POSSESSOR_BEFORE = re.compile(r"[\u2019']s(?:\s+own)?\s+$")  # "The Review's Olena Marchuk"
_PERSONAL = re.compile(r"\b(?:he|she|him|her)\b", re.IGNORECASE)
_JOURNALIST_APPOSITION = re.compile(
    rf",\s+(?:a|an|the)\s+(?:[\w\-\u2019']+\s+){{0,3}}?(?:{'|'.join(sorted(JOURNALIST_NOUNS))})\b"
)
_SELF_INTRODUCTION = re.compile(  # 'Lucía Ruiz, EFE.', 'Lucía Ruiz again, EFE.'
    rf"(?P<name>{_NAME_WORD}(?:[^\S\n]+{_NAME_WORD}){{1,2}})(?:\s+again)?,\s+[{_CAPITAL}][^.?!\n]{{0,40}}\.\s"
)
_WRITES_FOR_US = re.compile(  # 'X, who reported on the referendum for this newspaper,'
    r",\s+who\s+[^,.;\n]{0,80}?\bfor\s+(?:this|our)\s+(?:newspaper|paper|magazine|site|programme)\b"
)
_PRESS_OWN = JOURNALIST_NOUNS | MEDIA_NOUNS | {"reader", "conversation", "interview"}
_PRESS_SELF = re.compile(  # the outlet speaking of itself: 'told our correspondent', 'since our conversation'
    rf"\bour\s+(?:own\s+)?(?:{'|'.join(sorted(_PRESS_OWN))})s?\b",
    re.IGNORECASE,
)
_TO_THE_PRESS = re.compile(  # 'spoke to journalists': a press conference, no named interviewer
    r"\s+(?:the\s+)?(?:press|media|journalists|reporters|correspondents)\b", re.IGNORECASE
)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u201c\"])")
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
MIN_INITIALS, MAX_INITIALS = 2, 4  # letters of a label made of initials ('BDW:')
MAX_MIXED_CASE_LABEL = 4  # words; an office before the name runs longer in capitals
INTERVIEW_BYLINE, AUTHOR_BYLINE = "interview", "author"  # 'Interview by X', 'By X'

Roles = tuple[str | None, str | None]  # (interviewer, interviewee)
Labelled = dict[int, tuple[str, int, bool]]  # paragraph -> (label, speech start, is prose)


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
        return _label_turns(text, paragraphs, _without_headlines(text, labelled, paragraphs))
    return _dash_turns(text, paragraphs)


def _labelled(text: str, paragraphs: list[Paragraph]) -> Labelled:
    """Paragraph index -> (label, where the speech starts, is prose) for 'LABEL: speech' lines."""
    found = {}
    for index, paragraph in enumerate(paragraphs):
        match = _LABEL.match(text, paragraph.start, paragraph.end)
        if match is None:
            match = _ROLE_LABEL.match(text, paragraph.start, paragraph.end)
            if match is None or not _asks_questions(match.group("label")):
                continue
        label = match.group("label")
        if label.isupper() and label.startswith("THE "):
            label = label.removeprefix("THE ")  # 'THE SPOKESPERSON:', a role the intro names
        if _asks_questions(label):
            asker = _named_asker(match.groupdict().get("aside")) or _self_named(match.group("speech"))
            label = asker or label  # 'QUESTION (Mihai Stoica, Radio Nord):', 'QUESTION: Lucía Ruiz, EFE.'
        tokens = _label_tokens(label)
        if not all(token[0].isupper() for token in tokens) and not _asks_questions(label):
            continue  # a lowercase letter of the extended alphabets is no capital
        if len(tokens) > MAX_MIXED_CASE_LABEL and not label.isupper():
            continue  # 'Zelensky Warns Europe Over Deal:' is a headline; only capitals run longer
        is_role = label.lower() in INTERVIEWEE_LABELS or _asks_questions(label)  # 'A:', 'Q:'
        if not is_role and any(_is_common_word(t) for t in tokens):
            continue
        found[index] = (label, match.start("speech"), is_prose(match.group("speech")))
    return found


def _label_tokens(label: str) -> list[str]:
    """A label's words, initials apart: 'J.-N. Barrot' -> ['J.', 'N.', 'Barrot']."""
    return label.replace(".-", ". ").replace(".", ". ").split()


def _named_asker(aside: str | None) -> str | None:
    """The journalist a question label's brackets name before the outlet ('Mihai Stoica, Radio
    Nord'), not an outlet alone ('Ukrinform', 'Radio Chișinău')."""
    if not aside or "," not in aside:
        return None
    first = aside.split(",")[0].strip()
    words = first.split()
    if len(words) < 2 or not all(word[0].isupper() for word in words):
        return None
    return None if words[-1].lower() in ORGANISATION_WORDS else first


def _self_named(speech: str) -> str | None:
    """The journalist a question names first: 'Lucía Ruiz, EFE. Will the minister ...'."""
    match = _SELF_INTRODUCTION.match(speech)
    if match is None or any(w.lower() in TITLE_WORDS for w in match.group("name").split()):
        return None  # 'Madam President, ...' addresses someone
    return match.group("name")


def _asks_questions(label: str) -> bool:
    """A label of whoever asks: 'Q', 'QUESTION', and role phrases ('Audience member', 'From the hall')."""
    first, *rest = label.strip(". ").split()
    if first.lower() == "from" and rest[:1] == ["the"]:
        return True  # 'From the hall:', 'From the floor:'
    return first.lower() in QUESTION_LABELS and all(word.islower() for word in rest)


def _is_common_word(token: str) -> bool:
    """A word no speaker label holds ('Note', 'The'); an initial ('I.', 'A.') is no word."""
    return not _INITIAL.match(token) and token.lower().strip(".") in NOT_SPEAKERS | FUNCTION_WORDS


def _is_transcript(labelled: Labelled) -> bool:
    """Two speakers or more, each with a line of prose ('Tusk: Europe must pay' is a headline)."""
    keys = {_key(label) for label, _, prose in labelled.values() if prose}
    return len(keys) >= MIN_SPEAKERS


def _without_headlines(text: str, labelled: Labelled, paragraphs: list[Paragraph]) -> Labelled:
    """The labelled lines that are turns: a headline or standfirst with a colon is none.

    The transcript starts at the first prose line of a speaker who speaks again (else
    the first prose line). A labelled line before it is a turn only if it is prose and
    no narration comes between ('MODERATOR: Good afternoon.' opening the transcript);
    'Sybiha: Europe must decide ...' above the introduction is a headline. Inside the
    transcript a turn may end in a dash, so prose is not asked of it. A label with the speaker's
    office after a comma ('RENATA OKONJO, OCHA SPOKESPERSON:') is a transcript's own form, never a
    headline's, so it may open the transcript too.
    """
    surnames = Counter(_surname(label) for label, _, _ in labelled.values())
    prose = [index for index, (_, _, is_prose_line) in sorted(labelled.items()) if is_prose_line]
    opens = [
        index
        for index in prose
        if surnames[_surname(labelled[index][0])] > 1
        or _has_office(text, paragraphs[index], labelled[index][1])
    ]
    start = opens[0] if opens else prose[0]
    intro_end = max(
        (index for index in range(start) if paragraphs[index].is_body and index not in labelled),
        default=-1,
    )
    return {
        index: line for index, line in labelled.items() if index >= start or (index > intro_end and line[2])
    }


def _has_office(text: str, paragraph: Paragraph, speech: int) -> bool:
    """Whether a labelled line gives the speaker's office after a comma, before its colon."""
    return "," in text[paragraph.start : speech]


def _key(label: str) -> str:
    return " ".join(_label_tokens(label)).lower()


def _surname(label: str) -> str:
    """The label's last word: 'SPOKESPERSON HEORHII TYKHYI:' and 'MR. TYKHYI:' are one speaker."""
    return _key(label).split()[-1]


def _label_turns(text: str, paragraphs: list[Paragraph], labelled: Labelled) -> list[Turn]:
    first = min(labelled)
    names = _full_names(text)
    interviewer, interviewee = _with_addressed(
        _interview_roles(text, paragraphs[:first]), text, paragraphs, labelled, names
    )
    interviewer = interviewer or _closing_interviewer(text, paragraphs[max(labelled) + 1 :])
    roles = (interviewer, interviewee or _intro_subject(text, paragraphs[:first]))
    style = quote_style(text, paragraphs)
    speakers = _label_speakers([label for label, _, _ in labelled.values()], names, roles, text)
    turns: list[Turn] = []
    current: tuple[str | None, str] | None = None
    for index, paragraph in enumerate(paragraphs):
        if index in labelled:
            label, speech, _ = labelled[index]
            current = (speakers[label], label)
            turns.append(Turn(speech, paragraph.end, index, *current))
        elif current is not None and _continues(text, paragraph, style, current[0]):
            turns.append(Turn(paragraph.start, paragraph.end, index, *current))
        elif index > first:
            current = None  # boilerplate or narration ends the turn
    return turns


def _dash_turns(text: str, paragraphs: list[Paragraph]) -> list[Turn]:
    """Dash-led paragraphs that take turns, questions and answers, and the paragraphs continuing them."""
    dashed = {}
    for index, paragraph in enumerate(paragraphs):
        match = _DASH.match(text, paragraph.start, paragraph.end)
        if match and is_prose(match.group("speech")):
            dashed[index] = match.start("speech")
    if len(dashed) < MIN_DASH_TURNS or not any(_asks(text, paragraphs[i]) for i in dashed):
        return []
    first = min(dashed)
    asking = _questions(text, paragraphs, dashed)
    interviewer, interviewee = _interview_roles(text, paragraphs[:first])
    interviewer = (
        interviewer
        or _intro_journalist(text, paragraphs[:first])
        or _closing_interviewer(text, paragraphs[max(dashed) + 1 :])
    )
    if interviewee is None:
        questions = [text[dashed[i] : paragraphs[i].end] for i in asking]
        interviewee = _addressed(questions, _full_names(text)) or _intro_subject(text, paragraphs[:first])
    style = quote_style(text, paragraphs)
    turns = []
    current: tuple[str | None, str] | None = None
    for index, paragraph in enumerate(paragraphs[first:], first):
        if index in dashed:
            current = (interviewer, "question") if index in asking else (interviewee, "answer")
            turns.append(Turn(dashed[index], paragraph.end, index, *current))
        elif current is not None and _continues(text, paragraph, style, current[0]):
            turns.append(Turn(paragraph.start, paragraph.end, index, *current))
        else:
            current = None
    return turns


def _intro_subject(text: str, intro: list[Paragraph]) -> str | None:
    """The person an interview's introduction is about, when no sentence names the roles.

    'Ihor Terekhov: Kharkiv has learned ...' over 'Kharkiv Mayor Ihor Terekhov has led the
    city ... We met him in his office': the full name whose surname the headline and
    introduction repeat most (at least twice; the first on a tie), or the only person it names.
    """
    intro_text = "\n".join(text[p.start : p.end] for p in intro)
    names = dict.fromkeys(name.full for p in intro for name in _names_in(text, p.start, p.end))
    mentions = {full: len(re.findall(rf"\b{re.escape(full.split()[-1])}\b", intro_text)) for full in names}
    ranked = sorted(mentions, key=lambda full: -mentions[full])  # stable: text order on a tie
    # the only person named ('Larysa Bondar, 52, has worked ...; she agreed to talk') needs no repeat
    return ranked[0] if ranked and (len(ranked) == 1 or mentions[ranked[0]] >= 2) else None


def _intro_journalist(text: str, intro: list[Paragraph]) -> str | None:
    """The journalist a dash interview's introduction names, when no sentence names the roles:
    'Our health correspondent, Marko Sych, spent a morning with her.' (Not for labelled
    transcripts: a journalist named there may be anyone, and 'Question:' turns nobody's.)"""
    bylines = _bylines(text, intro)
    for paragraph in intro:
        line = text[paragraph.start : paragraph.end]
        for name in _names_in(line, 0, len(line)):
            if _is_journalist(line, name, bylines):
                return name.full
    return None


def _asks(text: str, paragraph: Paragraph) -> bool:
    return text[paragraph.end - 1] == "?"


def _questions(text: str, paragraphs: list[Paragraph], dashed: dict[int, int]) -> set[int]:
    """The dashed paragraphs that are questions: those ending in '?'.

    A '?' right after a question is the answer (a rhetorical one): the
    interviewer does not ask twice in a row.
    """
    asking: set[int] = set()
    previous_asked = False
    for index in sorted(dashed):
        previous_asked = _asks(text, paragraphs[index]) and not previous_asked
        if previous_asked:
            asking.add(index)
    return asking


def _continues(text: str, paragraph: Paragraph, style: MarkStyle, speaker: str | None) -> bool:
    """An unlabelled body paragraph after a turn goes on with it unless it is narration."""
    return paragraph.is_body and not is_narration(_outside_quotes(text, paragraph, style), speaker)


def is_narration(line: str, speaker: str | None = None) -> bool:
    """True for a paragraph that tells of the speakers in the third person.

    A turn speaks in its own voice ('I', 'we', 'you'); the narrator resuming after a
    transcript reports speech ('Later, Ushakov told journalists ...'), names the event
    itself ('The briefing continued ...') or the speaker by name, which the speaker
    would not do. `line` is the paragraph with its quoted stretches taken out.
    """
    tokens = _WORD.findall(_PRESS_SELF.sub(" ", line))
    if any(t.lower() in FIRST_AND_SECOND_PERSON and t != "US" for t in tokens):
        return False
    lowered = {t.lower() for t in tokens}
    surname = speaker.split()[-1] if speaker else None
    return bool(lowered & NARRATION_VERBS) or bool(_FRAME.search(line)) or surname in tokens


def _outside_quotes(text: str, paragraph: Paragraph, style: MarkStyle) -> str:
    """The paragraph with each quoted stretch, marks included, replaced by a space."""
    pieces, cursor = [], paragraph.start
    for opening, closing in mark_pairs(text, paragraph, style):
        pieces.append(text[cursor:opening])
        cursor = paragraph.end if closing is None else closing + 1
    pieces.append(text[cursor : paragraph.end])
    return " ".join(pieces)


def _label_speakers(
    labels: list[str], names: list[tuple[str, ...]], roles: Roles, text: str
) -> dict[str, str | None]:
    """Each label's speaker; a surname label takes the full name of an earlier label that ends
    in it ('ORTEGA:' after 'RACHEL ORTEGA, NCN ANCHOR:'), as transcripts shorten labels."""
    speakers = {label: _speaker(label, names, roles, text) for label in dict.fromkeys(labels)}
    full = [speaker.split() for speaker in speakers.values() if speaker and len(speaker.split()) > 1]
    for label, speaker in speakers.items():
        if speaker and len(speaker.split()) == 1:
            longer = next((words for words in full if words[-1] == speaker), None)
            speakers[label] = " ".join(longer) if longer else speaker
    return speakers


def _speaker(label: str, names: list[tuple[str, ...]], roles: Roles, text: str) -> str | None:
    """The full name a label stands for: 'MR MILLER' -> 'Miller', 'Putin' -> 'Vladimir Putin'.

    A role ('Q', 'A') or an outlet ('BBC', 'Harbour Review') is the interviewer or interviewee.
    """
    lowered = label.lower().strip(". ")
    if _asks_questions(label):
        return roles[0]
    if _is_outlet(lowered) or _is_masthead(label, text) or _masthead_initials(label, text):
        return roles[0] or _outlet_journalist(label, text)
    if by_initials := _name_of_initials(label, names):
        return by_initials
    if lowered in INTERVIEWEE_LABELS:
        return roles[1]
    tokens = _label_tokens(label)
    if label.isupper():
        tokens = [t if _INITIAL.match(t) else t.capitalize() for t in tokens]
    while len(tokens) > 1 and tokens[0].lower().strip(".") in TITLE_WORDS:
        tokens = tokens[1:]
    return _resolve(tokens, names) or _role_holder(label, text) or " ".join(tokens)


def _role_holder(label: str, text: str) -> str | None:
    """The person the article names for a role label ('Moderator:', 'Host:'), else None.

    Transcripts label the chair by role, while the introduction names them:
    'moderator X', 'X, the moderator', 'moderated by X' (the role noun's verb), also with
    a description between ('moderated by the ministry's press secretary, X'), and 'X (, the
    forum's director,) in the chair'.
    """
    role = " ".join(label.strip(". ").lower().split())
    if not role.replace(" ", "").isalpha():
        return None
    verbs = {role + "ed", role + "d"} | ({role[:-2] + "ed"} if role.endswith(("or", "er")) else set())
    name = rf"(?P<name>{_NAME_WORD}(?:[^\S\n]+{_NAME_WORD})+)"
    patterns = (
        rf"\b(?i:{role}),?[^\S\n]+{name}",
        rf"{name},\s+(?:the|a|an)\s+(?:[\w\-]+\s+){{0,2}}?{role}\b",
        rf"\b(?:{'|'.join(sorted(verbs))})\s+by\s+(?:[^,.;\n]{{1,60}},\s+)?{name}",
        rf"{name}(?:,[^,.;\n]{{1,60}},)?\s+in\s+the\s+(?i:{role})\b",
    )
    for pattern in patterns:
        for match in re.finditer(pattern, text):
            found = _names_in(text, match.start("name"), match.end("name"))
            if found:
                return found[0].full
    return _only_name_beside(role, text)


def _only_name_beside(role: str, text: str) -> str | None:
    """The one person named in the sentence that introduces a role label: '... Lena Auer, who
    has hosted the evenings since 2023 and appears below as Host.'"""
    for match in re.finditer(rf"\b(?i:as|the|a)[^\S\n]+(?i:{role})\b", text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        line_end = text.find("\n", match.end())
        line = text[line_start : len(text) if line_end == -1 else line_end]
        start, end = _sentence_around(line, match.start() - line_start)
        names = {name.full for name in _names_in(line, start, end)}
        if len(names) == 1:
            return names.pop()
    return None


def _is_outlet(label: str) -> bool:
    parts = label.split()
    return parts[-1] in ORGANISATION_WORDS or (len(parts) == 1 and parts[0] in NON_PERSON_NAMES)


def _is_masthead(label: str, text: str) -> bool:
    """A label that is the outlet's own name: it ends the article's first line ('The Continental
    Observer' over 'Observer:' turns) or owns something ("the Observer's correspondent")."""
    owns = re.search(rf"\bthe {re.escape(label)}[\u2019']s\b", text) is not None
    return _first_line(text).endswith(label) or owns


def _first_line(text: str) -> str:
    """The article's first line: where sites print the outlet's name ('The Continental Observer')."""
    return text.lstrip().split("\n", 1)[0]


def _initials(words: Sequence[str]) -> str:
    return "".join(word[0] for word in words).upper()


def _masthead_initials(label: str, text: str) -> bool:
    """'AL:' in the pages of The Antwerp Ledger: the outlet's initials, its first line's."""
    words = _first_line(text).split()
    name = words[1:] if words[:1] == ["The"] else words
    return label.isalpha() and label.isupper() and len(label) > 1 and _initials(name) == label


def _name_of_initials(label: str, names: list[tuple[str, ...]]) -> str | None:
    """'BDW:' for Bart De Wever: the one full name the label's capitals are the initials of."""
    if not (label.isalpha() and label.isupper() and MIN_INITIALS <= len(label) <= MAX_INITIALS):
        return None
    fitting = {" ".join(name) for name in names if _initials(name) == label}
    return fitting.pop() if len(fitting) == 1 else None


def _outlet_journalist(label: str, text: str) -> str | None:
    """The journalist of the outlet a label names: "the Observer's Eastern Europe correspondent,
    Anja Lindqvist" -> 'Anja Lindqvist'."""
    for match in re.finditer(rf"\b{re.escape(label)}[\u2019']s\b", text):
        line_end = text.find("\n", match.end())
        line = text[match.start() : len(text) if line_end == -1 else line_end]
        _, end = _sentence_around(line, 0)
        for name in _names_in(line, 0, end):
            if _is_journalist(line, name, {}):
                return name.full
    return None


def _resolve(tokens: list[str], names: list[tuple[str, ...]]) -> str | None:
    """The first full name ending in the label's surname whose given names fit its initials."""
    initials = [t[0] for t in tokens[:-1]]
    for name in names:
        candidate = name if len(tokens) == 1 else name[-len(tokens) :]
        if candidate[-1] == tokens[-1] and all(
            given[0] == initial for given, initial in zip(candidate[:-1], initials, strict=False)
        ):
            return " ".join(candidate)
    if len(tokens) == 1:  # 'OWEN:' in a podcast that introduced 'host Owen Pritchard'
        first_names = {" ".join(name) for name in names if name[0].lower() == tokens[0].lower()}
        if len(first_names) == 1:
            return first_names.pop()
    return None


@dataclass(frozen=True)
class _Name:
    """A person-like name of two or more words and where it stands."""

    start: int
    end: int
    words: tuple[str, ...]

    @property
    def full(self) -> str:
        return " ".join(self.words)


def _full_names(text: str) -> list[tuple[str, ...]]:
    """Person-like names of two or more words in the whole text, in text order."""
    return [name.words for name in _names_in(text, 0, len(text))]


def _names_in(text: str, start: int, end: int) -> list[_Name]:
    """Person-like names in text[start:end].

    A run of capitalised words keeps what follows its last title, organisation,
    place or possessive word: 'Presidential Press Secretary Dmitry Peskov' ->
    'Dmitry Peskov', "The Harbour Review's Olena Marchuk" -> 'Olena Marchuk'.
    """
    names = []
    for match in _NAME_RUN.finditer(text, start, end):
        spans = [(match.start() + p.start(), match.start() + p.end()) for p in _PART.finditer(match.group())]
        last = _POSSESSIVE.search(text, *spans[-1])  # "Sergei Lavrov's remarks": the owner's name
        if last is not None:
            spans[-1] = (spans[-1][0], last.start())
        parts = [text[a:b] for a, b in spans]
        cut = max(
            (i for i, part in enumerate(parts) if _not_a_name_word(part) or _demonym_before_name(parts, i)),
            default=-1,
        )
        if len(parts) - cut - 1 >= 2:
            names.append(_Name(spans[cut + 1][0], spans[-1][1], tuple(parts[cut + 1 :])))
    return names


def _not_a_name_word(word: str) -> bool:
    lowered = word.lower().strip(".")
    return (
        lowered in TITLE_WORDS | ORGANISATION_WORDS | NON_PERSON_NAMES | FUNCTION_WORDS
        or word.endswith(("\u2019s", "'s"))
        or (word.isupper() and len(word) > 1)
    )


def _demonym_before_name(parts: list[str], index: int) -> bool:
    """'Ukrainian', 'Chinese' before a name of two words or more; 'Julian Bremer' keeps 'Julian'."""
    return parts[index].lower().endswith(("ian", "ese", "ish")) and len(parts) - index - 1 >= 2


def _interview_roles(text: str, intro: list[Paragraph]) -> Roles:
    """(interviewer, interviewee) from the introduction, else None for each.

    Read from the first sentence with an interview cue (`_roles_around`), a sure reading first; a
    byline 'Interview by X' names an interviewer that sentence leaves out.
    """
    bylines = _bylines(text, intro)
    found = [
        _roles_around(line, cue, bylines)
        for line in (text[p.start : p.end] for p in intro)
        for cue in _interview_cues(line)
    ]
    found = [(roles, sure) for roles, sure in found if roles != (None, None)]
    found.sort(key=lambda item: not item[1])  # stable: the first sure reading, else the first
    interviewer, interviewee = found[0][0] if found else (None, None)
    return interviewer or bylines.get(INTERVIEW_BYLINE), interviewee


def _closing_interviewer(text: str, outro: list[Paragraph]) -> str | None:
    """The interviewer a closing line names: 'This interview was conducted by X and has been
    edited for length.' Only the interviewer: whoever else the closing names spoke elsewhere."""
    return _interview_roles(text, outro)[0]


def _roles_around(line: str, cue: tuple[int, int, bool], bylines: dict[str, str]) -> tuple[Roles, bool]:
    """The roles a sentence names around its interview cue, and whether the reading is sure.

    'X interviewed Y', 'X has talked with Y' name the interviewer first; 'Y answered
    questions from X', 'In an interview with X, Y said' the interviewee. Each side is
    its first name (the object's up to the next comma, else the next). A journalist (a
    byline's name, "The Review's X", 'presenter X', 'X, a reporter') is the interviewer
    whatever the order. 'X spoke to Y' reads both ways (and may be a phone call): sure
    only with a journalist in it, where 'interviewed' or 'questions from' always are.
    """
    start, end, interviewer_first = cue
    sure = any(word in line[start:end].lower() for word in ("interview", "question"))
    sentence_start, sentence_end = _sentence_around(line, start)
    comma = line.find(",", end, sentence_end)
    object_end = sentence_end if comma == -1 else comma
    before = _names_or_antecedent(line, sentence_start, start, sentence_start)
    objects = _names_or_antecedent(line, end, object_end, sentence_start)
    rest = _names_in(line, object_end, sentence_end)
    if before and not objects and _TO_THE_PRESS.match(line, end):  # 'X spoke to reporters'
        return (None, before[0].full), False
    if before:  # 'X interviewed Y', 'X interviewed the minister, Y, ...'
        subject, target = before[0], next(iter(objects or rest), None)
    else:  # 'In an interview with X, Y said ...'
        subject, target = next(iter(rest), None), next(iter(objects), None)
    asks = [n for n in (subject, target) if n is not None and _is_journalist(line, n, bylines)]
    if line[start:end].lower() in MEETING_CUES and len(asks) != 1:
        return (None, None), False  # 'the minister met Rutte': a meeting, no interview
    if len(asks) == 1:
        other = target if asks[0] is subject else subject
        return (asks[0].full, other.full if other else None), True
    first, second = (n.full if n else None for n in (subject, target))
    return ((first, second) if interviewer_first else (second, first)), sure


def _names_or_antecedent(line: str, start: int, end: int, sentence_start: int) -> list[_Name]:
    """The names in line[start:end]; for a pronoun ('he sat down with', 'interviewed him'), the
    names of the sentences before it."""
    names = _names_in(line, start, end)
    if not names and _PERSONAL.search(line, start, end):
        names = _names_in(line, 0, sentence_start)
    return names


def _interview_cues(line: str) -> list[tuple[int, int, bool]]:
    """(start, end, names the interviewer first) of each interview cue, the longest where they overlap."""
    lowered = line.lower()
    found = sorted(
        (match.start(), -len(cue), match.end(), interviewer_first)
        for cues, interviewer_first in ((INTERVIEWER_FIRST_CUES, True), (INTERVIEWEE_FIRST_CUES, False))
        for cue in cues
        for match in re.finditer(rf"\b{re.escape(cue)}\b", lowered)
    )
    cues: list[tuple[int, int, bool]] = []
    for start, _, end, interviewer_first in found:
        if not cues or start >= cues[-1][1]:
            cues.append((start, end, interviewer_first))
    return cues


def _sentence_around(line: str, position: int) -> tuple[int, int]:
    """The bounds of the sentence of `line` that holds `position` (abbreviations kept whole)."""
    start, end = 0, len(line)
    for match in _SENTENCE_BREAK.finditer(line):
        word = line[: match.start()].split()[-1].rstrip(".").lower()
        if word in ABBREVIATIONS or len(word) == 1:
            continue  # 'Mr. Umerov', 'D. Peskov'
        if match.start() < position:
            start = match.end()
        else:
            end = match.start()
            break
    return start, end


def _is_journalist(line: str, name: _Name, bylines: dict[str, str]) -> bool:
    """A name the copy marks as the press's: in a byline, after an outlet's 's, beside a journalist noun."""
    before = line[: name.start]
    previous = before.split()[-1].lower().rstrip(",") if before.split() else ""  # 'correspondent, X'
    return (
        name.full in bylines.values()
        or bool(_POSSESSOR_BEFORE.search(before))
        or previous in JOURNALIST_NOUNS
        or bool(_JOURNALIST_APPOSITION.match(line, name.end))
        or bool(_WRITES_FOR_US.match(line, name.end))
    )


def _bylines(text: str, intro: list[Paragraph]) -> dict[str, str]:
    """Names of the intro's bylines: 'By X' under AUTHOR_BYLINE, 'Interview by X' under INTERVIEW_BYLINE."""
    found: dict[str, str] = {}
    for paragraph in intro:
        match = _BYLINE.fullmatch(text, paragraph.start, paragraph.end)
        if match is None or paragraph.is_body:
            continue
        names = _names_in(text, match.start("names"), match.end("names"))
        if names:
            found.setdefault(INTERVIEW_BYLINE if match.group("interview") else AUTHOR_BYLINE, names[0].full)
    return found


def _with_addressed(
    roles: Roles, text: str, paragraphs: list[Paragraph], labelled: Labelled, names: list[tuple[str, ...]]
) -> Roles:
    """The interviewee, when the introduction leaves it out, from a question addressing them."""
    if roles[1] is not None:
        return roles
    questions = [
        text[speech : paragraphs[index].end]
        for index, (label, speech, _) in labelled.items()
        if label.lower().strip(". ") in QUESTION_LABELS
    ]
    return roles[0], _addressed(questions, names)


def _addressed(questions: list[str], names: list[tuple[str, ...]]) -> str | None:
    """The full name of the person a question opens by addressing: 'Mr Umerov, how close ...?'."""
    for question in questions:
        match = _ADDRESS.match(question)
        if match and match.group("title").lower().rstrip(".") in TITLE_WORDS:
            found = _resolve([match.group("name")], names)
            if found is not None:
                return found
    return None
