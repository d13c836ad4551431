"""Service metrics per model tag, and the prediction log: rotation, hashing, drops, disk errors."""

import json
import threading
import time

from prometheus_client import REGISTRY

from service.monitoring import record_predictions, record_rejected
from service.prediction_log import Batch, PredictionLog

PREDICTIONS = [
    {
        "labels": ["pro_negotiation"],
        "scores": {"pro_negotiation": 0.9, "territorial_red_line": 0.1, "nato_opposition": 0.2},
    },
    {"labels": [], "scores": {"pro_negotiation": 0.3, "territorial_red_line": 0.1, "nato_opposition": 0.4}},
]


def _value(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_metrics_count_quotes_labels_scores_and_rejections_per_tag():
    tag = "stance-transformer:metrics-test"
    record_predictions(tag, PREDICTIONS)
    record_predictions(tag, PREDICTIONS[:1])
    record_rejected(tag, "size", 2)
    assert _value("stance_quotes_classified_total", model=tag) == 3
    assert _value("stance_predictions_total", model=tag, label="pro_negotiation") == 2
    assert _value("stance_predictions_total", model=tag, label="nato_opposition") == 0
    assert _value("stance_quotes_without_label_total", model=tag) == 1
    assert _value("stance_label_score_count", model=tag, label="territorial_red_line") == 3
    assert _value("stance_label_score_bucket", model=tag, label="pro_negotiation", le="0.3") == 1
    assert _value("stance_quotes_rejected_total", model=tag, reason="size") == 2


def test_a_quote_in_another_language_counts_as_refused_not_as_unlabeled():
    tag = "stance-transformer:language-test"
    russian = {"labels": [], "scores": {}, "language": "ru", "warning": "text looks like language 'ru'"}
    record_predictions(tag, [PREDICTIONS[0], russian])
    assert _value("stance_quotes_classified_total", model=tag) == 1
    assert _value("stance_quotes_without_label_total", model=tag) == 0
    assert _value("stance_quotes_rejected_total", model=tag, reason="language") == 1


def _batch(texts, model="m:1"):
    return Batch(time.time(), model, texts, ["S"] * len(texts), [PREDICTIONS[0]] * len(texts), 12.5)


def _read(folder):
    lines = [line for path in sorted(folder.glob("*.jsonl")) for line in path.read_text().splitlines()]
    return [json.loads(line) for line in lines]


def test_log_hashes_text_by_default_and_rotates_by_size(tmp_path):
    log = PredictionLog(tmp_path, max_bytes=600, keep_files=50)
    for i in range(10):
        log.put(_batch([f"quote number {i}"]))
    log.close()
    records = _read(tmp_path)
    assert len(records) == 10
    assert "text" not in records[0] and len(records[0]["text_sha256"]) == 64
    assert records[0]["words"] == 3 and records[0]["model"] == "m:1" and records[0]["latency_ms"] == 12.5
    assert len(list(tmp_path.glob("predictions-*.jsonl"))) >= 3  # ~300 bytes a record, 600 a file


def test_log_with_text_keeps_text_and_speaker(tmp_path):
    log = PredictionLog(tmp_path, text_mode="text")
    log.put(_batch(["We will talk."]))
    log.close()
    assert _read(tmp_path)[0] | {"time": None} == {
        "time": None,
        "model": "m:1",
        "text": "We will talk.",
        "speaker": "S",
        "chars": 13,
        "words": 3,
        "labels": ["pro_negotiation"],
        "scores": PREDICTIONS[0]["scores"],
        "latency_ms": 12.5,
    }


def test_a_full_queue_drops_and_counts_instead_of_blocking(tmp_path):
    dropped = []
    release = threading.Event()
    log = PredictionLog(tmp_path, queue_size=2, on_dropped=lambda reason, n: dropped.append((reason, n)))
    original = log._write
    log._write = lambda batch: (release.wait(5), original(batch))  # a disk that hangs
    started = time.perf_counter()
    for _ in range(6):
        log.put(_batch(["a", "b"]))
    assert time.perf_counter() - started < 0.5
    assert ("queue_full", 2) in dropped and len(dropped) >= 3
    release.set()
    log.close()


def test_disk_errors_are_counted_never_raised(tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the log folder should be")
    dropped = []
    log = PredictionLog(blocked, on_dropped=lambda reason, n: dropped.append((reason, n)))
    log.put(_batch(["a", "b", "c"]))
    log.close()
    assert dropped == [("write_error", 3)]


def _answer(status: int, body: bytes):
    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": body})

    return app


def test_size_rejections_are_counted_per_route_and_nothing_else_is():
    import asyncio

    from service.rejections import SizeRejectionCounter

    async def ignore(message):
        pass

    def call(app, path):
        asyncio.run(SizeRejectionCounter(app)({"type": "http", "path": path}, None, ignore))

    name, labels = "stance_requests_rejected_total", {"route": "/classify_article", "reason": "size"}
    before = _value(name, **labels)
    call(_answer(400, b'{"error": "text: String should have at most 200000 chars"}'), "/classify_article")
    call(_answer(400, b'{"error": "model: Input should be transformer or baseline"}'), "/classify_article")
    call(_answer(200, b'{"note": "should have at most"}'), "/classify_article")
    call(_answer(400, b"should have at most"), "/model")
    assert _value(name, **labels) - before == 1
