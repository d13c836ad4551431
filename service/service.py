"""The stance HTTP service.

Two BentoML services: `StanceModels` holds the production models and exposes
batchable scoring methods, so BentoML's adaptive batching merges the quotes of
many concurrent requests into few forward passes; `Stance` is the public API
that validates requests, sends their quotes to `StanceModels` (the quotes of
concurrent requests in one call) and shapes answers.
"""

import asyncio
import logging
import os
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from typing import Annotated

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import aiohttp
import bentoml
from bentoml.models import BentoModel
from bentoml.validators import ContentType

from extraction import ClassifiedQuote, extract_quotes
from extraction.article import summarise_speakers
from model import store
from model.explain import Explanation, explain
from model.hardware import Runtime, choose_runtime
from model.labels import LABELS
from model.predictor import Predictor
from service import prediction_log, reload
from service.auth import BearerTokenMiddleware
from service.batching import gather_batches_from_the_queue, merge_concurrent_calls
from service.monitoring import observe
from service.rejections import SizeRejectionCounter
from service.schemas import (
    ArticleResponse,
    ArticleText,
    ClassifyResponse,
    ExplainText,
    ModelKind,
    ModelsResponse,
    QuoteResult,
    Quotes,
    ServedModel,
)
from service.ui import app as analyst_page

log = logging.getLogger("stance.service")
gather_batches_from_the_queue()
ADAPTIVE_BATCHING = os.environ.get("STANCE_ADAPTIVE_BATCHING", "1") != "0"
# max_latency_ms is a service-level promise: a quote queued longer behind a busy model gets a 503
# rather than a late answer (service/batching.py).
BATCHING = {"batchable": ADAPTIVE_BATCHING, "max_batch_size": 512, "max_latency_ms": 60_000}
# Without a declared media type BentoML derives one from the JSON schema of a list
# output, rebuilding that schema for every response: a sixth of the model worker's
# event loop under load (py-spy). Declaring it skips that.
JsonList = Annotated[list[dict], ContentType("application/json")]


def _production(kind: str) -> BentoModel:
    """The production model of a kind; fails the start-up with a clear message if there is none."""
    try:
        return BentoModel(store.resolve_tag(kind))
    except store.NoModelError as error:
        raise SystemExit(f"stance service cannot start: {error}") from None


# BentoML's client to a dependency closes its connection pool every `max_requests`
# calls (default 100) or `max_age` seconds, breaking calls still in flight on it;
# under 64 concurrent requests that turns into 500s. Recycle it far less often.
RUNNER_CONNECTION = {"max_requests": 2**31 - 1, "max_age": 86_400.0}


@bentoml.service(
    name="stance-models",
    workers=1,
    traffic={"timeout": 120},
    runner_connection=RUNNER_CONNECTION,
    logging={"access": {"enabled": False}},  # internal hops; the public `stance` service logs each request
)
class StanceModels:
    """Loads each production model once per worker and scores lists of texts."""

    transformer_model = _production("transformer")
    baseline_model = _production("baseline")

    def __init__(self) -> None:
        runtime = choose_runtime()
        # Torch keeps a pool of intra-op threads for each thread that calls it, and two
        # pools compete for the cores: loading on the main thread and predicting on
        # BentoML's worker threads made a single quote ~2x slower on 2 cores. So every
        # model call, from loading on, starts on this one thread (the predictor's
        # per-core workers each run on one thread, in torch or ONNX Runtime).
        self.model_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stance-model")
        self.predictors = self.model_thread.submit(self._load, runtime).result()
        runtime = self.predictors["transformer"].runtime  # what it runs (a model may not support the pick)
        self.description = {
            "transformer": self._describe(self.transformer_model, str(runtime)),
            "baseline": self._describe(self.baseline_model, "cpu/scikit-learn"),
        }
        log.info("serving %s on %s", self.transformer_model.tag, runtime)
        self.watcher = reload.watch(store.pointer_file(), self._reload)  # hot reload: service/reload.py

    def _reload(self) -> None:
        """Load each kind whose production tag moved; the swap happens on the model thread."""
        for kind in ("transformer", "baseline"):
            tag = store.resolve_tag(kind)
            if tag != self.description[kind]["tag"]:
                self.model_thread.submit(self._swap, kind, tag).result()

    def _swap(self, kind: str, tag: str) -> None:
        """On the model thread, so no batch runs meanwhile: queued ones finish on the new model."""
        started = time.perf_counter()
        predictor = store.load(tag, runtime=choose_runtime() if kind == "transformer" else None)
        runtime = str(predictor.runtime) if kind == "transformer" else "cpu/scikit-learn"
        self.description = {**self.description, kind: self._describe(bentoml.models.get(tag), runtime)}
        self.predictors = {**self.predictors, kind: predictor}
        log.warning("now serving %s (pointer moved; loaded in %.1f s)", tag, time.perf_counter() - started)

    def _load(self, runtime: Runtime) -> dict[str, Predictor]:
        return {
            "transformer": store.load(str(self.transformer_model.tag), runtime=runtime),
            "baseline": store.load(str(self.baseline_model.tag)),
        }

    def _describe(self, stored, runtime: str) -> dict:
        metadata = stored.info.metadata
        return ServedModel(
            tag=str(stored.tag),
            kind=metadata["kind"],
            runtime=runtime,
            labels=list(LABELS),
            thresholds=dict(zip(LABELS, metadata["thresholds"], strict=True)),
            test_metrics=dict(metadata.get("test_metrics", {})),
        ).model_dump()

    async def _on_model_thread(self, function, *args):
        return await asyncio.get_running_loop().run_in_executor(self.model_thread, function, *args)

    def _predict(self, kind: str, texts: list[str]) -> list[dict]:
        predictor = self.predictors[kind]  # each answer names the model that made it (hot reload)
        return [{**asdict(prediction), "model": predictor.tag} for prediction in predictor.predict(texts)]

    @bentoml.api(**BATCHING)
    async def transformer_predict(self, texts: list[str]) -> JsonList:
        """Labels and scores for each text from the transformer."""
        return await self._on_model_thread(self._predict, "transformer", texts)

    @bentoml.api(**BATCHING)
    async def baseline_predict(self, texts: list[str]) -> JsonList:
        """Labels and scores for each text from the baseline."""
        return await self._on_model_thread(self._predict, "baseline", texts)

    @bentoml.api
    async def explain(self, text: str, kind: str) -> dict:
        """Word-occlusion explanation of one text (one batched forward pass)."""
        explanation = await self._on_model_thread(explain, self.predictors[kind], text)
        return explanation.model_dump()

    @bentoml.api
    def describe(self) -> dict:
        """Tags, label order, thresholds and test metrics of the served models."""
        return self.description


