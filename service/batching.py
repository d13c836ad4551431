"""BentoML's adaptive batching without its slow recovery after a burst.

Before it runs a batch, BentoML's dispatcher waits for more requests about as
long as recent batches waited. It counts as "waited" the time a request spent
queued behind the model while the model was busy, so after a burst of 64
concurrent requests the average wait is hundreds of milliseconds, and a lone
request afterwards is held that long too; each such request feeds the same
average again, so it takes thousands of requests to recover. Measured here:
one 32-quote request took 330 ms at p50 after a burst against 200 ms for the
model alone.

On a CPU the queue that builds while the model is busy already gathers the
next batch, so the dispatcher here records no deliberate wait: a batch runs as
soon as the model is free, with every request queued by then.

BentoML (1.4) offers no public way to do either: adaptive batching is configured
by `max_batch_size` and `max_latency_ms` alone, and the dispatcher (`CorkDispatcher`
and the `Optimizer` that decides its wait) lives in `bentoml._internal.marshal.dispatcher`.
This module is the only one in the project that touches BentoML internals;
pyproject.toml keeps bentoml below 1.5, and tests/test_dependency_contracts.py
fails as soon as the names, signatures or behaviour relied on here change.
"""

from collections.abc import Awaitable, Callable, Sequence
from itertools import accumulate
from typing import NoReturn

from bentoml._internal.marshal import dispatcher
from bentoml._internal.marshal.dispatcher import CorkDispatcher
from bentoml.exceptions import ServiceUnavailable


class QueueGathersBatches(dispatcher.Optimizer):
    """BentoML's batch-cost model, with the deliberate wait kept at zero."""

    def log_outbound(self, n: int, wait: float, duration: float) -> None:
        super().log_outbound(n=n, wait=0.0, duration=duration)


def gather_batches_from_the_queue() -> None:
    """Make the dispatchers BentoML creates from now on in this process use `QueueGathersBatches`."""
    dispatcher.Optimizer = QueueGathersBatches


def merge_concurrent_calls(
    call: Callable[[list[str]], Awaitable[list[dict]]], max_batch_size: int, max_latency_ms: int
) -> Callable[[list[str]], Awaitable[list[dict]]]:
    """`call`, with the texts of concurrent callers sent to it together, by BentoML's dispatcher
    (with the zero-wait policy above, once `gather_batches_from_the_queue` has run).

    The API worker uses this for its calls to the model worker. Without it, each
    request is its own HTTP call to the model worker, and at 64 concurrent
    single-quote requests parsing, validating and answering those calls kept the
    model worker's event loop busy more of the time than the model ran (py-spy).
    Merged, a burst of requests costs one call; the model worker's own adaptive
    batching still merges calls from several API workers.
    """

    def overloaded() -> NoReturn:
        raise ServiceUnavailable("the model worker is overloaded: try again later")

    dispatcher = CorkDispatcher(
        max_latency_in_ms=max_latency_ms,
        max_batch_size=max_batch_size,
        fallback=overloaded,
        get_batch_size=len,
    )

    async def call_once(requests: Sequence[list[str]]) -> list[list[dict]]:
        predictions = await call([text for texts in requests for text in texts])
        ends = list(accumulate(len(texts) for texts in requests))
        return [predictions[end - len(texts) : end] for texts, end in zip(requests, ends, strict=True)]

    return dispatcher(call_once)
