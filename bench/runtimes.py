"""Which runtime `auto` may pick on this CPU: speed, F1 and label agreement with fp32, side by side.

Every CPU runtime the predictor offers scores the same quotes (the test split and
the whole field set, then the corpus repeated to a few thousand quotes for speed)
in this one process, one after another. A runtime may be the default only where its
test and field-test macro-F1 stay within 0.005 of fp32's and its labels differ from
fp32's on at most 0.2% of the quotes. Writes the section for this CPU class into
docs/benchmarks.md; run it on each class (AVX2 only, AVX-512 VNNI, AMX) to fill the table.

    python -m bench.runtimes --model transformer
"""

import argparse
import platform
import time

import numpy as np
import torch

from bench.markdown import write_section
from model import store
from model.cpu_features import cpu_features
from model.hardware import choose_runtime, cpu_class
from training.data import DEFAULT_DATA_DIR, label_matrix, load_splits
from training.field import load_field
from training.metrics import classification_metrics

# (precision, backend) of every CPU runtime the predictor can run.
CANDIDATES = (
    ("fp32", "torch"),
    ("bf16", "torch"),
    ("fp32", "onnxruntime"),
)
MAX_F1_DROP = 0.005
MAX_LABEL_DISAGREEMENT = 0.002


def measure(model: str, speed_quotes: int) -> tuple[list[dict], int]:
    """One row per runtime (quotes/s, macro-F1 on test and field-test, agreement with fp32),
    and how many quotes the agreement was measured on."""
    corpus, field = load_splits(DEFAULT_DATA_DIR), load_field()
    sets = {"test": corpus["test"], "field-test": field["field-test"], "field-dev": field["field-dev"]}
    agreement_texts = [text for data in sets.values() for text in list(data["text"])]
    speed_texts = (list(corpus["train"]["text"]) * (speed_quotes // len(corpus["train"]) + 1))[:speed_quotes]
    rows, reference = [], None
    for precision, backend in CANDIDATES:
        try:
            predictor = store.load(model, runtime=choose_runtime("cpu", precision, backend))
        except ValueError as error:  # not offered on this CPU: say so in the table
            rows.append({"runtime": f"{precision} ({backend})", "offered": str(error)})
            continue
        predictor.predict_proba(speed_texts[:64])  # warm-up: first-call allocations and kernels
        started = time.perf_counter()
        predictor.predict_proba(speed_texts)
        speed = len(speed_texts) / (time.perf_counter() - started)
        scores = predictor.predict_proba(agreement_texts)
        labels = predictor.decide(scores)
        if reference is None:
            reference = (scores, labels)
        f1 = {}
        offset = 0
        for name, data in sets.items():
            part = slice(offset, offset + len(data))
            metrics = classification_metrics(label_matrix(data["labels"]), scores[part], predictor.thresholds)
            f1[name] = metrics["macro_f1"]
            offset += len(data)
        rows.append(
            {
                "runtime": str(predictor.runtime),
                "quotes_per_s": speed,
                "f1": f1,
                "disagreement": float((labels != reference[1]).any(axis=1).mean()),
                "largest_score_change": float(np.abs(scores - reference[0]).max()),
            }
        )
    return rows, len(agreement_texts)


def to_markdown(rows: list[dict], model_tag: str, quotes: int, agreement_quotes: int) -> str:
    fp32 = next(row for row in rows if "f1" in row)
    lines = [
        f"### {cpu_class()}: {cpu_features().model}, {torch.get_num_threads()} threads, {platform.machine()}",
        "",
        f"`python -m bench.runtimes` on {model_tag}: speed on {quotes:,} corpus quotes in one process; "
        f"F1 and agreement on the {agreement_quotes} test, field-dev and field-test quotes. `auto` may pick "
        f"a runtime only where both F1s stay within {MAX_F1_DROP} of fp32 and labels differ on at most "
        f"{MAX_LABEL_DISAGREEMENT:.1%} of quotes.",
        "",
        "| runtime | quotes/s | test macro-F1 | field-test macro-F1 | labels differ from fp32 | "
        "largest score change | may be default |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        if "f1" not in row:
            lines.append(f"| {row['runtime']} | - | - | - | - | - | not offered: {row['offered']} |")
            continue
        keeps = (
            row["f1"]["test"] >= fp32["f1"]["test"] - MAX_F1_DROP
            and row["f1"]["field-test"] >= fp32["f1"]["field-test"] - MAX_F1_DROP
            and row["disagreement"] <= MAX_LABEL_DISAGREEMENT
        )
        lines.append(
            f"| {row['runtime']} | {row['quotes_per_s']:.0f} | {row['f1']['test']:.4f} | "
            f"{row['f1']['field-test']:.4f} | {row['disagreement']:.2%} | "
            f"{row['largest_score_change']:.4f} | {'yes' if keeps else 'no'} |"
        )
    lines.append(f"\n`auto` picks here: **{choose_runtime('cpu')}**.")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default="transformer", help="model kind, name or tag in the store")
    parser.add_argument("--quotes", type=int, default=4000, help="quotes for the speed column")
    arguments = parser.parse_args()
    rows, agreement_quotes = measure(arguments.model, arguments.quotes)
    body = to_markdown(rows, store.resolve_tag(arguments.model), arguments.quotes, agreement_quotes)
    write_section(f"runtimes-{cpu_class()}", body)
    print(body)


if __name__ == "__main__":
    main()
