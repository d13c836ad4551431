"""Corpus statistics: the numbers `stance data stats` prints and `docs/data.md` shows."""

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from datasets import DatasetDict

from model.labels import LABELS
from training.data import count_combinations, label_matrix
from training.schema import SPLITS

LENGTH_BUCKETS: tuple[tuple[int, int], ...] = ((1, 5), (6, 15), (16, 30), (31, 50), (51, 10_000))


@dataclass
class CorpusStats:
    """Counts per split and label, co-occurrence, lengths, speakers and sources."""

    rows: dict[str, int]
    positives: dict[str, dict[str, int]]
    no_label: dict[str, int]
    multi_label: dict[str, int]
    combinations: dict[str, int]
    co_occurrence: list[list[int]]
    length_percentiles: dict[str, float]
    length_buckets: dict[str, int]
    distinct_speakers: int
    affiliations: dict[str, int] = field(default_factory=dict)
    source_types: dict[str, int] = field(default_factory=dict)


def _bucket_name(low: int, high: int) -> str:
    return f"{low}+ words" if high >= 10_000 else f"{low}-{high} words"


def corpus_stats(splits: DatasetDict) -> CorpusStats:
    """Compute `CorpusStats` for a loaded corpus."""
    rows, positives, no_label, multi = {}, {}, {}, {}
    all_labels: list[list[str]] = []
    lengths: list[int] = []
    speakers: set[str] = set()
    affiliations: Counter = Counter()
    sources: Counter = Counter()
    for split in SPLITS:
        data = splits[split]
        matrix = label_matrix(data["labels"])
        rows[split] = len(data)
        positives[split] = {label: int(matrix[:, i].sum()) for i, label in enumerate(LABELS)}
        no_label[split] = int((matrix.sum(axis=1) == 0).sum())
        multi[split] = int((matrix.sum(axis=1) >= 2).sum())
        all_labels += data["labels"]
        lengths += [len(text.split()) for text in data["text"]]
        speakers.update(data["speaker"])
        affiliations.update(data["speaker_affiliation"])
        sources.update(data["source_type"])
    matrix = label_matrix(all_labels)
    lengths_array = np.array(lengths)
    return CorpusStats(
        rows=rows,
        positives=positives,
        no_label=no_label,
        multi_label=multi,
        combinations=dict(count_combinations(all_labels).most_common()),
        co_occurrence=(matrix.T @ matrix).tolist(),
        length_percentiles={f"p{q}": float(np.percentile(lengths_array, q)) for q in (0, 10, 50, 90, 100)},
        length_buckets={
            _bucket_name(low, high): int(((lengths_array >= low) & (lengths_array <= high)).sum())
            for low, high in LENGTH_BUCKETS
        },
        distinct_speakers=len(speakers),
        affiliations=dict(affiliations.most_common()),
        source_types=dict(sources.most_common()),
    )


def _table(header: list[str], body: list[list[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in body]
    return "\n".join(lines)


def stats_markdown(stats: CorpusStats) -> str:
    """The statistics as Markdown tables, as pasted into the data card."""
    total = sum(stats.rows.values())
    per_split = [
        [
            label,
            *(stats.positives[s][label] for s in SPLITS),
            sum(stats.positives[s][label] for s in SPLITS),
        ]
        for label in LABELS
    ]
    per_split.append(["no label", *(stats.no_label[s] for s in SPLITS), sum(stats.no_label.values())])
    per_split.append(
        [
            "two or three labels",
            *(stats.multi_label[s] for s in SPLITS),
            sum(stats.multi_label.values()),
        ]
    )
    per_split.append(["quotes", *(stats.rows[s] for s in SPLITS), total])
    sections = [
        "### Counts per label and split\n\n" + _table(["", *SPLITS, "all"], per_split),
        "### Label co-occurrence (quotes carrying both)\n\n"
        + _table(["", *LABELS], [[a, *row] for a, row in zip(LABELS, stats.co_occurrence, strict=True)]),
        "### Label combinations\n\n" + _table(["combination", "quotes"], list(stats.combinations.items())),
        "### Length in words\n\n"
        + _table(list(stats.length_percentiles), [list(stats.length_percentiles.values())])
        + "\n\n"
        + _table(["length", "quotes"], list(stats.length_buckets.items())),
        f"### Speakers\n\n{stats.distinct_speakers} distinct speakers.\n\n"
        + _table(["affiliation", "quotes"], list(stats.affiliations.items())[:20]),
        "### Source types\n\n" + _table(["source type", "quotes"], list(stats.source_types.items())),
    ]
    return "\n\n".join(sections) + "\n"
