"""The project's one label order (every multi-hot vector, score dict and report uses it) and quote limit."""

from collections.abc import Iterable, Sequence

import numpy as np

LABELS: tuple[str, ...] = ("pro_negotiation", "territorial_red_line", "nato_opposition")
# The longest quote text accepted anywhere: the corpus schema, the service and `stance score`.
MAX_TEXT_CHARS = 5000


def encode(labels: Iterable[str]) -> list[int]:
    """Turn a list of label names into a multi-hot vector in `LABELS` order."""
    names = set(labels)
    unknown = names - set(LABELS)
    if unknown:
        raise ValueError(f"unknown label(s) {sorted(unknown)}; known: {list(LABELS)}")
    return [int(label in names) for label in LABELS]


def decode(multi_hot: Sequence[int] | np.ndarray) -> list[str]:
    """Turn a multi-hot vector in `LABELS` order back into label names."""
    return [label for label, on in zip(LABELS, multi_hot, strict=True) if on]
