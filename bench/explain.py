"""Latency of `model.explain.explain` on a 60-word quote with the production models.

Goal: under a second for the real transformer on the CPU. Prints a Markdown
table and writes it to the "explain-latency" section of docs/benchmarks.md.
Needs a store with trained models:

    BENTOML_HOME=/path/to/store python -m bench.explain
"""

import argparse
import os
import platform
import statistics
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import torch

from bench.markdown import write_section
from model import store
from model.explain import WORD, explain
from model.hardware import choose_runtime
from model.predictor import Predictor

QUOTE = (
    "We have said many times that we are ready to sit down with the Russian side and talk about a "
    "ceasefire, but nobody should expect us to give up Crimea or any other part of our land. Our "
    "people did not fight for three years to hand territory to the occupier at a table in a "
    "foreign capital, and every partner knows it."
)


def time_interleaved(predictors: list[Predictor], text: str, repeats: int) -> list[list[float]]:
    """Seconds per call for each predictor, after a warm-up; the predictors take turns, so
    they share whatever load the machine has."""
    for predictor in predictors:
        explain(predictor, text)
    seconds: list[list[float]] = [[] for _ in predictors]
    for _ in range(repeats):
        for timings, predictor in zip(seconds, predictors, strict=True):
            started = time.perf_counter()
            explain(predictor, text)
            timings.append(time.perf_counter() - started)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20, help="timed calls per model")
    args = parser.parse_args()

    runtimes = [choose_runtime()] + [
        choose_runtime("cpu", precision, backend)
        for precision, backend in [("bf16", "torch"), ("fp32", "torch"), ("fp32", "onnxruntime")]
    ]
    setups: list[tuple[str, str, Predictor]] = [
        ("transformer", f"{runtime}{' (default)' * (i == 0)}", store.load("transformer", runtime=runtime))
        for i, runtime in enumerate(dict.fromkeys(runtimes))
    ]
    setups.append(("baseline", "scikit-learn", store.load("baseline")))
    timings = time_interleaved([predictor for _, _, predictor in setups], QUOTE, args.repeats)
    rows = []
    for (kind, where, _), seconds in zip(setups, timings, strict=True):
        median, worst = statistics.median(seconds), max(seconds)
        rows.append(f"| {kind} | {where} | {median:.3f} | {worst:.3f} | {worst < 1} |")

    words = len(WORD.findall(QUOTE))
    body = "\n".join(
        [
            f"Word-occlusion explanation of one {words}-word quote ({words + 1} texts scored in one "
            f"`predict_proba` call), {args.repeats} timed calls each after a warm-up, the "
            "models taking turns.",
            "",
            "| model | runtime | median s | worst s | worst under 1 s |",
            "| --- | --- | --- | --- | --- |",
            *rows,
            "",
            f"`python -m bench.explain --repeats {args.repeats}` on {platform.machine()}, "
            f"{os.cpu_count()} CPUs, {torch.get_num_threads()} torch threads, "
            f"1-minute load average {os.getloadavg()[0]:.1f} at the end.",
        ]
    )
    print(body)
    write_section("explain-latency", body)


if __name__ == "__main__":
    main()
