"""`stance train`, `stance models`, `stance evaluate`: make, list and compare models."""

import json
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console

from training.data import DEFAULT_DATA_DIR

console = Console(soft_wrap=True)


class Kind(StrEnum):
    transformer = "transformer"
    baseline = "baseline"
    all = "all"


class Base(StrEnum):
    minilm = "minilm"
    mpnet = "mpnet"


def train(
    model: Kind = typer.Option(Kind.all, "--model", help="Which model to train"),
    data: Path = typer.Option(DEFAULT_DATA_DIR, "--data", help="Corpus folder"),
    base: Base = typer.Option(
        Base.minilm,
        "--base",
        help="Pretrained encoder: minilm (fast) or mpnet (better on real quotes; `make mpnet`)",
    ),
    epochs: int | None = typer.Option(
        None, help="Most epochs (early stopping may end sooner) [default: 6 for minilm, 3 for mpnet]"
    ),
    seed: int = typer.Option(13, help="Random seed for splits of work, init and order"),
    force: bool = typer.Option(False, help="Promote to production even if worse"),
) -> None:
    """Train, evaluate on test, save to the BentoML store, and promote if not worse."""
    from training.base_model import BASE_MODELS
    from training.train import SERVED_RUNTIME_TOLERANCE, train_and_save
    from training.transformer import FineTuneConfig

    pretrained = BASE_MODELS[base.value]
    config = FineTuneConfig(
        epochs=epochs or pretrained.epochs, learning_rate=pretrained.learning_rate, seed=seed
    )
    kinds = ["baseline", "transformer"] if model is Kind.all else [model.value]
    for kind in kinds:
        console.print(
            f"training {kind} on {data} ..." + (f" (from {pretrained.name})" if kind == "transformer" else "")
        )
        outcome = train_and_save(kind, data, config=config, force=force, base=base.value)
        status = "[green]production[/green]" if outcome.promoted else "[yellow]candidate[/yellow]"
        console.print(
            f"{outcome.tag}: test macro-F1 {outcome.metrics['macro_f1']:.4f}, "
            + "".join(f"{name} {m['macro_f1']:.4f}, " for name, m in (outcome.field_metrics or {}).items())
            + f"trained in {outcome.seconds:.0f}s -> {status} ({outcome.reason})"
        )
        if served := outcome.served_runtime:
            line = f"  served here as {served['runtime']}: test macro-F1 {served['macro_f1']:.4f}"
            if outcome.served_runtime_within_tolerance:
                console.print(f"{line}, within {SERVED_RUNTIME_TOLERANCE} of fp32")
            else:
                console.print(
                    f"{line}, [red]more than {SERVED_RUNTIME_TOLERANCE} below fp32[/red]: "
                    "serve it with STANCE_PRECISION=fp32"
                )


def models() -> None:
    """List stored models, their test metrics, and which ones serve (one line each, never cut)."""
    from model.store import list_models

    print(f"{'tag':<38} {'created':<16} {'stage':<10} {'macro-F1':>8} {'micro-F1':>8}  thresholds")
    for row in list_models():
        metrics = row.metadata.get("test_metrics", {})
        thresholds = ", ".join(f"{t:.2f}" for t in row.metadata.get("thresholds", []))
        print(
            f"{row.tag:<38} {row.created[:16].replace('T', ' '):<16} "
            f"{'production' if row.production else 'candidate':<10} "
            f"{metrics.get('macro_f1', float('nan')):>8.4f} {metrics.get('micro_f1', float('nan')):>8.4f}  "
            f"{thresholds}"
        )


def evaluate(
    data: Path = typer.Option(DEFAULT_DATA_DIR, "--data", help="Corpus folder"),
    field: Path = typer.Option(None, "--field", help="Field set folder (default: beside the corpus)"),
    out: Path = typer.Option(Path("reports"), "--out", help="Folder for the reports"),
    split: str = typer.Option(
        "all", help="test, validation, field-dev, field-test, or all (test and the field splits)"
    ),
) -> None:
    """Evaluate the production models side by side: JSON, Markdown and plots per split under --out."""
    from model import store
    from model.hardware import choose_runtime
    from training.data import load_splits
    from training.evaluate import evaluate as run_evaluation
    from training.field import has_field, load_field
    from training.report import comparison_table, summary_table, write_reports

    corpus = load_splits(data)
    field_dir = field or data.parent / "field"
    sets = {name: corpus[name] for name in ("test", "validation")}
    if has_field(field_dir):
        field_sets = load_field(field_dir)
        sets |= {name: field_sets[name] for name in ("field-dev", "field-test")}
    chosen = ["test", "field-dev", "field-test"] if split == "all" else [split]
    unknown = [name for name in chosen if name not in sets]
    if unknown and split != "all":
        raise typer.BadParameter(f"no split {split!r} here: choose from {', '.join(sets)} or all")
    fp32 = choose_runtime(device="cpu", precision="fp32")
    predictors = {"baseline": store.load("baseline"), "transformer": store.load("transformer", runtime=fp32)}
    served = choose_runtime()
    if served != fp32:
        predictor = store.load("transformer", runtime=served)  # its runtime: what it really runs
        predictors[f"transformer ({predictor.runtime})"] = predictor
    results = {}
    for name in (n for n in chosen if n in sets):
        evaluations = [run_evaluation(p, sets[name], label) for label, p in predictors.items()]
        paths = write_reports(evaluations, out / name, name)
        results[name] = evaluations
        console.print(f"\n{name} ({len(sets[name])} quotes)\n" + comparison_table(evaluations), markup=False)
        console.print("wrote " + ", ".join(str(p) for p in paths))
    (out / "summary.md").write_text(summary_table(results))
    console.print("\n" + summary_table(results), markup=False)
    macro = {name: {e.model: round(e.metrics["macro_f1"], 4) for e in r} for name, r in results.items()}
    console.print(json.dumps(macro))
