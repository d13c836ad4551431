"""Write evaluation reports: JSON, a side-by-side Markdown table and PNG plots."""

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from sklearn.calibration import calibration_curve
from sklearn.metrics import precision_recall_curve

from model.labels import LABELS
from training.evaluate import Evaluation


def comparison_table(evaluations: list[Evaluation]) -> str:
    """Markdown: one column per model, one row per metric."""
    header = "| metric | " + " | ".join(e.model for e in evaluations) + " |"
    lines = [header, "|---|" + "---:|" * len(evaluations)]

    def row(name: str, values: list[float]) -> None:
        lines.append(f"| {name} | " + " | ".join(f"{v:.3f}" for v in values) + " |")

    for key in ("macro_f1", "micro_f1", "exact_match", "ece"):
        row(key.replace("_", "-"), [e.metrics[key] for e in evaluations])
    for label in LABELS:
        for key in ("precision", "recall", "f1"):
            row(f"{label} {key}", [e.metrics["per_label"][label][key] for e in evaluations])
    return "\n".join(lines) + "\n"


def _plot_per_label(evaluations: list[Evaluation], out: Path, kind: str) -> Path:
    figure, axes = plt.subplots(1, len(LABELS), figsize=(5 * len(LABELS), 4.5))
    for axis, (i, label) in zip(axes, enumerate(LABELS), strict=True):
        for evaluation in evaluations:
            truth, probability = evaluation.truth[:, i], evaluation.probabilities[:, i]
            if kind == "pr":
                precision, recall, _ = precision_recall_curve(truth, probability)
                axis.plot(recall, precision, label=evaluation.model)
                axis.set_xlabel("recall")
                axis.set_ylabel("precision")
            else:
                observed, predicted = calibration_curve(truth, probability, n_bins=10, strategy="uniform")
                axis.plot(predicted, observed, marker="o", label=evaluation.model)
                axis.plot([0, 1], [0, 1], linestyle=":", color="grey")
                axis.set_xlabel("predicted probability")
                axis.set_ylabel("observed frequency")
        axis.set_title(label)
        axis.legend()
    figure.tight_layout()
    path = out / ("precision_recall.png" if kind == "pr" else "reliability.png")
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


def write_reports(evaluations: list[Evaluation], out: Path, split: str = "test") -> list[Path]:
    """Write `evaluation.json`, `evaluation.md` and the plots under `out`; return the paths."""
    out.mkdir(parents=True, exist_ok=True)
    payload = {
        "split": split,
        "models": {e.model: {"tag": e.tag, "metrics": e.metrics, "errors": e.errors} for e in evaluations},
    }
    json_path = out / "evaluation.json"
    json_path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    markdown = [f"# Evaluation on the {split} split\n", comparison_table(evaluations)]
    for e in evaluations:
        markdown.append(f"\n## Errors of {e.model} ({e.tag}): {len(e.errors)}\n")
        markdown += [
            f"- `{err['id']}` expected {err['expected'] or ['none']}, got {err['predicted'] or ['none']}: "
            f"{err['text']}"
            for err in e.errors
        ]
    md_path = out / "evaluation.md"
    md_path.write_text("\n".join(markdown) + "\n")
    return [
        json_path,
        md_path,
        _plot_per_label(evaluations, out, "pr"),
        _plot_per_label(evaluations, out, "reliability"),
    ]
