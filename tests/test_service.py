"""The real service in a subprocess, on a free port, with the tiny trained models.

Checks answers against the predictor called directly, every bad-input case,
auth on and off, and 64 concurrent requests.
"""

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import bentoml
import httpx
import psutil
import pytest

from bench.background import free_port
from model import store
from model.labels import LABELS

PROJECT_ROOT = Path(__file__).resolve().parent.parent
QUOTES = [
    {"text": "We are ready to sit down with Moscow tomorrow.", "speaker": "A", "id": 1},
    {"text": "Crimea will never be Russian, whatever they offer.", "id": "q-2"},
    {"text": "Kyiv has no place in the alliance; neutrality is the only way."},
    {"text": "The weather in Kyiv was cold on Tuesday.", "speaker": "B"},
]
TOKEN = "s3cret-token"
pytestmark = pytest.mark.slow  # every test here starts the real service


@pytest.fixture(scope="module")
def service_url(start_service):
    with start_service() as url:
        yield url


def _expected(kind: str, texts: list[str]):
    return store.load(kind).predict(texts)


@pytest.mark.parametrize("kind", ["transformer", "baseline"])
def test_answers_equal_the_predictor_called_directly(service_url, trained_models, kind):
    with bentoml.SyncHTTPClient(service_url) as client:
        answer = client.classify(quotes=QUOTES, model=kind)
    assert answer["model"] == trained_models[kind]
    expected = _expected(kind, [q["text"] for q in QUOTES])
    assert len(answer["results"]) == len(QUOTES)
    for quote, result, want in zip(QUOTES, answer["results"], expected, strict=True):
        assert result["id"] == quote.get("id")
        assert result["speaker"] == quote.get("speaker")
        assert result["labels"] == want.labels
        assert list(result["scores"]) == list(LABELS)
        for label in LABELS:
            assert result["scores"][label] == pytest.approx(want.scores[label], abs=2e-3)


def test_model_defaults_to_transformer_and_model_route_describes_both(service_url, trained_models):
    answer = httpx.post(f"{service_url}/classify", json={"quotes": QUOTES[:1]}).json()
    assert answer["model"] == trained_models["transformer"]
    described = httpx.post(f"{service_url}/model", json={}).json()["models"]
    assert described["transformer"]["tag"] == trained_models["transformer"]
    assert described["baseline"]["labels"] == list(LABELS)
    assert set(described["transformer"]["thresholds"]) == set(LABELS)
    assert "macro_f1" in described["transformer"]["test_metrics"]


def test_a_quote_in_another_language_is_refused_with_a_warning_and_counted(service_url):
    quotes = [QUOTES[0], {"text": "Мы никогда не признаем Крым украинским.", "id": "ru"}]
    first, russian = httpx.post(f"{service_url}/classify", json={"quotes": quotes}).json()["results"]
    assert first["language"] == "en" and first["warning"] is None and first["labels"]
    assert russian["language"] == "ru" and russian["labels"] == [] and russian["scores"] == {}
    assert "not English" in russian["warning"]
    metrics = httpx.get(f"{service_url}/metrics").text
    assert 'reason="language"' in metrics


def test_health_and_metrics(service_url):
    assert httpx.get(f"{service_url}/readyz").status_code == 200
    assert httpx.get(f"{service_url}/livez").status_code == 200
    metrics = httpx.get(f"{service_url}/metrics")
    assert metrics.status_code == 200
    assert "bentoml_" in metrics.text


BAD_BODIES = [
    (b'{"quotes": [', "json"),
    (json.dumps({"quotes": "not a list"}).encode(), "quotes"),
    (json.dumps({"quotes": [{"text": 42}]}).encode(), "text"),
    (json.dumps({"quotes": []}).encode(), "quotes"),
    (json.dumps({"quotes": [{"text": "a"}] * 257}).encode(), "quotes"),
    (json.dumps({"quotes": [{"text": ""}]}).encode(), "text"),
    (json.dumps({"quotes": [{"text": "   "}]}).encode(), "text"),
    (json.dumps({"quotes": [{"text": "x" * 5001}]}).encode(), "text"),
    (json.dumps({"quotes": [{"text": "ok"}], "model": "gpt"}).encode(), "model"),
    (json.dumps({"quotes": [{"txt": "ok"}]}).encode(), "text"),
    ('{"quotes": [{"text": "caf\u00e9"}]}'.encode("latin-1"), "invalid unicode"),
]


@pytest.mark.parametrize(("body", "names"), BAD_BODIES)
def test_bad_input_gets_a_4xx_naming_the_problem_and_the_server_stays_up(service_url, body, names):
    response = httpx.post(
        f"{service_url}/classify", content=body, headers={"content-type": "application/json"}
    )
    assert 400 <= response.status_code < 500, response.text
    assert names.lower() in response.text.lower()
    assert httpx.get(f"{service_url}/readyz").status_code == 200
    ok = httpx.post(f"{service_url}/classify", json={"quotes": QUOTES[:1]})
    assert ok.status_code == 200


