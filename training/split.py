"""Assign train/validation/test splits, stratified by label combination."""

import json
from pathlib import Path

from sklearn.model_selection import train_test_split

from training.data import combination, split_files

SPLIT_FRACTIONS = {"train": 0.70, "validation": 0.15, "test": 0.15}


def assign_splits(rows: list[dict], seed: int = 13, pinned: dict[str, str] | None = None) -> list[dict]:
    """Return copies of `rows` with a `split` field, ~70/15/15 per label combination.

    `pinned` maps ids to a split they must go to (e.g. quotes taken from the
    shared sample article, kept out of train and validation).
    """
    pinned = pinned or {}
    free = [row for row in rows if row["id"] not in pinned]
    strata = [combination(row["labels"]) for row in free]
    held_out = SPLIT_FRACTIONS["validation"] + SPLIT_FRACTIONS["test"]
    train, rest, _, rest_strata = train_test_split(
        free, strata, test_size=held_out, stratify=strata, random_state=seed
    )
    validation, test = train_test_split(
        rest, test_size=SPLIT_FRACTIONS["test"] / held_out, stratify=rest_strata, random_state=seed
    )
    out = []
    for split, part in (("train", train), ("validation", validation), ("test", test)):
        out += [{**row, "split": split} for row in part]
    out += [{**row, "split": pinned[row["id"]]} for row in rows if row["id"] in pinned]
    return sorted(out, key=lambda row: row["id"])


def write_splits(rows: list[dict], data_dir: Path) -> dict[str, int]:
    """Write rows to `<data_dir>/<split>.jsonl`; return the count per split."""
    data_dir.mkdir(parents=True, exist_ok=True)
    counts = {}
    for split, path in split_files(data_dir).items():
        part = [row for row in rows if row["split"] == split]
        with open(path, "w", encoding="utf-8") as handle:
            for row in part:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        counts[split] = len(part)
    return counts
