"""`stance report`: counts of a scored file in every format, bounded memory, a self-contained page."""

import json
import random
import re

import pytest
from typer.testing import CliRunner

from cli.app import app
from model.labels import LABELS
from reporting.aggregate import ReportCounts, month_of
from reporting.scored import write_report
from scoring.formats import Format
from scoring.parts import write_part

SPEAKERS = ["Volodymyr Zelensky", "Vladimir Putin", "Donald Trump", "<script>alert(1)</script>", None]


def scored_rows(n: int, seed: int = 3) -> list[dict]:
    """Rows as `stance score` writes them: the input's fields, then labels, scores and the model tag."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        scores = {label: round(rng.random(), 4) for label in LABELS}
        rows.append(
            {
                "id": i,
                "text": f"quote {i} <img src=x onerror=alert(1)>",
                "speaker": SPEAKERS[i % len(SPEAKERS)],
                "date": f"2025-{1 + i % 4:02d}-{1 + i % 28:02d}" if i % 7 else "",
                "labels": [label for label in LABELS if scores[label] >= 0.5],
                "scores": scores,
                "model": "stance-transformer:test",
            }
        )
    return rows


def expected_counts(rows: list[dict]) -> dict:
    months, speakers = {}, {}
    for row in rows:
        for key, table in ((row["date"][:7] or None, months), (row["speaker"], speakers)):
            if key is None:
                continue
            counts = table.setdefault(key, {"quotes": 0, **dict.fromkeys(LABELS, 0)})
            counts["quotes"] += 1
            for label in row["labels"]:
                counts[label] += 1
    return {"months": months, "speakers": speakers}


def as_dict(counter) -> dict:
    return {"quotes": counter["quotes"], **{label: counter[label] for label in LABELS}}


@pytest.mark.parametrize("fmt", list(Format))
def test_counts_are_the_same_in_every_format(tmp_path, fmt):
    rows = scored_rows(300)
    path = tmp_path / f"scored.{fmt.value}"
    write_part(path, rows, fmt)
    out = tmp_path / "report.html"
    summary = write_report(path, fmt, out)
    assert summary.rows == 300
    assert summary.skipped == 0

    counts = ReportCounts()
    from reporting.scored import count_file

    count_file(path, fmt, counts)
    expected = expected_counts(scored_rows(300))
    assert {m: as_dict(c) for m, c in counts.months.items()} == expected["months"]
    assert {s: as_dict(c) for s, c in counts.speakers.items()} == expected["speakers"]
    assert counts.no_date == sum(1 for row in rows if not row["date"])
    assert counts.no_speaker == sum(1 for row in rows if not row["speaker"])
    assert sum(counts.combinations.values()) == 300
    for i, first in enumerate(LABELS):
        for j, second in enumerate(LABELS):
            both = sum(1 for row in rows if first in row["labels"] and second in row["labels"])
            assert counts.cooccurrence()[i][j] == both


def test_the_page_is_self_contained_escaped_and_shows_the_counts(tmp_path):
    rows = scored_rows(200)
    path = tmp_path / "scored.jsonl"
    write_part(path, rows, Format.jsonl)
    out = tmp_path / "report.html"
    write_report(path, Format.jsonl, out, top_quotes=5)
    page = out.read_text(encoding="utf-8")
    # five charts, each an inline PNG, nothing fetched, nothing run
    assert page.count('src="data:image/png;base64,') == 5
    assert not re.search(r'(src|href)="(?!data:)', page)
    assert "<script" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    # the counts behind the charts
    expected = expected_counts(rows)
    for month, counts in expected["months"].items():
        assert f'<td>{month}</td><td class="num">{counts["quotes"]:,}</td>' in page
    for title in ("Stances per month", "Stances of the most quoted speakers", "Who moved where over time"):
        assert title in page
    assert "Stances taken together" in page


def test_top_quotes_are_the_highest_scores_of_each_label():
    counts = ReportCounts(top_quotes=4)
    rows = scored_rows(500)
    for line, row in enumerate(rows, start=1):
        counts.add(row, line)
    for label in LABELS:
        best = sorted(rows, key=lambda row: -row["scores"][label])[:4]
        assert [q.score for q in counts.top(label)] == [row["scores"][label] for row in best]
        assert len(counts._heaps[label]) == 4


def test_memory_stays_bounded_with_more_speakers_than_kept():
    counts = ReportCounts(top_quotes=3, max_speakers=10, max_speaker_months=25)
    for i in range(5_000):
        counts.add(
            {
                "text": "x",
                "speaker": f"speaker {i % 1000}",
                "date": f"20{10 + i % 12}-01-01",
                "labels": [],
                "scores": dict.fromkeys(LABELS, 0.1),
            }
        )
    assert len(counts.speakers) == 10
    assert len(counts.speaker_months) == 25
    assert counts.untracked_speaker_rows == 5_000 - sum(c["quotes"] for c in counts.speakers.values())
    assert all(len(heap) == 3 for heap in counts._heaps.values())


def test_rows_without_labels_and_scores_are_left_out_and_reported(tmp_path):
    path = tmp_path / "mixed.jsonl"
    rows = scored_rows(20)
    path.write_text(
        "\n".join([json.dumps(r) for r in rows] + ['{"text": "not scored"}', "not json"]) + "\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["report", str(path), "--out", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.output
    assert "2 without labels and scores" in result.output
    assert (tmp_path / "r.html").exists()

    unscored = tmp_path / "quotes.csv"
    unscored.write_text("text,speaker\nhello,A\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["report", str(unscored), "--out", str(tmp_path / "no.html")])
    assert result.exit_code == 1
    assert "no scored rows" in result.output


@pytest.mark.parametrize(
    ("value", "month"),
    [("2025-03-01", "2025-03"), ("2025/3/9", "2025-03"), ("2025-13-01", None), ("", None), (None, None)],
)
def test_month_of(value, month):
    assert month_of(value) == month
