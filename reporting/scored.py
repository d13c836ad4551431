"""`stance report`: one HTML page of charts and their counts for a file `stance score` wrote.

The file is read row by row (scoring/formats.py) into `ReportCounts`, whose
memory is bounded whatever the number of rows; the charts are drawn from those
counts with matplotlib and embedded in the page as PNG, each beside the table of
the counts it shows.
"""

import math
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from reporting.aggregate import ReportCounts
from reporting.html import (
    Markup,
    chart_beside_table,
    colour,
    label_heading,
    page,
    png,
    pretty,
    section,
    table,
)
from scoring.formats import Format, read_rows

TOP_SPEAKERS = 15
SPEAKERS_OVER_TIME = 6
MIN_QUOTES_PER_POINT = 3  # a speaker's month with fewer quotes is left out of the chart (too noisy)
MIN_QUOTES_PER_MONTH = 10  # likewise a month with fewer quotes in all, in the per-month chart


@dataclass(frozen=True)
class ReportSummary:
    rows: int
    skipped: int
    unreadable: int
    seconds: float
    output: Path


def count_file(path: Path, fmt: Format, counts: ReportCounts) -> int:
    """Feed every row of `path` to `counts`; returns the rows that could not be read at all."""
    unreadable = 0
    for row in read_rows(path, fmt):
        if row.fields is None:
            unreadable += 1
        else:
            counts.add(row.fields, row.line)
    return unreadable


def write_report(
    path: Path,
    fmt: Format,
    out: Path,
    *,
    top_speakers: int = TOP_SPEAKERS,
    top_quotes: int = 10,
    speaker_field: str | None = None,
    date_field: str = "date",
    title: str | None = None,
) -> ReportSummary:
    """Count `path` and write the HTML report to `out`."""
    started = time.perf_counter()
    counts = ReportCounts(top_quotes=top_quotes, speaker_field=speaker_field, date_field=date_field)
    unreadable = count_file(Path(path), fmt, counts)
    if counts.rows == 0:
        raise ValueError(
            f"{path} has no scored rows (rows with `labels` and `scores`, as `stance score` writes them)"
        )
    html = render(counts, title or f"Stances in {Path(path).name}", Path(path).name, top_speakers, unreadable)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return ReportSummary(counts.rows, counts.skipped, unreadable, time.perf_counter() - started, out)


def render(counts: ReportCounts, title: str, source: str, top_speakers: int, unreadable: int = 0) -> str:
    """The report's HTML from the counts."""
    models = ", ".join(f"{tag} ({n:,} rows)" for tag, n in counts.models.most_common(3)) or "not recorded"
    meta = (
        f"{counts.rows:,} scored quotes from {source}; model {models}; "
        f"written {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `stance report`."
    )
    skipped = counts.skipped + unreadable
    parts = [_overview(counts, skipped)]
    if counts.months:
        parts.append(_per_month(counts))
    if counts.speakers:
        parts.append(_per_speaker(counts, top_speakers))
        if counts.months:
            parts.append(_speakers_over_time(counts, min(SPEAKERS_OVER_TIME, top_speakers)))
    parts.append(_cooccurrence(counts))
    parts.append(_top_quotes(counts))
    return page(title, meta, parts)


def _headings(counts: ReportCounts, *first: str) -> list:
    return [*first, *(Markup(label_heading(label, counts.labels)) for label in counts.labels)]


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _overview(counts: ReportCounts, skipped: int) -> str:
    rows = [
        (pretty(label), counts.label_counts[label], _share(counts.label_counts[label], counts.rows))
        for label in counts.labels
    ]
    none = counts.combinations.get((), 0)
    rows.append(("no stance", none, _share(none, counts.rows)))
    figure, axis = plt.subplots(figsize=(7, 2.6))
    names = [pretty(label) for label in counts.labels] + ["no stance"]
    values = [r[2] for r in rows]
    bars = axis.barh(
        names, values, color=[colour(label, counts.labels) for label in counts.labels] + ["#9aa5b3"]
    )
    axis.bar_label(bars, labels=[f"{v:.0%}" for v in values], padding=3, fontsize=9)
    axis.invert_yaxis()
    axis.set_xlim(0, max([*values, 0.01]) * 1.15)
    axis.set_xlabel("share of quotes")
    axis.spines[["top", "right"]].set_visible(False)
    notes = []
    if skipped:
        notes.append(f"{skipped:,} rows left out: no readable labels and scores.")
    if counts.no_date:
        notes.append(f"{counts.no_date:,} quotes have no readable date (field `{counts.date_field}`).")
    if counts.no_speaker:
        notes.append(f"{counts.no_speaker:,} quotes have no speaker.")
    if counts.untracked_speaker_rows:
        notes.append(
            f"{counts.untracked_speaker_rows:,} quotes by speakers beyond the first "
            f"{counts.max_speakers:,} met are not in the speaker tables."
        )
    body = chart_beside_table(png(figure), table(["stance", "quotes", "share"], rows))
    return section("All quotes", body, " ".join(notes) or "A quote can take several stances, or none.")


