"""Where and in which precision models run, and the batching policy the service installs."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
import torch

from model import hardware, store
from model.hardware import choose_runtime
from model.predictor import sorted_length_batches
from service.batching import QueueGathersBatches, merge_concurrent_calls

TEXTS = [
    "We are ready to sit down with Moscow tomorrow.",
    "Crimea will never be Russian, whatever they offer.",
    "Kyiv has no place in the alliance.",
]


def test_auto_precision_is_fp32_on_a_gpu():
    # bf16 ran 3-4x slower than fp32 for this model on an H200 (docs/benchmarks.md)
    assert choose_runtime(device="cuda").dtype == torch.float32


def _cpu(monkeypatch, *, vnni: bool, amx: bool, bf16: bool) -> None:
    monkeypatch.setattr(hardware, "cpu_has_fast_int8", lambda: vnni)
    monkeypatch.setattr(hardware, "cpu_has_amx", lambda: amx)
    monkeypatch.setattr(hardware, "cpu_has_fast_bf16", lambda: bf16 or amx)


@pytest.mark.parametrize(
    ("vnni", "amx", "bf16", "expected"),
    [
        (True, False, True, "cpu/int8 (openvino)"),  # this machine: static int8 about 1.8x bf16, same F1
        (True, False, False, "cpu/int8 (openvino)"),
        (True, True, True, "cpu/bfloat16"),  # AMX: torch's bf16 runs on the tiles
        (False, False, True, "cpu/bfloat16"),
        (False, False, False, "cpu/float32"),
    ],
)
def test_auto_precision_on_the_cpu_follows_its_instructions(monkeypatch, vnni, amx, bf16, expected):
    _cpu(monkeypatch, vnni=vnni, amx=amx, bf16=bf16)
    assert str(choose_runtime(device="cpu")) == expected


@pytest.mark.parametrize(
    ("backend", "expected"),
    [
        ("torch", "cpu/bfloat16"),
        ("onnxruntime", "cpu/int8 (onnxruntime)"),
        ("openvino", "cpu/int8 (openvino)"),
    ],
)
def test_auto_precision_stays_within_the_chosen_backend(monkeypatch, backend, expected):
    _cpu(monkeypatch, vnni=True, amx=False, bf16=True)
    assert str(choose_runtime(device="cpu", backend=backend)) == expected


def test_environment_overrides_the_hardware_choice(monkeypatch):
    monkeypatch.setenv("STANCE_DEVICE", "cpu")
    monkeypatch.setenv("STANCE_PRECISION", "bf16")
    assert str(choose_runtime()) == "cpu/bfloat16"


def test_unknown_precision_names_the_problem():
    with pytest.raises(ValueError, match="precision must be auto, fp32, bf16 or int8, not 'fp16'"):
        choose_runtime(device="cpu", precision="fp16")


@pytest.mark.parametrize(
    ("precision", "backend", "expected"),
    [
        ("int8", "auto", "cpu/int8 (openvino)"),
        ("int8", "openvino", "cpu/int8 (openvino)"),
        ("auto", "openvino", "cpu/int8 (openvino)"),  # even without VNNI: it is what openvino runs
        ("int8", "onnxruntime", "cpu/int8 (onnxruntime)"),
        ("fp32", "onnxruntime", "cpu/float32 (onnxruntime)"),
        ("auto", "onnxruntime", "cpu/float32 (onnxruntime)"),
        ("bf16", "auto", "cpu/bfloat16"),
    ],
)
def test_precision_and_backend_pick_the_engine(monkeypatch, precision, backend, expected):
    _cpu(monkeypatch, vnni=False, amx=False, bf16=True)
    assert str(choose_runtime("cpu", precision, backend)) == expected


@pytest.mark.parametrize(
    ("device", "precision", "backend", "message"),
    [
        ("cpu", "int8", "torch", "int8 runs in OpenVINO or ONNX Runtime"),
        ("cpu", "fp32", "openvino", "OpenVINO runs the static int8 graph only"),
        ("cpu", "bf16", "onnxruntime", "bf16 runs in torch"),
        ("cuda", "int8", "auto", "run on the CPU only"),
        ("cuda", "auto", "onnxruntime", "run on the CPU only"),
        ("cuda", "auto", "openvino", "run on the CPU only"),
        ("cpu", "auto", "tensorrt", "backend must be auto, torch, onnxruntime or openvino, not 'tensorrt'"),
    ],
)
def test_impossible_combinations_name_the_problem(device, precision, backend, message):
    with pytest.raises(ValueError, match=message):
        choose_runtime(device, precision, backend)


@pytest.mark.parametrize("forward_cost", [100, 0])
def test_batches_cover_every_quote_once_within_the_size(forward_cost):
    lengths = [5, 3, 5, 9, 3, 3, 5, 7, 3, 3]
    batches = sorted_length_batches(lengths, 3, forward_cost)
    assert sorted(i for batch in batches for i in batch) == list(range(len(lengths)))
    assert all(1 <= len(batch) <= 3 for batch in batches)
    firsts = [lengths[batch[0]] for batch in batches]
    assert firsts == sorted(firsts)  # shortest first


def test_sorted_length_batches_trade_padding_against_passes():
    # One pass per length would pay the pass cost four times; one batch would pad
    # sixteen 10-token quotes to 100. The cheapest cut separates the long group.
    lengths = [10, 11, 12, 13] * 4 + [100, 100]
    batches = sorted_length_batches(lengths, 64, forward_cost=100)
    assert [sorted({lengths[i] for i in batch}) for batch in batches] == [[10, 11, 12, 13], [100]]
    # A free pass makes every length its own batch; a costly one makes one batch.
    assert len(sorted_length_batches(lengths, 64, forward_cost=0)) == 5
    assert len(sorted_length_batches(lengths, 64, forward_cost=10_000)) == 1


def test_concurrent_calls_are_merged_into_one_and_answered_in_order():
    calls = []

    async def model(texts: list[str]) -> list[dict]:
        calls.append(list(texts))
        await asyncio.sleep(0.05)
        return [{"text": text} for text in texts]

    async def main():
        predict = merge_concurrent_calls(model, max_batch_size=512, max_latency_ms=60_000)
        await predict(["warm-up"])  # BentoML's dispatcher sends its first calls alone to time them
        requests = [[f"r{i}q{j}" for j in range(i % 3 + 1)] for i in range(20)]
        answers = await asyncio.gather(*(predict(texts) for texts in requests))
        return requests, answers

    requests, answers = asyncio.run(main())
    assert [[row["text"] for row in answer] for answer in answers] == requests
    assert len(calls) < 1 + len(requests) / 2  # most of the 20 requests shared a call


def test_free_passes_never_mix_lengths():
    lengths = [5, 3, 5, 9, 3, 3, 5, 7, 3, 3]
    batches = sorted_length_batches(lengths, 3, forward_cost=0)
    assert all(len({lengths[i] for i in batch}) == 1 for batch in batches)
    sizes = sorted((lengths[batch[0]], len(batch)) for batch in batches)
    assert sizes == [(3, 2), (3, 3), (5, 3), (7, 1), (9, 1)]


@pytest.mark.parametrize("backend", ["torch", "onnxruntime", "openvino"])
def test_scores_do_not_depend_on_the_batching(trained_models, backend):
    """int8 too: static scales are fixed and per-token ones are each token's own, so padding
    and batch-mates change nothing."""
    precision = "fp32" if backend == "torch" else "int8"
    runtime = choose_runtime(device="cpu", precision=precision, backend=backend)
    predictor = store.load("transformer", runtime=runtime)
    assert predictor.runtime == runtime
    texts = [f"{text}{' Really.' * k}" for k in range(7) for text in TEXTS]  # 21 lengths vary
    by_size = {}
    for size in (1, 16, 64):
        predictor.batch_size = size
        by_size[size] = predictor.predict_proba(texts)
    np.testing.assert_allclose(by_size[16], by_size[1], atol=1e-5)
    np.testing.assert_allclose(by_size[64], by_size[1], atol=1e-5)


def test_per_core_batches_leave_other_threads_all_cores(trained_models):
    threads = torch.get_num_threads()
    predictor = store.load("transformer", runtime=choose_runtime(device="cpu", precision="fp32"))
    predictor.batch_size = 1  # several batches, so the per-core workers run
    predictor.predict_proba(TEXTS)
    assert predictor._pool.submit(torch.get_num_threads).result() == 1
    started_later = ThreadPoolExecutor(1).submit(torch.get_num_threads).result()
    assert started_later == torch.get_num_threads() == threads


@pytest.mark.parametrize("backend", ["onnxruntime", "openvino"])
def test_int8_predictors_stay_close_to_fp32(trained_models, backend):
    fp32 = store.load("transformer", runtime=choose_runtime(device="cpu", precision="fp32"))
    int8 = store.load("transformer", runtime=choose_runtime(device="cpu", precision="int8", backend=backend))
    assert str(int8.runtime) == f"cpu/int8 ({backend})"
    expected, actual = fp32.predict_proba(TEXTS), int8.predict_proba(TEXTS)
    assert actual.dtype == np.float32 and actual.shape == expected.shape
    np.testing.assert_allclose(actual, expected, atol=0.05)


def test_bf16_predictor_runs_bf16_weights_close_to_fp32(trained_models):
    fp32 = store.load("transformer", runtime=choose_runtime(device="cpu", precision="fp32"))
    bf16 = store.load("transformer", runtime=choose_runtime(device="cpu", precision="bf16"))
    assert {p.dtype for p in bf16.network.parameters()} == {torch.bfloat16}
    expected, actual = fp32.predict_proba(TEXTS), bf16.predict_proba(TEXTS)
    assert actual.dtype == np.float32 and actual.shape == expected.shape
    np.testing.assert_allclose(actual, expected, atol=0.03)


def test_batching_policy_never_waits_on_purpose():
    """Queued time after a burst must not turn into deliberate waiting for later requests."""
    optimizer = QueueGathersBatches(max_latency=60.0)
    for _ in range(20):  # a burst: every batch queued for half a second behind the model
        optimizer.log_outbound(n=64, wait=0.5, duration=0.2)
    optimizer.trigger_refresh()
    assert optimizer.wait == 0.0


def test_the_service_installs_the_batching_policy(trained_models):
    from bentoml._internal.marshal import dispatcher

    import service.service  # noqa: F401  (installs the policy on import)

    assert dispatcher.Optimizer is QueueGathersBatches


def test_a_dropped_connection_to_the_model_worker_is_retried_once(trained_models):
    import asyncio

    import aiohttp

    from service.service import retry_dropped_connection

    calls = []

    async def flaky(texts):
        calls.append(texts)
        if len(calls) == 1:
            raise aiohttp.ClientOSError(104, "Connection reset by peer")
        return ["scored"]

    async def always_dropped():
        raise aiohttp.ServerDisconnectedError()

    assert asyncio.run(retry_dropped_connection(flaky, ["a quote"])) == ["scored"]
    assert calls == [["a quote"], ["a quote"]]
    with pytest.raises(aiohttp.ServerDisconnectedError):
        asyncio.run(retry_dropped_connection(always_dropped))
