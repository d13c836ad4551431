"""The behavioural suite: its case generators, its judging, and a run on the tiny trained models."""

import json
import re

import numpy as np
import pytest
from typer.testing import CliRunner

from model.labels import LABELS
from model.predictor import Predictor
from training.checks import SuiteReport, pass_rates, run_suite, shortfalls
from training.checks_cases import (
    ATTRIBUTIONS,
    FORMAL_TEMPLATES,
    GROUPS,
    KINDS,
    LEXICON,
    MFT_TEMPLATES,
    NONE,
    Case,
    build_suite,
    slots,
)


@pytest.fixture(scope="module")
def suite() -> list[Case]:
    return build_suite(seed=13)


def test_suite_has_over_300_cases_of_every_kind_and_label(suite):
    assert len(suite) >= 300
    for kind in KINDS:
        of_kind = [case for case in suite if case.kind == kind]
        assert len(of_kind) >= 100, kind
        expected_groups = set(LABELS) if kind == "DIR" else set(GROUPS)
        assert {case.label for case in of_kind} == expected_groups, kind


def test_generation_is_deterministic_per_seed(suite):
    assert build_suite(seed=13) == suite
    assert build_suite(seed=14) != suite


def test_mft_cases_expect_exactly_their_templates_label(suite):
    mft = [case for case in suite if case.kind == "MFT"]
    assert len({case.text for case in mft}) == len(mft)
    for case in mft:
        assert case.expected == (() if case.label == NONE else (case.label,))
        templates = FORMAL_TEMPLATES if case.test == "formal statement" else MFT_TEMPLATES
        patterns = [_as_pattern(t) for t in templates[case.label]]
        assert any(p.fullmatch(case.text) for p in patterns), case.text


def _as_pattern(template: str) -> re.Pattern:
    """A regex that matches the template with any lexicon value in each slot."""
    pattern = re.escape(template)
    for name in slots(template):
        values = "|".join(re.escape(v) for v in LEXICON[name])
        pattern = pattern.replace(re.escape("{" + name + "}"), f"(?:{values})")
    return re.compile(pattern)


def test_slot_swaps_differ_only_in_the_swapped_value(suite):
    swaps = [case for case in suite if case.test.startswith("change ")]
    assert {case.test for case in swaps} == {
        f"change {s}" for s in ("name", "country", "number", "date", "place")
    }
    for case in swaps:
        slot = case.test.removeprefix("change ")
        before = [v for v in LEXICON[slot] if re.search(rf"\b{re.escape(v)}\b", case.text)]
        after = [v for v in LEXICON[slot] if re.search(rf"\b{re.escape(v)}\b", case.changed)]
        assert len(before) == len(after) == 1 and before != after, case
        assert case.text.replace(before[0], after[0]) == case.changed


def test_surface_changes_keep_every_word(suite):
    surface = [case for case in suite if case.kind == "INV" and not case.test.startswith("change ")]
    tests = {"quote marks", "punctuation", "attribution", "quoted and attributed", "whitespace"}
    assert {case.test for case in surface} == tests
    attributions = {tuple(_words(a)) for a in ATTRIBUTIONS}
    for case in surface:
        before, after = _words(case.text), _words(case.changed)
        assert case.changed != case.text
        if case.test in ("attribution", "quoted and attributed"):
            assert after[: len(before)] == before and tuple(after[len(before) :]) in attributions
        else:
            assert after == before


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def test_dir_cases_name_a_direction(suite):
    for case in (c for c in suite if c.kind == "DIR"):
        assert case.direction in (-1, 1) and case.changed and case.changed != case.text


class _Fixed(Predictor):
    """Scores from a lookup table, so each judging rule can be exercised exactly."""

    kind = "fixed"

    def __init__(self, table: dict[str, list[float]]) -> None:
        super().__init__([0.5] * len(LABELS))
        self.table = table

    def _probabilities(self, texts):
        return np.array([self.table[t] for t in texts], dtype=np.float32)


def test_judging_rules():
    cases = [
        Case("MFT", "plain quote", "nato_opposition", "a", ("nato_opposition",)),
        Case("MFT", "plain quote", NONE, "b"),
        Case("INV", "punctuation", NONE, "b", changed="b!"),
        Case("DIR", "negate offer of talks", "pro_negotiation", "c", changed="not c", direction=-1),
        Case("DIR", "negate offer of talks", "pro_negotiation", "d", changed="not d", direction=-1),
    ]
    predictor = _Fixed(
        {
            "a": [0.1, 0.1, 0.9],
            "b": [0.6, 0.1, 0.1],
            "b!": [0.4, 0.1, 0.1],
            "c": [0.9, 0.1, 0.1],
            "not c": [0.7, 0.1, 0.1],
            "d": [0.9, 0.1, 0.1],
            "not d": [0.85, 0.1, 0.1],
        }
    )
    outcomes = run_suite(predictor, cases, margin=0.1)
    assert [o.passed for o in outcomes] == [True, False, False, True, False]
    assert outcomes[3].score_change == pytest.approx(-0.2, abs=1e-4)
    rates = pass_rates(outcomes)
    assert rates["DIR"]["pro_negotiation"].rate == 0.5
    assert rates["MFT"]["all"].passed == 1 and rates["MFT"]["all"].total == 2
    with pytest.raises(ValueError, match="margin"):
        run_suite(predictor, cases, margin=1.5)


def test_suite_runs_on_both_tiny_models(trained_models, suite):
    from model import store

    report = SuiteReport(
        0.1, {kind: run_suite(store.load(kind), suite) for kind in ("transformer", "baseline")}
    )
    rates = report.rates()
    for model in ("transformer", "baseline"):
        assert set(rates[model]) == set(KINDS)
        for kind in KINDS:
            groups = set(LABELS) if kind == "DIR" else set(GROUPS)
            assert groups | {"all"} <= set(rates[model][kind])
            assert rates[model][kind]["all"].total == sum(c.kind == kind for c in suite)
            for group in groups | {"all"}:
                assert 0.0 <= rates[model][kind][group].rate <= 1.0
    markdown = report.to_markdown()
    for kind in KINDS:
        for group in (*GROUPS, "all"):
            if kind != "DIR" or group != NONE:
                assert f"| {kind} | {group} |" in markdown
    assert isinstance(shortfalls(report, "transformer", "baseline"), list)
    json.dumps(report.to_dict())


def test_check_command_writes_json_and_markdown(trained_models, tmp_path):
    from cli.app import app
    from cli.quality import TARGET_MISSED

    result = CliRunner().invoke(
        app,
        [
            "check",
            "--model",
            "all",
            "--json",
            str(tmp_path / "c.json"),
            "--markdown",
            str(tmp_path / "c.md"),
        ],
    )
    # The tiny random transformer misses the targets: the command says so in its exit code.
    assert result.exit_code == TARGET_MISSED, result.output
    assert "target missed" in result.output
    written = json.loads((tmp_path / "c.json").read_text())
    assert set(written["pass_rates"]) == {"transformer", "baseline"}
    assert "| MFT | all |" in (tmp_path / "c.md").read_text()
