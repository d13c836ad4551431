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


def test_inverted_cue_needs_an_empty_subject_and_which_speaks_for_a_thing() -> None:
    """'One of them said Polish ... would', 'a letter from the ministry, which said ...'."""
    text = (
        "Two people close to the talks said the vote could come soon. One of them said Polish and"
        " Czech envoys would attend the vote. It would take place in Vienna, the person said."
        " Later, host Ivan Petrenko read a letter from the Interior Ministry, which said the"
        " border would stay shut. The governor's office said Petrenko had misread the letter."
    )
    assert [q.speaker for q in extract_quotes(text) if q.kind == "indirect"] == [None] * 5


def test_surname_with_hyphenated_particle_is_a_name() -> None:
    text = (
        "11:30\nA spokesman for the Egyptian hosts, Omar el-Masri, said the talks had begun late."
        " He added that dinner would be held at the palace."
    )
    assert [q.speaker for q in extract_quotes(text)] == ["Omar el-Masri"] * 2


def test_a_given_name_ending_like_a_demonym_stays_part_of_the_name():
    # 'Ukrainian Oleh Bondar' drops the demonym; 'Julian' and 'Damian' are given names
    text = (
        "Taking part were Julian Marek of the Foreign Office and Ukrainian envoy Oleh Bondar."
        "\n\nMarek said that the talks would resume in Geneva next week."
    )
    assert [q.speaker for q in extract_quotes(text)] == ["Julian Marek"]


# --- pronouns agree in gender with the person they refer to --------------------------------------


def test_she_after_a_man_is_the_woman_named_before_him():
    text = (
        "Across the table, Halyna Moroz, 60, sorts letters while Petro Moroz, her husband, reads "
        "the list over her shoulder. Petro says he no longer watches the news. “I trust what I "
        "see on paper,” she says."
    )
    assert [q.speaker for q in extract_quotes(text) if q.kind == "direct"] == ["Halyna Moroz"]


def test_he_after_a_wife_named_by_first_name_is_her_husband():
    text = (
        "Ostap Kravets, 31, lost a foot near Kupiansk last winter. “Nobody here asks about the "
        "front,” he said.\n\n"
        "Kravets\u2019s wife, Oksana, is due to join him in November. “She has never seen the sea,” "
        "he said."
    )
    assert [q.speaker for q in extract_quotes(text)] == ["Ostap Kravets", "Ostap Kravets"]


def test_a_description_resolved_to_the_person_in_focus_teaches_no_gender():
    # 'the missing man' is her son, not Svitlana Hlib: her 'she says' must still find her
    text = (
        "Svitlana Hlib, 52, runs the group. Her son disappeared in 2023. She keeps a binder with "
        "the names of anyone who saw the missing man alive.\n\n"
        "“When there is news of an exchange, the phone starts ringing,” she says."
    )
    assert [q.speaker for q in extract_quotes(text)] == ["Svitlana Hlib"]


def test_a_pronoun_that_fits_nobody_named_is_nobody_rather_than_the_wrong_person():
    text = (
        "Outside, a group of women held a banner. One of them, who did not want to be named, said "
        "her husband had been missing since 2023. “Nobody talks about the mothers,” she said."
    )
    assert [q.speaker for q in extract_quotes(text) if q.kind == "direct"] == [None]


# --- names that tell a gender, titles given once, single names ---------------------------------


def test_a_given_name_tells_the_gender_a_pronoun_must_agree_with():
    # no honorific, no kin word: 'Marta' is a woman's name, so 'He says' is the mechanic
    text = (
        "For twenty years, Bohdan Shvets, 61, repaired tractors in Izium. “Everything here runs on "
        "spare parts and patience,” he says.\n\n"
        "Marta Levchuk, 54, runs the bakery across the road. He says she never closed, not even "
        "in 2022."
    )
    assert [(q.speaker, q.kind) for q in extract_quotes(text)] == [
        ("Bohdan Shvets", "direct"),
        ("Bohdan Shvets", "indirect"),
    ]


