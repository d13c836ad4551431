"""Where and in which precision models run, and the batching policy the service installs."""

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
import torch

from model import hardware, store
from model.cpu_features import CpuFeatures, parse_cpuinfo
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
    flags = {"avx2"} | ({"avx512f", "avx512_vnni"} if vnni else set()) | ({"avx512_bf16"} if bf16 else set())
    flags |= {"amx_tile", "amx_int8", "amx_bf16"} if amx else set()
    monkeypatch.setattr(hardware, "cpu_features", lambda: CpuFeatures("a CPU", frozenset(flags)))


@pytest.mark.parametrize(
    ("vnni", "amx", "bf16", "expected"),
    [
        # int8 changed 1.1-1.5% of labels on AVX-512 VNNI (docs/benchmarks.md), so it is gone
        (True, False, True, "cpu/bfloat16"),
        (True, False, False, "cpu/float32 (onnxruntime)"),
        (True, True, True, "cpu/bfloat16"),  # AMX: torch's bf16 runs on the tiles
        (False, False, True, "cpu/bfloat16"),
        (False, False, False, "cpu/float32 (onnxruntime)"),  # AVX2 only: fp32, faster in ONNX Runtime
    ],
)
def test_auto_precision_on_the_cpu_follows_its_instructions(monkeypatch, vnni, amx, bf16, expected):
    _cpu(monkeypatch, vnni=vnni, amx=amx, bf16=bf16)
    assert str(choose_runtime(device="cpu")) == expected


