"""The label audit: cleanlab ranking on known probabilities, and a run on the tiny corpus."""

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from model.labels import LABELS
from training.audit import audit_corpus, out_of_sample_probabilities, rank_label_issues


def test_a_label_the_probabilities_contradict_is_flagged_first():
    rng = np.random.default_rng(0)
    truth = rng.integers(0, 2, size=(60, len(LABELS)))
    probabilities = np.clip(truth * 0.9 + 0.05 + rng.normal(0, 0.02, truth.shape), 0, 1)
    truth[7] = [1, 0, 0]
    probabilities[7] = [0.02, 0.97, 0.03]  # confidently a red line, labelled pro-negotiation
    ids = [f"Q-{i}" for i in range(60)]
    issues = rank_label_issues(ids, ["train"] * 60, [f"text {i}" for i in range(60)], truth, probabilities)
    assert issues[0].id == "Q-7"
    assert issues[0].given == ["pro_negotiation"]
    assert issues[0].suggested == ["territorial_red_line"]
    assert 0 <= issues[0].quality < 0.5
    assert {issue.id for issue in issues} <= set(ids)


def test_out_of_sample_probabilities_need_enough_quotes_per_combination():
    truth = np.array([[1, 0, 0]] * 6 + [[0, 1, 0]] * 3)
    with pytest.raises(ValueError, match="rarest has 3"):
        out_of_sample_probabilities([f"q {i}" for i in range(9)], truth, folds=5)


def test_audit_of_the_tiny_corpus(tiny_corpus):
    audited, issues = audit_corpus(tiny_corpus)
    assert audited == 80
    qualities = [issue.quality for issue in issues]
    assert all(0 <= q <= 1 for q in qualities)
    for issue in issues:
        assert set(issue.probabilities) == set(LABELS)
        assert issue.split in {"train", "validation", "test"}
        assert issue.given != issue.suggested or issue.quality < 1


def test_audit_command_writes_json(tiny_corpus, tmp_path):
    from cli.app import app

    out = tmp_path / "audit.json"
    result = CliRunner().invoke(app, ["data", "audit", "--data", str(tiny_corpus), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "quotes flagged" in result.output
    assert isinstance(json.loads(out.read_text()), list)
