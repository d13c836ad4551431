"""Quote forms beyond double quote marks: reported speech, transcripts, interviews, live blogs
and British single quote marks. Each test is a short snippet written for the form it checks."""

import pytest

from extraction import classify_article, extract_quotes
from extraction.quotes import Quote
from model.labels import LABELS
from model.predictor import Prediction


def found(text: str, kind: str | None = None) -> list[tuple[str, str | None, str]]:
    """(text, speaker, kind) of each quote, after checking its offsets against the article."""
    quotes = extract_quotes(text)
    for quote in quotes:
        assert text[quote.start : quote.end] == quote.text
    return [(q.text, q.speaker, q.kind) for q in quotes if kind is None or q.kind == kind]


def only_indirect(text: str) -> Quote:
    quotes = [q for q in extract_quotes(text) if q.kind == "indirect"]
    assert len(quotes) == 1, quotes
    return quotes[0]


# --- reported speech ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "content", "cue"),
    [
        (
            "Sergei Lavrov told reporters that Moscow would never accept Western troops.",
            "Moscow would never accept Western troops",
            "told",
        ),
        (
            "Sergei Lavrov said on Monday Moscow would never accept Western troops.",
            "Moscow would never accept Western troops",
            "said",
        ),
        (
            "Sergei Lavrov told reporters Moscow would never accept Western troops.",
            "Moscow would never accept Western troops",
            "told",
        ),
        (
            "Sergei Lavrov said on Telegram, the sanctions would have to go first.",
            "the sanctions would have to go first",
            "said",
        ),
        (
            "Moscow would never accept Western troops, Sergei Lavrov warned.",
            "Moscow would never accept Western troops",
            "warned",
        ),
    ],
)
def test_speech_verb_with_that_clause_bare_clause_or_closing_cue(text, content, cue):
    quote = only_indirect(text)
    assert (quote.text, quote.speaker, quote.cue, quote.kind) == (content, "Sergei Lavrov", cue, "indirect")


@pytest.mark.parametrize(
    "text",
    [
        "According to Rustem Umerov, the Ukrainian side had proposed a new round of talks.",
        "The Ukrainian side had proposed a new round of talks, according to Rustem Umerov.",
    ],
)
def test_according_to(text):
    quote = only_indirect(text)
    assert (quote.text.lower(), quote.speaker, quote.cue) == (
        "the ukrainian side had proposed a new round of talks",
        "Rustem Umerov",
        "according to",
    )


def test_participle_borrows_the_speaker_of_its_sentence():
    text = "Recep Tayyip Erdogan spoke on Tuesday, saying Turkey was ready to host the talks."
    quote = only_indirect(text)
    assert (quote.text, quote.speaker, quote.cue) == (
        "Turkey was ready to host the talks",
        "Recep Tayyip Erdogan",
        "saying",
    )


def test_report_over_two_sentences_and_two_reports_in_one():
    text = (
        "Rustem Umerov said Kyiv was ready to meet. He added that a ceasefire must come first.\n\n"
        "Dmitry Peskov says Russia is studying the plan and says Moscow will answer in writing."
    )
    assert found(text, "indirect") == [
        ("Kyiv was ready to meet", "Rustem Umerov", "indirect"),
        ("a ceasefire must come first", "Rustem Umerov", "indirect"),
        ("Russia is studying the plan", "Dmitry Peskov", "indirect"),
        ("Moscow will answer in writing", "Dmitry Peskov", "indirect"),
    ]


def test_negated_and_conditional_reports_keep_their_whole_content():
    quote = only_indirect("Dmitry Peskov said Moscow would not sign any deal if Kyiv refused to withdraw.")
    assert quote.text == "Moscow would not sign any deal if Kyiv refused to withdraw"


@pytest.mark.parametrize(
    ("text", "as_written"),
    [
        ("A senior diplomat who asked not to be named said the talks had stalled.", "A senior diplomat"),
        ("Two sources said the talks had stalled over the question of territory.", "Two sources"),
        ("The Kremlin said the talks had stalled over the question of territory.", "The Kremlin"),
    ],
)
def test_unnamed_sources_have_no_speaker_but_say_who_as_written(text, as_written):
    quote = only_indirect(text)
    assert quote.speaker is None and quote.speaker_as_written == as_written


