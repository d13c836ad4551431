"""Request and response bodies of the HTTP API; validation errors name the field and the rule."""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from model.labels import MAX_TEXT_CHARS

MAX_QUOTES_PER_REQUEST = 256
ModelKind = Literal["transformer", "baseline"]


class QuoteIn(BaseModel):
    """One quote to classify; `id` and `speaker` are echoed back untouched."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    speaker: str | None = None
    id: str | int | None = None

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text must contain at least one non-space character")
        return value


Quotes = Annotated[list[QuoteIn], Field(min_length=1, max_length=MAX_QUOTES_PER_REQUEST)]


class QuoteResult(BaseModel):
    """The stances of one quote, in request order."""

    id: str | int | None = None
    speaker: str | None = None
    labels: list[str]
    scores: dict[str, float]
    language: str = "en"
    warning: str | None = None


class ClassifyResponse(BaseModel):
    model: str
    results: list[QuoteResult]


class ServedModel(BaseModel):
    tag: str
    kind: str
    runtime: str
    labels: list[str]
    thresholds: dict[str, float]
    test_metrics: dict


class ModelsResponse(BaseModel):
    models: dict[str, ServedModel]


MAX_ARTICLE_CHARS = 200_000


class ArticleQuote(BaseModel):
    """A quote found in an article: offsets into the article, speaker, cue verb and stances."""

    text: str
    start: int
    end: int
    speaker: str | None
    speaker_as_written: str | None
    cue: str | None
    labels: list[str]
    scores: dict[str, float]
    language: str = "en"
    warning: str | None = None
    kind: str = "direct"  # "direct" (the speaker's words) or "indirect" (reported speech)


class KindStances(BaseModel):
    """A speaker's quotes of one kind (direct or indirect) and their stances."""

    quotes: int
    stances: dict[str, int]


class SpeakerStances(BaseModel):
    """How many of a speaker's quotes the article has, and how many take each stance."""

    quotes: int
    stances: dict[str, int]
    by_kind: dict[str, KindStances] = {}  # the same counts for direct and for indirect quotes


class ArticleResponse(BaseModel):
    model: str
    quotes: list[ArticleQuote]
    speakers: dict[str, SpeakerStances]


ArticleText = Annotated[str, Field(min_length=1, max_length=MAX_ARTICLE_CHARS)]
ExplainText = Annotated[str, Field(min_length=1, max_length=MAX_TEXT_CHARS)]
