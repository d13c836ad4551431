"""Drift checks: do live quotes still look like the quotes the model was trained and tested on?

Each check has an effect size and a significance test, and alarms only when
both cross their thresholds: a big effect seen on a handful of quotes is noise,
and a tiny effect on a million quotes is significant but harmless.

- label rate: share of quotes given each label; alarm at an absolute change
  above 0.05 with a two-proportion z-test p below 0.001.
- score distribution: PSI of each label's score over fixed bins; alarm at PSI
  above 0.10 (the usual "moderate shift") with a Kolmogorov-Smirnov p below 0.001.
- text length: the same PSI and KS rule on words per quote, over the
  reference's deciles.
- unseen words: share of word tokens not in the training split's vocabulary;
  alarm when it is more than 0.10 above the same share of the held-out
  splits (new but on-topic wording).

Chosen on the real corpus scored by the tiny baseline (tests/test_drift.py):
test against train stays below a third of every threshold (rates within
0.025, PSI at most 0.034, unseen words equal), while the test split without its
territorial_red_line quotes moves that label's score PSI to 0.125 (p 0.0003),
without its nato_opposition quotes moves that rate by 0.12, and quotes on
another topic have several times the unseen words.
"""

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass

import numpy as np
from scipy import stats

from model.labels import LABELS
from monitoring.observations import Observations

RATE_CHANGE = 0.05
PSI_ALARM = 0.10
P_VALUE = 0.001
UNSEEN_MARGIN = 0.10
SCORE_EDGES = np.array([0.0, 0.05, 0.1, 0.2, 0.35, 0.5, 0.65, 0.8, 0.9, 0.95, 1.0 + 1e-9])
_WORD = re.compile(r"[\w']+")


@dataclass(frozen=True)
class Check:
    """One comparison, its numbers and whether it alarms."""

    name: str
    reference: float
    current: float
    effect: float  # the number the threshold applies to (difference, PSI, share above baseline)
    threshold: float
    p_value: float | None
    alarm: bool
    note: str = ""

    def to_dict(self) -> dict:
        """As JSON can hold it (NaN, for a skipped check, becomes null)."""
        return {k: None if isinstance(v, float) and np.isnan(v) else v for k, v in asdict(self).items()}


def psi(reference: np.ndarray, current: np.ndarray, edges: np.ndarray) -> float:
    """Population stability index of two samples over `edges` (empty bins smoothed, never infinite)."""
    expected = np.histogram(reference, bins=edges)[0] + 0.5
    actual = np.histogram(current, bins=edges)[0] + 0.5
    expected, actual = expected / expected.sum(), actual / actual.sum()
    return float(np.sum((actual - expected) * np.log(actual / expected)))


def _two_proportion_p(k1: int, n1: int, k2: int, n2: int) -> float:
    pooled = (k1 + k2) / (n1 + n2)
    spread = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if spread == 0:
        return 1.0
    return float(2 * stats.norm.sf(abs(k1 / n1 - k2 / n2) / spread))


def label_rate_checks(reference: Observations, current: Observations) -> list[Check]:
    checks = []
    for index, label in enumerate(LABELS):
        k1, k2 = int(reference.decisions[:, index].sum()), int(current.decisions[:, index].sum())
        before, after = k1 / len(reference), k2 / len(current)
        p = _two_proportion_p(k1, len(reference), k2, len(current))
        change = abs(after - before)
        alarm = change > RATE_CHANGE and p < P_VALUE
        checks.append(Check(f"label rate: {label}", before, after, change, RATE_CHANGE, p, alarm))
    return checks


def _distribution_check(name: str, reference: np.ndarray, current: np.ndarray, edges: np.ndarray) -> Check:
    value = psi(reference, current, edges)
    p = float(stats.ks_2samp(reference, current).pvalue)
    alarm = value > PSI_ALARM and p < P_VALUE
    means = float(np.mean(reference)), float(np.mean(current))
    return Check(name, *means, value, PSI_ALARM, p, alarm)


def score_checks(reference: Observations, current: Observations) -> list[Check]:
    return [
        _distribution_check(f"score PSI: {label}", reference.scores[:, i], current.scores[:, i], SCORE_EDGES)
        for i, label in enumerate(LABELS)
    ]


def length_check(reference: Observations, current: Observations) -> Check:
    edges = np.unique(np.quantile(reference.words, np.linspace(0, 1, 11)))
    edges[0], edges[-1] = -np.inf, np.inf
    return _distribution_check("text length (words)", reference.words, current.words, edges)


def words_of(texts: Iterable[str]) -> list[str]:
    return [word for text in texts for word in _WORD.findall(text.lower())]


def unseen_share(texts: Iterable[str], vocabulary: set[str]) -> float:
    words = words_of(texts)
    return sum(word not in vocabulary for word in words) / len(words) if words else 0.0


def unseen_words_check(current: Observations, vocabulary: set[str], held_out: list[str]) -> Check:
    """Share of words never seen in training, against what held-out corpus quotes show."""
    baseline = unseen_share(held_out, vocabulary)
    if current.texts is None:
        return Check(
            "unseen words",
            baseline,
            float("nan"),
            0.0,
            UNSEEN_MARGIN,
            None,
            False,
            "skipped: the input holds text hashes only (log with STANCE_PREDICTION_LOG_TEXT=text)",
        )
    share = unseen_share(current.texts, vocabulary)
    excess = share - baseline
    return Check("unseen words", baseline, share, excess, UNSEEN_MARGIN, None, excess > UNSEEN_MARGIN)


def run_checks(
    reference: Observations, current: Observations, vocabulary: set[str], held_out: list[str]
) -> list[Check]:
    """Every drift check of `current` against `reference`."""
    return [
        *label_rate_checks(reference, current),
        *score_checks(reference, current),
        length_check(reference, current),
        unseen_words_check(current, vocabulary, held_out),
    ]