def test_direct_quote_and_reported_content_around_it_are_both_found():
    text = (
        "Andrii Sybiha said Ukraine was ready to meet “at any level, at any time” if Russia agreed "
        "to a ceasefire."
    )
    assert found(text) == [
        (
            "Ukraine was ready to meet “at any level, at any time” if Russia agreed to a ceasefire",
            "Andrii Sybiha",
            "indirect",
        ),
        ("at any level, at any time", "Andrii Sybiha", "direct"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "“We will never give up,” Zelensky told reporters in Kyiv on Monday.",  # a direct quote's cue
        "Zelensky said: “We will never give up our land to anyone.”",
        "Ursula von der Leyen announced new sanctions against Russian banks.",  # no clause
        "Sybiha is convinced that the winter will favour the defenders.",  # no speech verb
        "Putin urged Kyiv to accept the terms of the memorandum.",  # an infinitive
        "Zelensky said this in an interview with a Spanish radio station on Sunday.",
        "The White House declined to say whether it would provide air cover.",
        "Putin's remarks, as he said, were addressed to the West and to nobody else.",
    ],
)
def test_no_reported_speech_where_there_is_none(text):
    assert found(text, "indirect") == []


def test_a_live_blog_line_may_leave_its_subject_out():
    text = (
        "Vladimir Putin takes questions from reporters in Moscow.\n\n"
        "Says grain exports to Africa are growing. Next question from Interfax. "
        "Asks why the price of butter keeps rising."
    )
    assert found(text, "indirect") == [
        ("grain exports to Africa are growing", "Vladimir Putin", "indirect"),
        ("why the price of butter keeps rising", None, "indirect"),
    ]


# --- transcripts and interviews -----------------------------------------------------------------


def test_transcript_lines_resolve_labels_to_full_names():
    text = (
        "Russian President Vladimir Putin met editors of regional newspapers on Friday.\n\n"
        "Andrey Kondrashov: Mr President, we have three questions on the economy.\n\n"
        "V. Putin: Go ahead. The economy is in better shape than many expected.\n\n"
        "Growth will be slower next year, of course.\n\n"
        "MR MILLER: That report is simply wrong.\n\n"
        "QUESTION: Is there a date for the next round?"
    )
    assert found(text) == [
        ("Mr President, we have three questions on the economy.", "Andrey Kondrashov", "direct"),
        ("Go ahead. The economy is in better shape than many expected.", "Vladimir Putin", "direct"),
        ("Growth will be slower next year, of course.", "Vladimir Putin", "direct"),  # the turn goes on
        ("That report is simply wrong.", "Miller", "direct"),
        ("Is there a date for the next round?", None, "direct"),
    ]
    assert [q.speaker_as_written for q in extract_quotes(text)][-2:] == ["MR MILLER", "QUESTION"]


def test_a_single_headline_with_a_colon_is_no_transcript():
    text = "Tusk: Europe must pay for its own security\n\nDonald Tusk spoke in Warsaw on Monday."
    assert extract_quotes(text) == []


def test_q_and_a_labels_belong_to_interviewer_and_interviewee():
    text = (
        "Iryna Savchuk interviewed Dmytro Kuleba in Kyiv.\n\n"
        "Q: Can a deal hold without guarantees from Washington?\n\n"
        "A: No. Paper alone has never stopped a tank.\n\n"
        "Q: Will the foreign ministers meet before spring?"
    )
    assert found(text) == [
        ("Can a deal hold without guarantees from Washington?", "Iryna Savchuk", "direct"),
        ("No. Paper alone has never stopped a tank.", "Dmytro Kuleba", "direct"),
        ("Will the foreign ministers meet before spring?", "Iryna Savchuk", "direct"),
    ]


def test_dash_led_interview_alternates_question_and_answer():
    text = (
        "Ledger's own Iryna Savchuk has talked with Foreign Minister Dmytro Kuleba.\n\n"
        "- Can a deal hold without guarantees from Washington?\n\n"
        "- No. Paper alone has never stopped a tank, and everyone knows it."
    )
    assert found(text) == [
        ("Can a deal hold without guarantees from Washington?", "Iryna Savchuk", "direct"),
        ("No. Paper alone has never stopped a tank, and everyone knows it.", "Dmytro Kuleba", "direct"),
    ]


