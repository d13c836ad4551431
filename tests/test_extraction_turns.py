"""Turns of transcripts and interviews: who asks and who answers, where a turn ends, and
which labels are speakers. Every snippet is invented for the rule it checks."""

import pytest

from extraction import extract_quotes
from extraction.turns import is_narration

QUESTIONS_AND_ANSWERS = (
    "\n\nQ: Is the front holding near the river?"
    "\n\nA: It is holding, and it will hold through the winter."
    "\n\nQ: What do you need most?"
    "\n\nA: Air defence, and then more air defence."
)
LYSENKO, BONDAR = "Kateryna Lysenko", "Oleh Bondar"


def turns(text: str) -> list[tuple[str, str | None]]:
    """(text, speaker) of each direct quote, after checking its offsets against the article."""
    quotes = extract_quotes(text)
    for quote in quotes:
        assert text[quote.start : quote.end] == quote.text
    return [(q.text, q.speaker) for q in quotes if q.kind == "direct"]


def speakers(text: str) -> list[str | None]:
    return [speaker for _, speaker in turns(text)]


# --- who asks, who answers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "introduction",
    [
        "Kateryna Lysenko interviewed Defence Minister Oleh Bondar in Kyiv on Monday.",
        # the interviewee first, the journalist marked by her outlet's possessive
        "Defence Minister Oleh Bondar spoke to the Lviv Courier's Kateryna Lysenko on Monday.",
        # the passive, and a journalist known by her apposition
        "Oleh Bondar was interviewed by Kateryna Lysenko, a correspondent for the Lviv Courier.",
        # the interviewee after the interviewer's phrase
        "In an interview with Kateryna Lysenko, Defence Minister Oleh Bondar said little.",
        # the subject a pronoun: the person the paragraph named before
        "Oleh Bondar has led the ministry since March. Last week he sat down with Kateryna "
        "Lysenko, the Courier's defence correspondent.",
        # a phone call first: 'spoke to' is no interview unless a journalist is in it
        "Oleh Bondar spoke to his French counterpart by phone on Sunday. On Monday Kateryna "
        "Lysenko interviewed him in Kyiv.",
        # the interviewer named by the byline only
        "Lviv Courier\n\nInterview by Kateryna Lysenko\n\n"
        "Oleh Bondar answered questions from the Lviv Courier in his office on Monday.",
    ],
)
def test_interviewer_and_interviewee_are_read_from_the_introduction(introduction):
    assert speakers(introduction + QUESTIONS_AND_ANSWERS) == [LYSENKO, BONDAR, LYSENKO, BONDAR]


def test_answers_belong_to_the_interviewee_when_an_outlet_asks():
    text = "Oleh Bondar answered questions from the Lviv Weekly on Monday." + QUESTIONS_AND_ANSWERS
    assert speakers(text) == [None, BONDAR, None, BONDAR]  # the outlet names no interviewer


def test_an_outlet_as_label_stands_for_the_interviewer():
    text = (
        "Oleh Bondar answered questions from the Lviv Weekly.\n\n"
        "Lviv Weekly: Is the front holding near the river?\n\n"
        "Bondar: It is holding, and it will hold through the winter.\n\n"
        "Lviv Weekly: What do you need most?"
    )
    assert speakers(text) == [None, BONDAR, None]


# --- where a turn ends ---------------------------------------------------------------------------


