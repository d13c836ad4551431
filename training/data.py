"""Load the labeled corpus into a `DatasetDict`, after validating every row.

The corpus is a folder with `train.jsonl`, `validation.jsonl` and `test.jsonl`.
Validation collects every problem (file, line, what is wrong) instead of
stopping at the first, so a labeler can fix a whole file in one pass.
"""

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from datasets import DatasetDict, load_dataset
from pydantic import ValidationError
from sklearn.feature_extraction.text import CountVectorizer

from model.labels import LABELS, encode
from training.schema import SPLITS, QuoteRecord

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "quotes"
NEAR_DUPLICATE_JACCARD = 0.8


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one row of a corpus file."""

    file: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class CorpusError(ValueError):
    """The corpus has bad rows; `problems` lists all of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "\n".join(str(p) for p in problems[:20])
        more = f"\n... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} bad row(s) in the corpus:\n{shown}{more}")


def normalise(text: str) -> str:
    """Lowercase, unify quote marks and collapse everything but words: the duplicate key."""
    text = unicodedata.normalize("NFKC", text).lower()
    return " ".join(re.findall(r"[\w']+", text.replace("\u2019", "'")))


def split_files(data_dir: Path) -> dict[str, Path]:
    """The three split files of a corpus folder, by split name."""
    return {split: Path(data_dir) / f"{split}.jsonl" for split in SPLITS}


def _describe(error: ValidationError) -> str:
    parts = []
    for item in error.errors():
        field = ".".join(str(p) for p in item["loc"]) or "row"
        message = "missing field" if item["type"] == "missing" else item["msg"]
        if item["type"] == "extra_forbidden":
            message = "unexpected field"
        parts.append(f"{field}: {message}")
    return "; ".join(parts)


def read_records(
    path: Path, schema: type[QuoteRecord] = QuoteRecord
) -> tuple[list[tuple[int, QuoteRecord]], list[Problem]]:
    """Parse and schema-check one JSON Lines file (against `schema`); blank lines are skipped."""
    records: list[tuple[int, QuoteRecord]] = []
    problems: list[Problem] = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as error:
                problems.append(Problem(path, number, f"not valid JSON ({error.msg})"))
                continue
            if not isinstance(raw, dict):
                problems.append(Problem(path, number, "not a JSON object"))
                continue
            try:
                records.append((number, schema.model_validate(raw)))
            except ValidationError as error:
                problems.append(Problem(path, number, _describe(error)))
    return records, problems


def near_duplicate_pairs(
    texts: list[str], threshold: float = NEAR_DUPLICATE_JACCARD
) -> list[tuple[int, int, float]]:
    """Index pairs whose word sets have a Jaccard similarity above `threshold`."""
    if len(texts) < 2:
        return []
    vectorizer = CountVectorizer(binary=True, token_pattern=r"[\w']+", lowercase=True)
    matrix = vectorizer.fit_transform(texts).astype(np.float32)
    sizes = np.asarray(matrix.sum(axis=1)).ravel()
    overlap = (matrix @ matrix.T).tocoo()
    pairs = []
    for i, j, shared in zip(overlap.row, overlap.col, overlap.data, strict=True):
        if i < j:
            jaccard = shared / (sizes[i] + sizes[j] - shared)
            if jaccard > threshold:
                pairs.append((int(i), int(j), float(jaccard)))
    return pairs


def validate_corpus(data_dir: Path = DEFAULT_DATA_DIR) -> list[Problem]:
    """Every problem in a corpus folder: schema, split, duplicate ids, texts and near-duplicates."""
    problems: list[Problem] = []
    rows: list[tuple[Path, int, QuoteRecord]] = []
    for split, path in split_files(data_dir).items():
        if not path.exists():
            problems.append(Problem(path, 0, f"missing split file for '{split}'"))
            continue
        records, bad = read_records(path)
        problems += bad
        for number, record in records:
            if record.split != split:
                problems.append(
                    Problem(path, number, f"split: row says '{record.split}' in the {split} file")
                )
            rows.append((path, number, record))

    first_seen: dict[str, tuple[Path, int]] = {}
    first_text: dict[str, tuple[Path, int]] = {}
    for path, number, record in rows:
        if record.id in first_seen:
            where = "{}:{}".format(*first_seen[record.id])
            problems.append(Problem(path, number, f"id: duplicate id '{record.id}' (first at {where})"))
        first_seen.setdefault(record.id, (path, number))
        key = normalise(record.text)
        if key in first_text:
            where = "{}:{}".format(*first_text[key])
            problems.append(Problem(path, number, f"text: duplicate text (first at {where})"))
        first_text.setdefault(key, (path, number))

    texts = [normalise(record.text) for _, _, record in rows]
    for i, j, jaccard in near_duplicate_pairs(texts):
        if texts[i] == texts[j]:
            continue  # already reported as an exact duplicate
        path, number, _ = rows[j]
        other = f"{rows[i][0]}:{rows[i][1]}"
        problems.append(
            Problem(path, number, f"text: near duplicate of {other} (word Jaccard {jaccard:.2f})")
        )
    return problems


def add_multi_hot(batch: dict[str, list]) -> dict[str, list]:
    return {"multi_hot": [[float(v) for v in encode(labels)] for labels in batch["labels"]]}


def load_splits(data_dir: Path = DEFAULT_DATA_DIR, *, validate: bool = True) -> DatasetDict:
    """The corpus as a `DatasetDict` (train/validation/test) with a `multi_hot` column.

    `multi_hot` is a float vector in `model.labels.LABELS` order, ready for a
    multi-label BCE loss.
    """
    if validate:
        problems = validate_corpus(data_dir)
        if problems:
            raise CorpusError(problems)
    files = {split: str(path) for split, path in split_files(data_dir).items()}
    splits = load_dataset("json", data_files=files)
    return splits.map(add_multi_hot, batched=True)


def label_matrix(label_lists: Iterable[list[str]]) -> np.ndarray:
    """A (rows, labels) int array from lists of label names."""
    return np.array([encode(labels) for labels in label_lists], dtype=np.int64).reshape(-1, len(LABELS))


def combination(labels: Iterable[str]) -> str:
    """A stable name for a label combination ('none' for no label), used for stratifying."""
    names = [label for label in LABELS if label in set(labels)]
    return "+".join(names) or "none"


def count_combinations(label_lists: Iterable[list[str]]) -> Counter:
    """How many quotes carry each label combination."""
    return Counter(combination(labels) for labels in label_lists)
