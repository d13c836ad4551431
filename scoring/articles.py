"""`--articles`: an input row is a news article; each quotation in it becomes a row to score."""

from scoring.formats import SourceRow
from scoring.rows import TEXT_FIELD

QUOTE_PREFIX = "quote_"
QUOTE_FIELDS = ("start", "end", "speaker", "speaker_as_written", "cue", "kind")
RENAMED_PREFIX = "article_"


def quote_rows(article: SourceRow) -> list[SourceRow]:
    """One row per quote, in text order: the article's other fields, the quote's text and details.

    The quote's offsets and attribution are `quote_start`, `quote_end`,
    `quote_speaker`, `quote_speaker_as_written`, `quote_cue` and `quote_kind`
    ("direct" or "indirect": reported speech); an article
    field with one of those names is kept as `article_<name>`.
    """
    from extraction import extract_quotes

    fields = dict(article.fields or {})
    body = fields.pop(TEXT_FIELD)
    reserved = {QUOTE_PREFIX + name for name in QUOTE_FIELDS}
    kept = {(RENAMED_PREFIX + key if key in reserved else key): value for key, value in fields.items()}
    return [
        SourceRow(
            article.line,
            {
                **kept,
                TEXT_FIELD: quote.text,
                **{QUOTE_PREFIX + name: getattr(quote, name) for name in QUOTE_FIELDS},
            },
        )
        for quote in extract_quotes(body)
    ]
