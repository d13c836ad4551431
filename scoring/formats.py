"""Reading input files row by row, in JSON Lines, CSV or Parquet, without loading them whole.

Every row comes back with its position in the file (the line of JSON Lines
and CSV, the 1-based row number of Parquet) so a rejected row can be found
again, and a resumed run can skip exactly the rows already done.
"""

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any


class Format(StrEnum):
    """A file format batch scoring reads and writes."""

    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


SUFFIXES: dict[str, Format] = {
    ".jsonl": Format.jsonl,
    ".ndjson": Format.jsonl,
    ".json": Format.jsonl,
    ".csv": Format.csv,
    ".parquet": Format.parquet,
    ".pq": Format.parquet,
}


def detect_format(path: Path, explicit: Format | None = None) -> Format:
    """The explicit format if given, else the one the file extension names."""
    if explicit is not None:
        return explicit
    found = SUFFIXES.get(Path(path).suffix.lower())
    if found is None:
        raise ValueError(
            f"cannot tell the format of {path} from its extension; name it with "
            f"--input-format/--output-format ({', '.join(f.value for f in Format)})"
        )
    return found


@dataclass(frozen=True)
class SourceRow:
    """One input row: its fields, or why they could not be read (then `raw` holds the text)."""

    line: int
    fields: dict[str, Any] | None
    problem: str | None = None
    raw: str | None = None


def parse_json_line(number: int, line: bytes) -> SourceRow | None:
    """One JSON Lines line as a row; None for a blank line."""
    if not line.strip():
        return None
    raw = line.decode("utf-8", errors="replace").rstrip("\r\n")
    try:
        fields = json.loads(line)
    except ValueError as error:  # JSONDecodeError and UnicodeDecodeError
        return SourceRow(number, None, f"not JSON ({getattr(error, 'msg', type(error).__name__)})", raw)
    if not isinstance(fields, dict):
        return SourceRow(number, None, f"not a JSON object but a {type(fields).__name__}", raw)
    return SourceRow(number, fields)


def parse_csv_values(number: int, header: list[str], values: list[str]) -> SourceRow:
    """One CSV record as a row, rejected when its field count differs from the header's."""
    if len(values) != len(header):
        problem = f"{len(values)} fields where the header has {len(header)}"
        return SourceRow(number, None, problem, json.dumps(values, ensure_ascii=False))
    return SourceRow(number, dict(zip(header, values, strict=True)))


def _read_jsonl(path: Path, after_line: int) -> Iterator[SourceRow]:
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            if number > after_line and (row := parse_json_line(number, line)) is not None:
                yield row


def _read_csv(path: Path, after_line: int) -> Iterator[SourceRow]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        start = reader.line_num + 1
        for values in reader:
            line, start = start, reader.line_num + 1
            if line > after_line and values:
                yield parse_csv_values(line, header, values)


def _read_parquet(path: Path, after_line: int, batch_size: int) -> Iterator[SourceRow]:
    import pyarrow.parquet as pq

    number = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=batch_size):
        if number + batch.num_rows <= after_line:
            number += batch.num_rows
            continue
        for fields in batch.to_pylist():
            number += 1
            if number > after_line:
                yield SourceRow(number, fields)


def read_rows(path: Path, fmt: Format, *, after_line: int = 0, batch_size: int = 1024) -> Iterator[SourceRow]:
    """Stream the rows of `path` that come after `after_line` (0: from the start)."""
    if fmt is Format.jsonl:
        return _read_jsonl(path, after_line)
    if fmt is Format.csv:
        return _read_csv(path, after_line)
    return _read_parquet(path, after_line, batch_size)


def count_rows(path: Path, fmt: Format) -> int:
    """How many rows `path` holds (blank JSON Lines lines excluded): the progress bar's total."""
    if fmt is Format.parquet:
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    if fmt is Format.csv:
        with open(path, encoding="utf-8", newline="") as handle:
            return max(sum(1 for values in csv.reader(handle) if values) - 1, 0)
    with open(path, "rb") as handle:
        return sum(1 for line in handle if line.strip())
