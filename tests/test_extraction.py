"""Quote extraction and speaker attribution: one test per pattern the rules handle."""

import json

import pytest

from extraction import classify_article, extract_quotes
from extraction.evaluate import GoldArticle, GoldError, GoldQuote, load_gold, score_article
from extraction.quotes import Quote
from model.labels import LABELS
from model.predictor import Prediction


def direct_quotes(text: str) -> list[Quote]:
    """The direct quotes (reported speech is tested in test_extraction_forms.py)."""
    return [quote for quote in extract_quotes(text) if quote.kind == "direct"]


def quotes_of(text: str) -> list[tuple[str, str | None]]:
    """(quote, speaker) pairs of the direct quotes, after checking their offsets against the text."""
    quotes = direct_quotes(text)
    for quote in quotes:
        assert text[quote.start : quote.end] == quote.text
    return [(quote.text, quote.speaker) for quote in quotes]


def only_quote(text: str) -> Quote:
    quotes = direct_quotes(text)
    assert len(quotes) == 1, quotes
    return quotes[0]


# --- attribution forms -------------------------------------------------------------------------


def test_name_then_cue_verb():
    quote = only_quote("“We will win this war,” Zelensky said.")
    assert (quote.text, quote.speaker, quote.speaker_as_written, quote.cue) == (
        "We will win this war,",
        "Zelensky",
        "Zelensky",
        "said",
    )


def test_cue_verb_then_name_with_apposition():
    quote = only_quote('"Both sides are talking to Washington," said Tatiana Orlova, a Russia analyst.')
    assert (quote.speaker, quote.cue) == ("Tatiana Orlova", "said")


def test_told_with_title_before_the_name():
    text = "“Such a meeting can only crown an agreement,” Kremlin spokesman Dmitry Peskov told them."
    quote = only_quote(text)
    assert (quote.speaker, quote.speaker_as_written, quote.cue) == (
        "Dmitry Peskov",
        "Dmitry Peskov",
        "told",
    )


def test_cue_before_a_colon():
    quote = only_quote("Asked about Europe, Kaja Kallas said: “The Americans want to end this war.”")
    assert quote.speaker == "Kaja Kallas"


def test_added_with_a_pronoun_resolves_to_the_person_last_spoken_of():
    text = "Kaja Kallas welcomed the deal.\n\n“Sanctions work slowly, but they work,” she added."
    quote = only_quote(text)
    assert (quote.speaker, quote.speaker_as_written, quote.cue) == ("Kaja Kallas", "she", "added")


@pytest.mark.parametrize(
    "text",
    [
        "According to Dmitry Peskov, the talks were “frank and very useful indeed”.",
        "The talks were “frank and very useful indeed”, according to Dmitry Peskov.",
    ],
)
def test_according_to(text):
    quote = only_quote(text)
    assert (quote.speaker, quote.cue) == ("Dmitry Peskov", "according to")


def test_title_resolves_to_the_person_the_article_gives_it():
    text = (
        "Russia\u2019s foreign minister, Sergei Lavrov, arrived in Ankara on Tuesday.\n\n"
        "“Our patience has limits,” the foreign minister told reporters."
    )
    quote = only_quote(text)
    assert (quote.speaker, quote.speaker_as_written) == ("Sergei Lavrov", "the foreign minister")


def test_title_prefers_the_holder_whose_other_words_match():
    text = (
        "Ukraine\u2019s economy minister, Oleksii Sobolev, spoke after"
        " Prime Minister Yulia Svyrydenko.\n\n"
        "“Investors need to see a pipeline of projects,” the economy minister said."
    )
    assert only_quote(text).speaker == "Oleksii Sobolev"


def test_title_nobody_carries_yet_is_the_person_in_focus():
    text = (
        "Emmanuel Macron hosted about 30 leaders at the Élysée Palace on Thursday.\n\n"
        "“This is not a force to fight Russia,” the French president said."
    )
    assert only_quote(text).speaker == "Emmanuel Macron"


def test_short_name_resolves_to_the_full_name_used_first():
    text = (
        "Ukrainian President Volodymyr Zelensky spoke in Kyiv.\n\n"
        "“We will never recognise it,” Zelensky said. “Never,” Mr Zelensky added later."
    )
    quote = extract_quotes(text)[0]
    assert (quote.speaker, quote.speaker_as_written) == ("Volodymyr Zelensky", "Zelensky")