async def retry_dropped_connection(call, *args, **kwargs):
    """Await `call`, once more if the model worker dropped the connection under it.

    The model worker closes idle keep-alive connections; a call that reuses one just
    as it closes fails with "connection reset" (seen about once in 8,000 requests
    under load). Every call to the model worker is idempotent, so one retry is safe.
    """
    try:
        return await call(*args, **kwargs)
    except aiohttp.ClientConnectionError as error:
        log.warning("retrying a call to the model worker after: %s", error)
        return await call(*args, **kwargs)


@bentoml.service(
    name="stance",
    workers=1,
    traffic={"timeout": 120},
    http={"cors": {"enabled": False}},
)
class Stance:
    """Public API: classify quotes with the production transformer (or the baseline)."""

    models = bentoml.depends(StanceModels)

    def __init__(self) -> None:
        self._predictors = {kind: self._model_call(kind) for kind in ("transformer", "baseline")}
        self.prediction_log = prediction_log.from_environment()  # STANCE_PREDICTION_LOG=DIR turns it on

    def _model_call(self, kind: str) -> Callable[[list[str]], Awaitable[list[dict]]]:
        """The call that scores texts with one model: merged across requests while batching is on."""

        async def predict(texts: list[str]) -> list[dict]:
            return await self._call_models(f"{kind}_predict", texts)

        if not ADAPTIVE_BATCHING:
            return predict
        return merge_concurrent_calls(predict, BATCHING["max_batch_size"], BATCHING["max_latency_ms"])

    async def _call_models(self, method: str, *args, **kwargs):
        """Every call to `StanceModels` goes through here, so each gets the one retry."""
        return await retry_dropped_connection(getattr(self.models.to_async, method), *args, **kwargs)

    async def _predict(self, kind: str, texts: list[str]) -> list[dict]:
        return await self._predictors[kind](texts)

    @bentoml.api(route="/classify")
    async def classify(self, quotes: Quotes, model: ModelKind = "transformer") -> ClassifyResponse:
        """Stances of 1 to 256 quotes, in order, with each label's probability."""
        started = time.perf_counter()
        texts = [quote.text for quote in quotes]
        predictions = await self._predict(model, texts)
        tag = predictions[0]["model"]
        observe(self.prediction_log, tag, texts, [quote.speaker for quote in quotes], predictions, started)
        return ClassifyResponse(
            model=tag,
            results=[
                QuoteResult(id=quote.id, speaker=quote.speaker, **prediction)
                for quote, prediction in zip(quotes, predictions, strict=True)
            ],
        )

    async def _tag(self, kind: str) -> str:
        return (await self._call_models("describe"))[kind]["tag"]  # not cached: a promotion changes it

    @bentoml.api(route="/classify_article")
    async def classify_article(self, text: ArticleText, model: ModelKind = "transformer") -> ArticleResponse:
        """Every quote of a news article with its speaker, offsets and stances, and a summary per speaker."""
        started = time.perf_counter()
        quotes = extract_quotes(text)
        texts = [quote.text for quote in quotes]
        predictions = await self._predict(model, texts) if quotes else []
        tag = predictions[0]["model"] if predictions else await self._tag(model)
        observe(self.prediction_log, tag, texts, [quote.speaker for quote in quotes], predictions, started)
        classified = [
            ClassifiedQuote(
                quote,
                prediction["labels"],
                prediction["scores"],
                prediction["language"],
                prediction["warning"],
            )
            for quote, prediction in zip(quotes, predictions, strict=True)
        ]
        return ArticleResponse(
            model=tag,
            quotes=[item.to_dict() for item in classified],
            speakers={name: summary.to_dict() for name, summary in summarise_speakers(classified).items()},
        )

    @bentoml.api(route="/explain")
    async def explain(self, text: ExplainText, model: ModelKind = "transformer") -> Explanation:
        """For each label, the words that pushed its probability up or down (word occlusion)."""
        if not text.strip():
            raise bentoml.exceptions.InvalidArgument("text: must contain at least one word")
        try:
            return Explanation(**await self._call_models("explain", text=text, kind=model))
        except bentoml.exceptions.BentoMLException as error:
            raise bentoml.exceptions.InvalidArgument(f"text: {error}") from None

    @bentoml.api(route="/model")
    async def model(self) -> ModelsResponse:
        """The served models' tags, label order, thresholds and test metrics."""
        return ModelsResponse(models=await self._call_models("describe"))


Stance.add_asgi_middleware(BearerTokenMiddleware, token=os.environ.get("STANCE_API_TOKEN"))
Stance.add_asgi_middleware(SizeRejectionCounter)  # counts 400s for size on /metrics
Stance.mount_asgi_app(analyst_page, path="/ui", name="ui")  # the analyst page, GET /ui
