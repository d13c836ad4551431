"""Load benchmark of the HTTP service: latency and throughput, with and without adaptive batching.

Starts the real service (production models from the BentoML store) once with
adaptive batching and once without, then for both models, single-quote and
32-quote requests, and concurrency 1, 8 and 64, sends a bounded number of
requests from an async client on loopback. Writes the table into
docs/benchmarks.md.

    python -m bench.service_load            # full run, about 8 minutes
    python -m bench.service_load --quick    # fewer requests per cell
    python -m bench.service_load --models transformer   # one model: printed, not written
"""

import argparse
import asyncio
import contextlib
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

import aiohttp

from bench.background import background_service
from bench.markdown import write_section
from training.data import load_splits

CONCURRENCY = (1, 8, 64)
QUOTES_PER_REQUEST = (1, 32)
MODELS = ("transformer", "baseline")
WARM_UP_REQUESTS = 20


def server_log(batching: bool) -> Path:
    """Where the server's log of a run goes, kept for a look at any failed request."""
    return Path(tempfile.gettempdir()) / f"stance-bench-server-batching-{'on' if batching else 'off'}.log"


def service(port: int, batching: bool):
    """`bentoml serve` with adaptive batching on or off, until the block ends."""
    environment = {"STANCE_ADAPTIVE_BATCHING": "1" if batching else "0"}
    return background_service(port, env=environment, log_path=server_log(batching))


async def run_cell(
    url: str,
    texts: list[str],
    model: str,
    size: int,
    concurrency: int,
    requests: int,
    seconds: float,
) -> dict:
    """Send up to `requests` requests (or stop after `seconds`) at fixed concurrency; return stats.

    The client is aiohttp: it shares the 2 cores with the service, and httpx's async
    client spent about 4 ms more per request there, which the table would charge to
    the service.
    """
    latencies: list[float] = []
    errors = 0
    bodies = [
        {"quotes": [{"text": texts[(i * size + j) % len(texts)]} for j in range(size)], "model": model}
        for i in range(requests)
    ]
    connector = aiohttp.TCPConnector(limit=concurrency)
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(url, connector=connector, timeout=timeout) as session:

        async def classify(body: dict) -> None:
            async with session.post("/classify", json=body) as response:
                response.raise_for_status()
                await response.read()

        for body in bodies[:WARM_UP_REQUESTS]:  # BentoML's dispatcher calibrates on its first calls
            with contextlib.suppress(aiohttp.ClientResponseError):
                await classify(body)
        started = time.perf_counter()
        stop = started + seconds
        queue = iter(bodies)

        async def worker() -> None:
            nonlocal errors
            for body in queue:
                if time.perf_counter() > stop:
                    return
                sent = time.perf_counter()
                try:
                    await classify(body)
                except aiohttp.ClientResponseError:  # counted, and left out of the latencies
                    errors += 1
                    continue
                latencies.append(time.perf_counter() - sent)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "errors": errors,
        "p50_ms": 1000 * statistics.median(ordered),
        "p99_ms": 1000 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))],
        "quotes_per_s": len(ordered) * size / elapsed,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer requests per cell")
    parser.add_argument("--port", type=int, default=3311)
    parser.add_argument(
        "--models", default=",".join(MODELS), help="comma-separated; the table is written only for all"
    )
    args = parser.parse_args()
    # A cell ends after `requests` requests or `seconds`, whichever comes first: 400 requests
    # at concurrency 64 lasted about a second, too short to be stable (2.1-2.4x between runs).
    requests, seconds = (300, 4.0) if args.quick else (4000, 15.0)
    models = args.models.split(",")
    if unknown := set(models) - set(MODELS):
        parser.error(f"--models: unknown {sorted(unknown)}; choose from {', '.join(MODELS)}")
    texts = load_splits()["test"]["text"]
    rows = []
    for batching in (True, False):
        with service(args.port, batching) as url:
            for model in models:
                for size in QUOTES_PER_REQUEST:
                    for concurrency in CONCURRENCY:
                        cell = asyncio.run(run_cell(url, texts, model, size, concurrency, requests, seconds))
                        rows.append(
                            {
                                "batching": batching,
                                "model": model,
                                "size": size,
                                "concurrency": concurrency,
                                **cell,
                            }
                        )
                        print(rows[-1], flush=True)
    lines = [
        "## Service load",
        "",
        f"`python -m bench.service_load{' --quick' if args.quick else ''}` on {platform.machine()}, "
        f"{os.cpu_count()} CPU cores; test-split quotes; one API worker and one model worker.",
        "",
        "| batching | model | quotes/req | concurrency | requests | errors | p50 ms | p99 ms | quotes/s |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {'on' if r['batching'] else 'off'} | {r['model']} | {r['size']} | {r['concurrency']} | "
        f"{r['requests']} | {r['errors']} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['quotes_per_s']:.0f} |"
        for r in rows
    ]
    speedups = []
    for model in models:
        on, off = (
            next(
                r
                for r in rows
                if r["batching"] is b and r["model"] == model and r["size"] == 1 and r["concurrency"] == 64
            )
            for b in (True, False)
        )
        speedups.append(f"{model}: {on['quotes_per_s'] / off['quotes_per_s']:.1f}x")
    lines += [
        "",
        "Adaptive batching speed-up, single-quote requests at concurrency 64: " + ", ".join(speedups) + ".",
    ]
    if set(models) == set(MODELS):
        write_section("service", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
