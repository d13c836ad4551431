"""The gold articles as a test: extraction must not fall below what was measured.

Two kinds of group. The articles the rules were developed on (`original`, 01-17, and
`extra`, 18-22; direct quotes only) are held at the issue's targets. The project-written
articles (`written_held_out`, 44-55; both kinds annotated) were first scored once, before any
rule was changed for them:

- indirect quotes: overlap F1 0.934, speaker accuracy 0.953 (61/64): both issue targets (0.85,
  0.90) met;
- direct quotes: overlap F1 0.971, the issue's 0.97 met; speaker accuracy 0.788 (67/85), NOT met.

The misses of that run (Q&A roles not read from `X interviewed Y` or `Y answered questions from
X`, a headline with a colon taken for a turn, transcript turns running into the narration after
them, a `D. Peskov` label not resolved behind `Presidential Press Secretary`, organisations and
a name after an opening phrase taken for speakers) were then fixed by general rules for those
forms (tests/test_extraction_turns.py and tests/test_extraction_names.py, invented snippets),
so the group now measures the forms, no longer unseen copy: direct F1 and speaker accuracy
1.000 (86/86), indirect F1 0.950 and speakers 1.000 (66/66).

A second set (`second_held_out`, 56-67, same forms, new wording) was written with its gold
before those rules were changed and scored once before and once after them (docs/extraction.md):
direct F1 0.973 -> 1.000, direct speakers 0.782 (86/110) -> 0.946 (105/111), indirect F1
0.898 -> 0.971, indirect speakers 0.947 -> 0.970. Five of the six direct speaker misses were one
gap (a journalist's job written before the name, "Reporter Anna ...", kept in the name); adding
those nouns to the titles fixed them (0.991, 110/111), so this group too now measures the forms.
The test asserts the issue's targets on every kind of both groups.

A third set (`third_held_out`, 68-79) was written, again before any code ran on it, after
those changes, and scored once: direct F1 1.000 and speakers 0.931 (81/87), indirect F1 0.932
and speakers 0.887 (55/62). Its speaker misses were then fixed by general rules (role labels
such as `Moderator:` resolved to the person named for the role, `spoke to reporters` as a press
conference, `The office said X would ...` not inverted, `..., which said` speaking for a thing,
`al-` surnames): 149/149 speakers there now.

A fourth set (`fourth_held_out`, 80-91), written before those fixes, was scored once before and
once after them: direct F1 1.000 and 1.000, direct speakers 0.865 (77/89) both times, indirect F1
0.862 and 0.862, indirect speakers 0.929 (52/56) and 0.964 (54/56).

Four more sets followed, each written by someone who never read `extraction/` and scored once
before the rules changed for it (docs/extraction.md has the before/after table): `fifth_held_out`
(92-103), `sixth_held_out` (104-115) and `seventh_held_out` (116-127) were then developed on, the
fifth and sixth to the issue's targets, the seventh to direct speakers 0.847 (its remaining misses
are pronouns whose gender the rules ignore and initials labels defined in a key line).
`eighth_held_out` (128-139), forms as real outlets print them, scored once: direct F1 0.986,
direct speakers 0.778 (84/108), indirect F1 0.897, indirect speakers 0.919 (68/74). Rules were
then changed for its misses (labels with a title after a comma or an office in brackets, short
labels of a full label, the outlet's own name as a label, given names ending like demonyms,
full names from the headline): direct speakers 103/111.

`ninth_held_out` (140-151), written by someone who never read `extraction/` while those rules
were changed, was scored once with the code before them and once after: the same both times,
direct F1 1.000 and speakers 0.944 (101/107, six pronouns whose gender the rules ignored),
indirect F1 0.941 and speakers 0.966 (84/87). Pronouns then learnt gender (honorifics, kin
words, speaking pronouns), developed on the seventh to ninth sets: 105/107 there.

`tenth_held_out` (152-163) was written while those gender rules were made and scored once with
the code before them and once after: direct F1 0.991 both times and speakers 0.867 (91/105)
both times, indirect F1 0.945 and speakers 0.885 (69/78) then 0.897 (70/78). That was the
estimate on unseen copy at the time; one rule was then changed for it (a first turn with the
speaker's office after a comma opens the transcript): direct F1 1.000, speakers 93/107.

`eleventh_held_out` (164-175) was written after that, before any rule changed for it, and
scored once: direct F1 0.985 and speakers 0.920 (92/100), indirect F1 0.921 and speakers 0.920
(80/87). Rules then changed for the misses of the tenth and eleventh sets (negated speech verbs,
`according to` a long description, office-first capital labels, an interviewer named in the
closing line, initials labels, given names that tell a gender, single names met with a kin word,
clergy titles, embassies and missions, a title given once to the person in focus).
`twelfth_held_out` (176-187), written while they changed, was scored once with the code before
them (e57cd4b) and once after: direct F1 0.995 and speakers 0.904 (85/94) both times, indirect
F1 0.930 -> 0.974 and speakers 0.920 (80/87) -> 0.935 (87/93). That "after" is the estimate on
unseen copy; three more rules were then changed for its misses (the only person a dash
interview's introduction names, a one-word company in apposition with what it is, campaigners).

`thirteenth_held_out` (188-199), written after all of that, was scored once: direct F1 0.991 and
speakers 0.927 (102/110), indirect F1 0.929 and speakers 0.986 (71/72); with the README's
convention for `said X and that Y` (two spans, as 147 and the eleventh set annotate; its writer
had read one span where the README was silent, and the seven such reports were split), indirect
F1 0.975. Rules were then changed for its misses (rank labels such as `REAR ADM. X:`, a
journalist named in a question label's brackets, hyphenated initials `J.-N.`, `Sister X`,
acronyms as organisations): 110/110 and 79/79 speakers.

`fourteenth_held_out` (200-211), whose writer was asked for framings an extractor might not
expect, was scored once: direct F1 0.920 and speakers 0.716 (58/81), indirect F1 0.939 and
speakers 0.913 (63/69): a briefing with `THE SPOKESPERSON:` labels and questioners who name
themselves, a podcast with first-name labels, an interviewer who `met him`, and `a military
doctor named X`. Rules were then changed for those: direct speakers 91/94, indirect 64/69.

`fifteenth_held_out` (212-223), forms as typical outlets print them, written after all of that
and scored once: direct F1 0.996 and speakers 0.991 (111/112), indirect F1 0.949 and speakers
0.987 (74/75): the issue's targets on articles the rules were not developed on. No rule has
been changed for it: it is the current held-out measure.
"""

