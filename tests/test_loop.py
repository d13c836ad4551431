"""The running service under a promotion, and the whole loop from predictions to a served new model.

One real service (tiny models, pointer polled every 0.3 s, prediction log on)
serves both tests. The production pointer is put back afterwards, so the other
test modules still find the session's tiny models in production.
"""

import json
import threading
import time
from dataclasses import replace

import httpx
import pytest
from typer.testing import CliRunner

from bench.background import background_service
from cli.app import app
from model import store
from training.data import DEFAULT_DATA_DIR

pytestmark = pytest.mark.slow
TEXTS = [
    "We are ready to sit down with Moscow tomorrow.",
    "Crimea will never be Russian, whatever they offer.",
    "Kyiv has no place in the alliance; neutrality is the only way.",
]


@pytest.fixture(scope="module")
def restored_pointer(trained_models):
    path = store.pointer_file()
    saved = path.read_bytes()
    yield
    path.write_bytes(saved)


@pytest.fixture(scope="module")
def served(trained_models, restored_pointer, tmp_path_factory):
    log_dir = tmp_path_factory.mktemp("prediction-log")
    env = {
        "STANCE_PRECISION": "fp32",  # no int8 graph to build per tiny model: a faster swap on busy cores
        "STANCE_RELOAD_SECONDS": "0.3",
        "STANCE_PREDICTION_LOG": str(log_dir),
        "STANCE_PREDICTION_LOG_TEXT": "text",
    }
    with background_service(env=env, ready_within=180, log_path=log_dir.parent / "service.log") as url:
        yield url, log_dir


def _classify(url: str) -> httpx.Response:
    return httpx.post(f"{url}/classify", json={"quotes": [{"text": t} for t in TEXTS]}, timeout=60)


def _wait_for_tag(url: str, tag: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        described = httpx.post(f"{url}/model", json={}, timeout=60).json()["models"]
        if described["transformer"]["tag"] == tag:
            return
        time.sleep(0.3)
    raise AssertionError(f"the service did not switch to {tag} within {seconds} s")


def test_promotion_under_load_fails_no_request_and_later_answers_carry_the_new_tag(
    served, trained_models, tiny_corpus, tiny_base_model, tiny_config
):
    from training.train import train_and_save

    url, log_dir = served
    old = trained_models["transformer"]
    new = train_and_save(
        "transformer",
        tiny_corpus,
        config=replace(tiny_config, seed=5),
        base_model_dir=tiny_base_model,
        expected_sha256=None,
        auto_promote=False,
    ).tag
    answers: list[tuple[int, str | None]] = []
    stop = threading.Event()

    def load() -> None:
        while not stop.is_set():
            response = _classify(url)
            tag = response.json().get("model") if response.is_success else None
            answers.append((response.status_code, tag))

    client = threading.Thread(target=load)
    client.start()
    try:
        time.sleep(1.0)
        store.promote(new, "test: promotion under load")
        _wait_for_tag(url, new)
        time.sleep(1.0)
    finally:
        stop.set()
        client.join(60)
    statuses = {status for status, _ in answers}
    tags = [tag for _, tag in answers]
    assert statuses == {200}, answers
    assert tags[0] == old and tags[-1] == new
    switch = tags.index(new)
    assert set(tags[:switch]) == {old} and set(tags[switch:]) == {new}  # no flapping back

    metrics = httpx.get(f"{url}/metrics").text
    assert f'stance_predictions_total{{label="pro_negotiation",model="{new}"}}' in metrics or (
        f'model="{new}"' in metrics and "stance_quotes_classified_total" in metrics
    )
    assert "stance_label_score_bucket" in metrics
    too_long = httpx.post(f"{url}/classify", json={"quotes": [{"text": "x" * 5001}]})
    assert too_long.status_code == 400
    rejected = 'stance_requests_rejected_total{reason="size",route="/classify"} 1.0'
    assert rejected in httpx.get(f"{url}/metrics").text
    time.sleep(0.5)
    logged = [json.loads(line) for path in log_dir.glob("*.jsonl") for line in path.read_text().splitlines()]
    assert {record["model"] for record in logged} == {old, new}
    assert {record["text"] for record in logged} == set(TEXTS)
    store.promote(old, "test: back to the session's model")
    _wait_for_tag(url, old)


def test_whole_loop_score_suggest_label_import_retrain_promote_serve(
    served, trained_models, tiny_corpus, tiny_base_model, tiny_config, tmp_path, monkeypatch
):
    """Real corpus quotes the tiny corpus lacks play the stream; their gold labels play the labeler."""
    import shutil

    url, _ = served
    data = tmp_path / "corpus"
    shutil.copytree(tiny_corpus, data)
    tiny_texts = {json.loads(line)["text"] for path in tiny_corpus.glob("*.jsonl") for line in path.open()}
    gold = {}
    stream = tmp_path / "stream.jsonl"
    with open(stream, "w") as out:
        for line in (DEFAULT_DATA_DIR / "validation.jsonl").read_text().splitlines():
            row = json.loads(line)
            if row["text"] not in tiny_texts and len(gold) < 12:
                gold[row["text"]] = row["labels"]
                out.write(json.dumps({"text": row["text"], "speaker": row["speaker"]}) + "\n")
    runner = CliRunner()
    scored = tmp_path / "scored.jsonl"
    result = runner.invoke(app, ["score", str(stream), str(scored), "--precision", "fp32"])
    assert result.exit_code == 0, result.output
    picked = tmp_path / "picked.csv"
    command = ["data", "suggest", str(scored), "--n", "6", "--out", str(picked), "--data", str(data)]
    result = runner.invoke(app, command)
    assert result.exit_code == 0, result.output

    import csv

    with open(picked, newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 6
    labeled = tmp_path / "labeled.csv"
    with open(labeled, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["text", "labels", "speaker"])
        writer.writeheader()
        for row in rows:
            labels = ",".join(gold[row["text"]])
            writer.writerow({"text": row["text"], "labels": labels, "speaker": row["speaker"]})
    result = runner.invoke(app, ["data", "import", str(labeled), "--data", str(data)])
    assert result.exit_code == 0, result.output
    assert "added 6" in result.output

    from training import retrain as retrain_module

    monkeypatch.setattr(
        retrain_module,
        "training_options",
        lambda: {"config": tiny_config, "base_model_dir": tiny_base_model, "expected_sha256": None},
    )
    reports = tmp_path / "run"
    result = runner.invoke(app, ["retrain", "--data", str(data), "--out", str(reports), "--force"])
    assert result.exit_code == 0, result.output
    report = json.loads((reports / "retrain.json").read_text())
    assert (reports / "retrain.md").exists()
    new = report["models"]["transformer"]["candidate"]
    assert report["models"]["transformer"]["decision"] == "promote"
    assert store.production_tag("stance-transformer") == new
    _wait_for_tag(url, new)
    answer = _classify(url).json()
    assert answer["model"] == new and len(answer["results"]) == len(TEXTS)
