"""The classifier that runs its last layer for the first token only gives the full network's logits."""

import tomllib
from pathlib import Path

import pytest
import torch
import transformers
from packaging.requirements import Requirement
from packaging.version import Version
from transformers import (
    AutoTokenizer,
    BertConfig,
    BertForSequenceClassification,
    DistilBertConfig,
    DistilBertForSequenceClassification,
)

from model.first_token import FirstTokenBert, first_token_classifier
from training.base_model import minilm_dir

QUOTES = [
    "They will not get a single street of Kharkiv.",
    "We are ready to sit down and talk tomorrow.",
    "No.",
    "The alliance's door is open to Kyiv, and sitting down with them would be a waste of time.",
]


def _bert(attention: str) -> BertForSequenceClassification:
    config = BertConfig(
        vocab_size=30522,
        hidden_size=32,
        num_hidden_layers=3,
        num_attention_heads=4,
        intermediate_size=64,
        num_labels=3,
        attn_implementation=attention,
    )
    torch.manual_seed(0)
    return BertForSequenceClassification(config).eval()


@pytest.mark.parametrize("attention", ["eager", "sdpa"])
def test_logits_equal_the_full_network_with_padding(attention):
    network = _bert(attention)
    batch = AutoTokenizer.from_pretrained(minilm_dir())(QUOTES, padding=True, return_tensors="pt")
    assert batch["attention_mask"].min() == 0  # the short quotes are padded
    classifier = first_token_classifier(network)
    assert isinstance(classifier, FirstTokenBert)
    with torch.inference_mode():
        expected, actual = network(**batch).logits, classifier(**batch).logits
    torch.testing.assert_close(actual, expected, atol=1e-5, rtol=1e-5)


def test_a_quote_scores_the_same_alone_and_padded_in_a_batch():
    classifier = first_token_classifier(_bert("eager"))
    tokenizer = AutoTokenizer.from_pretrained(minilm_dir())
    with torch.inference_mode():
        together = classifier(**tokenizer(QUOTES, padding=True, return_tensors="pt")).logits
        alone = [classifier(**tokenizer([quote], return_tensors="pt")).logits[0] for quote in QUOTES]
    torch.testing.assert_close(together, torch.stack(alone), atol=1e-5, rtol=1e-5)


def test_other_architectures_are_left_as_they_are():
    config = DistilBertConfig(vocab_size=100, dim=32, n_layers=2, n_heads=2, hidden_dim=64, num_labels=3)
    network = DistilBertForSequenceClassification(config).eval()
    assert first_token_classifier(network) is network


def test_pyproject_allows_only_the_transformers_release_these_tests_ran_on():
    """The tests above pin first_token.py to the installed release; a wider range would be untested."""
    pyproject = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    requirement = next(
        Requirement(line) for line in pyproject["project"]["dependencies"] if line.startswith("transformers")
    )
    installed = Version(transformers.__version__)
    assert installed in requirement.specifier
    assert Version(f"{installed.major}.{installed.minor + 1}.0") not in requirement.specifier
    assert Version(f"{installed.major}.{installed.minor - 1}.0") not in requirement.specifier
