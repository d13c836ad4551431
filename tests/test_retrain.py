"""`stance retrain`'s decision: a candidate worse than production on the same quotes is kept back."""

from model import store
from training import retrain as retrain_module
from training.train import TrainOutcome


def _outcome(kind: str, tag: str, macro_f1: float) -> TrainOutcome:
    return TrainOutcome(kind, tag, {"macro_f1": macro_f1}, False, "candidate", 1.0)


def test_a_worse_candidate_is_kept_and_production_stays(trained_models, tiny_corpus, monkeypatch):
    before = {kind: store.production_tag(store.MODEL_NAMES[kind]) for kind in ("baseline", "transformer")}
    # The candidates are the production models themselves, claimed 0.0: clearly worse on test.
    monkeypatch.setattr(
        retrain_module, "train_and_save", lambda kind, *_, **__: _outcome(kind, trained_models[kind], 0.0)
    )
    report = retrain_module.retrain(tiny_corpus)
    for kind in ("baseline", "transformer"):
        decision = report.models[kind]
        assert decision.decision == "keep" and "more than 0.01 below" in decision.reason
        assert decision.production == before[kind] and decision.production_macro_f1 > 0.0
        assert store.production_tag(store.MODEL_NAMES[kind]) == before[kind]


def test_a_candidate_as_good_as_production_is_promoted(trained_models, tiny_corpus, monkeypatch):
    monkeypatch.setattr(
        retrain_module, "train_and_save", lambda kind, *_, **__: _outcome(kind, trained_models[kind], 1.0)
    )
    report = retrain_module.retrain(tiny_corpus)
    assert {d.decision for d in report.models.values()} == {"promote"}
    assert all("macro-F1 test 1.0000 vs" in d.reason for d in report.models.values())