def test_a_question_from_an_unnamed_interviewer_has_no_speaker():
    text = (
        "Dmytro Kuleba answered questions from readers.\n\n"
        "Q: Can a deal hold without guarantees from Washington?\n\n"
        "A: No. Paper alone has never stopped a tank."
    )
    # 'Y answered questions from X' names the interviewee first; readers are nobody named
    assert [speaker for _, speaker, _ in found(text)] == [None, "Dmytro Kuleba"]


# --- live blogs ---------------------------------------------------------------------------------


def test_a_pronoun_does_not_reach_across_live_blog_entries():
    text = (
        "10.05 BST\n\n"
        "Kaja Kallas said the EU would prepare a new sanctions package.\n\n"
        "10.41 BST\n\n"
        "“We will not stop until the war ends,” he said.\n\n"
        "He added that air defence remained the priority."
    )
    assert found(text) == [
        ("the EU would prepare a new sanctions package", "Kaja Kallas", "indirect"),
        ("We will not stop until the war ends,", None, "direct"),
        ("air defence remained the priority", None, "indirect"),
    ]


def test_without_an_entry_break_the_pronoun_is_the_person_in_focus():
    text = (
        "Kaja Kallas said the EU would prepare a new sanctions package.\n\n"
        "“We will not stop until the war ends,” she said."
    )
    assert found(text, "direct") == [("We will not stop until the war ends,", "Kaja Kallas", "direct")]


# --- single quote marks -------------------------------------------------------------------------


def test_single_quote_marks_as_the_main_style():
    text = (
        "Volodymyr Zelensky addressed the Commons on Tuesday.\n\n"
        "He told MPs: \u2018We will hold every town and every road we still have.\u2019\n\n"
        "Mr Zelensky said \u2018more than forty schools were hit\u2019 in the first month.\n\n"
        "\u2018It\u2019s not over, not by a long way,\u2019 he added, "
        "mocking the \u2018special operation\u2019."
    )
    assert found(text, "direct") == [
        ("We will hold every town and every road we still have.", "Volodymyr Zelensky", "direct"),
        ("more than forty schools were hit", "Volodymyr Zelensky", "direct"),
        ("It\u2019s not over, not by a long way,", "Volodymyr Zelensky", "direct"),  # no apostrophe split
    ]  # the two-word scare quote is skipped as with double marks


def test_single_marks_stay_nested_when_the_article_quotes_in_double_marks():
    text = (
        "“They call it a \u2018reassurance force\u2019 but it is not,” Maria Zakharova said.\n\n"
        "Ukraine\u2019s allies say it\u2019s \u2018a force for peace in Europe\u2019 and nothing more."
    )
    assert found(text, "direct") == [
        ("They call it a \u2018reassurance force\u2019 but it is not,", "Maria Zakharova", "direct")
    ]


# --- per-speaker summary ------------------------------------------------------------------------


class TalkPredictor:
    """pro_negotiation for any text that mentions talks."""

    def predict(self, texts: list[str]) -> list[Prediction]:
        return [
            Prediction(
                labels=["pro_negotiation"] if "talk" in text else [],
                scores=dict.fromkeys(LABELS, 0.5),
            )
            for text in texts
        ]


def test_speaker_summary_counts_both_kinds_and_tells_them_apart():
    text = (
        "“We are ready for talks at any level,” Dmitry Peskov said.\n\n"
        "Dmitry Peskov said Moscow was open to talks in Istanbul. "
        "He added that the memorandum was still being drafted."
    )
    summary = classify_article(text, TalkPredictor()).to_dict()["speakers"]["Dmitry Peskov"]
    assert summary["quotes"] == 3 and summary["stances"]["pro_negotiation"] == 2
    assert summary["by_kind"]["direct"] == {
        "quotes": 1,
        "stances": {"pro_negotiation": 1, "territorial_red_line": 0, "nato_opposition": 0},
    }
    assert summary["by_kind"]["indirect"]["quotes"] == 2
    assert summary["by_kind"]["indirect"]["stances"]["pro_negotiation"] == 1
