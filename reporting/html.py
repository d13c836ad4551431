"""The HTML both reports share: one page, its own CSS, every value escaped, images inline."""

import base64
import io
from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

LABEL_COLOURS = {  # the analyst page's colours (service/ui/static/app.js)
    "pro_negotiation": "#1a7f4b",
    "territorial_red_line": "#b3261e",
    "nato_opposition": "#1f4fb3",
}
OTHER_COLOURS = ("#8a5a00", "#6b2fa0", "#00707a", "#5b6470")

STYLE = """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  color: #1d232b; background: #f4f6f9; margin: 0; }
main { max-width: 1200px; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; } h2 { font-size: 1.15rem; margin: 0 0 .6rem; }
.meta { color: #5b6470; margin: 0 0 1.25rem; }
section { background: #fff; border: 1px solid #d9dee5; border-radius: 10px; padding: 1rem 1.25rem;
  margin-bottom: 1.25rem; }
.pair { display: grid; grid-template-columns: minmax(0, 11fr) minmax(0, 9fr); gap: 1.25rem;
  align-items: start; }
.pair img, .wide img { max-width: 100%; height: auto; border: 1px solid #eceff3; border-radius: 6px; }
.table-wrap { overflow-x: auto; max-height: 32rem; overflow-y: auto; }
table { border-collapse: collapse; width: 100%; font-size: .88rem; }
th, td { padding: .3rem .5rem; border-bottom: 1px solid #e3e7ec; text-align: left; vertical-align: top; }
thead th { position: sticky; top: 0; background: #fff; color: #5b6470; font-size: .8rem; }
table.nowrap td:first-child { white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.note { color: #5b6470; font-size: .88rem; }
.dot { display: inline-block; width: .7rem; height: .7rem; border-radius: 50%; margin-right: .35rem; }
.quotes td:nth-child(4) { min-width: 22rem; }
@media (max-width: 800px) { .pair { grid-template-columns: minmax(0, 1fr); } }
"""


def colour(label: str, labels: Sequence[str]) -> str:
    if label in LABEL_COLOURS:
        return LABEL_COLOURS[label]
    return OTHER_COLOURS[list(labels).index(label) % len(OTHER_COLOURS)] if label in labels else "#5b6470"


def pretty(label: str) -> str:
    return {"nato_opposition": "NATO opposition"}.get(label, label.replace("_", " ").replace("pro ", "pro-"))


def label_heading(label: str, labels: Sequence[str]) -> str:
    return f'<span class="dot" style="background:{colour(label, labels)}"></span>{escape(pretty(label))}'


def png(figure) -> str:
    """A matplotlib figure as an <img> with the PNG inline (base64); closes the figure."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(figure)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img alt="" src="data:image/png;base64,{data}">'


class Markup(str):
    """HTML built here (escaped already): a table cell or heading that is not escaped again."""


def cell(value: Any) -> str:
    """A table cell: numbers right-aligned, everything escaped; pre-built HTML comes as `Markup`."""
    if isinstance(value, Markup):
        return f"<td>{value}</td>"
    if isinstance(value, bool) or value is None:
        return f"<td>{escape(str(value if value is not None else ''))}</td>"
    if isinstance(value, int):
        return f'<td class="num">{value:,}</td>'
    if isinstance(value, float):
        return (
            f'<td class="num">{value:.1%}</td>' if 0 <= value <= 1 else f'<td class="num">{value:,.3f}</td>'
        )
    return f"<td>{escape(str(value))}</td>"


def table(headings: Sequence[str | Markup], rows: Iterable[Sequence[Any]], css_class: str = "") -> str:
    """A table; css_class "nowrap" keeps its first column (a month) on one line."""
    head = "".join(f"<th>{h}</th>" if isinstance(h, Markup) else f"<th>{escape(h)}</th>" for h in headings)
    body = "".join("<tr>" + "".join(cell(v) for v in row) + "</tr>" for row in rows)
    return (
        f'<div class="table-wrap"><table class="{escape(css_class)}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def section(title: str, body: str, note: str = "") -> str:
    extra = f'<p class="note">{escape(note)}</p>' if note else ""
    return f"<section><h2>{escape(title)}</h2>{extra}{body}</section>"


def chart_beside_table(chart: str, counts: str) -> str:
    return f'<div class="pair"><div>{chart}</div><div>{counts}</div></div>'


def page(title: str, meta: str, sections: Iterable[str]) -> str:
    """The whole HTML document: no script, no external resource."""
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f'<body><main><h1>{escape(title)}</h1><p class="meta">{escape(meta)}</p>'
        + "".join(sections)
        + "</main></body></html>\n"
    )
