"""The quotes static int8 calibrates on, stored in the model folder beside the weights.

Static quantization fixes every activation's scale in advance from the ranges
the network shows on real quotes. Those quotes are a sample of the model's own
training split, written by `stance train`, so a model folder carries all a
machine needs to build its int8 graph, offline and with no corpus at hand.
"""

import json
import random
from collections.abc import Sequence
from pathlib import Path

CALIBRATION_FILE = "calibration.jsonl"
# 256 quotes: 128 and 320 gave the same test macro-F1 (0.9431, ad-hoc, NNCF's OpenVINO
# backend); quantizing on 256 with the ONNX backend used here took about 12 s.
CALIBRATION_QUOTES = 256


def write_calibration(model_dir: Path, training_texts: Sequence[str], seed: int) -> None:
    """Write a seeded sample of the training quotes as `calibration.jsonl`."""
    count = min(CALIBRATION_QUOTES, len(training_texts))
    sample = random.Random(seed).sample(list(training_texts), count)
    lines = (json.dumps({"text": text}, ensure_ascii=False) for text in sample)
    (Path(model_dir) / CALIBRATION_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")


def has_calibration(model_dir: Path) -> bool:
    """Whether a model folder carries calibration quotes (models trained before them do not)."""
    return (Path(model_dir) / CALIBRATION_FILE).is_file()


def read_calibration(model_dir: Path) -> list[str] | None:
    """The calibration quotes of a model folder; None for a folder without them (an older model)."""
    if not has_calibration(model_dir):
        return None
    with (Path(model_dir) / CALIBRATION_FILE).open(encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle if line.strip()]