import pytest

from extraction.evaluate import (
    ALL_GROUPS,
    BOTH_KINDS_GROUPS,
    DEFAULT_GROUP,
    DIRECT,
    EIGHTH_HELD_OUT_GROUP,
    ELEVENTH_HELD_OUT_GROUP,
    FIFTEENTH_HELD_OUT_GROUP,
    FOURTEENTH_HELD_OUT_GROUP,
    INDIRECT,
    NINTH_HELD_OUT_GROUP,
    SEVENTH_HELD_OUT_GROUP,
    TENTH_HELD_OUT_GROUP,
    THIRTEENTH_HELD_OUT_GROUP,
    TWELFTH_HELD_OUT_GROUP,
    evaluate_articles,
    load_gold,
    metrics_by_kind,
)

EXTRA_GROUP = "extra"
DEVELOPED_ON = (DEFAULT_GROUP, EXTRA_GROUP)
# Once held out, then developed on to the issue's targets: every set before the last two.
DEVELOPED_ON_BOTH_KINDS = BOTH_KINDS_GROUPS[: BOTH_KINDS_GROUPS.index(SEVENTH_HELD_OUT_GROUP)]
MIN_OVERLAP_F1 = 0.90
MIN_SPEAKER_ACCURACY = 0.90
MIN_DIRECT = 0.97  # the issue's target for direct quotes: F1 and speaker accuracy
MIN_INDIRECT_F1 = 0.85  # the issue's targets for indirect quotes (overlap match)
MIN_INDIRECT_SPEAKERS = 0.90
MIN_HELD_OUT_SPEAKERS = 0.95  # both kinds together: 0.859 before the turn rules, 1.000 after


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
    assert {a.group for a in articles} == {DEFAULT_GROUP, EXTRA_GROUP, *BOTH_KINDS_GROUPS}
    held_out = [a for a in articles if a.group in BOTH_KINDS_GROUPS]
    assert len(held_out) >= 48
    for article in held_out:
        assert set(article.kinds) == {DIRECT, INDIRECT}, article.name
        assert DIRECT in {q.kind for q in article.quotes}, article.name  # a bare transcript: no report
        assert 250 <= len(article.text.split()) <= 600, article.name
    for group in BOTH_KINDS_GROUPS:  # each set annotates both kinds
        assert {q.kind for a in held_out if a.group == group for q in a.quotes} == {DIRECT, INDIRECT}
    assert sum(q.kind == INDIRECT for a in held_out for q in a.quotes) >= 270
    assert sum(q.kind == DIRECT for a in held_out for q in a.quotes) >= 360
    for article in articles:  # the first 22 annotate direct quotes only
        if article.group not in BOTH_KINDS_GROUPS:
            assert article.kinds == (DIRECT,) and all(q.kind == DIRECT for q in article.quotes)


@pytest.mark.parametrize("group", [*DEVELOPED_ON, *BOTH_KINDS_GROUPS, ALL_GROUPS])
def test_quote_f1_by_overlap_meets_target(gold_scores, group):
    metrics, _ = gold_scores
    assert metrics[group].overlap_f1 >= MIN_OVERLAP_F1, metrics[group]


@pytest.mark.parametrize("group", [*DEVELOPED_ON, ALL_GROUPS])
def test_speaker_accuracy_meets_target(gold_scores, group):
    metrics, _ = gold_scores
    assert metrics[group].speaker_accuracy >= MIN_SPEAKER_ACCURACY, metrics[group]


