"""Write evaluation reports: JSON, a side-by-side Markdown table, PNG plots and an HTML page linking them."""

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
    plots = [_plot_per_label(evaluations, out, "pr"), _plot_per_label(evaluations, out, "reliability")]
    html_path = out / "evaluation.html"
    html_path.write_text(evaluation_page(evaluations, split, plots), encoding="utf-8")
    return [json_path, md_path, *plots, html_path]


def evaluation_page(evaluations: list[Evaluation], split: str, plots: list[Path]) -> str:
    """The evaluation as an HTML page of the same kind as `stance report`'s, the plots beside it by name."""
    from reporting.html import Markup, page, section, table

    metrics = [
        ("macro-F1", "macro_f1"),
        ("micro-F1", "micro_f1"),
        ("exact match", "exact_match"),
        ("ECE", "ece"),
    ]
    rows = [(name, *(Markup(f"{e.metrics[key]:.3f}") for e in evaluations)) for name, key in metrics]
    for label in LABELS:
        for key in ("precision", "recall", "f1"):
            rows.append(
                (
                    f"{label} {key}",
                    *(Markup(f"{e.metrics['per_label'][label][key]:.3f}") for e in evaluations),
                )
            )
    models = ["metric", *(e.model for e in evaluations)]
    titles = {"precision_recall.png": "Precision and recall", "reliability.png": "Reliability (calibration)"}
    sections = [section("Metrics", table(models, rows), "Per-label thresholds tuned on validation.")]
    for plot in plots:
        link = Markup(f'<a href="{plot.name}"><img alt="{titles[plot.name]}" src="{plot.name}"></a>')
        sections.append(
            section(titles[plot.name], f'<div class="wide">{link}</div>', f"The file: {plot.name}")
        )
    for e in evaluations:
        errors = [
            (
                err["id"],
                ", ".join(err["expected"]) or "none",
                ", ".join(err["predicted"]) or "none",
                err["text"],
            )
            for err in e.errors
        ]
        sections.append(
            section(
                f"Errors of {e.model} ({e.tag}): {len(e.errors)}",
                table(["id", "expected", "predicted", "quote"], errors, "quotes"),
            )
        )
    tags = ", ".join(f"{e.model} {e.tag}" for e in evaluations)
    return page(f"Evaluation on the {split} split", f"{tags}; written by `stance evaluate`.", sections)


def summary_table(results: dict[str, list[Evaluation]]) -> str:
    """Markdown: macro-F1 of every model (columns) on every evaluated split (rows), with quote counts."""
    models = [e.model for e in next(iter(results.values()))] if results else []
    lines = ["| split | quotes | " + " | ".join(models) + " |", "|---|---:|" + "---:|" * len(models)]
    for name, evaluations in results.items():
        cells = " | ".join(f"{e.metrics['macro_f1']:.3f}" for e in evaluations)
        lines.append(f"| {name} | {len(evaluations[0].truth)} | {cells} |")
    return "\n".join(lines) + "\n"
