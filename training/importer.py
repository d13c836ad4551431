"""`stance data import`: labeled quotes from CSV, JSON Lines or a Label Studio export into the corpus.

Every row is checked with the corpus's own rules (`training/schema.py`), and
refused when it repeats a corpus quote exactly or nearly (word Jaccard above
0.8, as `stance data validate` checks). Missing optional fields get these
defaults: `speaker` and `speaker_affiliation` "unknown", `date` the import's
day, `source_type` "article paraphrase", `id` "IM-" and 10 hex digits of the
normalised text's SHA-256.

The split comes from the same hash: its first 8 hex digits as a number in
[0, 1) put the quote in train below 0.70, validation below 0.85, else test.
A quote therefore always gets the same split, whatever file it comes in and
however often it is imported, and because the hash knows nothing of labels,
every label combination goes 70/15/15 in expectation: the label balance of the
splits is kept without looking at other rows (the printed counts per split and
label show how close a given import came).
"""

import csv
import datetime
import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from model.labels import LABELS
from training.data import _describe, near_duplicate_pairs, normalise, read_records, split_files
from training.schema import SPLITS, QuoteRecord

DEFAULTS = {"speaker": "unknown", "speaker_affiliation": "unknown", "source_type": "article paraphrase"}
SPLIT_BOUNDS = (("train", 0.70), ("validation", 0.85), ("test", 1.0))


@dataclass
class ImportResult:
    """What an import added, skipped and refused."""

    added: list[QuoteRecord] = field(default_factory=list)
    already_there: list[tuple[int, str]] = field(default_factory=list)  # (line, why)
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line, why)

    def counts(self) -> dict[str, Counter]:
        """Added quotes per split and label ('none' for quotes with no label)."""
        out = {split: Counter() for split in SPLITS}
        for record in self.added:
            out[record.split].update(record.labels or ["none"])
            out[record.split]["quotes"] += 1
        return out


def _text_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def split_for(text: str) -> str:
    """The split a quote goes to: fixed by its normalised text alone."""
    position = int(_text_hash(text)[:8], 16) / 16**8
    return next(split for split, bound in SPLIT_BOUNDS if position < bound)


def _labels(value: Any) -> Any:
    if isinstance(value, str):
        return [name.strip() for name in value.split(",") if name.strip()]
    return [] if value is None else value


def _label_studio_rows(tasks: list) -> list[tuple[int, dict]]:
    """(task number, row) from a Label Studio JSON export: the first annotation not cancelled."""
    rows = []
    for number, task in enumerate(tasks, start=1):
        data = dict(task.get("data", {})) if isinstance(task, dict) else {}
        annotations = [a for a in task.get("annotations", []) if not a.get("was_cancelled")]
        if not annotations:
            rows.append((number, {**data, "_problem": "task has no annotation"}))
            continue
        choices = [
            choice
            for result in annotations[0].get("result", [])
            if result.get("type") == "choices"
            for choice in result.get("value", {}).get("choices", [])
        ]
        known = {key: value for key, value in data.items() if key in QuoteRecord.model_fields}
        rows.append((number, {**known, "labels": choices}))
    return rows


def read_rows(path: Path) -> list[tuple[int, dict]]:
    """(line, fields) of each row of a CSV, JSON Lines or Label Studio export file."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with open(path, newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            return [(number, dict(row)) for number, row in enumerate(reader, start=2)]
    text = path.read_text(encoding="utf-8")
    if suffix == ".json" and text.lstrip().startswith("["):
        return _label_studio_rows(json.loads(text))
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                rows.append((number, json.loads(line)))
            except json.JSONDecodeError as error:
                rows.append((number, {"_problem": f"not valid JSON ({error.msg})"}))
    return rows


def to_record(fields: dict, today: str) -> QuoteRecord:
    """A corpus record from an input row, with the documented defaults; raises ValueError."""
    if not isinstance(fields, dict):
        raise ValueError("not a JSON object")
    if "_problem" in fields:
        raise ValueError(fields["_problem"])
    kept = {k: v for k, v in fields.items() if k in QuoteRecord.model_fields and v not in ("", None)}
    if not isinstance(kept.get("text"), str):
        raise ValueError("text: missing field")
    kept["labels"] = _labels(fields.get("labels"))
    for name, default in DEFAULTS.items():
        kept.setdefault(name, default)
    kept.setdefault("date", today)
    kept.setdefault("id", "IM-" + _text_hash(kept["text"])[:10])
    kept["split"] = split_for(kept["text"])
    try:
        return QuoteRecord.model_validate(kept)
    except ValidationError as error:
        raise ValueError(_describe(error)) from None


def _corpus(data_dir: Path) -> list[QuoteRecord]:
    records = []
    for path in split_files(data_dir).values():
        if path.exists():
            records += [record for _, record in read_records(path)[0]]
    return records


def plan_import(source: Path, data_dir: Path) -> ImportResult:
    """Decide, without writing, which rows of `source` the corpus at `data_dir` gains."""
    today = datetime.date.today().isoformat()
    corpus = _corpus(data_dir)
    known_ids = {record.id: "corpus" for record in corpus}
    known_texts = {normalise(record.text): record.id for record in corpus}
    result = ImportResult()
    candidates: list[tuple[int, QuoteRecord]] = []
    for line, fields in read_rows(source):
        try:
            record = to_record(fields, today)
        except ValueError as error:
            result.rejected.append((line, str(error)))
            continue
        key = normalise(record.text)
        if key in known_texts:
            result.already_there.append((line, f"same text as {known_texts[key]}"))
        elif record.id in known_ids:
            result.rejected.append((line, f"id: '{record.id}' is already used"))
        else:
            known_texts[key] = record.id
            known_ids[record.id] = "import"
            candidates.append((line, record))
    texts = [normalise(record.text) for record in corpus] + [normalise(r.text) for _, r in candidates]
    near: dict[int, str] = {}
    everyone = [record.id for record in corpus] + [record.id for _, record in candidates]
    for i, j, jaccard in near_duplicate_pairs(texts):
        later = max(i, j) - len(corpus)
        if later >= 0 and later not in near:
            near[later] = f"near duplicate of {everyone[min(i, j)]} (word Jaccard {jaccard:.2f})"
    for index, (line, record) in enumerate(candidates):
        if index in near:
            result.already_there.append((line, near[index]))
        else:
            result.added.append(record)
    return result


def apply_import(result: ImportResult, data_dir: Path) -> None:
    """Append the planned quotes to their split files (one write per file)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    for split, path in split_files(data_dir).items():
        lines = [
            json.dumps(record.model_dump(), ensure_ascii=False) + "\n"
            for record in result.added
            if record.split == split
        ]
        if not lines:
            continue
        prefix = ""
        if path.exists() and path.stat().st_size and not path.read_bytes().endswith(b"\n"):
            prefix = "\n"
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(prefix + "".join(lines))


def label_order() -> list[str]:
    """Labels in the corpus order, then 'none': the columns of the printed summary."""
    return [*LABELS, "none"]