@pytest.mark.parametrize("group", DEVELOPED_ON_BOTH_KINDS)
def test_held_out_speaker_accuracy_stays_at_the_measured_level(gold_scores, group):
    metrics, _ = gold_scores
    held_out = metrics[group]
    assert held_out.speaker_total >= 140, held_out  # the measure covers the whole group
    assert held_out.speaker_accuracy >= MIN_HELD_OUT_SPEAKERS, held_out


@pytest.mark.parametrize("group", DEVELOPED_ON)
def test_direct_quotes_stay_at_the_issue_target_on_the_developed_on_articles(gold_scores, group):
    direct = gold_scores[1][f"{group}/{DIRECT}"]
    assert direct.overlap_f1 >= MIN_DIRECT and direct.speaker_accuracy >= MIN_DIRECT, direct


@pytest.mark.parametrize("group", DEVELOPED_ON_BOTH_KINDS)
def test_held_out_direct_quotes(gold_scores, group):
    direct = gold_scores[1][f"{group}/{DIRECT}"]
    assert direct.gold >= 80 and direct.speaker_total >= 80, direct
    assert direct.overlap_f1 >= MIN_DIRECT, direct  # the issue's target (1.000 on both)
    assert direct.speaker_accuracy >= MIN_DIRECT, direct  # the issue's target (1.000 and 0.991)


@pytest.mark.parametrize("group", DEVELOPED_ON_BOTH_KINDS)
def test_indirect_quotes_meet_the_issue_target_on_held_out_articles(gold_scores, group):
    indirect = gold_scores[1][f"{group}/{INDIRECT}"]
    assert indirect.gold >= 60 and indirect.speaker_total >= 55, indirect
    assert indirect.overlap_f1 >= MIN_INDIRECT_F1, indirect
    assert indirect.speaker_accuracy >= MIN_INDIRECT_SPEAKERS, indirect


# The last nine sets: (group, least gold quotes direct and indirect, least speaker accuracy direct
# and indirect), each bound a little under what was measured (comments), or at the issue's target.
LATER_SETS = [
    # developed on: pronouns by gender and initials labels defined in a key line
    (SEVENTH_HELD_OUT_GROUP, 100, 80, 0.97, MIN_INDIRECT_SPEAKERS),  # 0.982 (109/111), 0.989 (86/87)
    # developed on; relatives, and offices only world knowledge resolves ('the commission president')
    (EIGHTH_HELD_OUT_GROUP, 100, 80, 0.94, MIN_INDIRECT_SPEAKERS),  # 0.955 (106/111), 0.947 (72/76)
    (NINTH_HELD_OUT_GROUP, 100, 90, MIN_DIRECT, MIN_INDIRECT_SPEAKERS),  # 0.981 (105/107), 0.957 (88/92)
    # developed on; features with several people, 'the British prime minister' among leaders
    (TENTH_HELD_OUT_GROUP, 100, 80, 0.95, MIN_INDIRECT_SPEAKERS),  # 0.963 (103/107), 0.938 (75/80)
    (ELEVENTH_HELD_OUT_GROUP, 100, 90, MIN_DIRECT, MIN_INDIRECT_SPEAKERS),  # 1.000 (103/103), 1.000 (92/92)
    # scored once unseen (0.904 direct speakers), then developed on for three rules
    (TWELFTH_HELD_OUT_GROUP, 90, 90, MIN_DIRECT, MIN_INDIRECT_SPEAKERS),  # 0.979 (92/94), 0.989 (92/93)
    # scored once unseen (0.927 direct speakers), then developed on for five rules
    (THIRTEENTH_HELD_OUT_GROUP, 100, 75, MIN_DIRECT, MIN_INDIRECT_SPEAKERS),  # 1.000 (110/110), 1.000 (79/79)
    # scored once unseen (0.716 direct speakers), then developed on for six rules
    (FOURTEENTH_HELD_OUT_GROUP, 90, 70, 0.96, MIN_INDIRECT_SPEAKERS),  # 0.968 (91/94), 0.928 (64/69)
    # held out, never developed on: the issue's targets on unseen copy
    (FIFTEENTH_HELD_OUT_GROUP, 110, 75, MIN_DIRECT, MIN_INDIRECT_SPEAKERS),  # 0.991 (111/112), 0.987 (74/75)
]


@pytest.mark.parametrize(
    ("group", "direct_gold", "indirect_gold", "direct_speakers", "indirect_speakers"), LATER_SETS
)
def test_the_later_sets_stay_where_they_were_measured(
    gold_scores, group, direct_gold, indirect_gold, direct_speakers, indirect_speakers
):
    direct = gold_scores[1][f"{group}/{DIRECT}"]
    indirect = gold_scores[1][f"{group}/{INDIRECT}"]
    assert direct.gold >= direct_gold and indirect.gold >= indirect_gold, (direct, indirect)
    assert direct.overlap_f1 >= MIN_DIRECT and indirect.overlap_f1 >= MIN_INDIRECT_F1, (direct, indirect)
    assert direct.speaker_accuracy >= direct_speakers, direct
    assert indirect.speaker_accuracy >= indirect_speakers, indirect
