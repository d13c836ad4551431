"""Speed of quote extraction on a 5,000-word article, the model left out.

The issue's target: `stance extract` on a 5,000-word article in under a second on
this machine, model time excluded. The article is the gold articles' text joined
until it has 5,000 words (wire copy, live blogs, transcripts, interviews and
British single-quote style, so every rule runs). Timed: `extract_quotes` alone,
and `classify_article` with a predictor that answers at once (extraction, the
per-speaker summary and the JSON shape: everything `stance extract` does but the
model). Prints a Markdown table:

    .venv/bin/python -m bench.extraction [--words 5000] [--repeats 5]
"""

import argparse
import json
import platform
import statistics
import time
from pathlib import Path

from extraction import classify_article, extract_quotes
from extraction.evaluate import DEFAULT_ARTICLES_DIR
from model.labels import LABELS
from model.predictor import Prediction


class InstantPredictor:
    """No labels, no model time: what is left to time is the extraction around the model."""

    def predict(self, texts: list[str]) -> list[Prediction]:
        return [Prediction(labels=[], scores=dict.fromkeys(LABELS, 0.0)) for _ in texts]


def long_article(words: int, folder: Path = DEFAULT_ARTICLES_DIR) -> str:
    """The gold articles joined (and repeated if need be) until the text has `words` words."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.txt"))]
    pieces: list[str] = []
    count = 0
    while count < words:
        for text in texts:
            pieces.append(text)
            count += len(text.split())
            if count >= words:
                break
    return "\n\n".join(pieces)


def seconds(call, repeats: int) -> list[float]:
    call()  # warm-up: imports and regex compilation are not the article's cost
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        timings.append(time.perf_counter() - started)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    text = long_article(args.words)
    quotes = extract_quotes(text)
    predictor = InstantPredictor()
    rows = {
        "extract_quotes": seconds(lambda: extract_quotes(text), args.repeats),
        "classify_article + JSON (model excluded)": seconds(
            lambda: json.dumps(classify_article(text, predictor).to_dict()), args.repeats
        ),
    }
    kinds = {kind: sum(q.kind == kind for q in quotes) for kind in ("direct", "indirect")}
    print(f"{len(text.split())} words, {len(text)} characters, {kinds} quotes; {platform.processor() or ''}")
    print(f"{args.repeats} runs after a warm-up\n")
    print("| step | median s | max s |")
    print("| --- | ---: | ---: |")
    for name, timings in rows.items():
        print(f"| {name} | {statistics.median(timings):.3f} | {max(timings):.3f} |")


if __name__ == "__main__":
    main()
