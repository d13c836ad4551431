"""Promotion history, promote and rollback, and the `stance models` sub-commands, on the tiny models."""

import pytest
from typer.testing import CliRunner

from cli.app import app
from model import history, store


@pytest.fixture()
def pointer_restored(trained_models):
    path = store.pointer_file()
    saved = path.read_bytes()
    yield
    path.write_bytes(saved)


def test_served_stack_pops_on_rollback():
    def move(action, tag):
        return history.Move("t", action, "m", tag, None, "")

    moves = [move("promote", "A"), move("promote", "B"), move("promote", "C"), move("rollback", "B")]
    assert history.served_stack(moves, "m", "B") == ["A", "B"]
    moves.append(move("rollback", "A"))
    assert history.served_stack(moves, "m", "A") == ["A"]
    assert history.served_stack([], "m", "X") == ["X"]  # a pointer older than the history


def test_history_skips_a_torn_last_line(tmp_path):
    path = tmp_path / "h.jsonl"
    history.record(path, "promote", "m", "m:1", None, "first")
    with open(path, "a") as handle:
        handle.write('{"time": "2026-')
    assert [move.tag for move in history.read(path)] == ["m:1"]


def test_promote_then_rollback_returns_to_the_model_before_and_records_both(
    trained_models, tiny_corpus, tiny_config, pointer_restored
):
    from training.train import train_and_save

    first = trained_models["baseline"]
    second = train_and_save("baseline", tiny_corpus, config=tiny_config, auto_promote=False).tag
    assert store.production_tag("stance-baseline") == first  # auto_promote=False leaves production alone
    store.promote(first, "start of the drill")
    start = len(store.promotion_history())
    store.promote(second, "drill")
    assert store.production_tag("stance-baseline") == second
    assert store.rollback("baseline") == first
    assert store.production_tag("stance-baseline") == first
    moves = store.promotion_history()[start:]
    assert [(m.action, m.tag, m.previous) for m in moves] == [
        ("promote", second, first),
        ("rollback", first, second),
    ]
    assert moves[0].reason == "drill" and second in moves[1].reason


def test_cli_lists_history_shows_a_card_promotes_and_rolls_back(trained_models, pointer_restored):
    runner = CliRunner()
    transformer = trained_models["transformer"]
    listed = runner.invoke(app, ["models"])
    assert listed.exit_code == 0, listed.output
    assert transformer in listed.output and "history (oldest first)" in listed.output

    card = runner.invoke(app, ["models", "show", transformer])
    assert card.exit_code == 0, card.output
    for part in (
        "kind: transformer",
        "## Data (version",
        "train.jsonl sha256",
        "## Training arguments",
        "## Thresholds",
        "## test metrics",
        "macro_f1",
        "parent production model",
    ):
        assert part in card.output

    missing = runner.invoke(app, ["models", "promote", "stance-transformer:doesnotexist"])
    assert missing.exit_code != 0 and "no model" in missing.output

    # promote the production baseline again, then roll back: back to what served before
    promoted = runner.invoke(app, ["models", "promote", trained_models["baseline"], "--reason", "drill"])
    assert promoted.exit_code == 0, promoted.output
    rolled = runner.invoke(app, ["models", "rollback", "--model", "baseline"])
    assert rolled.exit_code == 0, rolled.output
    assert store.production_tag("stance-baseline") == trained_models["baseline"]
    last = store.promotion_history()[-1]
    assert last.action == "rollback" and last.name == "stance-baseline"
