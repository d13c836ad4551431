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


def time_explain(predictor: Predictor, text: str, repeats: int) -> list[float]:
    """Seconds per call, after one warm-up call."""
    explain(predictor, text)
    seconds = []
    for _ in range(repeats):
        started = time.perf_counter()
        explain(predictor, text)
        seconds.append(time.perf_counter() - started)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20, help="timed calls per model")
    args = parser.parse_args()

    setups = [
        ("transformer", choose_runtime()),
        ("transformer", choose_runtime(device="cpu", precision="fp32")),
        ("baseline", None),
    ]
    rows = []
    for kind, runtime in setups:
        predictor = store.load(kind, runtime=runtime)
        seconds = time_explain(predictor, QUOTE, args.repeats)
        median, worst = statistics.median(seconds), max(seconds)
        where = str(runtime) if runtime else "scikit-learn"
        rows.append(f"| {kind} | {where} | {median:.3f} | {worst:.3f} | {worst < 1} |")

    words = len(WORD.findall(QUOTE))
    body = "\n".join(
        [
            f"Word-occlusion explanation of one {words}-word quote ({words + 1} texts scored in one "
            f"`predict_proba` call), {args.repeats} timed calls after a warm-up.",
            "",
            "| model | runtime | median s | worst s | worst under 1 s |",
            "| --- | --- | --- | --- | --- |",
            *rows,
            "",
            f"`python -m bench.explain --repeats {args.repeats}` on {platform.machine()}, "
            f"{os.cpu_count()} CPUs, {torch.get_num_threads()} torch threads.",
        ]
    )
    print(body)
    write_section("explain-latency", body)


if __name__ == "__main__":
    main()
