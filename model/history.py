"""The promotion history: every move of the production pointer, append-only, next to the pointer.

The pointer file says what serves now; this file says how it got there, so
`stance models` can show it and a rollback knows what served before. Each
entry is one JSON line written with a single `write` on a file opened for
appending, so concurrent writers never interleave half lines.
"""

import datetime
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Move:
    """One change of a production pointer."""

    time: str
    action: str  # "promote" or "rollback"
    name: str
    tag: str
    previous: str | None
    reason: str


def history_file(pointer_file: Path) -> Path:
    """Where the history of a pointer file lives (same folder, so both move together)."""
    return pointer_file.with_name(pointer_file.stem + "-history.jsonl")


def record(path: Path, action: str, name: str, tag: str, previous: str | None, reason: str) -> Move:
    """Append one move to the history at `path` and return it."""
    move = Move(
        time=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        action=action,
        name=name,
        tag=tag,
        previous=previous,
        reason=reason,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    line = (json.dumps(asdict(move), ensure_ascii=False) + "\n").encode("utf-8")
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(descriptor, line)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return move


def read(path: Path) -> list[Move]:
    """Every move recorded at `path`, oldest first (a torn last line, if any, is skipped)."""
    if not path.exists():
        return []
    moves = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            moves.append(Move(**json.loads(line)))
        except (json.JSONDecodeError, TypeError):
            continue
    return moves


def served_stack(moves: list[Move], name: str, current: str | None) -> list[str]:
    """The production models of `name` still to roll back to, oldest first, ending with `current`.

    A promotion pushes its tag, a rollback pops the model it replaced: rolling
    back twice from A -> B -> C lands on A, not on C again.
    """
    stack: list[str] = []
    for move in moves:
        if move.name != name:
            continue
        if move.action == "rollback":
            while stack and stack[-1] != move.tag:
                stack.pop()
            if not stack:
                stack.append(move.tag)
        else:
            stack.append(move.tag)
    if current is not None and (not stack or stack[-1] != current):
        stack.append(current)  # the pointer was moved without a record (older stores)
    return stack