def test_a_turn_runs_on_until_the_narration_resumes():
    text = (
        "Deputy Foreign Minister Ivan Sokolov held a briefing in Minsk on Thursday.\n\n"
        "I. Sokolov: Good afternoon. We begin with the grain corridor.\n\n"
        "QUESTION: Will the corridor reopen this month?\n\n"
        "I. Sokolov: That depends on our partners, not on us.\n\n"
        "The corridor was closed in the summer and has stayed closed since then.\n\n"
        "Afterwards, an aide, Petro Hnatyuk, told reporters that talks would resume in May. "
        "\u201cNobody is in a hurry here,\u201d Hnatyuk said."
    )
    quotes = extract_quotes(text)
    assert [(q.text, q.speaker, q.kind) for q in quotes] == [
        ("Good afternoon. We begin with the grain corridor.", "Ivan Sokolov", "direct"),
        ("Will the corridor reopen this month?", None, "direct"),
        ("That depends on our partners, not on us.", "Ivan Sokolov", "direct"),
        # no first person, but no narration either: the answer goes on
        ("The corridor was closed in the summer and has stayed closed since then.", "Ivan Sokolov", "direct"),
        # the narrator reports: the transcript is over, and its quotes are read as narration
        ("talks would resume in May", "Petro Hnatyuk", "indirect"),
        ("Nobody is in a hurry here,", "Petro Hnatyuk", "direct"),
    ]


@pytest.mark.parametrize(
    "closing",
    [
        "The press conference ended shortly after noon.",  # the event named by the narrator
        "This transcript has been edited for length.",
        "Sokolov then left for the airport.",  # the speaker named: nobody names himself
    ],
)
def test_narration_after_the_last_turn_is_no_part_of_it(closing):
    text = (
        "Deputy Foreign Minister Ivan Sokolov held a briefing in Minsk on Thursday.\n\n"
        "I. Sokolov: Good afternoon. We begin with the grain corridor.\n\n"
        "QUESTION: Will the corridor reopen this month?\n\n"
        "I. Sokolov: That depends on our partners, not on us.\n\n" + closing
    )
    assert [text for text, _ in turns(text)][-1] == "That depends on our partners, not on us."


@pytest.mark.parametrize(
    ("line", "speaker", "expected"),
    [
        ("Later, an aide told journalists that a reply would follow.", None, True),
        ("The briefing moved on to other subjects.", None, True),
        ("Bondar left the room after the last question.", "Oleh Bondar", True),
        ("Later, Bondar's spokesman told our correspondent that he would travel.", None, True),
        ("We said no, and I told them why.", None, False),  # the speaker's own voice
        ("If the lists come this month, the first stage can happen in spring.", None, False),
        ("The US told them the same thing.", None, True),  # 'US' is no first person
    ],
)
def test_narration_tells_of_the_speakers_in_the_third_person(line, speaker, expected):
    assert is_narration(line, speaker) is expected


# --- labels --------------------------------------------------------------------------------------


def test_an_initialled_label_resolves_to_the_name_behind_its_titles():
    text = (
        "Presidential Press Secretary Ivan Sokolov opened the meeting; Foreign Minister Anna "
        "Petrenko answered questions.\n\n"
        "I. Sokolov: Colleagues, we have ten minutes for questions.\n\n"
        "A. Petrenko: Thank you. I will be brief today.\n\n"
        "I. Sokolov: One more question, please."
    )
    assert speakers(text) == ["Ivan Sokolov", "Anna Petrenko", "Ivan Sokolov"]  # 'I.', 'A.' are initials


def test_a_headline_with_a_colon_above_the_introduction_is_no_turn():
    text = (
        "Bondar: the front will hold through the winter\n\n"
        "Press Briefing: excerpt on the front\n\n"
        "Kateryna Lysenko interviewed Defence Minister Oleh Bondar in Kyiv." + QUESTIONS_AND_ANSWERS
    )
    assert len(turns(text)) == 4 and turns(text)[0] == ("Is the front holding near the river?", LYSENKO)


def test_a_labelled_opening_right_before_the_transcript_is_a_turn():
    text = (
        "The ministry published the transcript of Friday's briefing.\n\n"
        "MODERATOR: Good afternoon. Our speaker today is the deputy minister.\n\n"
        "MR SOKOLOV: Thank you. Let me begin with the grain corridor.\n\n"
        "QUESTION: Will it reopen this month?\n\n"
        "MR SOKOLOV: That depends on our partners."
    )
    assert speakers(text) == ["Moderator", "Sokolov", None, "Sokolov"]


# --- dash-led interviews --------------------------------------------------------------------------


