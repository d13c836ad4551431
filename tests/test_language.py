"""Non-English quotes are recognised and refused, not silently classified."""

import pytest

from model.language import ENGLISH, detect_language

ENGLISH_QUOTES = [
    "We will never recognize Crimea as Russian.",
    "Not an inch of Zaporizhzhia.",  # short, full of names: must not be taken for Italian
    "No NATO in Ukraine. Ever.",
    "Donetsk stays Ukrainian.",
    "The Holy See remains available, discreetly, to help bring the parties together.",
]
FOREIGN_QUOTES = {
    "ru": "Мы никогда не признаем Крым российским.",
    "uk": "Ми ніколи не віддамо Крим.",
    "de": "Wir sind zu Verhandlungen bereit, aber nicht über unser Land.",
    "fr": "Nous sommes prêts à négocier un cessez-le-feu.",
    "zh": "我们支持通过谈判和平解决危机。",
}


@pytest.mark.parametrize("text", ENGLISH_QUOTES)
def test_english_quotes_are_english(text):
    assert detect_language(text) == ENGLISH


@pytest.mark.parametrize("code", sorted(FOREIGN_QUOTES))
def test_other_languages_are_recognised(code):
    assert detect_language(FOREIGN_QUOTES[code]) == code


def test_the_whole_english_corpus_reads_as_english():
    """The training data is English: a detector that refused any of it would refuse real users' quotes."""
    import json
    from pathlib import Path

    corpus = Path(__file__).parent.parent / "data" / "quotes"
    lines = [line for split in ("validation", "test") for line in (corpus / f"{split}.jsonl").open()]
    texts = [json.loads(line)["text"] for line in lines]
    refused = [text for text in texts if detect_language(text) != ENGLISH]
    assert refused == []


def test_a_foreign_quote_gets_no_labels_and_says_why(trained_models):
    from model import store

    predictor = store.load("baseline")
    english, russian = predictor.predict(["We will never give up Crimea.", FOREIGN_QUOTES["ru"]])
    assert english.language == ENGLISH and english.warning is None and set(english.scores)
    assert russian.language == "ru"
    assert russian.labels == [] and russian.scores == {}
    assert "not English" in russian.warning


def test_batch_scoring_writes_language_and_warning(trained_models):
    from model import store
    from scoring.formats import SourceRow
    from scoring.local import score_rows

    rows = [
        SourceRow(line=1, fields={"text": "We are ready to talk."}),
        SourceRow(line=2, fields={"text": FOREIGN_QUOTES["de"]}),
    ]
    english, german = score_rows(rows, store.load("baseline"))
    assert english["language"] == ENGLISH and english["warning"] is None
    assert german["language"] == "de" and german["labels"] == [] and "not English" in german["warning"]
