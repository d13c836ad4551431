"""Batch scoring benchmark: the naive way, plain batched torch, the alternatives, and `stance score`.

Every path scores the same input (corpus quotes repeated, the repeats with one
word dropped, so lengths stay real) in its own subprocess, whose peak RSS the
parent reads from `wait4`; each also scores the test split for its macro-F1.
Quotes per second count tokenizing and the model, not process start or model
load; `stance score` also counts reading and writing the files. Writes the
"Batch scoring" section of docs/benchmarks.md.

    python -m bench.scoring --model transformer                 # ~20,000 quotes, all paths
    python -m bench.scoring --model baseline --rss-rows 20000,1000000   # peak RSS by input size
"""

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bench.markdown import write_section
from model.artifact import read_manifest
from model.hardware import cpu_class
from model.labels import LABELS, encode
from training.data import DEFAULT_DATA_DIR, load_splits
from training.metrics import classification_metrics

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BATCH_SIZE = 64

PATHS: dict[str, str] = {
    "naive": "`transformers` text-classification pipeline, one quote per call, fp32",
    "torch-fp32": "plain batched torch, fp32, batches of 64 in input order",
    "sorted-fp32": "TransformerPredictor, fp32 (length-sorted batches of up to 32, one per core)",
    "sorted-bf16": "TransformerPredictor, bf16 weights (length-sorted batches of up to 32, one per core)",
    "compile-fp32": "TransformerPredictor, torch.compile(dynamic=True), fp32",
    "onnxruntime-fp32": "TransformerPredictor in ONNX Runtime, fp32 (sorted batches, up to 16, one per core)",
    "int8-dynamic": "TransformerPredictor, torch dynamic int8 quantization of the linear layers",
    "onnxruntime-int8-per-batch": "ONNX Runtime's dynamic int8, one activation scale per batch (up to 16)",
}

# `stance score` itself, as shipped (default options) and with the default of CPUs without VNNI.
SHIPPED: dict[str, list[str]] = {
    "`stance score` as shipped (default options)": [],
    "`stance score --precision bf16`": ["--precision", "bf16"],
}


def same_predictor_path(options: Sequence[str]) -> str:
    """The benchmark path that runs the predictor `stance score` runs with `options`."""
    import torch

    from model.hardware import choose_runtime

    runtime = choose_runtime(precision=options[1] if options else None)
    precision = "bf16" if runtime.dtype == torch.bfloat16 else "fp32"
    return f"{'sorted' if runtime.engine == 'torch' else runtime.engine}-{precision}"


def make_input(texts: Sequence[str], rows: int, path: Path, seed: int = 13) -> Path:
    """`rows` quotes cycling through `texts`; every repeat loses one random word."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(rows):
            text = texts[i % len(texts)]
            words = text.split()
            if i >= len(texts) and len(words) > 3:
                del words[rng.randrange(len(words))]
                text = " ".join(words)
            handle.write(json.dumps({"id": f"b{i}", "text": text}, ensure_ascii=False) + "\n")
    return path


# --- the paths, each run inside its own worker process ------------------------------------


def _pipeline_scorer(folder: Path) -> Callable[[list[str]], np.ndarray]:
    from transformers import pipeline

    from model.hardware import choose_runtime

    device = choose_runtime(precision="fp32").device
    classify = pipeline(
        "text-classification", model=str(folder), top_k=None, function_to_apply="sigmoid", device=device
    )

    def one_at_a_time(texts: list[str]) -> np.ndarray:
        rows = []
        for text in texts:
            (result,) = classify([text], truncation=True)
            scores = {item["label"]: item["score"] for item in result}
            rows.append([scores[label] for label in LABELS])
        return np.asarray(rows, dtype=np.float32)

    return one_at_a_time


def _plain_torch_scorer(folder: Path) -> Callable[[list[str]], np.ndarray]:
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from model.hardware import choose_runtime

    device = choose_runtime(precision="fp32").device
    tokenizer = AutoTokenizer.from_pretrained(folder)
    network = AutoModelForSequenceClassification.from_pretrained(folder).to(device).eval()
    max_length = read_manifest(folder).max_length

    @torch.inference_mode()
    def in_input_order(texts: list[str]) -> np.ndarray:
        out = []
        for start in range(0, len(texts), BATCH_SIZE):
            batch = tokenizer(
                texts[start : start + BATCH_SIZE],
                padding=True,
                truncation=True,
                max_length=max_length,
                return_tensors="pt",
            ).to(device)
            out.append(torch.sigmoid(network(**batch).logits).cpu().numpy())
        return np.concatenate(out)

    return in_input_order


def _predictor(folder: Path, precision: str, backend: str = "torch"):
    from model.hardware import choose_runtime
    from scoring.model_source import ModelSource

    return ModelSource(folder, folder.name).load(choose_runtime(precision=precision, backend=backend))


def _compiled_scorer(folder: Path) -> Callable[[list[str]], np.ndarray]:
    import torch

    predictor = _predictor(folder, "fp32")
    predictor.network = torch.compile(predictor.network, dynamic=True)
    return predictor.predict_proba


def _int8_scorer(folder: Path) -> Callable[[list[str]], np.ndarray]:
    import torch

    predictor = _predictor(folder, "fp32")
    predictor.network = torch.ao.quantization.quantize_dynamic(
        predictor.network, {torch.nn.Linear}, dtype=torch.qint8
    )
    return predictor.predict_proba


def _per_batch_int8_scorer(folder: Path) -> Callable[[list[str]], np.ndarray]:
    """ONNX Runtime's own dynamic quantization (one activation scale per batch), for comparison."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from model.onnx import GRAPH_FILE, OnnxNetwork

    predictor = _predictor(folder, "fp32", "onnxruntime")
    with tempfile.TemporaryDirectory(prefix="stance-bench-") as work:
        quantized = Path(work) / "int8.onnx"
        quantize_dynamic(folder / GRAPH_FILE, quantized, per_channel=True, weight_type=QuantType.QInt8)
        predictor.network = OnnxNetwork(quantized)
    return predictor.predict_proba


