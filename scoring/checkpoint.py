"""The work folder of a scoring run: committed chunks and the state file that says how far they go.

Each chunk is written as its own part file, then `state.json` is replaced
atomically: that replacement is the commit. A run killed at any point
resumes from the last committed chunk; parts written after it are deleted,
so no row is lost and none is written twice. The output file only appears,
complete, when the parts are joined at the end.
"""

import json
import re
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from model.files import atomic_file
from scoring.formats import Format
from scoring.parts import merge_parts, write_part

STATE_FILE = "state.json"
_PART_NAME = re.compile(r"^(part|rejects)-(\d+)\.")


class UnfinishedRunError(RuntimeError):
    """The output already has an unfinished run that this one would clobber or cannot continue."""


@dataclass
class RunState:
    """How far a run got, as of its last committed chunk; seconds add up over resumptions."""

    settings: dict[str, Any]
    chunks: int = 0
    last_line: int = 0
    rows_read: int = 0
    rows_scored: int = 0
    rows_rejected: int = 0
    seconds: float = 0.0


@dataclass
class ChunkResult:
    """One chunk's outcome, ready to commit."""

    records: list[dict[str, Any]]
    rejects: list[dict[str, Any]]
    last_line: int
    rows_read: int


def rejects_path(output: Path) -> Path:
    """Where the rejected rows of `output` go."""
    return Path(f"{output}.rejects.jsonl")


def _differences(saved: dict[str, Any], wanted: dict[str, Any]) -> list[str]:
    return [
        f"{key}: {saved.get(key)!r} then, {wanted.get(key)!r} now"
        for key in sorted(saved.keys() | wanted.keys())
        if saved.get(key) != wanted.get(key)
    ]


class Checkpoint:
    """The `<output>.partial/` folder of one run."""

    def __init__(self, output: Path, fmt: Format, state: RunState) -> None:
        self.output = Path(output)
        self.format = fmt
        self.folder = Path(f"{output}.partial")
        self.state = state
        self._since = time.perf_counter()

    @classmethod
    def open(cls, output: Path, fmt: Format, settings: dict[str, Any], resume: bool) -> "Checkpoint":
        """Start a run, or with `resume` continue the unfinished one (refusing changed settings)."""
        folder = Path(f"{output}.partial")
        state_file = folder / STATE_FILE
        if not state_file.exists():
            shutil.rmtree(folder, ignore_errors=True)  # crashed before its first commit: nothing in it counts
            folder.mkdir(parents=True)
            checkpoint = cls(output, fmt, RunState(settings=settings))
            checkpoint._save()
            return checkpoint
        if not resume:
            raise UnfinishedRunError(
                f"{folder} holds an unfinished run; pass --resume to continue it, or delete it to start over"
            )
        state = RunState(**json.loads(state_file.read_text()))
        changed = _differences(state.settings, settings)
        if changed:
            raise UnfinishedRunError(
                f"cannot resume the run in {folder}, its settings differ: {'; '.join(changed)}; "
                "delete the folder to start over"
            )
        checkpoint = cls(output, fmt, state)
        checkpoint._drop_uncommitted()
        return checkpoint

    def _part(self, index: int) -> Path:
        return self.folder / f"part-{index:06d}.{self.format.value}"

    def _rejects_part(self, index: int) -> Path:
        return self.folder / f"rejects-{index:06d}.jsonl"

    def _parts(self, kind: str) -> list[Path]:
        """Committed part files of one kind ("part" or "rejects"), in chunk order."""
        indexed = []
        for path in self.folder.iterdir():
            match = _PART_NAME.match(path.name)
            if match and match[1] == kind:
                indexed.append((int(match[2]), path))
        return [path for _, path in sorted(indexed)]

    def _drop_uncommitted(self) -> None:
        """Delete what a killed run wrote after its last commit: temporaries and parts."""
        for path in self.folder.iterdir():
            match = _PART_NAME.match(path.name)
            if path.name.startswith(".") or (match and int(match[2]) >= self.state.chunks):
                path.unlink()

    def _save(self) -> None:
        with atomic_file(self.folder / STATE_FILE) as handle:
            json.dump(asdict(self.state), handle, indent=2)

    def commit(self, chunk: ChunkResult) -> None:
        """Write a chunk's parts, then record it as done."""
        index = self.state.chunks
        if chunk.records:
            write_part(self._part(index), chunk.records, self.format)
        if chunk.rejects:
            write_part(self._rejects_part(index), chunk.rejects, Format.jsonl)
        self.state.chunks += 1
        self.state.last_line = chunk.last_line
        self.state.rows_read += chunk.rows_read
        self.state.rows_scored += len(chunk.records)
        self.state.rows_rejected += len(chunk.rejects)
        now = time.perf_counter()
        self.state.seconds += now - self._since
        self._since = now
        self._save()

    def finish(self) -> None:
        """Join the parts into the output and the rejects file, then remove the work folder."""
        merge_parts(self._parts("part"), self.output, self.format)
        merge_parts(self._parts("rejects"), rejects_path(self.output), Format.jsonl)
        shutil.rmtree(self.folder)