def test_a_person_introduced_by_first_name_and_kin_word_stays_a_person_alone():
    text = (
        "He and his wife, Solomiia, opened the shop in 2009. Solomiia keeps the accounts. She "
        "says the regulars had paid in advance all winter.\n\n"
        "“Nobody asked for a receipt,” she says."
    )
    assert [q.speaker for q in extract_quotes(text)] == ["Solomiia", "Solomiia"]  # report, quote


def test_a_clergy_title_before_a_single_name_is_dropped():
    text = (
        "In the village church, Father Bohdan still rings the bell every Sunday. “Fewer come, but "
        "those who come stay longer,” he says."
    )
    assert [q.speaker for q in extract_quotes(text)] == ["Bohdan"]


def test_a_title_first_given_to_the_person_in_focus_means_them_again_later():
    # 'the Health Secretary' is nobody's title by name; it is the minister in focus the first time,
    # and the same words later mean her again, not the campaigner who spoke in between
    text = (
        "Field hospitals will stay open through the winter, Ruth Calloway announced on Monday. "
        "The Health Secretary said the staff would be doubled.\n\n"
        "Tom Ashby, who runs a veterans' charity, said the money was not enough.\n\n"
        "The Health Secretary said that a review would follow in the spring."
    )
    assert [(q.text, q.speaker) for q in extract_quotes(text) if q.kind == "indirect"][1:] == [
        ("the staff would be doubled", "Ruth Calloway"),
        ("the money was not enough", "Tom Ashby"),
        ("a review would follow in the spring", "Ruth Calloway"),
    ]


def test_a_pronoun_with_nobody_in_focus_is_the_last_person_of_its_gender_named():
    # the subject stands after a clause ('and by the time ...,'), where the subject rules miss it
    text = (
        "The ferry leaves at dawn, and by the time it docks, Yurii Kostenko, 44, has already "
        "counted his crew twice.\n\n"
        "“We have never lost anyone on this road,” he says."
    )
    assert [q.speaker for q in extract_quotes(text)] == ["Yurii Kostenko"]


@pytest.mark.parametrize("body", ["Embassy", "Monitoring Mission", "Consulate"])
def test_an_embassy_or_a_mission_is_no_person(body):
    text = f"The Swiss {body} said that the convoy had crossed the border at noon."
    assert [(content, speaker) for content, speaker, _ in reported(text)] == [
        ("the convoy had crossed the border at noon", None)
    ]


@pytest.mark.parametrize(
    "subject",
    [
        "Hydroenergo, the regional grid operator,",  # one word, then what it is
        "Campaigners",
        "The Riverside Welcome Hub",
    ],
)
def test_companies_campaigners_and_hubs_are_no_persons(subject):
    text = f"Mayor Ihor Lysak toured the depot. {subject} said that repairs would take weeks."
    assert [(content, speaker) for content, speaker, _ in reported(text)] == [
        ("repairs would take weeks", None)
    ]


def test_a_ministrys_portfolio_is_part_of_the_title_not_the_name():
    text = "Minister of Energy Roksolana Hrytsai said that the schedules would be reviewed."
    assert [speaker for _, speaker, _ in reported(text)] == ["Roksolana Hrytsai"]


def test_an_acronym_is_an_organisation_and_a_nun_is_known_by_her_name():
    text = (
        "Mayor Ihor Lysak toured the plant. DTEK said that the turbines would be repaired by May.\n\n"
        "Sister Olena, who runs the parish kitchen, says that more families come every week."
    )
    assert [(content, speaker) for content, speaker, _ in reported(text)] == [
        ("the turbines would be repaired by May", None),
        ("more families come every week", "Olena"),
    ]


def test_a_description_followed_by_named_is_that_person():
    text = (
        "“We did not know which country we were in until the buses stopped,” said the first woman "
        "off the bus, a military nurse named Olena Bilyk."
    )
    assert [q.speaker for q in extract_quotes(text)] == ["Olena Bilyk"]
