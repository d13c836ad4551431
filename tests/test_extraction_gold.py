"""The gold articles as a test: extraction must not fall below what was measured.

Two kinds of group. The articles the rules were developed on (`original`, 01-17, and
`extra`, 18-22; direct quotes only) are held at the issue's targets. The project-written
held-out articles (`written_held_out`, 44-55; both kinds annotated) were scored once, before
any rule was changed for them, and that run is the honest estimate on unseen copy:

- indirect quotes: overlap F1 0.934, speaker accuracy 0.953 (61/64): both issue targets (0.85,
  0.90) met, so the test asserts the targets;
- direct quotes: overlap F1 0.971: the issue's 0.97 met, asserted as the target;
- direct speaker accuracy 0.788 (67/85): the issue's 0.97 is NOT met (a Q&A interview whose
  interviewer and interviewee were not read from `X interviewed Y`, answers of a dash interview,
  an unresolved `D. Peskov` label, a transcript turn running into the narration after it). The
  test asserts the measured level less a small margin (0.75) so that it catches a regression;
  raise it to 0.97 when the target is reached.
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

EXTRA_GROUP = "extra"
DEVELOPED_ON = (DEFAULT_GROUP, EXTRA_GROUP)
MIN_OVERLAP_F1 = 0.90
MIN_SPEAKER_ACCURACY = 0.90
MIN_DIRECT = 0.97  # the issue's target for direct quotes: F1 and speaker accuracy
MIN_INDIRECT_F1 = 0.85  # the issue's targets for indirect quotes (overlap match)
MIN_INDIRECT_SPEAKERS = 0.90
# Held-out direct speaker accuracy was 0.788 in the single scoring run: below the issue's 0.97,
# so this is the measured level less a margin, not the target.
MIN_HELD_OUT_DIRECT_SPEAKERS = 0.75
MIN_HELD_OUT_SPEAKERS = 0.83  # both kinds together: measured 0.859 (128/149), target not met


@pytest.fixture(scope="module")
def gold_scores():
    metrics, scores = evaluate_articles(load_gold())
    return metrics, metrics_by_kind(scores)


def test_gold_set_is_complete():
    articles = load_gold()  # also checks every gold span against its article text
    original = [a for a in articles if a.group == DEFAULT_GROUP]
    assert len(original) >= 17
    assert sum(len(a.quotes) for a in original) >= 257
    assert any(a.group == EXTRA_GROUP for a in articles), "the style-check articles are missing"
    assert {a.group for a in articles} == {DEFAULT_GROUP, EXTRA_GROUP, HELD_OUT_GROUP}
    held_out = [a for a in articles if a.group == HELD_OUT_GROUP]
    assert len(held_out) >= 12
    for article in held_out:
        assert set(article.kinds) == {DIRECT, INDIRECT}, article.name
        assert {q.kind for q in article.quotes} == {DIRECT, INDIRECT}, article.name  # both kinds
        assert 250 <= len(article.text.split()) <= 600, article.name
    assert sum(q.kind == INDIRECT for a in held_out for q in a.quotes) >= 70
    assert sum(q.kind == DIRECT for a in held_out for q in a.quotes) >= 80
    for article in articles:  # the first 22 annotate direct quotes only
        if article.group != HELD_OUT_GROUP:
            assert article.kinds == (DIRECT,) and all(q.kind == DIRECT for q in article.quotes)


@pytest.mark.parametrize("group", [*DEVELOPED_ON, HELD_OUT_GROUP, ALL_GROUPS])
def test_quote_f1_by_overlap_meets_target(gold_scores, group):
    metrics, _ = gold_scores
    assert metrics[group].overlap_f1 >= MIN_OVERLAP_F1, metrics[group]


@pytest.mark.parametrize("group", [*DEVELOPED_ON, ALL_GROUPS])
def test_speaker_accuracy_meets_target(gold_scores, group):
    metrics, _ = gold_scores
    assert metrics[group].speaker_accuracy >= MIN_SPEAKER_ACCURACY, metrics[group]


def test_held_out_speaker_accuracy_stays_at_the_measured_level(gold_scores):
    metrics, _ = gold_scores
    held_out = metrics[HELD_OUT_GROUP]
    assert held_out.speaker_total >= 140, held_out  # the measure covers the whole group
    assert held_out.speaker_accuracy >= MIN_HELD_OUT_SPEAKERS, held_out


@pytest.mark.parametrize("group", DEVELOPED_ON)
def test_direct_quotes_stay_at_the_issue_target_on_the_developed_on_articles(gold_scores, group):
    direct = gold_scores[1][f"{group}/{DIRECT}"]
    assert direct.overlap_f1 >= MIN_DIRECT and direct.speaker_accuracy >= MIN_DIRECT, direct


def test_held_out_direct_quotes(gold_scores):
    direct = gold_scores[1][f"{HELD_OUT_GROUP}/{DIRECT}"]
    assert direct.gold >= 80 and direct.speaker_total >= 80, direct
    assert direct.overlap_f1 >= MIN_DIRECT, direct  # the issue's target: met (0.971)
    assert direct.speaker_accuracy >= MIN_HELD_OUT_DIRECT_SPEAKERS, direct  # target NOT met (0.788)


def test_indirect_quotes_meet_the_issue_target_on_held_out_articles(gold_scores):
    indirect = gold_scores[1][f"{HELD_OUT_GROUP}/{INDIRECT}"]
    assert indirect.gold >= 70 and indirect.speaker_total >= 60, indirect
    assert indirect.overlap_f1 >= MIN_INDIRECT_F1, indirect
    assert indirect.speaker_accuracy >= MIN_INDIRECT_SPEAKERS, indirect