@pytest.mark.parametrize(
    ("backend", "expected"),
    [
        ("torch", "cpu/bfloat16"),
        ("onnxruntime", "cpu/float32 (onnxruntime)"),
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
    with pytest.raises(ValueError, match="precision must be auto, fp32 or bf16, not 'int8'"):
        choose_runtime(device="cpu", precision="int8")


@pytest.mark.parametrize(
    ("precision", "backend", "expected"),
    [
        ("fp32", "auto", "cpu/float32"),  # fp32 asked for by name: torch, the reference
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
        ("cpu", "bf16", "onnxruntime", "bf16 runs in torch"),
        ("cuda", "auto", "onnxruntime", "runs on the CPU only"),
        ("cpu", "auto", "openvino", "backend must be auto, torch or onnxruntime, not 'openvino'"),
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


@pytest.mark.parametrize("backend", ["torch", "onnxruntime"])
def test_scores_do_not_depend_on_the_batching(trained_models, backend):
    """Padding and batch-mates change nothing, in either engine."""
    runtime = choose_runtime(device="cpu", precision="fp32", backend=backend)
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


def test_the_onnx_graph_stored_at_training_gives_torchs_scores(trained_models):
    fp32 = store.load("transformer", runtime=choose_runtime(device="cpu", precision="fp32"))
    graph = store.load("transformer", runtime=choose_runtime(device="cpu", backend="onnxruntime"))
    assert str(graph.runtime) == "cpu/float32 (onnxruntime)"
    expected, actual = fp32.predict_proba(TEXTS), graph.predict_proba(TEXTS)
    assert actual.dtype == np.float32 and actual.shape == expected.shape
    np.testing.assert_allclose(actual, expected, atol=1e-5)


def test_a_model_without_its_graph_runs_in_torch_and_says_how_to_add_it(trained_models, tmp_path, caplog):
    import shutil

    import bentoml

    from model.artifact import load_predictor
    from model.onnx import GRAPH_FILE, MissingGraphError, to_onnx_runtime

    older = tmp_path / "older"
    shutil.copytree(bentoml.models.get(trained_models["transformer"]).path, older)
    (older / GRAPH_FILE).unlink()
    predictor = load_predictor(older, runtime=choose_runtime(device="cpu", backend="onnxruntime"))
    assert str(predictor.runtime) == "cpu/float32"
    assert "stance models prepare" in caplog.text
    with pytest.raises(MissingGraphError, match="stance models prepare"):
        to_onnx_runtime(older)


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


def test_a_burst_is_served_whole_and_only_requests_that_waited_too_long_are_refused(monkeypatch):
    """BentoML's own policy refused part of such a burst on a predicted latency; this one refuses
    a request only after it has really waited `max_latency_ms` behind a busy model."""
    from bentoml._internal.marshal import dispatcher
    from bentoml.exceptions import ServiceUnavailable

    monkeypatch.setattr(dispatcher, "Optimizer", QueueGathersBatches)  # as the service installs it
    max_latency_s = 1.0
    batch_sizes: list[int] = []

    async def score(texts: list[str]) -> list[dict]:  # 40 ms a text; a call with "stall" hangs 2 s
        batch_sizes.append(len(texts))
        await asyncio.sleep(0.04 * len(texts) + (2 * max_latency_s if "stall" in texts else 0))
        return [{"text": text} for text in texts]

    async def burst_then_stall():
        merged = merge_concurrent_calls(score, max_batch_size=512, max_latency_ms=int(1000 * max_latency_s))
        for i in range(12):  # past the dispatcher's warm-up phases
            await merged([f"warm-up {i}"])
        burst = await asyncio.gather(*(merged([f"quote {i}"]) for i in range(64)), return_exceptions=True)
        stalled = asyncio.ensure_future(merged(["stall"]))
        await asyncio.sleep(0.05)
        behind = await asyncio.gather(merged(["late 1"]), merged(["late 2"]), return_exceptions=True)
        await stalled
        return burst, behind

    burst, behind = asyncio.run(burst_then_stall())
    assert burst == [[{"text": f"quote {i}"}] for i in range(64)]
    assert max(batch_sizes) > 1  # the burst was merged, not run one by one
    assert all(isinstance(answer, ServiceUnavailable) for answer in behind), behind
    assert "overloaded" in str(behind[0])


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


@pytest.mark.parametrize(
    ("flags", "expected_class", "expected_runtime"),
    [
        ("fpu sse2 avx avx2 fma", "avx2", "cpu/float32 (onnxruntime)"),
        ("avx2 avx512f avx512_vnni avx512_bf16", "avx512-vnni", "cpu/bfloat16"),
        ("avx2 avx512f avx512_vnni", "avx512-vnni", "cpu/float32 (onnxruntime)"),
        ("avx2 avx512f avx512_vnni avx512_bf16 amx_tile amx_bf16 amx_int8", "amx", "cpu/bfloat16"),
        ("sse2", "other", "cpu/float32 (onnxruntime)"),
    ],
)
def test_cpu_class_and_default_runtime_come_from_the_kernels_flags(
    monkeypatch, flags, expected_class, expected_runtime
):
    features = parse_cpuinfo(f"processor\t: 0\nmodel name\t: Some CPU\nflags\t\t: {flags}\n")
    monkeypatch.setattr(hardware, "cpu_features", lambda: features)
    assert hardware.cpu_class() == expected_class
    assert str(choose_runtime(device="cpu")) == expected_runtime


def test_this_machines_default_is_what_its_class_should_run():
    """Whatever CPU runs the tests, `auto` gives its class's row of docs/benchmarks.md."""
    expected = "cpu/bfloat16" if hardware.cpu_has_fast_bf16() else "cpu/float32 (onnxruntime)"
    assert str(choose_runtime(device="cpu", precision="auto", backend="auto")) == expected


def test_prepare_adds_the_graph_to_a_stored_model_once(trained_models):
    import bentoml

    from model.onnx import GRAPH_FILE

    graph = Path(bentoml.models.get(trained_models["transformer"]).path) / GRAPH_FILE
    before = graph.read_bytes()
    graph.unlink()
    try:
        assert store.prepare("transformer") == graph and graph.exists()
        written = graph.stat().st_mtime_ns
        assert store.prepare("transformer") == graph and graph.stat().st_mtime_ns == written  # no rebuild
    finally:
        graph.write_bytes(before)
    with pytest.raises(ValueError, match="only transformer models"):
        store.prepare("baseline")
