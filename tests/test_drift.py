"""`stance monitor drift` on the real corpus scored by the tiny baseline.

The test split against the train split must not alarm; the test split without
one label's quotes, and quotes on another topic, must. The tiny baseline
(TF-IDF, 48 training quotes) is the scorer: it is what separates labels at all
among the tiny models (the tiny transformer's scores barely move).
"""

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from cli.app import app
from model import store
from monitoring.drift import psi
from training.data import DEFAULT_DATA_DIR

OFF_TOPIC_SUBJECTS = ["The striker", "Our chef", "The orchestra", "This recipe", "The phone", "The museum"]
OFF_TOPIC_PREDICATES = [
    "scored twice before halftime and the fans sang until midnight",
    "needs fresh basil, garlic and a slow oven for two hours",
    "played Mahler's fifth symphony with a young conductor",
    "sold out within minutes because the camera is remarkable",
    "opens a gallery of impressionist paintings next spring",
    "won the cup final after extra time in a packed stadium",
    "tastes better with lemon zest and toasted almonds",
    "rehearsed the violin concerto every morning this week",
]


def _write_scored(path, rows, predictor):
    texts = [row["text"] for row in rows]
    with open(path, "w") as out:
        for text, prediction in zip(texts, predictor.predict(texts), strict=True):
            record = {"text": text, "labels": prediction.labels, "scores": prediction.scores}
            out.write(json.dumps({**record, "model": predictor.tag}) + "\n")
    return path


def _split(name):
    return [json.loads(line) for line in (DEFAULT_DATA_DIR / f"{name}.jsonl").read_text().splitlines()]


def _drift(source, tmp_path, reference="train"):
    out = tmp_path / "report"
    command = ["monitor", "drift", str(source), "--reference", reference, "--out", str(out)]
    result = CliRunner().invoke(app, command)
    return result, out


@pytest.fixture(scope="module")
def baseline(trained_models):
    return store.load(trained_models["baseline"])


def test_psi_is_zero_for_the_same_sample_and_large_for_a_moved_one():
    rng = np.random.default_rng(0)
    sample = rng.uniform(size=2000)
    edges = np.linspace(0, 1, 11)
    assert psi(sample, sample, edges) == pytest.approx(0, abs=1e-9)
    assert psi(sample, sample**4, edges) > 0.5


def test_test_split_against_train_split_does_not_alarm(baseline, tmp_path):
    scored = _write_scored(tmp_path / "test.jsonl", _split("test"), baseline)
    result, out = _drift(scored, tmp_path)
    assert result.exit_code == 0, result.output
    report = json.loads((out / "drift.json").read_text())
    assert report["alarm"] is False
    assert {"drift.md", "drift_scores.png", "drift_lengths_rates.png"} <= {p.name for p in out.iterdir()}
    assert "no drift" in (out / "drift.md").read_text()


def test_removing_one_labels_quotes_alarms(baseline, tmp_path):
    rows = [row for row in _split("test") if "territorial_red_line" not in row["labels"]]
    scored = _write_scored(tmp_path / "shifted.jsonl", rows, baseline)
    result, out = _drift(scored, tmp_path)
    assert result.exit_code == 3, result.output
    alarms = {c["name"] for c in json.loads((out / "drift.json").read_text())["checks"] if c["alarm"]}
    assert any("territorial_red_line" in name for name in alarms), alarms


def test_quotes_on_another_topic_alarm(baseline, tmp_path):
    rows = [{"text": f"{s} {p}."} for s in OFF_TOPIC_SUBJECTS for p in OFF_TOPIC_PREDICATES]
    scored = _write_scored(tmp_path / "other-topic.jsonl", rows, baseline)
    result, out = _drift(scored, tmp_path)
    assert result.exit_code == 3, result.output
    checks = {c["name"]: c for c in json.loads((out / "drift.json").read_text())["checks"]}
    assert checks["unseen words"]["alarm"], checks["unseen words"]


def test_a_hashed_prediction_log_is_read_and_skips_the_unseen_words_check(baseline, tmp_path):
    folder = tmp_path / "log"
    folder.mkdir()
    rows = _split("test")
    texts = [row["text"] for row in rows]
    with open(folder / "predictions-1-1-0000.jsonl", "w") as out:
        for text, p in zip(texts, baseline.predict(texts), strict=True):
            record = {"model": baseline.tag, "text_sha256": "x", "words": len(text.split())}
            record.update(labels=p.labels, scores=p.scores)
            out.write(json.dumps(record) + "\n")
    result, out = _drift(folder, tmp_path, reference="test")
    assert result.exit_code == 0, result.output
    checks = {c["name"]: c for c in json.loads((out / "drift.json").read_text())["checks"]}
    assert "skipped" in checks["unseen words"]["note"]
