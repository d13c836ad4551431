"""The gold articles as a test: extraction must stay at or above the issue's targets."""

import pytest

from extraction.evaluate import ALL_GROUPS, DEFAULT_GROUP, evaluate_articles, load_gold

MIN_OVERLAP_F1 = 0.90
MIN_SPEAKER_ACCURACY = 0.90


@pytest.fixture(scope="module")
def gold_metrics():
    metrics, _ = evaluate_articles(load_gold())
    return metrics


def test_gold_set_is_complete():
    articles = load_gold()  # also checks every gold span against its article text
    original = [a for a in articles if a.group == DEFAULT_GROUP]
    assert len(original) >= 17
    assert sum(len(a.quotes) for a in original) >= 257
    assert any(a.group != DEFAULT_GROUP for a in articles), "the style-check articles are missing"


@pytest.mark.parametrize("group", [DEFAULT_GROUP, "extra", ALL_GROUPS])
def test_quote_f1_by_overlap_meets_target(gold_metrics, group):
    assert gold_metrics[group].overlap_f1 >= MIN_OVERLAP_F1, gold_metrics[group]


@pytest.mark.parametrize("group", [DEFAULT_GROUP, "extra", ALL_GROUPS])
def test_speaker_accuracy_meets_target(gold_metrics, group):
    assert gold_metrics[group].speaker_accuracy >= MIN_SPEAKER_ACCURACY, gold_metrics[group]