def _month_ticks(axis, months: list[str]) -> None:
    step = max(1, math.ceil(len(months) / 18))
    axis.set_xticks(range(0, len(months), step))
    axis.set_xticklabels(months[::step], rotation=45, ha="right", fontsize=8)


def _per_month(counts: ReportCounts) -> str:
    months = counts.sorted_months()
    names = [month for month, _ in months]
    figure, axis = plt.subplots(figsize=(8, 3.8))
    volume = axis.twinx()
    volume.bar(range(len(months)), [c["quotes"] for _, c in months], color="#e3e7ec", width=0.8)
    volume.set_ylabel("quotes", color="#8a939e")
    volume.tick_params(axis="y", colors="#8a939e")
    axis.set_zorder(volume.get_zorder() + 1)
    axis.patch.set_visible(False)
    for label in counts.labels:
        shares = [
            _share(c[label], c["quotes"]) if c["quotes"] >= MIN_QUOTES_PER_MONTH else float("nan")
            for _, c in months
        ]
        axis.plot(
            range(len(months)),
            shares,
            marker="o",
            markersize=3,
            label=pretty(label),
            color=colour(label, counts.labels),
        )
    axis.set_ylabel("share of the month's quotes")
    axis.set_ylim(0, 1)
    _month_ticks(axis, names)
    axis.legend(loc="upper left", fontsize=8, frameon=False)
    rows = [(month, c["quotes"], *(c[label] for label in counts.labels)) for month, c in months]
    body = chart_beside_table(png(figure), table(_headings(counts, "month", "quotes"), rows, "nowrap"))
    return section(
        "Stances per month",
        body,
        "Lines: share of each month's quotes taking the stance (months with fewer than "
        f"{MIN_QUOTES_PER_MONTH} quotes left out); grey bars: quotes that month. The table holds the counts.",
    )


def _per_speaker(counts: ReportCounts, n: int) -> str:
    top = counts.top_speakers(n)
    figure, axis = plt.subplots(figsize=(8, 0.42 * len(top) + 1.4))
    height = 0.8 / len(counts.labels)
    for i, label in enumerate(counts.labels):
        shares = [_share(c[label], c["quotes"]) for _, c in top]
        axis.barh(
            [y + i * height for y in range(len(top))],
            shares,
            height=height,
            label=pretty(label),
            color=colour(label, counts.labels),
        )
    axis.set_yticks([y + height * (len(counts.labels) - 1) / 2 for y in range(len(top))])
    axis.set_yticklabels([f"{name} ({c['quotes']:,})" for name, c in top], fontsize=8)
    axis.invert_yaxis()
    axis.set_xlim(0, 1)
    axis.set_xlabel("share of the speaker's quotes")
    axis.legend(loc="lower right", fontsize=8, frameon=False)
    axis.spines[["top", "right"]].set_visible(False)
    rows = [(name, c["quotes"], *(c[label] for label in counts.labels)) for name, c in top]
    note = (
        f"The {len(top)} most quoted of {len(counts.speakers):,} speakers (quotes in brackets); "
        "the table holds the counts."
    )
    body = chart_beside_table(png(figure), table(_headings(counts, "speaker", "quotes"), rows))
    return section("Stances of the most quoted speakers", body, note)


def period_of(month: str, unit: str) -> str:
    """'YYYY-MM' as itself (month), 'YYYY-Qn' (quarter) or 'YYYY' (year)."""
    if unit == "month":
        return month
    year, number = month.split("-")
    return f"{year}-Q{(int(number) - 1) // 3 + 1}" if unit == "quarter" else year