def test_64_concurrent_requests_match_sequential_answers(service_url):
    texts = [f"{QUOTES[i % 4]['text']} ({i})" for i in range(64)]

    def ask(text: str) -> dict:
        response = httpx.post(f"{service_url}/classify", json={"quotes": [{"text": text}]}, timeout=120)
        response.raise_for_status()
        return response.json()["results"][0]

    sequential = [ask(text) for text in texts]
    with ThreadPoolExecutor(64) as pool:
        concurrent = list(pool.map(ask, texts))
    for one, other in zip(sequential, concurrent, strict=True):
        assert one["labels"] == other["labels"]
        for label in LABELS:
            assert one["scores"][label] == pytest.approx(other["scores"][label], abs=2e-3)


def test_bearer_token_guards_every_route_but_health_and_the_page(start_service):
    with start_service(STANCE_API_TOKEN=TOKEN) as url:
        body = {"quotes": QUOTES[:1]}
        assert httpx.post(f"{url}/classify", json=body).status_code == 401
        wrong = {"Authorization": "Bearer nope"}
        assert httpx.post(f"{url}/classify", json=body, headers=wrong).status_code == 401
        assert httpx.post(f"{url}/model", json={}).status_code == 401
        assert httpx.get(f"{url}/metrics").status_code == 401
        assert httpx.get(f"{url}/readyz").status_code == 200
        assert httpx.get(f"{url}/livez").status_code == 200
        assert httpx.get(f"{url}/ui/").status_code == 200  # the page loads, then asks for the token
        assert httpx.get(f"{url}/ui/app.js").status_code == 200
        assert httpx.post(f"{url}/ui/", json=body).status_code == 401  # reading the page only
        right = {"Authorization": f"Bearer {TOKEN}"}
        assert httpx.post(f"{url}/classify", json=body, headers=right).status_code == 200


def test_service_refuses_to_start_without_a_trained_model(tmp_path):
    environment = {**os.environ, "BENTOML_HOME": str(tmp_path / "empty-store")}
    result = subprocess.run(
        [sys.executable, "-m", "bentoml", "serve", ".", "--port", str(free_port())],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "stance train" in result.stdout + result.stderr


SAMPLE_ARTICLE = PROJECT_ROOT / "data" / "articles" / "01_zelensky_trump_independent.txt"


def test_classify_article_returns_quotes_speakers_offsets_and_stances(service_url, trained_models):
    article = SAMPLE_ARTICLE.read_text(encoding="utf-8")
    response = httpx.post(f"{service_url}/classify_article", json={"text": article}, timeout=60)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["model"] == trained_models["transformer"]
    assert len(answer["quotes"]) >= 8
    for quote in answer["quotes"]:
        assert article[quote["start"] : quote["end"]] == quote["text"]
        assert set(quote["scores"]) == set(LABELS)
    assert "Volodymyr Zelensky" in answer["speakers"]
    zelensky = answer["speakers"]["Volodymyr Zelensky"]
    assert zelensky["quotes"] == sum(q["speaker"] == "Volodymyr Zelensky" for q in answer["quotes"])
    assert set(zelensky["stances"]) == set(LABELS)


def test_classify_article_rejects_an_oversized_article(service_url):
    response = httpx.post(f"{service_url}/classify_article", json={"text": "x" * 200_001})
    assert response.status_code == 400
    assert "text" in response.text


def test_explain_ranks_words_per_label(service_url):
    text = "We will never give up Crimea, but we are ready to talk."
    response = httpx.post(f"{service_url}/explain", json={"text": text}, timeout=60)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert set(answer["contributions"]) == set(LABELS)
    for words in answer["contributions"].values():
        assert {w["word"] for w in words} <= set(text.replace(",", "").replace(".", "").split())
        magnitudes = [abs(w["contribution"]) for w in words]
        assert magnitudes == sorted(magnitudes, reverse=True)
    assert httpx.post(f"{service_url}/explain", json={"text": ""}).status_code == 400


def test_stopping_the_service_leaves_no_worker_behind(start_service):
    before = {p.pid for p in psutil.Process().children(recursive=True)}  # other fixtures' servers, Spark
    with start_service():
        started = [p for p in psutil.Process().children(recursive=True) if p.pid not in before]
        assert any("_bentoml_impl.worker" in " ".join(p.cmdline()) for p in started)
    survivors = [p for p in started if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert [(p.pid, p.cmdline()) for p in survivors] == []