def test_pronoun_after_the_sentence_subject_is_that_subject():
    text = (
        "Volodymyr Zelensky spoke first.\n\n"
        "Donald Trump later stated that he did not see a way forward.\n\n"
        "“I don't see that happening,” the president said."
    )
    assert only_quote(text).speaker == "Donald Trump"


def test_passive_cue_takes_the_agent():
    text = "The talks were described by one participant as “long, detailed and at times difficult.”"
    quote = only_quote(text)
    assert (quote.speaker, quote.speaker_as_written) == (None, "one participant")


# --- quote shapes ------------------------------------------------------------------------------


def test_split_quote_is_two_spans_with_one_speaker():
    text = "“I trust him,” Zelensky said, “because he is the president of the United States.”"
    assert quotes_of(text) == [
        ("I trust him,", "Zelensky"),
        ("because he is the president of the United States.", "Zelensky"),
    ]


def test_multi_paragraph_quote_is_one_span_per_paragraph():
    text = (
        "Dmitry Peskov spoke to reporters on Monday.\n\n"
        "“The first part of the answer is simple.\n\n"
        "“The second part is harder to explain,” he said."
    )
    assert quotes_of(text) == [
        ("The first part of the answer is simple.", "Dmitry Peskov"),
        ("The second part is harder to explain,", "Dmitry Peskov"),
    ]


def test_colon_introduces_the_quote_in_the_next_paragraph():
    text = (
        "In a post on his Truth Social platform, Donald Trump wrote:\n\n"
        '"I just finished a long and very good call with President Putin of Russia."'
    )
    assert quotes_of(text) == [
        (
            "I just finished a long and very good call with President Putin of Russia.",
            "Donald Trump",
        )
    ]


def test_partial_quote_inside_a_sentence():
    text = "Trump needs “to hear us” and work with Zelensky on a plan, Volodymyr Zelensky said."
    quote = only_quote(text)
    assert (quote.text, quote.speaker) == ("to hear us", "Volodymyr Zelensky")


def test_quote_standing_alone_after_a_named_subject():
    text = "Dmitry Peskov was blunt. “Such a meeting can only crown an agreement.”"
    assert only_quote(text).speaker == "Dmitry Peskov"


def test_lone_unknown_word_is_no_subject_without_a_cue_verb():
    text = "Pokrovsk was quiet. “Such a meeting can only crown an agreement.”"
    assert only_quote(text).speaker is None


def test_straight_and_curly_marks_and_nested_single_quotes():
    text = (
        '"Russia does not need a pause," Vladimir Medinsky said. '
        "“They call it a \u2018reassurance force\u2019 but it is not,” Maria Zakharova said."
    )
    assert quotes_of(text) == [
        ("Russia does not need a pause,", "Vladimir Medinsky"),
        ("They call it a \u2018reassurance force\u2019 but it is not,", "Maria Zakharova"),
    ]


def test_scare_quotes_of_one_or_two_words_are_skipped():
    text = "Peskov called the talks “businesslike” and the plan a “reassurance force” on Monday."
    assert extract_quotes(text) == []


def test_three_quoted_words_are_a_quote():
    assert quotes_of("Andrii Sybiha rejected the claim as “a cynical lie” on Monday.") == [
        ("a cynical lie", "Andrii Sybiha")
    ]


def test_site_boilerplate_is_skipped():
    text = (
        "Zelensky: “We will never give up Crimea”\n"
        "By Jane Doe\n"
        "Image caption, Zelensky said “we will never give up” at a rally in Kyiv.\n"
        "Read also: “A war of meters” on the Pokrovsk front\n\n"
        "The president spoke in Kyiv on Monday.\n\n"
        "Related\nSign up to “This is Europe” newsletter"
    )
    assert extract_quotes(text) == []


# --- unknown speakers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "“We are running out of time,” a senior official said.",
        "“It was the usual drama,” one of the diplomats told Reuters.",
        "“We are running out of time.”",
        "“We are running out of time,” he said.",
        "The Kremlin said the plan was “not an option for us”.",
        "A banner on the gate read “Odesa is working. Odesa will work.”",
        "As the soldiers stepped down, the crowd began to chant “We waited for you!”",
        (
            "A Qatari official involved in the process declined to comment.\n\n"
            "“We work quietly, case by case,” the official said."
        ),
        (
            "A caller from Belgorod asked when the attacks would stop.\n\n"
            "“We are tired of sitting in basements,” she said."
        ),
    ],
)
def test_unknown_speaker_is_none(text):
    assert only_quote(text).speaker is None


