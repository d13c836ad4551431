"""Training runs on the tiny corpus: the store, promotion, failure safety, metrics and reports."""

import json
import shutil
from pathlib import Path

import bentoml
import numpy as np
import pytest
from transformers import DataCollatorWithPadding
from typer.testing import CliRunner

from cli.app import app
from model import store
from model.artifact import read_manifest
from model.labels import LABELS
from training import train as train_module
from training.base_model import BASE_MODELS, BaseModelError, minilm_dir, verify_base_model
from training.metrics import classification_metrics, expected_calibration_error
from training.thresholds import tune_thresholds
from training.train import train_and_save
from training.transformer import FineTuneConfig


def _versions(name: str) -> set[str]:
    try:
        return {str(m.tag) for m in bentoml.models.list(name)}
    except bentoml.exceptions.NotFound:
        return set()


def test_trained_models_are_in_production_with_full_metadata(trained_models):
    for kind, tag in trained_models.items():
        assert store.resolve_tag(kind) == tag
        metadata = bentoml.models.get(tag).info.metadata
        assert metadata["labels"] == list(LABELS)
        assert len(metadata["thresholds"]) == len(LABELS)
        assert 0.0 <= metadata["test_metrics"]["macro_f1"] <= 1.0
        assert set(metadata["test_metrics"]["per_label"]) == set(LABELS)
        assert set(metadata["data_sha256"]) == {"train", "validation", "test"}
        assert metadata["git_commit"]
        assert metadata["training_args"]["seed"] == 13
    transformer = bentoml.models.get(trained_models["transformer"]).info.metadata
    assert len(transformer["base_model_sha256"]) == 64


def test_thresholds_and_label_order_survive_save_and_load(trained_models):
    for kind, tag in trained_models.items():
        stored = bentoml.models.get(tag)
        manifest = read_manifest(Path(stored.path))
        predictor = store.load(kind)
        assert tuple(manifest.labels) == LABELS
        assert predictor.thresholds.tolist() == pytest.approx(stored.info.metadata["thresholds"])
        assert predictor.tag == tag


