"""What a scored row and a rejected row look like, and which input rows get rejected.

Shared by the local and the Spark engines, so both accept, reject and write
exactly the same rows.
"""

from typing import Any

from model.labels import MAX_TEXT_CHARS
from model.predictor import Prediction
from scoring.formats import SourceRow

TEXT_FIELD = "text"
OUTPUT_FIELDS = ("labels", "scores", "language", "warning", "model")
RENAMED_PREFIX = "input_"


def text_problem(fields: dict[str, Any], max_chars: int | None = MAX_TEXT_CHARS) -> str | None:
    """Why the row's text cannot be scored, or None when it can."""
    text = fields.get(TEXT_FIELD)
    if text is None:
        return f"no '{TEXT_FIELD}' field"
    if not isinstance(text, str):
        return f"'{TEXT_FIELD}' is a {type(text).__name__}, not a string"
    if not text.strip():
        return f"empty '{TEXT_FIELD}'"
    if max_chars is not None and len(text) > max_chars:
        return f"text too long: {len(text)} characters (limit {max_chars})"
    return None


def row_problem(row: SourceRow, max_chars: int | None = MAX_TEXT_CHARS) -> str | None:
    """Why an input row is rejected (unreadable, no text, text too long), or None."""
    return row.problem or text_problem(row.fields or {}, max_chars)


def reject_record(line: int, reason: str, row: SourceRow) -> dict[str, Any]:
    """A line of the rejects file: where the row was, why it was rejected, and what it held."""
    content = row.fields if row.fields is not None else row.raw
    return {"line": line, "reason": reason, "row": content}


def scored_record(fields: dict[str, Any], prediction: Prediction, model_tag: str) -> dict[str, Any]:
    """The input fields plus labels, scores, language (a warning if not English) and the model tag.

    An input field named like an output field (a labeled corpus has `labels`)
    is kept as `input_<name>` instead of being overwritten.
    """
    kept = {(RENAMED_PREFIX + key if key in OUTPUT_FIELDS else key): value for key, value in fields.items()}
    return {
        **kept,
        "labels": prediction.labels,
        "scores": prediction.scores,
        "language": prediction.language,
        "warning": prediction.warning,
        "model": model_tag,
    }