SCORERS: dict[str, Callable[[Path], Callable[[list[str]], np.ndarray]]] = {
    "naive": _pipeline_scorer,
    "torch-fp32": _plain_torch_scorer,
    "sorted-fp32": lambda folder: _predictor(folder, "fp32").predict_proba,
    "sorted-bf16": lambda folder: _predictor(folder, "bf16").predict_proba,
    "compile-fp32": _compiled_scorer,
    "onnxruntime-fp32": lambda folder: _predictor(folder, "fp32", "onnxruntime").predict_proba,
    "int8-dynamic": _int8_scorer,
    "onnxruntime-int8-per-batch": _per_batch_int8_scorer,
}


def worker(path: str, folder: Path, input: Path, limit: int, data: Path) -> dict[str, Any]:
    """Run one path in this process: warm up, time `limit` quotes, then score the test split."""
    import torch

    torch.set_num_threads(len(os.sched_getaffinity(0)))
    started = time.perf_counter()
    score = SCORERS[path](folder)
    score(["A warm-up quote about talks.", "Another one."] * 8)  # compiles, allocates
    load_seconds = time.perf_counter() - started
    with open(input, encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for _, line in zip(range(limit), handle, strict=False)]
    started = time.perf_counter()
    score(texts)
    seconds = time.perf_counter() - started
    test = load_splits(data)["test"]
    truth = np.asarray([encode(labels) for labels in test["labels"]])
    thresholds = np.asarray(read_manifest(folder).thresholds, dtype=np.float32)
    together = score(test["text"])
    f1 = classification_metrics(truth, together, thresholds)["macro_f1"]
    alone = np.concatenate([score([text]) for text in test["text"]])
    shift = float(np.abs(together - alone).max())  # how much batch-mates move a quote's scores
    timing = {"quotes": len(texts), "seconds": seconds, "load_seconds": load_seconds}
    return {**timing, "macro_f1": f1, "shift": shift}


# --- the parent: subprocesses, peak RSS, the table -----------------------------------------