def speaker_periods(counts: ReportCounts, top: list[str]) -> tuple[str, dict[tuple[str, str], Counter]]:
    """The top speakers' counts per month, or per quarter or year when months are too thin to chart.

    The finest period in which half the speakers' non-empty periods hold at least
    MIN_QUOTES_PER_POINT quotes.
    """
    wanted = set(top)
    for unit in ("month", "quarter", "year"):
        cells: dict[tuple[str, str], Counter] = {}
        for (name, month), cell in counts.speaker_months.items():
            if name in wanted:
                cells.setdefault((name, period_of(month, unit)), Counter()).update(cell)
        sizes = sorted(cell["quotes"] for cell in cells.values())
        if unit == "year" or (sizes and sizes[len(sizes) // 2] >= MIN_QUOTES_PER_POINT):
            return unit, cells
    raise AssertionError("unreachable")


def _speakers_over_time(counts: ReportCounts, n: int) -> str:
    top = [name for name, _ in counts.top_speakers(n)]
    unit, cells = speaker_periods(counts, top)
    periods = sorted({period for _, period in cells})
    figure, axes = plt.subplots(1, len(counts.labels), figsize=(4.2 * len(counts.labels), 3.6), sharey=True)
    axes = [axes] if len(counts.labels) == 1 else list(axes)
    palette = plt.get_cmap("tab10")
    for axis, label in zip(axes, counts.labels, strict=True):
        for i, name in enumerate(top):
            shares = []
            for period in periods:
                cell = cells.get((name, period))
                enough = cell is not None and cell["quotes"] >= MIN_QUOTES_PER_POINT
                shares.append(_share(cell[label], cell["quotes"]) if enough else float("nan"))
            axis.plot(
                range(len(periods)),
                shares,
                marker="o",
                markersize=4,
                color=palette(i % 10),
                label=name if label == counts.labels[0] else None,
            )
        axis.set_title(pretty(label), fontsize=10, color=colour(label, counts.labels))
        axis.set_ylim(-0.02, 1.02)
        axis.set_xlim(-0.5, len(periods) - 0.5)
        _month_ticks(axis, periods)
    axes[0].set_ylabel("share of the speaker's quotes")
    figure.legend(
        loc="lower center", ncol=min(len(top), 6), fontsize=8, frameon=False, bbox_to_anchor=(0.5, -0.14)
    )
    rows = [
        (name, period, cell["quotes"], *(cell[label] for label in counts.labels))
        for name in top
        for period in periods
        if (cell := cells.get((name, period)))
    ]
    note = (
        f"Each of the {len(top)} most quoted speakers' share of quotes taking each stance, {unit} by {unit} "
        f"(the finest period their quotes fill); a {unit} with fewer than {MIN_QUOTES_PER_POINT} of the "
        "speaker's quotes is left out of the chart, not of the table."
    )
    if counts.untracked_speaker_month_rows:
        note += f" {counts.untracked_speaker_month_rows:,} quotes fell beyond the speaker-month pairs kept."
    counts_table = table(_headings(counts, "speaker", unit, "quotes"), rows)
    body = f'<div class="wide">{png(figure)}</div>{counts_table}'
    return section("Who moved where over time", body, note)


def _cooccurrence(counts: ReportCounts) -> str:
    matrix = counts.cooccurrence()
    names = [pretty(label) for label in counts.labels]
    figure, axis = plt.subplots(figsize=(4.8, 4))
    image = axis.imshow(matrix, cmap="Blues")
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            dark = value > max(max(r) for r in matrix) * 0.6
            axis.text(j, i, f"{value:,}", ha="center", va="center", color="white" if dark else "#1d232b")
    axis.set_xticks(range(len(names)), names, rotation=30, ha="right", fontsize=8)
    axis.set_yticks(range(len(names)), names, fontsize=8)
    figure.colorbar(image, ax=axis, shrink=0.8)
    rows = [
        (" + ".join(pretty(label) for label in combination) or "no stance", n, _share(n, counts.rows))
        for combination, n in counts.combinations.most_common()
    ]
    body = chart_beside_table(png(figure), table(["stances taken together", "quotes", "share"], rows))
    return section(
        "Stances taken together",
        body,
        "Quotes taking both stances (the diagonal: quotes taking the stance); the table counts "
        "each combination.",
    )


def _top_quotes(counts: ReportCounts) -> str:
    parts = []
    for label in counts.labels:
        rows = [(q.score, q.speaker or "", q.month or "", q.text, q.line) for q in counts.top(label)]
        heading = Markup(f"<h3>{label_heading(label, counts.labels)}</h3>")
        parts.append(heading + table(["score", "speaker", "month", "quote", "row"], rows, "quotes"))
    return section(
        f"The {counts.top_quotes} highest-scored quotes of each stance",
        "".join(parts),
        "Row: the line (JSON Lines, CSV) or row number (Parquet) in the scored file.",
    )
