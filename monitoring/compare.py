"""One drift run: read the input, score the reference with the same model, check, report."""

import logging
from dataclasses import dataclass
from pathlib import Path

from model import store
from monitoring.drift import Check, run_checks, words_of
from monitoring.observations import Observations, read_observations, score_texts
from monitoring.report import write_report
from training.data import load_splits
from training.schema import SPLITS

log = logging.getLogger(__name__)


@dataclass
class DriftResult:
    checks: list[Check]
    paths: list[Path]

    @property
    def alarm(self) -> bool:
        return any(check.alarm for check in self.checks)


def _reference_model(current: Observations, model: str | None) -> str:
    """The tag to score the reference with: asked for, else the one the input was scored with."""
    if model:
        return store.resolve_tag(model)
    tag = current.main_model
    if tag and ":" in tag:
        import bentoml

        try:
            return str(bentoml.models.get(tag).tag)
        except bentoml.exceptions.NotFound:
            log.warning("input was scored with %s, not in this store: using production instead", tag)
    return store.resolve_tag("transformer")


def run_drift(
    source: Path, reference: str, out: Path, data_dir: Path, model: str | None = None
) -> DriftResult:
    """Compare `source` with `reference` (a corpus split name or a scored file) and write the report."""
    current = read_observations(source)
    corpus = load_splits(data_dir, validate=False)
    vocabulary = set(words_of(corpus["train"]["text"]))
    held_out = [text for split in SPLITS if split != "train" for text in corpus[split]["text"]]
    if reference in SPLITS:
        tag = _reference_model(current, model)
        baseline = score_texts(list(corpus[reference]["text"]), store.load(tag))
        described = f"{reference} split of {data_dir}, scored with {tag}"
    else:
        baseline = read_observations(Path(reference))
        described = f"{reference} (as scored there)"
    checks = run_checks(baseline, current, vocabulary, held_out)
    context = {"input": str(source), "reference": described, "input models": dict(current.models)}
    return DriftResult(checks, write_report(checks, baseline, current, context, out))
