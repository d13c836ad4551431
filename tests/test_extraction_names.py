"""Who a reported statement's subject is: a name after an opening phrase, and organisations.
Every snippet is invented for the rule it checks."""

import pytest

from extraction import extract_quotes


def reported(text: str) -> list[tuple[str, str | None, str | None]]:
    """(content, speaker, as written) of each indirect quote."""
    return [(q.text, q.speaker, q.speaker_as_written) for q in extract_quotes(text) if q.kind == "indirect"]


@pytest.mark.parametrize(
    ("opening", "as_written"),
    [
        ("Before the briefing Kovalenko", "Kovalenko"),  # no comma after the opening phrase
        ("After the meeting Kovalenko", "Kovalenko"),
        ("Afterwards, her deputy, Iryna Kovalenko,", "Iryna Kovalenko"),  # 'Afterwards' is no name
    ],
)
def test_a_name_after_an_opening_phrase_is_the_subject(opening, as_written):
    text = (
        "Deputy Mayor Iryna Kovalenko visited the depot on Monday. "
        f"{opening} told reporters that the convoy had left the city."
    )
    assert reported(text) == [("the convoy had left the city", "Iryna Kovalenko", as_written)]


@pytest.mark.parametrize(
    "source",
    ["The Regional Water Authority", "The district's Emergency Headquarters", "The Lviv Weekly"],
)
def test_an_organisation_named_in_capitals_is_no_person(source):
    text = f"{source} said that the pipes had burst overnight."
    assert [(content, speaker) for content, speaker, _ in reported(text)] == [
        ("the pipes had burst overnight", None)
    ]
