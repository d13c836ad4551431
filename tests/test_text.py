"""Quote normalisation: what it removes, what it keeps, and that both model kinds see through it."""

import pytest

from model.text import normalize_quote

PLAIN = "We will never give up Crimea"

SAME_QUOTE = [
    "We will never give up Crimea.",
    '"We will never give up Crimea."',
    "\u201cWe will never give up Crimea.\u201d",
    "\u2018We will never give up Crimea.\u2019",
    "We will never give up Crimea, he said.",
    "\u201cWe will never give up Crimea,\u201d he said.",
    '"We will never give up Crimea," Zelensky told reporters in Kyiv on Tuesday.',
    "We will never give up Crimea, said Dmitry Peskov.",
    "We will never give up Crimea, the ministry said in a statement.",
    "  We  will never\n give up   Crimea.  ",
    "Zelensky said: We will never give up Crimea.",
    "President Volodymyr Zelensky said: We will never give up Crimea.",  # a title changes nothing
]


@pytest.mark.parametrize("variant", SAME_QUOTE)
def test_wrapping_marks_attribution_and_spaces_normalise_away(variant):
    assert normalize_quote(variant) == PLAIN


@pytest.mark.parametrize(
    "text",
    [
        "That is what the president said",  # no comma: "the president said" is the quote's own words
        "The Kremlin said talks were possible",
        'He called it "madness"',
        "Russia is ready, Lavrov said, to talk",  # a mid-sentence attribution is kept whole
        "It's our land and it will stay ours",
        # a clause of the quote itself ("we explained to them ...") is not an attribution
        "We talked to them, and we explained to them very clearly what our intentions were",
    ],
)
def test_words_of_the_quote_are_kept(text):
    assert normalize_quote(text) == text


def test_normalising_twice_changes_nothing():
    for variant in SAME_QUOTE:
        once = normalize_quote(variant)
        assert normalize_quote(once) == once


def test_both_models_give_identical_scores_to_every_variant(trained_models):
    from model import store

    for kind in ("baseline", "transformer"):
        predictor = store.load(kind)
        scores = predictor.predict_proba(SAME_QUOTE)
        assert (scores == scores[0]).all(), kind
        labels = {tuple(p.labels) for p in predictor.predict(SAME_QUOTE)}
        assert len(labels) == 1, kind
