"""`stance extract`: the quotes of a news article, who said them, and their stances."""

import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from extraction.article import ArticleResult, classify_article
from extraction.evaluate import DEFAULT_ARTICLES_DIR, KINDS, ExtractionMetrics
from model.labels import LABELS

console = Console(soft_wrap=True)


def extract(
    article: str | None = typer.Argument(
        None, metavar="ARTICLE", help="Article text file, or '-' to read stdin"
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables"),
    model: str = typer.Option("transformer", "--model", help="Stance model: kind, name or tag"),
    evaluate: bool = typer.Option(
        False, "--evaluate", help="Score extraction on the gold articles instead (no model needed)"
    ),
    articles: Path = typer.Option(DEFAULT_ARTICLES_DIR, "--articles", help="Gold articles folder"),
    errors: bool = typer.Option(False, "--errors", help="With --evaluate: list every miss"),
) -> None:
    """Extract quotes and speakers from an article and classify each quote's stance."""
    if evaluate:
        _evaluate(articles, as_json, errors)
        return
    if article is None:
        raise typer.BadParameter("give an ARTICLE file (or '-' for stdin), or use --evaluate")
    text = _read_article(article)

    from model import store

    try:
        predictor = store.load(model)
    except store.NoModelError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from error
    result = classify_article(text, predictor)
    if as_json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    _print_quotes(result)


def _read_article(article: str) -> str:
    if article == "-":
        return sys.stdin.read()
    path = Path(article)
    if not path.is_file():
        raise typer.BadParameter(f"{article} is not a file", param_hint="ARTICLE")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise typer.BadParameter(
            f"{article} is not UTF-8 text ({error.reason})", param_hint="ARTICLE"
        ) from error


def _print_quotes(result: ArticleResult) -> None:
    """The quotes, then the per-speaker stance counts; article text is never read as markup."""
    quotes = Table(title=f"{len(result.quotes)} quotes")
    for column in ("#", "speaker", "as written", "kind", "quote", "stances"):
        quotes.add_column(column, overflow="fold")
    for number, item in enumerate(result.quotes, 1):
        quote = item.quote
        quotes.add_row(
            str(number),
            Text(quote.speaker) if quote.speaker else Text("unknown", style="dim"),
            Text(quote.speaker_as_written or ""),
            Text(quote.kind),
            Text(quote.text),
            Text(", ".join(item.labels)) if item.labels else Text("none", style="dim"),
        )
    console.print(quotes)
    speakers = Table(title="speakers")
    for column in ("speaker", "quotes", *KINDS, *LABELS):
        speakers.add_column(column)
    for name, summary in result.speakers.items():
        counts = (str(summary.stances[label]) for label in LABELS)
        kinds = (str(summary.by_kind[k].quotes) if k in summary.by_kind else "0" for k in KINDS)
        speakers.add_row(Text(name), str(summary.quotes), *kinds, *counts)
    console.print(speakers)


def _evaluate(folder: Path, as_json: bool, errors: bool) -> None:
    from extraction.evaluate import GoldError, evaluate_articles, load_gold, metrics_by_kind

    try:
        gold = load_gold(folder)
    except GoldError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from error
    metrics, scores = evaluate_articles(gold)
    by_kind = metrics_by_kind(scores)  # "group/kind" keys: direct and indirect quotes apart
    if as_json:
        print(json.dumps({group: m.as_dict() for group, m in {**metrics, **by_kind}.items()}, indent=2))
    else:
        console.print(_metrics_table(metrics, folder))
        for kind in KINDS:  # by kind of quote: one table each, so every table fits 80 columns
            suffix = f"/{kind}"
            of_kind = {key.removesuffix(suffix): m for key, m in by_kind.items() if key.endswith(suffix)}
            console.print(_metrics_table(of_kind, folder, f"{kind} quotes"))
    if errors:
        for score in scores:
            for problem in score.problems:
                console.print(f"{score.name}: {problem}", markup=False, highlight=False)


def _metrics_table(metrics: dict[str, ExtractionMetrics], folder: Path, what: str = "") -> Table:
    """One row per group of articles (`--json` has every count and the precisions and recalls)."""
    table = Table(title=f"quote extraction on {folder}" + (f", {what}" if what else ""))
    table.add_column("group", no_wrap=True)
    for column in ("gold", "found", "exact F1", "overlap F1", "speakers right"):
        table.add_column(column, justify="right", no_wrap=True)
    for group, m in metrics.items():
        table.add_row(
            group,
            str(m.gold),
            str(m.predicted),
            f"{m.exact_f1:.3f}",
            f"{m.overlap_f1:.3f}",
            f"{m.speaker_accuracy:.3f} ({m.speaker_correct}/{m.speaker_total})",
        )
    return table