def _run_measured(command: list[str]) -> tuple[str, str, int, float]:
    """Run a command; its stdout, stderr, peak RSS in MiB and wall seconds."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode:
        raise RuntimeError(f"{' '.join(command)} failed:\n{stderr[-3000:]}")
    return stdout, stderr, usage.ru_maxrss // 1024, time.perf_counter() - started


def measure_path(path: str, folder: Path, input: Path, limit: int, data: Path) -> dict[str, Any]:
    """One path in a fresh subprocess."""
    command = [sys.executable, "-m", "bench.scoring", "--worker", path, "--folder", str(folder)]
    command += ["--input", str(input), "--limit", str(limit), "--data", str(data)]
    stdout, _, rss, wall = _run_measured(command)
    return {**json.loads(stdout.strip().splitlines()[-1]), "rss_mib": rss, "wall_seconds": wall}


def _score_command(input: Path, output: Path, model: str, extra: Sequence[str] = ()) -> list[str]:
    command = [sys.executable, "-m", "cli.app", "score", str(input), str(output), "--model", model]
    return [*command, "--no-progress", *extra]


def _summary_seconds(stderr: str) -> float:
    """The scoring seconds `stance score` reports in its last line ("... in 12.3s, ...")."""
    return float(stderr.rsplit(" in ", 1)[1].split("s,", 1)[0])


def measure_stance_score(
    model: str, input: Path, data: Path, work: Path, options: Sequence[str] = ()
) -> dict[str, Any]:
    """`stance score` with `options`, on the input, then on the test split for macro-F1."""
    _, stderr, rss, wall = _run_measured(_score_command(input, work / "scored.jsonl", model, options))
    quotes = len((work / "scored.jsonl").read_text(encoding="utf-8").splitlines())
    _run_measured(_score_command(data / "test.jsonl", work / "test.jsonl", model, options))
    lines = (work / "test.jsonl").read_text(encoding="utf-8").splitlines()
    scored = [json.loads(line) for line in lines]
    truth = np.asarray([encode(row["input_labels"]) for row in scored])
    probabilities = np.asarray([[row["scores"][label] for label in LABELS] for row in scored])
    folder = _model_folder(model)
    thresholds = np.asarray(read_manifest(folder).thresholds, dtype=np.float32)
    f1 = classification_metrics(truth, probabilities, thresholds)["macro_f1"]
    seconds = _summary_seconds(stderr)
    return {"quotes": quotes, "seconds": seconds, "macro_f1": f1, "rss_mib": rss, "wall_seconds": wall}


def _model_folder(model: str) -> Path:
    from scoring.model_source import find_model

    return find_model(model).folder


def _machine() -> str:
    import torch

    from model.hardware import choose_runtime

    load = os.getloadavg()[0]
    return (
        f"{platform.processor() or platform.machine()}, {len(os.sched_getaffinity(0))} cores, "
        f"torch {torch.__version__}, `stance score` runtime {choose_runtime()}, "
        f"1-minute load average {load:.1f} at the end"
    )


def speed_table(results: dict[str, dict[str, Any]]) -> str:
    """The Markdown comparison table; the "x naive" column only when the naive path ran."""
    naive = results.get("naive")
    naive_rate = naive["quotes"] / naive["seconds"] if naive else None
    ratio_header, ratio_rule = (" x naive |", " ---: |") if naive_rate else ("", "")
    lines = [
        f"| path | quotes timed | quotes/s |{ratio_header} peak RSS (MiB) | test macro-F1 | batch shift |",
        f"| --- | ---: | ---: |{ratio_rule} ---: | ---: | ---: |",
    ]
    for name, r in results.items():
        rate = r["quotes"] / r["seconds"]
        ratio = f" {rate / naive_rate:.1f} |" if naive_rate else ""
        shift = f"{r['shift']:.4f}" if "shift" in r else "-"
        lines.append(
            f"| {PATHS.get(name, name)} | {r['quotes']:,} | {rate:,.1f} |{ratio} {r['rss_mib']:,} | "
            f"{r['macro_f1']:.4f} | {shift} |"
        )
    return "\n".join(lines)


def rss_table(results: dict[int, dict[str, Any]], model: str) -> str:
    """Peak RSS of `stance score` by input size."""
    lines = ["| rows | model | rows/s | wall (s) | peak RSS (MiB) |", "| ---: | --- | ---: | ---: | ---: |"]
    for rows, r in results.items():
        rate = r["quotes"] / r["seconds"]
        lines.append(f"| {rows:,} | {model} | {rate:,.0f} | {r['wall_seconds']:.0f} | {r['rss_mib']:,} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="transformer", help="kind, tag or model folder")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="corpus folder")
    parser.add_argument("--rows", type=int, default=20_000, help="quotes in the benchmark input")
    parser.add_argument("--naive-rows", type=int, default=1_000, help="quotes the naive path times")
    parser.add_argument("--paths", default=",".join(PATHS), help="comma-separated paths to run")
    parser.add_argument("--rss-rows", help="only `stance score`'s peak RSS, at these input sizes")
    parser.add_argument("--worker", choices=list(SCORERS), help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker, args.folder, args.input, args.limit, args.data)))
        return

    command = "python -m bench.scoring " + " ".join(argv if argv is not None else sys.argv[1:])
    splits = load_splits(args.data)
    texts = [text for split in splits.values() for text in split["text"]]
    with tempfile.TemporaryDirectory(prefix="stance-bench-") as folder:
        work = Path(folder)
        if args.rss_rows:
            sizes = [int(size) for size in args.rss_rows.split(",")]
            by_size = {}
            for size in sizes:
                input = make_input(texts, size, work / "input.jsonl")
                by_size[size] = measure_stance_score(args.model, input, args.data, work)
                print(size, by_size[size], flush=True)
            body = rss_table(by_size, args.model)
            print(body)
            write_section(f"scoring-rss-{args.model}", f"{body}\n\n`{command}` on {_machine()}.")
            return
        input = make_input(texts, args.rows, work / "input.jsonl")
        model_folder = _model_folder(args.model)
        results: dict[str, dict[str, Any]] = {}
        for path in args.paths.split(","):
            limit = args.naive_rows if path == "naive" else args.rows
            results[path] = measure_path(path, model_folder, input, limit, args.data)
            print(path, results[path], flush=True)
        for name, options in SHIPPED.items():
            results[name] = measure_stance_score(args.model, input, args.data, work, options)
            same = results.get(same_predictor_path(options), {})
            if "shift" in same:  # the same predictor, so the same batch shift
                results[name]["shift"] = same["shift"]
            print(name, results[name], flush=True)
    naive_note = f" (the naive path timed on the first {args.naive_rows:,})" if "naive" in results else ""
    shift_note = (
        "Batch shift: the largest change of any test quote's score between scoring the test split "
        "in one call and scoring each quote alone."
    )
    body = "\n\n".join(
        [
            speed_table(results),
            f"`{command}` on {_machine()}; {args.rows:,} quotes{naive_note}, model `{model_folder.name}`.",
            shift_note,
        ]
    )
    print(body)
    write_section(f"scoring-speed-{cpu_class()}", body)  # one table per CPU class


if __name__ == "__main__":
    main()