def test_a_model_with_another_label_order_is_refused(trained_models, tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(bentoml.models.get(trained_models["baseline"]).path, folder)
    manifest = json.loads((folder / "stance.json").read_text())
    manifest["labels"] = list(reversed(manifest["labels"]))
    (folder / "stance.json").write_text(json.dumps(manifest))
    with pytest.raises(ValueError, match="label order"):
        read_manifest(folder)


def test_a_failed_run_leaves_production_and_the_store_untouched(
    trained_models, tiny_corpus, tiny_base_model, tiny_config, monkeypatch
):
    before = _versions("stance-transformer")

    def crash(*args, **kwargs):
        raise RuntimeError("simulated crash in the middle of fine-tuning")

    monkeypatch.setattr(train_module, "fine_tune", crash)
    with pytest.raises(RuntimeError, match="simulated crash"):
        train_and_save(
            "transformer",
            tiny_corpus,
            config=tiny_config,
            base_model_dir=tiny_base_model,
            expected_sha256=None,
        )
    assert store.resolve_tag("transformer") == trained_models["transformer"]
    assert _versions("stance-transformer") == before


def test_a_wrong_base_model_checksum_stops_the_run(trained_models, tiny_corpus, tiny_base_model):
    before = _versions("stance-transformer")
    with pytest.raises(BaseModelError, match="sha256"):
        train_and_save(
            "transformer",
            tiny_corpus,
            config=FineTuneConfig(epochs=1),
            base_model_dir=tiny_base_model,
            expected_sha256="0" * 64,
        )
    assert _versions("stance-transformer") == before
    assert store.resolve_tag("transformer") == trained_models["transformer"]


def test_the_packaged_base_model_matches_its_pinned_checksum():
    verify_base_model(minilm_dir())


def test_a_worse_model_stays_a_candidate_unless_forced(trained_models, tiny_corpus):
    production = trained_models["baseline"]
    stored = bentoml.models.get(production)
    metadata = dict(stored.info.metadata)
    metadata["test_metrics"] = {**metadata["test_metrics"], "macro_f1": 1.0}
    excellent = store.save_model("stance-baseline", Path(stored.path), metadata)
    store.promote(excellent)
    try:
        worse = train_and_save("baseline", tiny_corpus)
        assert not worse.promoted
        assert "--force" in worse.reason
        assert store.resolve_tag("baseline") == excellent
        forced = train_and_save("baseline", tiny_corpus, force=True)
        assert forced.promoted
        assert store.resolve_tag("baseline") == forced.tag
    finally:
        store.promote(production)


def test_models_command_lists_production_and_candidates(trained_models):
    result = CliRunner().invoke(app, ["models"])
    assert result.exit_code == 0, result.output
    assert trained_models["transformer"] in result.output
    assert "production" in result.output


def test_evaluate_command_writes_json_markdown_and_plots(trained_models, tiny_corpus, tmp_path):
    arguments = ["evaluate", "--data", str(tiny_corpus), "--out", str(tmp_path / "reports")]
    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 0, result.output
    # The tiny corpus has no field set beside it: `all` evaluates its test split alone.
    assert "| test | 16 |" in (tmp_path / "reports" / "summary.md").read_text()
    out = tmp_path / "reports" / "test"
    report = json.loads((out / "evaluation.json").read_text())
    assert {"baseline", "transformer"} <= set(report["models"])
    for model in report["models"].values():
        assert set(model["metrics"]["per_label"]) == set(LABELS)
        assert isinstance(model["errors"], list)
    assert "| macro-f1 |" in (out / "evaluation.md").read_text()
    for plot in ("precision_recall.png", "reliability.png"):
        assert (out / plot).read_bytes()[:4] == b"\x89PNG"
    page = (out / "evaluation.html").read_text()
    assert 'src="precision_recall.png"' in page and 'src="reliability.png"' in page
    assert "macro-F1" in page and "<script" not in page


def test_expected_calibration_error():
    truth = np.array([0, 0, 1, 1])
    assert expected_calibration_error(truth, np.array([0.0, 0.0, 1.0, 1.0])) == pytest.approx(0.0)
    # every prediction 0.5 while half are positive: calibrated on average
    assert expected_calibration_error(truth, np.full(4, 0.5)) == pytest.approx(0.0)
    # confident and always wrong
    assert expected_calibration_error(truth, np.array([1.0, 1.0, 0.0, 0.0])) == pytest.approx(1.0)


def test_metrics_per_label_and_exact_match():
    truth = np.array([[1, 0, 0], [0, 1, 1], [0, 0, 0], [1, 1, 0]])
    probabilities = np.array([[0.9, 0.1, 0.2], [0.2, 0.8, 0.3], [0.1, 0.1, 0.1], [0.7, 0.9, 0.1]])
    metrics = classification_metrics(truth, probabilities, np.full(3, 0.5))
    assert metrics["per_label"]["pro_negotiation"]["f1"] == 1.0
    assert metrics["per_label"]["nato_opposition"]["recall"] == 0.0
    assert metrics["exact_match"] == 0.75
    assert metrics["macro_f1"] == pytest.approx(2 / 3)


def test_thresholds_are_tuned_to_separate_the_validation_split():
    truth = np.array([[0], [0], [1], [1]])
    probabilities = np.array([[0.1], [0.3], [0.35], [0.9]])
    (threshold,) = tune_thresholds(truth, probabilities)
    assert 0.3 < threshold <= 0.35


@pytest.mark.slow
def test_end_to_end_real_base_model_fine_tunes_and_scores(tiny_corpus, tmp_path, monkeypatch):
    """The real all-MiniLM-L6-v2 weights, checksum-verified, a few steps, then scored from the store."""
    outcome = train_and_save(
        "transformer",
        tiny_corpus,
        config=FineTuneConfig(max_steps=6, batch_size=8, max_length=64, learning_rate=1e-4),
        force=False,
    )
    metadata = bentoml.models.get(outcome.tag).info.metadata
    assert metadata["base_model_sha256"] == verify_base_model(minilm_dir())
    predictor = store.load(outcome.tag)
    predictions = predictor.predict(["We are ready to talk tomorrow.", "Crimea is ours forever."])
    assert [set(p.scores) for p in predictions] == [set(LABELS)] * 2
    assert all(0.0 <= s <= 1.0 for p in predictions for s in p.scores.values())


def test_the_runtime_auto_serves_in_is_measured_beside_fp32(trained_models, tiny_corpus, monkeypatch):
    real = train_module.choose_runtime

    def bf16_cpu(device=None, precision=None):  # a CPU whose `auto` is bf16, whatever this one is
        return real(device, precision or "bf16")

    def fp32_cpu(device=None, precision=None):
        return real(device, "fp32")

    monkeypatch.setattr(train_module, "choose_runtime", bf16_cpu)
    test = train_module.load_splits(tiny_corpus)["test"]
    folder = Path(bentoml.models.get(trained_models["transformer"]).path)
    served = train_module.served_runtime_metrics(folder, "transformer", test, field_test=test)
    assert served["runtime"] == "cpu/bfloat16"
    assert 0.0 <= served["macro_f1"] <= 1.0 and 0.0 <= served["field_test_macro_f1"] <= 1.0
    assert train_module.served_runtime_metrics(folder, "baseline", test) is None
    monkeypatch.setattr(train_module, "choose_runtime", fp32_cpu)
    assert train_module.served_runtime_metrics(folder, "transformer", test) is None  # fp32 is the reference


@pytest.mark.parametrize(("served_f1", "within"), [(0.896, True), (0.894, False)])
def test_a_served_runtime_more_than_0_005_below_fp32_is_flagged(served_f1, within):
    outcome = train_module.TrainOutcome(
        "transformer", "t:1", {"macro_f1": 0.9}, True, "", 1.0, {"runtime": "bf16", "macro_f1": served_f1}
    )
    assert outcome.served_runtime_within_tolerance is within


def test_evaluation_reads_validation_in_order_so_the_metric_can_split_it(tiny_base_model, tmp_path):
    """`macro_f1_by_source` tells written from real quotes by position; length grouping must not
    reorder the evaluation rows (plain `Trainer` does, with `group_by_length`)."""
    from datasets import Dataset
    from transformers import AutoModelForSequenceClassification, AutoTokenizer, TrainingArguments

    from training.transformer import InOrderEvalTrainer

    tokenizer = AutoTokenizer.from_pretrained(tiny_base_model)
    texts = [" ".join(["word"] * n) for n in (3, 40, 1, 25, 7, 60, 2, 33, 12, 5, 50, 9)]
    labels = [[float(i), 0.0, 0.0] for i in range(len(texts))]  # the row number, to read the order back
    rows = Dataset.from_dict({**tokenizer(texts), "labels": labels})
    seen: list[list[int]] = []

    def record_order(prediction) -> dict[str, float]:
        seen.append([int(row) for row in prediction.label_ids[:, 0]])
        return {}

    trainer = InOrderEvalTrainer(
        model=AutoModelForSequenceClassification.from_pretrained(tiny_base_model, num_labels=3),
        args=TrainingArguments(
            output_dir=str(tmp_path),
            per_device_eval_batch_size=4,
            train_sampling_strategy="group_by_length",
            use_cpu=True,
            report_to="none",
        ),
        eval_dataset=rows,
        data_collator=DataCollatorWithPadding(tokenizer),
        compute_metrics=record_order,
    )
    trainer.evaluate()
    assert seen == [list(range(len(texts)))]  # every row, once, in the stored order


@pytest.mark.parametrize(
    ("kind", "base", "weight"),
    [
        ("baseline", "minilm", train_module.FIELD_TRAIN_WEIGHT),
        ("transformer", "minilm", BASE_MODELS["minilm"].field_weight),
        ("transformer", "mpnet", BASE_MODELS["mpnet"].field_weight),
    ],
)
def test_field_train_joins_training_as_often_as_the_recipe_says(tiny_corpus, monkeypatch, kind, base, weight):
    class Joined(Exception):
        """Stops the run once the training data is assembled."""

    joined = []

    def join(corpus, field, train_weight):
        joined.append(train_weight)
        raise Joined

    monkeypatch.setattr(train_module, "has_field", lambda folder: True)
    monkeypatch.setattr(train_module, "load_field", lambda folder: object())  # a field set, never read
    monkeypatch.setattr(train_module, "with_field", join)
    with pytest.raises(Joined):
        train_and_save(kind, tiny_corpus, base=base)
    assert joined == [weight]
