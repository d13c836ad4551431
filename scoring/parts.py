"""Writing scored rows as part files, one per chunk, and joining the parts into one output file.

A part is written under a temporary name and renamed when complete, so a
crash never leaves half a part behind; the final file is assembled the same
way, which is what lets a run stop anywhere and resume without losing or
repeating a row.
"""

import csv
import json
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from model.files import atomic_file
from scoring.formats import Format


def json_line(record: dict[str, Any]) -> str:
    """One record as a JSON Lines line; values JSON has no type for (dates, ...) become strings."""
    return json.dumps(record, ensure_ascii=False, default=str) + "\n"


def csv_cell(value: Any) -> Any:
    """A CSV cell: lists and dicts (labels, scores) as JSON text, everything else as is."""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=str, separators=(",", ":"))
    return value


def _columns(records: Iterable[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(key for record in records for key in record))


def write_part(path: Path, records: Sequence[dict[str, Any]], fmt: Format) -> None:
    """Write one chunk's records to `path` in `fmt`, atomically."""
    if fmt is Format.parquet:
        import pyarrow as pa
        import pyarrow.parquet as pq

        columns = {column: [record.get(column) for record in records] for column in _columns(records)}
        try:
            table = pa.table(columns)
        except (pa.ArrowInvalid, pa.ArrowTypeError) as error:
            raise ValueError(
                f"Parquet needs one type per field, and this chunk mixes types: {error}"
            ) from None
        with atomic_file(path, "wb") as handle:
            pq.write_table(table, handle)
        return
    with atomic_file(path, "w") as handle:
        if fmt is Format.jsonl:
            handle.writelines(json_line(record) for record in records)
            return
        writer = csv.DictWriter(handle, fieldnames=_columns(records), lineterminator="\n")
        writer.writeheader()
        writer.writerows({key: csv_cell(value) for key, value in record.items()} for record in records)


def _merge_csv(parts: Sequence[Path], out: IO) -> None:
    headers = []
    for part in parts:
        with open(part, encoding="utf-8", newline="") as handle:
            headers.append(next(csv.reader(handle), []))
    writer = csv.DictWriter(
        out, fieldnames=list(dict.fromkeys(c for h in headers for c in h)), lineterminator="\n"
    )
    writer.writeheader()
    for part in parts:
        with open(part, encoding="utf-8", newline="") as handle:
            writer.writerows(csv.DictReader(handle))


def _merge_parquet(parts: Sequence[Path], out: IO) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schemas = [pq.read_schema(part) for part in parts]
    schema = pa.unify_schemas(schemas, promote_options="permissive") if schemas else pa.schema([])
    with pq.ParquetWriter(out, schema) as writer:
        for part in parts:
            table = pq.read_table(part)
            columns = [
                table[field.name] if field.name in table.column_names else pa.nulls(len(table), field.type)
                for field in schema
            ]
            writer.write_table(pa.Table.from_arrays(columns, schema=schema))


def merge_parts(parts: Sequence[Path], target: Path, fmt: Format) -> None:
    """Join the parts, in order, into `target`; it appears only when complete.

    CSV columns and Parquet schemas are unified over all parts: a column that
    only some chunks have is empty (null) in the others' rows.
    """
    if fmt is Format.parquet:
        with atomic_file(target, "wb") as out:
            _merge_parquet(parts, out)
    elif fmt is Format.csv:
        with atomic_file(target, "w") as out:
            _merge_csv(parts, out)
    else:
        with atomic_file(target, "wb") as out:
            for part in parts:
                with open(part, "rb") as handle:
                    shutil.copyfileobj(handle, out)
