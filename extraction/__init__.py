"""Quote extraction and speaker attribution for news articles, and per-speaker stances."""

from extraction.article import ArticleResult, ClassifiedQuote, SpeakerSummary, classify_article
from extraction.quotes import Quote, extract_quotes

__all__ = [
    "ArticleResult",
    "ClassifiedQuote",
    "Quote",
    "SpeakerSummary",
    "classify_article",
    "extract_quotes",
]
