"""Scoring a file on this machine: stream it in chunks, score and commit each, then assemble."""

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from tqdm import tqdm

from model.labels import MAX_TEXT_CHARS
from model.predictor import Predictor
from scoring.articles import quote_rows
from scoring.checkpoint import Checkpoint, ChunkResult, rejects_path
from scoring.formats import Format, SourceRow, count_rows, read_rows
from scoring.rows import TEXT_FIELD, reject_record, row_problem, scored_record

DEFAULT_CHUNK_ROWS = 4096
# Two chunks are scored at once, committed in order: one is tokenized while the other's
# batches run (the model releases the GIL), so the cores idle less between chunks
# (int8, 10,000 rows: 747-760 against 726-737 rows/s, same output; ad-hoc).
CHUNKS_IN_FLIGHT = 2


@dataclass(frozen=True)
class ScoreJob:
    """What to score, where to write it, and how."""

    input: Path
    output: Path
    input_format: Format
    output_format: Format
    chunk_rows: int = DEFAULT_CHUNK_ROWS
    resume: bool = False
    articles: bool = False


@dataclass(frozen=True)
class Summary:
    """The counts a run reports (with --articles, articles read and quotes scored)."""

    rows_read: int
    rows_scored: int
    rows_rejected: int
    seconds: float
    output: str
    rejects: str


def chunks(rows: Iterable[SourceRow], size: int) -> Iterator[list[SourceRow]]:
    """Consecutive lists of at most `size` rows."""
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def split_rejects(
    rows: Iterable[SourceRow], articles: bool = False
) -> tuple[list[SourceRow], list[dict[str, Any]]]:
    """The rows to score (with `articles`, their quotes), and a reject record for each bad one.

    Articles have no length limit; each of their quotes has the usual one.
    """
    accepted: list[SourceRow] = []
    rejects: list[dict[str, Any]] = []
    for row in rows:
        problem = row_problem(row, max_chars=None if articles else MAX_TEXT_CHARS)
        if problem:
            rejects.append(reject_record(row.line, problem, row))
            continue
        for item in quote_rows(row) if articles else [row]:
            problem = row_problem(item)
            if problem:
                rejects.append(reject_record(item.line, problem, item))
            else:
                accepted.append(item)
    return accepted, rejects


def score_rows(rows: list[SourceRow], predictor: Predictor) -> list[dict[str, Any]]:
    """Output records for rows that passed `split_rejects`, scored in one predictor call."""
    predictions = predictor.predict([row.fields[TEXT_FIELD] for row in rows])
    return [
        scored_record(row.fields, prediction, predictor.tag)
        for row, prediction in zip(rows, predictions, strict=True)
    ]


def score_chunk(rows: list[SourceRow], predictor: Predictor, articles: bool = False) -> ChunkResult:
    """Score the good rows of one chunk and set the bad ones aside."""
    accepted, rejects = split_rejects(rows, articles)
    return ChunkResult(score_rows(accepted, predictor), rejects, rows[-1].line, len(rows))


def run_settings(job: ScoreJob, predictor: Predictor) -> dict[str, Any]:
    """What must not change between a run and its resumption."""
    stat = Path(job.input).stat()
    return {
        "input": str(Path(job.input).resolve()),
        "input_bytes": stat.st_size,
        "input_mtime_ns": stat.st_mtime_ns,
        "input_format": job.input_format.value,
        "output_format": job.output_format.value,
        "model": predictor.tag,
        "runtime": str(getattr(predictor, "runtime", "cpu")),
        "articles": job.articles,
    }


def score_file(job: ScoreJob, predictor: Predictor, *, progress: bool | None = None) -> Summary:
    """Score `job.input` into `job.output`, resumably; `progress` None: a bar on a terminal."""
    if not Path(job.input).is_file():
        raise FileNotFoundError(f"{job.input}: no such file")
    if Path(job.input).resolve() == Path(job.output).resolve():
        raise ValueError(f"the output {job.output} would overwrite the input")
    checkpoint = Checkpoint.open(job.output, job.output_format, run_settings(job, predictor), job.resume)
    state = checkpoint.state
    rows = read_rows(job.input, job.input_format, after_line=state.last_line, batch_size=job.chunk_rows)
    bar = tqdm(
        total=count_rows(job.input, job.input_format),
        initial=state.rows_read,
        unit=" rows",
        disable=(None if progress is None else not progress),
        dynamic_ncols=True,
    )

    def commit(scoring: Future) -> None:
        result = scoring.result()
        checkpoint.commit(result)
        bar.update(result.rows_read)
        bar.set_postfix(rejected=state.rows_rejected, refresh=False)

    with bar, ThreadPoolExecutor(CHUNKS_IN_FLIGHT) as scorers:
        in_flight: deque[Future] = deque()
        for chunk in chunks(rows, job.chunk_rows):
            if len(in_flight) == CHUNKS_IN_FLIGHT:
                commit(in_flight.popleft())
            in_flight.append(scorers.submit(score_chunk, chunk, predictor, job.articles))
        while in_flight:
            commit(in_flight.popleft())
    checkpoint.finish()
    output, rejects = str(job.output), str(rejects_path(job.output))
    return Summary(state.rows_read, state.rows_scored, state.rows_rejected, state.seconds, output, rejects)
