"""Shared fixtures: an isolated BentoML store, a tiny corpus, a tiny BERT and models trained on them.

The BentoML home and the graph cache are set before anything imports the
project, so no test ever touches the user's real model store or cache.
"""

import os
import tempfile
from pathlib import Path

os.environ["BENTOML_HOME"] = tempfile.mkdtemp(prefix="stance-test-bentoml-")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import pytest

TINY_CORPUS = Path(__file__).parent / "fixtures" / "tiny_corpus"


@pytest.fixture(scope="session")
def tiny_corpus() -> Path:
    """80 real quotes (48/16/16), every label combination present in each split."""
    return TINY_CORPUS


@pytest.fixture(scope="session")
def tiny_base_model(tmp_path_factory) -> Path:
    """A randomly initialised 2-layer, 32-wide BERT with the real MiniLM tokenizer: trains in seconds."""
    from transformers import AutoTokenizer, BertConfig, BertModel

    from training.base_model import minilm_dir

    folder = tmp_path_factory.mktemp("tiny-bert")
    tokenizer = AutoTokenizer.from_pretrained(minilm_dir())
    config = BertConfig(
        vocab_size=tokenizer.vocab_size,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=128,
    )
    BertModel(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="session")
def tiny_config():
    """A fine-tuning recipe that finishes in seconds on the tiny model."""
    from training.transformer import FineTuneConfig

    return FineTuneConfig(epochs=2, batch_size=16, learning_rate=1e-3, max_length=48, patience=1, bf16=False)


@pytest.fixture(scope="session")
def trained_models(tiny_corpus, tiny_base_model, tiny_config) -> dict[str, str]:
    """A tiny transformer and a baseline trained on the tiny corpus, in the store and in production."""
    from training.train import train_and_save

    return {
        kind: train_and_save(
            kind,
            tiny_corpus,
            config=tiny_config,
            base_model_dir=tiny_base_model,
            expected_sha256=None,
        ).tag
        for kind in ("baseline", "transformer")
    }


@pytest.fixture(scope="session")
def start_service(trained_models):
    """Starts the real service on a free port with the tiny models: `with start_service(**env) as url:`.

    The service stops, with all its workers, when the block ends.
    """
    from bench.background import background_service

    def start(**env: str):
        return background_service(env=env, ready_within=120)

    return start
