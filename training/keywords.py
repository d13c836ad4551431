"""A keyword-regex scorer: the floor that the learned models must clear on misleading wording.

It is what a newsroom would write in an afternoon. Kept for the evaluation
table only, never served.
"""

import re

import numpy as np

from model.labels import LABELS
from model.predictor import Predictor

KEYWORDS: dict[str, re.Pattern[str]] = {
    "pro_negotiation": re.compile(
        r"\b(negotiat\w*|talks?|ceasefire|truce|peace (deal|agreement|plan|talks)|diplomac\w*|"
        r"dialogue|sit down|table|settlement|compromise)\b",
        re.IGNORECASE,
    ),
    "territorial_red_line": re.compile(
        r"\b((never|not|won't|will not) (cede|give|hand|surrender|trade|recogni[sz]e)\w*|inch|"
        r"territorial integrity|(non|not)[- ]negotiable|red lines?|not for sale|"
        r"(crimea|donbas|donetsk|luhansk|kherson|zaporizhzhia|kharkiv)\w* (is|are|stays?|remains?) "
        r"(ours|ukrain\w*|russia\w*))\b",
        re.IGNORECASE,
    ),
    "nato_opposition": re.compile(
        r"\b(neutral\w*|non-aligned|no nato|(not|never) (join|be (a )?member)\w*|"
        r"nato membership (is|would be) (unrealistic|impossible|off the table)|outside (of )?nato)\b",
        re.IGNORECASE,
    ),
}


class KeywordPredictor(Predictor):
    """Probability 1 when a label's pattern matches, else 0."""

    kind = "keywords"

    def __init__(self) -> None:
        super().__init__([0.5] * len(LABELS), tag="keyword-regex")

    def _probabilities(self, texts: list[str]) -> np.ndarray:
        return np.array(
            [[float(bool(KEYWORDS[label].search(text))) for label in LABELS] for text in texts],
            dtype=np.float32,
        ).reshape(-1, len(LABELS))
