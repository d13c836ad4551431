"""Word-occlusion explanations: ranking on a stub model, shape on the tiny real one."""

import json
import math

import numpy as np
import pytest
from typer.testing import CliRunner

from model.explain import MAX_WORDS, explain, without_word
from model.labels import LABELS
from model.predictor import Predictor


class _Keyword(Predictor):
    """pro_negotiation is 0.9 when "talks" is in the text, else 0.1; other labels are flat 0.2."""

    kind = "keyword"

    def __init__(self) -> None:
        super().__init__([0.5] * len(LABELS), tag="stub")
        self.calls = 0

    def _probabilities(self, texts):
        self.calls += 1
        return np.array([[0.9 if "talks" in t.split() else 0.1, 0.2, 0.2] for t in texts], dtype=np.float32)


def test_the_word_whose_removal_flips_a_label_ranks_first():
    stub = _Keyword()
    explanation = explain(stub, "We want talks with Moscow this week")
    assert stub.calls == 1  # the quote and every variant in one call
    assert explanation.labels == ["pro_negotiation"]
    top = explanation.contributions["pro_negotiation"][0]
    assert (top.word, top.contribution) == ("talks", pytest.approx(2 * math.log(9), abs=1e-4))
    assert all(w.contribution == 0 for w in explanation.contributions["pro_negotiation"][1:])
    assert explanation.text[top.start : top.end] == "talks"


def test_without_word_deletes_one_span_and_tidies_spaces():
    assert without_word("We will  never give up Crimea.", 9, 14) == "We will give up Crimea."


def test_bad_input_is_refused_with_a_reason():
    with pytest.raises(ValueError, match="no words"):
        explain(_Keyword(), " ... !")
    with pytest.raises(ValueError, match="limited"):
        explain(_Keyword(), "word " * (MAX_WORDS + 1))


def test_tiny_transformer_explains_every_label_and_word(trained_models):
    from model import store

    text = "We are ready to talk, but Crimea will never be Russian."
    explanation = explain(store.load("transformer"), text)
    words = ["We", "are", "ready", "to", "talk", "but", "Crimea", "will", "never", "be", "Russian"]
    assert set(explanation.contributions) == set(LABELS) == set(explanation.scores)
    for label in LABELS:
        assert sorted(w.word for w in explanation.contributions[label]) == sorted(words)
    json.loads(explanation.model_dump_json())


def test_explain_command(trained_models):
    from cli.app import app

    result = CliRunner().invoke(
        app, ["explain", "Crimea will never be Russian", "--model", "baseline", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert set(json.loads(result.output)["contributions"]) == set(LABELS)
    refused = CliRunner().invoke(app, ["explain", "...", "--model", "baseline"])
    assert refused.exit_code != 0 and "no words" in refused.output
