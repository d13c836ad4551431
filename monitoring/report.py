"""The drift report: Markdown with one table of checks, JSON for machines, and PNG plots."""

import json
from pathlib import Path

import numpy as np

from model.labels import LABELS
from monitoring.drift import SCORE_EDGES, Check
from monitoring.observations import Observations


def _plot_scores(reference: Observations, current: Observations, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(1, len(LABELS), figsize=(4 * len(LABELS), 3.2))
    edges = np.clip(SCORE_EDGES, 0, 1)
    for axis, (index, label) in zip(np.atleast_1d(axes), enumerate(LABELS), strict=True):
        axis.hist(reference.scores[:, index], bins=edges, density=True, alpha=0.5, label="reference")
        axis.hist(current.scores[:, index], bins=edges, density=True, alpha=0.5, label="input")
        axis.set_title(label)
        axis.set_xlabel("score")
    np.atleast_1d(axes)[0].legend()
    figure.tight_layout()
    figure.savefig(path, dpi=90)
    plt.close(figure)


def _plot_lengths_and_rates(reference: Observations, current: Observations, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (lengths, rates) = plt.subplots(1, 2, figsize=(10, 3.2))
    top = max(np.quantile(np.concatenate([reference.words, current.words]), 0.99), 1)
    bins = np.linspace(0, top, 30)
    lengths.hist(reference.words, bins=bins, density=True, alpha=0.5, label="reference")
    lengths.hist(current.words, bins=bins, density=True, alpha=0.5, label="input")
    lengths.set_xlabel("words per quote")
    lengths.legend()
    positions = np.arange(len(LABELS))
    rates.bar(positions - 0.2, reference.decisions.mean(axis=0), width=0.4, label="reference")
    rates.bar(positions + 0.2, current.decisions.mean(axis=0), width=0.4, label="input")
    rates.set_xticks(positions, [label.replace("_", "\n") for label in LABELS])
    rates.set_ylabel("share of quotes")
    figure.tight_layout()
    figure.savefig(path, dpi=90)
    plt.close(figure)


def _number(value: float | None) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "-"
    return f"{value:.3g}" if abs(value) < 0.001 and value != 0 else f"{value:.3f}"


def write_report(
    checks: list[Check], reference: Observations, current: Observations, context: dict, out: Path
) -> list[Path]:
    """Write drift.md, drift.json and two plots under `out`; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    scores_png, shape_png = out / "drift_scores.png", out / "drift_lengths_rates.png"
    _plot_scores(reference, current, scores_png)
    _plot_lengths_and_rates(reference, current, shape_png)
    alarms = [check for check in checks if check.alarm]
    lines = [
        "# Drift report",
        "",
        f"**{'ALARM' if alarms else 'no drift'}**: {len(alarms)} of {len(checks)} checks crossed "
        "their threshold.",
        "",
        *(f"- {key}: {value}" for key, value in context.items()),
        f"- quotes: reference {len(reference)}, input {len(current)}",
        "",
        "| check | reference | input | effect | threshold | p | alarm |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for check in checks:
        lines.append(
            f"| {check.name} | {_number(check.reference)} | {_number(check.current)} "
            f"| {_number(check.effect)} | {check.threshold} | {_number(check.p_value)} "
            f"| {'**yes**' if check.alarm else 'no'} |"
        )
    notes = sorted({f"{c.name}: {c.note}" for c in checks if c.note})
    lines += ["", *(f"- {note}" for note in notes)] if notes else []
    lines += [
        "",
        "Reference and input columns are rates (label rate), mean scores (score PSI), mean words (length) or",
        "the share of words unseen in training (held-out corpus splits as the reference).",
        "",
        f"![label scores]({scores_png.name})",
        "",
        f"![lengths and label rates]({shape_png.name})",
        "",
    ]
    markdown, summary = out / "drift.md", out / "drift.json"
    markdown.write_text("\n".join(lines), encoding="utf-8")
    payload = {"alarm": bool(alarms), **context, "checks": [check.to_dict() for check in checks]}
    summary.write_text(json.dumps(payload, indent=2, default=float), encoding="utf-8")
    return [markdown, summary, scores_png, shape_png]