def test_a_dash_interview_answer_goes_on_and_ends_at_the_narration():
    text = (
        "Oleh Bondar, the defence minister, gave an interview to the Lviv Weekly on Monday.\n\n"
        "- Minister, is the front holding?\n\n"
        "- It is holding. Who would have believed that two years ago?\n\n"  # a rhetorical question
        "The winter will be the real test for the units in the east.\n\n"  # the answer goes on
        "- What do you need most?\n\n"
        "- Air defence, and then more air defence.\n\n"
        "On Tuesday, a deputy minister said that new systems had arrived."
    )
    assert turns(text) == [
        ("Minister, is the front holding?", None),
        ("It is holding. Who would have believed that two years ago?", BONDAR),
        ("The winter will be the real test for the units in the east.", BONDAR),
        ("What do you need most?", None),
        ("Air defence, and then more air defence.", BONDAR),
    ]


def test_a_dash_interview_finds_its_interviewee_in_the_question_that_addresses_him():
    text = (
        "The Lviv Weekly talked with the defence minister on Monday.\n\n"
        "- Mr Bondar, is the front holding?\n\n"
        "- It is holding, and it will hold through the winter.\n\n"
        "- What do you need most?\n\n"
        "- Air defence, and then more air defence.\n\n"
        "Defence Minister Oleh Bondar took office in March."
    )
    assert speakers(text) == [None, BONDAR, None, BONDAR]


def test_a_label_resolves_to_a_name_the_article_gives_only_as_an_owner():
    text = (
        "Stepan Orlov\u2019s remarks came at the end of the press conference.\n\n"
        "S. Orlov: We will answer in our own time.\n\n"
        "QUESTION: When exactly will that be?\n\n"
        "S. Orlov: When the lists are ready, and not a day earlier."
    )
    assert speakers(text) == ["Stepan Orlov", None, "Stepan Orlov"]


def test_em_dash_turns_need_no_space_after_the_dash():
    text = (
        "Oleh Bondar answered questions from the Lviv Weekly.\n\n"
        "\u2014Is the front holding near the river?\n\n"
        "\u2014It is holding, and it will hold through the winter."
    )
    assert turns(text) == [
        ("Is the front holding near the river?", None),
        ("It is holding, and it will hold through the winter.", BONDAR),
    ]


# --- role labels and press conferences ----------------------------------------------------------

PRESS_CONFERENCE = (
    "Mayor Ivan Tkachenko and Governor Oksana Melnyk spoke to reporters after the meeting in Lutsk."
    " The event was chaired by Daryna Savchuk, the city council's press officer."
    "\n\nChair: Welcome. We will take two questions."
    "\n\nI. Tkachenko: The bridge will reopen next month, and we will rebuild the school."
    "\n\nO. Melnyk: The region will pay half of the cost, as we promised in spring."
    "\n\nQuestion: Mr Mayor, when will the trams run again?"
    "\n\nI. Tkachenko: In the autumn, if the power supply holds."
)


def test_role_label_takes_the_name_the_article_gives_it_and_press_questions_are_null() -> None:
    assert speakers(PRESS_CONFERENCE) == [
        "Daryna Savchuk",
        "Ivan Tkachenko",
        "Oksana Melnyk",
        None,
        "Ivan Tkachenko",
    ]


# --- labels as broadcasters and government transcripts print them ------------------------------


def test_a_label_with_a_title_after_a_comma_is_the_name_and_its_short_form_the_same_person():
    text = (
        "Weekend Report\n\nBelow is the transcript of the interview.\n\n"
        "MARTA KOVAL, WEEKEND REPORT HOST: Minister, is a ceasefire within reach this month?"
        "\n\nPAVLO HRYN, UKRAINIAN FOREIGN MINISTER (through interpreter): It is within reach "
        "if Moscow stops bombing our cities."
        "\n\nKOVAL: And if it does not stop?"
        "\n\nHRYN: Then we keep defending ourselves, as we have for years."
    )
    assert speakers(text) == ["Marta Koval", "Pavlo Hryn", "Marta Koval", "Pavlo Hryn"]


