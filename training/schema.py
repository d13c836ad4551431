"""The schema of one labeled quote, shared by validation, loading and splitting."""

import datetime
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from model.labels import LABELS, MAX_TEXT_CHARS
from model.language import ENGLISH, detect_language

SPLITS: tuple[str, ...] = ("train", "validation", "test")
SOURCE_TYPES: tuple[str, ...] = (
    "interview",
    "press conference",
    "speech",
    "social media post",
    "written statement",
    "article paraphrase",
)
_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


class QuoteRecord(BaseModel):
    """One quote as stored in `data/quotes/<split>.jsonl`."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = Field(min_length=1)
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    speaker: str = Field(min_length=1)
    speaker_affiliation: str = Field(min_length=1)
    date: str
    source_type: Literal[SOURCE_TYPES]  # type: ignore[valid-type]
    labels: list[Literal[LABELS]]  # type: ignore[valid-type]
    split: Literal[SPLITS]  # type: ignore[valid-type]

    @field_validator("date")
    @classmethod
    def _real_calendar_date(cls, value: str) -> str:
        if not _DATE.match(value):
            raise ValueError("must be YYYY-MM or YYYY-MM-DD")
        try:
            datetime.date.fromisoformat(value if len(value) == 10 else f"{value}-01")
        except ValueError as error:
            raise ValueError(f"not a calendar date ({error})") from None
        return value

    @field_validator("text")
    @classmethod
    def _english(cls, value: str) -> str:
        # The models read English only, and the service refuses other languages: a row in another
        # language would teach labels from words no user's quote is ever scored on.
        language = detect_language(value)
        if language != ENGLISH:
            raise ValueError(f"looks like language '{language}', not English: store an English translation")
        return value

    @field_validator("labels")
    @classmethod
    def _no_repeated_labels(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("a label is listed twice")
        return value
