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
"""

from bentoml._internal.marshal import dispatcher


class QueueGathersBatches(dispatcher.Optimizer):
    """BentoML's batch-cost model, with the deliberate wait kept at zero."""

    def log_outbound(self, n: int, wait: float, duration: float) -> None:
        super().log_outbound(n=n, wait=0.0, duration=duration)


def gather_batches_from_the_queue() -> None:
    """Make the dispatchers BentoML creates from now on in this process use `QueueGathersBatches`."""
    dispatcher.Optimizer = QueueGathersBatches
