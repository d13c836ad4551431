"""The scikit-learn baseline: word and character TF-IDF into one-vs-rest logistic regression."""

from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion, Pipeline

from model.artifact import BASELINE_FILE

C_GRID = (0.3, 1.0, 3.0, 10.0, 30.0)


def build_pipeline(c: float = 1.0, seed: int = 13) -> Pipeline:
    """TF-IDF of word 1-2-grams and character 2-5-grams, then a linear classifier per label."""
    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)),
            (
                "chars",
                TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True),
            ),
        ]
    )
    classifier = LogisticRegression(C=c, class_weight="balanced", max_iter=2000, random_state=seed)
    return Pipeline([("features", features), ("classifier", OneVsRestClassifier(classifier))])


def fit_baseline(
    texts: list[str], truth: np.ndarray, seed: int = 13, folds: int = 5
) -> tuple[Pipeline, float]:
    """Fit on the train split, with C chosen by cross-validated macro-F1; returns (pipeline, C)."""
    search = GridSearchCV(
        build_pipeline(seed=seed),
        {"classifier__estimator__C": list(C_GRID)},
        scoring="f1_macro",
        cv=KFold(folds, shuffle=True, random_state=seed),
        n_jobs=1,
    )
    search.fit(texts, truth)
    return search.best_estimator_, float(search.best_params_["classifier__estimator__C"])


def save_pipeline(pipeline: Pipeline, model_dir: Path) -> None:
    """Persist with skops, which loads without unpickling arbitrary code."""
    import skops.io

    skops.io.dump(pipeline, Path(model_dir) / BASELINE_FILE)