def test_empty_article_and_wrong_type():
    assert extract_quotes("") == []
    with pytest.raises(TypeError, match="str"):
        extract_quotes(b"bytes")


def test_windows_line_endings():
    text = "Volodymyr Zelensky spoke.\r\n\r\n“We will never recognise it,” Zelensky said.\r\n"
    assert quotes_of(text) == [("We will never recognise it,", "Volodymyr Zelensky")]


# --- evaluation --------------------------------------------------------------------------------


def _gold(text: str, spans: list[tuple[int, int, str | None]]) -> GoldArticle:
    return GoldArticle("a", text, [GoldQuote(s, e, text[s:e], who) for s, e, who in spans])


def test_score_counts_exact_and_overlapping_matches_and_speakers():
    text = "x" * 100
    gold = _gold(text, [(0, 10, "A"), (20, 30, None), (40, 50, "B")])
    predicted = [
        Quote(text[0:10], 0, 10, "A", "A", "said"),  # exact, right speaker
        Quote(text[22:30], 22, 30, "C", "C", "said"),  # overlap only, wrong: gold null
        Quote(text[60:70], 60, 70, None, None, None),  # extra
    ]
    score = score_article(gold, predicted)
    assert (score.gold, score.predicted, score.exact, score.overlap) == (3, 3, 1, 2)
    assert score.speaker_correct == 1
    assert sum(p.startswith("missed") for p in score.problems) == 1
    assert sum(p.startswith("extra") for p in score.problems) == 1


def test_null_gold_speaker_counts_only_when_predicted_null():
    text = "x" * 20
    gold = _gold(text, [(0, 10, None)])
    assert score_article(gold, [Quote(text[:10], 0, 10, None, "a source", "said")]).speaker_correct == 1
    assert score_article(gold, [Quote(text[:10], 0, 10, "Someone", "he", "said")]).speaker_correct == 0


def test_load_gold_rejects_offsets_that_disagree_with_the_text(tmp_path):
    (tmp_path / "01_a.txt").write_text("He said “hello there friend”.", encoding="utf-8")
    quote = {"start": 0, "end": 5, "text": "hello", "speaker": None}
    (tmp_path / "01_a.gold.json").write_text(json.dumps({"quotes": [quote]}), encoding="utf-8")
    with pytest.raises(GoldError, match=r"01_a\.gold\.json"):
        load_gold(tmp_path)
    with pytest.raises(GoldError, match="no"):
        load_gold(tmp_path / "empty")


# --- per-article stances -----------------------------------------------------------------------


class FakePredictor:
    """Marks a quote pro_negotiation when it mentions talks; records what it was asked."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def predict(self, texts: list[str]) -> list[Prediction]:
        self.calls.append(list(texts))
        return [
            Prediction(
                labels=["pro_negotiation"] if "talk" in text else [],
                scores={
                    label: 0.9 if label == "pro_negotiation" and "talk" in text else 0.1 for label in LABELS
                },
            )
            for text in texts
        ]


def test_classify_article_summarises_stances_per_speaker():
    text = (
        "“We are ready to talk at any level,” Zelensky said. “Not about our land,” he added.\n\n"
        "“Peace talks must start now,” Donald Trump said.\n\n"
        "“We are running out of time,” a senior official said."
    )
    predictor = FakePredictor()
    result = classify_article(text, predictor)
    assert len(predictor.calls) == 1 and len(predictor.calls[0]) == 4  # one batch
    as_json = result.to_dict()
    assert list(as_json["speakers"]) == ["Zelensky", "Donald Trump"]  # most quoted first
    stances = {"pro_negotiation": 1, "territorial_red_line": 0, "nato_opposition": 0}
    assert as_json["speakers"]["Zelensky"] == {
        "quotes": 2,
        "stances": stances,
        "by_kind": {"direct": {"quotes": 2, "stances": stances}},
    }
    first = as_json["quotes"][0]
    assert set(first) >= {  # other fields (the quote's language) may come on top
        "text",
        "start",
        "end",
        "speaker",
        "speaker_as_written",
        "cue",
        "kind",
        "labels",
        "scores",
    }
    assert first["kind"] == "direct"
    assert first["labels"] == ["pro_negotiation"] and set(first["scores"]) == set(LABELS)
    json.dumps(as_json)  # serialisable as is


def test_classify_article_without_quotes_does_not_call_the_model():
    predictor = FakePredictor()
    result = classify_article("No quotes here at all.", predictor)
    assert result.to_dict() == {"quotes": [], "speakers": {}}
    assert predictor.calls == []
