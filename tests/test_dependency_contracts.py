"""What the project relies on in its dependencies where they offer no public API.

Each test names the module that holds the workaround; when one fails after an
upgrade, that module is the one to revisit, not the test.
"""

import asyncio
import inspect
import os
from pathlib import Path

import bentoml


def test_bentoml_dispatcher_internals_that_service_batching_relies_on():
    """service/batching.py subclasses BentoML's batching `Optimizer` and builds a `CorkDispatcher`."""
    from bentoml._internal.marshal import dispatcher

    assert inspect.isclass(dispatcher.Optimizer) and inspect.isclass(dispatcher.CorkDispatcher)
    assert list(inspect.signature(dispatcher.Optimizer.log_outbound).parameters) == [
        "self",
        "n",
        "wait",
        "duration",
    ]
    optimizer = dispatcher.Optimizer(max_latency=1.0)
    optimizer.trigger_refresh()
    assert optimizer.wait == 0
    assert {"o_a", "o_b", "wait"} <= set(vars(optimizer))  # the cost model the policy sets to zero
    parameters = inspect.signature(dispatcher.CorkDispatcher.__init__).parameters
    assert {"max_latency_in_ms", "max_batch_size", "fallback", "get_batch_size"} <= set(parameters)


def test_a_cork_dispatcher_takes_the_optimizer_installed_in_the_module(monkeypatch):
    """`gather_batches_from_the_queue` swaps the module's `Optimizer`; dispatchers must look it up there."""
    from bentoml._internal.marshal import dispatcher

    from service.batching import QueueGathersBatches, gather_batches_from_the_queue, merge_concurrent_calls

    monkeypatch.setattr(dispatcher, "Optimizer", dispatcher.Optimizer)  # restored after the test
    gather_batches_from_the_queue()
    created = dispatcher.CorkDispatcher(10, 4, fallback=lambda: None, get_batch_size=len)
    assert isinstance(created.optimizer, QueueGathersBatches)

    async def echo(texts: list[str]) -> list[dict]:
        return [{"text": text} for text in texts]

    merged = merge_concurrent_calls(echo, max_batch_size=8, max_latency_ms=10_000)
    assert asyncio.run(merged(["a", "b"])) == [{"text": "a"}, {"text": "b"}]


def test_the_store_home_is_where_bentoml_keeps_models(trained_models):
    """model/store.py reads `BENTOML_HOME` (BentoML's documented setting) instead of BentoML's container."""
    from model import store

    assert store.bentoml_home() == Path(os.environ["BENTOML_HOME"])
    stored = Path(bentoml.models.get(trained_models["transformer"]).path)
    assert stored.is_relative_to(store.bentoml_home())