def test_a_label_with_the_speakers_office_in_brackets_is_resolved_from_the_introduction():
    text = (
        "Government press conference, excerpt\n\n"
        "Taking part were spokesperson Lena Vogt and Julian Marek of the Foreign Office.\n\n"
        "QUESTION: Will the minister travel to Kyiv this month?"
        "\n\nMAREK (Foreign Office): We never announce such trips in advance, for security reasons."
        "\n\nVOGT: I have nothing to add to that."
    )
    assert speakers(text) == [None, "Julian Marek", "Lena Vogt"]


def test_the_outlets_own_name_as_a_label_is_its_journalist_named_in_the_introduction():
    text = (
        "The Baltic Herald\nWorld | The Herald Interview\n\n"
        "Defence Minister Oleh Bondar received the Herald's Nordic correspondent, Kateryna "
        "Lysenko, in his office on Monday.\n\n"
        "Herald: Is the front holding near the river?"
        "\n\nBondar: It is holding, and it will hold through the winter."
        "\n\nHerald: What do you need most?"
        "\n\nBondar: Air defence, and then more air defence."
    )
    assert speakers(text) == [LYSENKO, BONDAR, LYSENKO, BONDAR]


def test_a_short_name_the_body_never_writes_in_full_takes_the_headlines_full_name():
    text = (
        "Joint statement by Oleh Bondar, Minister of Defence, and Kateryna Lysenko\n\n"
        "After the meeting, Minister Bondar said that the air defence deliveries would begin "
        "before the end of the month."
    )
    assert [q.speaker for q in extract_quotes(text)] == [BONDAR]


def test_a_first_turn_with_the_speakers_office_opens_the_transcript_though_its_label_changes():
    text = (
        "UN briefing on Ukraine: edited transcript\n\n"
        "LENA ORTIZ, AGENCY SPOKESPERSON: Good morning. A convoy reached two villages yesterday."
        "\n\nIt was the first to get through since the summer."
        "\n\nQUESTION: How many convoys were blocked this autumn?"
        "\n\nMS ORTIZ: Eleven since September."
    )
    assert speakers(text) == ["Lena Ortiz", "Lena Ortiz", None, "Lena Ortiz"]


def test_a_label_with_the_office_before_the_name_opens_the_transcript_with_its_short_form():
    # the office first, in capitals, five words long; the same person later by surname
    text = (
        "Ministry of Defence\nBriefing, excerpts\n\n"
        "The ministry's spokesman, Taras Hnatiuk, and Deputy Defence Minister Ivanna Rudenko spoke "
        "to journalists on Friday.\n\n"
        "SPOKESMAN TARAS HNATIUK: Good morning. The deputy minister will start.\n\n"
        "DEPUTY DEFENCE MINISTER IVANNA RUDENKO: Thank you. The new drone contracts were signed "
        "on Thursday.\n\n"
        "Deliveries start next month.\n\n"
        "QUESTION: How many drones will the army receive this year?\n\n"
        "MS. RUDENKO: More than last year, and I will not give a number.\n\n"
        "MR. HNATIUK: Next question, please."
    )
    assert speakers(text) == [
        "Taras Hnatiuk",
        "Ivanna Rudenko",
        "Ivanna Rudenko",
        None,
        "Ivanna Rudenko",
        "Taras Hnatiuk",
    ]


def test_an_interviewer_named_only_in_the_closing_line_asks_the_questions():
    text = (
        "Defence Minister Oleh Bondar has led the ministry since March. We met Bondar in Kyiv."
        + QUESTIONS_AND_ANSWERS
        + "\n\nThis interview was conducted by Kateryna Lysenko and has been edited for length."
    )
    assert speakers(text) == [LYSENKO, BONDAR, LYSENKO, BONDAR]


def test_labels_made_of_initials_are_the_outlet_and_the_person_they_stand_for():
    text = (
        "The Lviv Courier\n\n"
        "Defence Minister Oleh Bondar gave the Courier an hour on Monday; the questions were put by "
        "our correspondent, Kateryna Lysenko.\n\n"
        "LC: Is the front holding near the river?\n\n"
        "OB: It is holding, and it will hold through the winter.\n\n"
        "LC: What do you need most?\n\n"
        "OB: Air defence, and then more air defence."
    )
    assert speakers(text) == [LYSENKO, BONDAR, LYSENKO, BONDAR]


