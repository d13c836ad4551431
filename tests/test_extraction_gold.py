"""The gold articles as a test: extraction must stay at or above the issue's targets.

Direct quotes are scored on every article; indirect quotes (reported speech) on the
articles annotated for them: the held-out real articles (23-37) and the fresh batch
(38-43) that was written after the rules and scored once before any fix for it.
"""

import pytest

from extraction.evaluate import (
    ALL_GROUPS,
    DEFAULT_GROUP,
    DIRECT,
    HELD_OUT_GROUP,
    INDIRECT,
    evaluate_articles,
    load_gold,
    metrics_by_kind,
)

MIN_OVERLAP_F1 = 0.90
MIN_SPEAKER_ACCURACY = 0.90
MIN_DIRECT = 0.97  # direct quotes: F1 and speaker accuracy, on all articles
MIN_INDIRECT_F1 = 0.85  # indirect quotes on the held-out articles (overlap match)
MIN_INDIRECT_SPEAKERS = 0.90
FRESH_GROUP = "fresh"


@pytest.fixture(scope="module")
def gold_scores():
    metrics, scores = evaluate_articles(load_gold())
    return metrics, metrics_by_kind(scores)


def test_gold_set_is_complete():
    articles = load_gold()  # also checks every gold span against its article text
    original = [a for a in articles if a.group == DEFAULT_GROUP]
    assert len(original) >= 17
    assert sum(len(a.quotes) for a in original) >= 257
    assert any(a.group == "extra" for a in articles), "the style-check articles are missing"
    held_out = [a for a in articles if a.group in {HELD_OUT_GROUP, FRESH_GROUP}]
    assert len(held_out) >= 10
    for article in held_out:
        assert set(article.kinds) == {DIRECT, INDIRECT}, article.name
    assert sum(q.kind == INDIRECT for a in held_out for q in a.quotes) >= 40
    for article in articles:  # the first 22 annotate direct quotes only
        if article.group not in {HELD_OUT_GROUP, FRESH_GROUP}:
            assert article.kinds == (DIRECT,) and all(q.kind == DIRECT for q in article.quotes)


@pytest.mark.parametrize("group", [DEFAULT_GROUP, "extra", HELD_OUT_GROUP, FRESH_GROUP, ALL_GROUPS])
def test_quote_f1_by_overlap_meets_target(gold_scores, group):
    metrics, _ = gold_scores
    assert metrics[group].overlap_f1 >= MIN_OVERLAP_F1, metrics[group]


@pytest.mark.parametrize("group", [DEFAULT_GROUP, "extra", HELD_OUT_GROUP, FRESH_GROUP, ALL_GROUPS])
def test_speaker_accuracy_meets_target(gold_scores, group):
    metrics, _ = gold_scores
    assert metrics[group].speaker_accuracy >= MIN_SPEAKER_ACCURACY, metrics[group]


def test_direct_quotes_stay_at_the_issue_target_on_all_articles(gold_scores):
    direct = gold_scores[1][f"{ALL_GROUPS}/{DIRECT}"]
    assert direct.overlap_f1 >= MIN_DIRECT and direct.speaker_accuracy >= MIN_DIRECT, direct


@pytest.mark.parametrize("group", [HELD_OUT_GROUP, FRESH_GROUP])
def test_indirect_quotes_meet_the_issue_target_on_held_out_articles(gold_scores, group):
    indirect = gold_scores[1][f"{group}/{INDIRECT}"]
    assert indirect.overlap_f1 >= MIN_INDIRECT_F1, indirect
    assert indirect.speaker_accuracy >= MIN_INDIRECT_SPEAKERS, indirect
