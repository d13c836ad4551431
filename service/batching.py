"""BentoML's adaptive batching without its cost model: no deliberate wait, no guessed latency.

BentoML's dispatcher fits `duration = o_a * n + o_b` to recent batches and uses
the fit twice, and both go wrong here:

- Before it runs a batch it waits for more requests about as long as recent
  batches waited, counting time queued behind a busy model as "waited". After
  a burst of 64 concurrent requests a lone request was held hundreds of
  milliseconds too, and each such request fed the same average again: one
  32-quote request took 330 ms at p50 after a burst against 200 ms for the
  model alone (measured on a 2-core AMD EPYC with AVX-512 VNNI and BF16, no AMX).
- It refuses the oldest queued request (a 503) as soon as the fit *predicts*
  it would finish after `max_latency`. Fitted on a few dozen batches of one
  request (where the slope is a guess) and timed on a busy 2-core machine,
  the prediction can refuse requests that would be served in seconds: in a
  CI run one of 64 concurrent single-quote requests to the tiny test model
  got a 503, and these refusals are the only 503 that route can give
  (tests/test_runtime.py reproduces such a refusal with BentoML's fit).

On a CPU the queue that builds while the model is busy already gathers the
next batch, so the policy here keeps no cost model: a batch runs as soon as
the model is free, with every request queued by then, and a request is refused
only once it has really waited `max_latency` in the queue.

BentoML (1.4) offers no public way to do either: adaptive batching is configured
by `max_batch_size` and `max_latency_ms` alone, and the dispatcher (`CorkDispatcher`
and the `Optimizer` that holds its cost model) lives in `bentoml._internal.marshal.dispatcher`.
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
    """BentoML's batching optimizer with a cost model of zero: the dispatcher never waits on
    purpose, and its predicted latency for a queued request is the time it has already waited."""

    def __init__(self, max_latency: float) -> None:
        super().__init__(max_latency)
        self.o_a = self.o_b = 0.0  # seconds a request, seconds a batch; `wait` starts at 0

    def log_outbound(self, n: int, wait: float, duration: float) -> None:
        """Keep no history, so nothing is ever fitted over the zeros."""


def gather_batches_from_the_queue() -> None:
    """Make the dispatchers BentoML creates from now on in this process use `QueueGathersBatches`."""
    dispatcher.Optimizer = QueueGathersBatches


def merge_concurrent_calls(
    call: Callable[[list[str]], Awaitable[list[dict]]], max_batch_size: int, max_latency_ms: int
) -> Callable[[list[str]], Awaitable[list[dict]]]:
    """`call`, with the texts of concurrent callers sent to it together, by BentoML's dispatcher
    (with the policy above, once `gather_batches_from_the_queue` has run).

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