def test_a_dash_interviews_answers_belong_to_the_only_person_its_introduction_names():
    text = (
        "Lviv Evening Post\n\n"
        "Oleh Bondar, 52, has run the city's shelter network since 2022; he agreed to talk about the "
        "winter ahead.\n\n"
        "\u2014 Is the network ready for the cold?\n\n"
        "\u2014 It is ready for the cold. It is not ready for a week without power.\n\n"
        "\u2014 What do you need most?\n\n"
        "\u2014 Generators, and people to run them."
    )
    assert speakers(text) == [None, BONDAR, None, BONDAR]


def test_ranks_initials_with_a_hyphen_and_journalists_named_in_a_question_label():
    text = (
        "Ministry of Defence, briefing\n\n"
        "The briefing was given by Rear Admiral Tudor Munteanu and attended by Foreign Minister "
        "Jean-Luc Ferrand.\n\n"
        "REAR ADM. MUNTEANU: The mine countermeasures group finished its rotation on Monday.\n\n"
        "QUESTION (Irina Popa, Radio Delta): Admiral, will the group continue after a ceasefire?\n\n"
        "REAR ADM. MUNTEANU: Mines do not respect ceasefires, so the group will continue.\n\n"
        "QUESTION (Agerpres): And the French contribution?\n\n"
        "J.-L. Ferrand: Two minehunters, from the spring, for as long as it takes."
    )
    assert speakers(text) == [
        "Tudor Munteanu",
        "Irina Popa",
        "Tudor Munteanu",
        None,
        "Jean-Luc Ferrand",
    ]


def test_role_labels_with_an_article_and_questioners_who_name_themselves():
    text = (
        "Ministry press briefing\n\n"
        "The briefing was given by the ministry's spokesperson, Hanna Kovalchuk. The deputy "
        "spokesperson, Petro Savka, took the consular questions.\n\n"
        "THE SPOKESPERSON: Good afternoon. The minister travels to Warsaw on Monday.\n\n"
        "QUESTION: Marta Lis, PAP. Will he meet his Polish counterpart?\n\n"
        "THE SPOKESPERSON: He will, and they will sign the border protocol.\n\n"
        "QUESTION (Radio Podillia): Are there Ukrainians detained abroad this week?\n\n"
        "THE DEPUTY SPOKESPERSON: Two, and our consuls have seen both of them.\n\n"
        "QUESTION: Marta Lis again, PAP. When is the protocol published?"
    )
    assert speakers(text) == [
        "Hanna Kovalchuk",
        "Marta Lis",
        "Hanna Kovalchuk",
        None,
        "Petro Savka",
        "Marta Lis",
    ]


def test_first_name_labels_take_the_full_names_of_the_introduction():
    text = (
        "In this episode, host Oleh Bondar talks to Kateryna Lysenko, who studies air defence."
        "\n\nOLEH: Kateryna, is the front holding near the river?"
        "\n\nKATERYNA: It is holding, and it will hold through the winter."
        "\n\nOLEH: What does it need most?"
        "\n\nKATERYNA: Air defence, and then more air defence."
    )
    assert speakers(text) == [BONDAR, LYSENKO, BONDAR, LYSENKO]


def test_met_names_an_interviewer_only_with_a_journalist_in_the_sentence():
    journalist = (
        "Defence Minister Oleh Bondar has led the ministry since March. Kateryna Lysenko, who "
        "reported on the front for this newspaper, met him in Kyiv."
    )
    meeting = "Defence Minister Oleh Bondar met Kateryna Lysenko, the Polish envoy, in Kyiv."
    assert speakers(journalist + QUESTIONS_AND_ANSWERS) == [LYSENKO, BONDAR, LYSENKO, BONDAR]
    assert LYSENKO not in speakers(meeting + QUESTIONS_AND_ANSWERS)
