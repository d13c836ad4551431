"""`stance models [show|promote|rollback]`: the stored models, their cards, and the production pointer."""

import hashlib
import json

import typer
from bentoml.exceptions import NotFound

from cli.models import Kind
from cli.models import models as list_models

app = typer.Typer(help="Stored models, model cards, promotion and rollback.")


@app.callback(invoke_without_command=True)
def overview(context: typer.Context) -> None:
    """List stored models (which one serves) and the promotion history."""
    if context.invoked_subcommand is not None:
        return
    from model.store import promotion_history

    list_models()
    moves = promotion_history()
    if moves:
        print("\nhistory (oldest first):")
    for move in moves:
        came_from = f" (was {move.previous})" if move.previous else ""
        reason = f": {move.reason}" if move.reason else ""
        print(f"{move.time}  {move.action:<8} {move.tag}{came_from}{reason}")


def data_version(hashes: dict[str, str]) -> str:
    """One short id for the corpus a model was trained on (from its per-split hashes)."""
    joined = "".join(f"{split}:{digest}" for split, digest in sorted(hashes.items()))
    return hashlib.sha256(joined.encode()).hexdigest()[:12]


def model_card(tag: str) -> str:
    """A Markdown model card from the metadata `stance train` stores with a model."""
    import bentoml

    from model.store import production_tag

    stored = bentoml.models.get(tag)
    meta = dict(stored.info.metadata)
    serving = production_tag(stored.tag.name) == str(stored.tag)
    lines = [
        f"# {stored.tag}",
        "",
        f"- kind: {meta.get('kind', '?')}",
        f"- stage: {'production' if serving else 'candidate'}",
        f"- created: {stored.info.creation_time.isoformat(timespec='seconds')}",
        f"- parent production model: {meta.get('parent_production', 'none recorded')}",
        f"- code: {meta.get('git_commit', '?')}",
        f"- base model sha256: {meta.get('base_model_sha256', '?')}",
        f"- training seconds: {meta.get('training_seconds', '?')}",
    ]
    hashes = meta.get("data_sha256") or {}
    if hashes:
        lines += ["", f"## Data (version {data_version(hashes)})", ""]
        if "data_dir" in meta:
            lines.append(f"- folder: {meta['data_dir']}")
        lines += [f"- {split}.jsonl sha256: {digest}" for split, digest in hashes.items()]
    lines += ["", "## Training arguments", "", "```json", json.dumps(meta.get("training_args", {}), indent=2)]
    lines += ["```", "", "## Thresholds", ""]
    pairs = zip(meta.get("labels", []), meta.get("thresholds", []), strict=False)
    lines += [f"- {label}: {threshold:.3f}" for label, threshold in pairs]
    for key in sorted(k for k in meta if k.endswith("_metrics")):
        lines += ["", f"## {key.removesuffix('_metrics').replace('_', ' ')} metrics", ""]
        lines += _metric_lines(meta[key])
    if served := meta.get("served_runtime"):
        lines += ["", "## Served runtime", ""]
        lines.append(f"- {served.get('runtime')}: test macro-F1 {served.get('macro_f1')}")
    return "\n".join(lines) + "\n"


def _number(value) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def _metric_lines(metrics: dict) -> list[str]:
    lines = []
    for name, value in metrics.items():
        if isinstance(value, float | int | str):
            lines.append(f"- {name}: {_number(value)}")
        elif isinstance(value, dict):
            inner = ", ".join(f"{k} {_number(v)}" for k, v in value.items())
            lines.append(f"- {name}: {inner}")
    return lines


@app.command()
def show(tag: str = typer.Argument(..., help="Model tag, or transformer/baseline for production")) -> None:
    """Print a model card: kind, data version and hashes, training arguments, thresholds, metrics."""
    from model.store import NoModelError, resolve_tag

    try:
        print(model_card(resolve_tag(tag)), end="")
    except (NotFound, NoModelError) as error:
        raise typer.BadParameter(f"no model {tag!r} in the store ({error})") from None


@app.command()
def promote(
    tag: str = typer.Argument(..., help="Full model tag, e.g. stance-transformer:abc123"),
    reason: str = typer.Option("promoted by hand", help="Why, recorded in the history"),
) -> None:
    """Make TAG the production model of its kind (a running service picks it up within seconds)."""
    import bentoml

    from model import store

    try:
        before = store.production_tag(bentoml.models.get(tag).tag.name)
        store.promote(tag, reason)
    except NotFound:
        raise typer.BadParameter(f"no model {tag!r} in the store; `stance models` lists them") from None
    print(f"{tag} is production (was {before or 'none'})")


@app.command()
def rollback(
    model: Kind = typer.Option(Kind.transformer, "--model", help="Which kind to roll back (all: both)"),
    reason: str = typer.Option("", help="Why, recorded in the history"),
) -> None:
    """Put the previous production model back, and record it."""
    from model.store import NoModelError
    from model.store import rollback as roll_back

    kinds = ["transformer", "baseline"] if model is Kind.all else [model.value]
    for kind in kinds:
        try:
            print(f"{kind}: production is {roll_back(kind, reason)} again")
        except NoModelError as error:
            print(f"{kind}: {error}")
            raise typer.Exit(1) from None


@app.command()
def prepare(tag: str = typer.Argument(..., help="Model tag, or transformer for production")) -> None:
    """Add the ONNX graph (exported once) to a transformer trained before graphs were stored with it."""
    from model.store import prepare as add_graph

    print(f"{tag}: graph at {add_graph(tag)}")
