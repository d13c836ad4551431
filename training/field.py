"""The field set: real public statements about the war, the data the product is measured on.

The corpus in `data/quotes/` was written for the project, so its test split
shares the training split's hands and style. The field set is what users send:
statements as published, each with the page it was found on. It is split by
page, never by quote, so two quotes from one report never sit on both sides:

- `field-train`: joins the training data (real register: briefings, communiques,
  interviews, wire copy);
- `field-dev`: model choice, early stopping and thresholds;
- `field-test`: reported only; never trained, tuned or chosen on.

A page's split is a pure function of its address (`page_split`), so a quote
added later from a known page lands where that page's other quotes are, and
`validate_field` can check every row.
"""

import hashlib
import json
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from datasets import Dataset, DatasetDict
from pydantic import ConfigDict, Field

from training.schema import QuoteRecord

DEFAULT_FIELD_DIR = Path(__file__).resolve().parent.parent / "data" / "field"
FIELD_SPLITS: tuple[str, ...] = ("field-train", "field-dev", "field-test")
# Share of pages per split, in the order above (hash buckets out of 100).
_BUCKETS = {"field-train": range(0, 30), "field-dev": range(30, 60), "field-test": range(60, 100)}
# Two translations of one statement on two pages share most words but seldom 80% of them: across
# splits the field set is held to a stricter word overlap than the corpus's near-duplicate rule.
CROSS_SPLIT_JACCARD = 0.5


class FieldRecord(QuoteRecord):
    """One real statement: a corpus row plus where it was published and whether it is a translation."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    split: Literal[FIELD_SPLITS]  # type: ignore[valid-type]
    source_url: str = Field(pattern=r"^https?://\S+$")
    translated: bool
    note: str = ""


def page_key(url: str) -> str:
    """The page an address names: host without "www." and "amp." plus path, no query or fragment."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.").removeprefix("amp.")
    return host + parts.path.rstrip("/").removesuffix("/amp")


def page_split(url: str) -> str:
    """The field split of every quote from the page at `url` (stable across runs and machines)."""
    bucket = int(hashlib.sha256(page_key(url).encode()).hexdigest(), 16) % 100
    return next(split for split, buckets in _BUCKETS.items() if bucket in buckets)


def field_file(field_dir: Path, split: str) -> Path:
    """`data/field/<split>.jsonl` (field-dev lives in `dev.jsonl`)."""
    return Path(field_dir) / f"{split.removeprefix('field-')}.jsonl"


def validate_field(field_dir: Path = DEFAULT_FIELD_DIR) -> list[str]:
    """Every problem in the field set: schema, split file, page split, duplicate ids and texts, and
    a statement in one split that is a near copy (another page's translation) of one in another.
    """
    from training.data import near_duplicate_pairs, normalise, read_records

    problems: list[str] = []
    seen_ids: set[str] = set()
    seen_texts: dict[str, str] = {}
    placed: list[tuple[str, str, str]] = []  # (where, split, text) of every valid row
    for split in FIELD_SPLITS:
        path = field_file(field_dir, split)
        if not path.exists():
            problems.append(f"{path}:0: missing field split file for '{split}'")
            continue
        records, bad = read_records(path, FieldRecord)
        problems += [str(problem) for problem in bad]
        for number, record in records:
            where = f"{path}:{number}"
            if record.split != split:
                problems.append(f"{where}: split: row says '{record.split}' in the {split} file")
            if page_split(record.source_url) != record.split:
                problems.append(
                    f"{where}: split: its page belongs to {page_split(record.source_url)} "
                    "(field splits go by page: training.field.page_split)"
                )
            if record.id in seen_ids:
                problems.append(f"{where}: id: duplicate id '{record.id}'")
            seen_ids.add(record.id)
            key = normalise(record.text)
            if key in seen_texts:
                problems.append(f"{where}: text: duplicate text (first at {seen_texts[key]})")
            seen_texts.setdefault(key, where)
            placed.append((where, split, record.text))
    for i, j, jaccard in near_duplicate_pairs([text for _, _, text in placed], CROSS_SPLIT_JACCARD):
        if placed[i][1] != placed[j][1]:
            problems.append(
                f"{placed[j][0]}: text: near copy ({jaccard:.2f} of words shared) of {placed[i][0]} "
                "in another split"
            )
    return problems


def load_field(field_dir: Path = DEFAULT_FIELD_DIR) -> DatasetDict:
    """The field splits as a `DatasetDict` keyed by split name, with the corpus's `multi_hot` column."""
    from training.data import add_multi_hot

    splits = {}
    for split in FIELD_SPLITS:
        rows = [json.loads(line) for line in field_file(field_dir, split).read_text().splitlines() if line]
        splits[split] = Dataset.from_list(rows).map(add_multi_hot, batched=True)
    return DatasetDict(splits)


def has_field(field_dir: Path = DEFAULT_FIELD_DIR) -> bool:
    """Whether a field set is present (a corpus folder of a user's own may come without one)."""
    return all(field_file(field_dir, split).exists() for split in FIELD_SPLITS)


_SHARED_COLUMNS = ["id", "text", "labels", "multi_hot"]


def with_field(splits: DatasetDict, field: DatasetDict, train_weight: int = 1) -> DatasetDict:
    """The corpus splits with real quotes added: field-train (repeated `train_weight` times) joins
    train, field-dev joins validation (after the written quotes: checkpoint choice and thresholds)
    and is also kept as its own `field-dev` split; test stays the corpus's own.
    """
    from datasets import concatenate_datasets

    def common(dataset: Dataset) -> Dataset:
        return dataset.select_columns(_SHARED_COLUMNS)

    return DatasetDict(
        train=concatenate_datasets([common(splits["train"])] + [common(field["field-train"])] * train_weight),
        validation=concatenate_datasets([common(splits["validation"]), common(field["field-dev"])]),
        test=splits["test"],
        **{"field-dev": common(field["field-dev"])},
    )
