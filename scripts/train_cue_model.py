"""Train the attribution-cue scorer (src/communique/data/cue_model.json) on PolNeAR's train split.

    python scripts/train_cue_model.py [--train ../shared/eval/polnear/train]

Every verb that takes content (see ``communique.extract.cues.verb_frame``) is
an example; it is positive when an annotator's Cue span covers it. A
logistic regression over the features of ``cue_features`` is fitted, and the
threshold maximising F1 on out-of-fold predictions (5-fold cross-validation,
folds by article) is reported; the shipped one is SPAN_LEVEL_THRESHOLD (see below). Only the train split is read;
only feature weights are written. Needs the dev extras (scikit-learn).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from communique.evaluate.polnear import read_folder  # noqa: E402
from communique.extract.cues import (  # noqa: E402
    _MAX_CUE_GROWTH,
    BOUNDARY_MODEL_PATH,
    MODEL_PATH,
    _may_join_cue,
    boundary_features,
    candidate_cue,
    is_speech_verb,
)
from communique.extract.quotemarks import Quotations, quoted_spans  # noqa: E402
from communique.parse import load_pipeline  # noqa: E402

_MIN_FEATURE_COUNT = 2
SPAN_LEVEL_THRESHOLD = 0.48
"""Shipped threshold: the one that maximised exact span F1 of cue and content over PolNeAR's *train*
split (thresholds 0.40, 0.48 and 0.56 scored with the exact-span scorer of `communique eval polnear`);
candidate-level F1 alone peaks lower (about 0.40), but a false cue costs a source, a cue and a
content span at once."""
_FOLDS = 5


def examples(docs, cue_spans):
    """(features, label, article index) for every candidate cue of every parsed article."""
    for article, (doc, cues) in enumerate(zip(docs, cue_spans, strict=True)):
        marks = Quotations(quoted_spans(doc.text))
        for token in doc:
            candidate = candidate_cue(token, marks)
            if candidate is not None:
                label = any(start <= token.idx < end for start, end in cues)
                yield candidate[1], label, article


def boundary_examples(docs, cue_spans):
    """(features, label, article index) for each word next to a cue verb: does the annotator's cue take it?

    The words are visited outward from the verb as ``cue_bounds`` visits them, and each side stops
    at the first word the annotator left out, so the scorer learns the decision ``cue_bounds`` makes."""
    for article, (doc, cues) in enumerate(zip(docs, cue_spans, strict=True)):
        marks = Quotations(quoted_spans(doc.text))
        for token in doc:
            span = next(((start, end) for start, end in cues if start <= token.idx < end), None)
            if span is None:
                continue
            candidate = candidate_cue(token, marks)
            if candidate is None and not is_speech_verb(token):
                continue
            frame = candidate[0] if candidate else None
            for side, step in (("left", -1), ("right", 1)):
                for distance in range(1, _MAX_CUE_GROWTH + 1):
                    position = token.i + step * distance
                    if not _may_join_cue(token, position, frame, marks):
                        break
                    word = doc[position]
                    inside = span[0] <= word.idx < span[1]
                    yield boundary_features(token, word, side, distance, frame), inside, article
                    if not inside:
                        break


def train_boundaries(rows) -> dict:
    """Fit the boundary scorer (threshold 0.5); returns the JSON-ready model."""
    model, _, held_out_accuracy = _fit(rows)
    print(f"{len(rows)} boundary words, {sum(row[1] for row in rows)} inside cues; out-of-fold accuracy {held_out_accuracy:.3f}")
    return {"bias": model["bias"], "threshold": 0.5, "weights": model["weights"]}


def _fit(rows):
    """Logistic regression over the rows' features: the JSON-ready weights and the out-of-fold accuracy at 0.5."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold, cross_val_predict

    features = [dict.fromkeys(row[0], 1) for row in rows]
    labels = np.array([row[1] for row in rows])
    groups = np.array([row[2] for row in rows])
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(features)
    counts = np.asarray(matrix.sum(axis=0)).ravel()
    keep = counts >= _MIN_FEATURE_COUNT
    matrix = matrix[:, keep]
    names = np.array(vectorizer.get_feature_names_out())[keep]
    classifier = LogisticRegression(C=0.5, max_iter=5000)
    held_out = cross_val_predict(classifier, matrix, labels, groups=groups, cv=GroupKFold(_FOLDS), method="predict_proba")[:, 1]
    classifier.fit(matrix, labels)
    weights = {str(name): round(float(weight), 4) for name, weight in zip(names, classifier.coef_[0], strict=True) if abs(weight) >= 1e-3}
    model = {"bias": round(float(classifier.intercept_[0]), 4), "weights": dict(sorted(weights.items()))}
    return model, held_out, float(((held_out >= 0.5) == labels).mean())


def train(rows) -> dict:
    """Fit the cue scorer and find the threshold that maximises out-of-fold F1; returns the JSON-ready model."""
    import numpy as np

    model, held_out, _ = _fit(rows)
    labels = np.array([row[1] for row in rows])
    best_threshold, best_f1 = 0.5, 0.0
    for threshold in np.arange(0.2, 0.8, 0.02):
        predicted = held_out >= threshold
        tp = int((predicted & labels).sum())
        f1 = 2 * tp / max(int(predicted.sum()) + int(labels.sum()), 1)
        if f1 > best_f1:
            best_threshold, best_f1 = float(threshold), f1
    print(f"{len(rows)} candidates, {int(labels.sum())} cues, {len(model['weights'])} features; "
          f"out-of-fold F1 {best_f1:.3f} at threshold {best_threshold:.2f}")
    return {"bias": model["bias"], "threshold": round(best_threshold, 2), "weights": model["weights"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, default=REPO.parent / "shared" / "eval" / "polnear" / "train")
    parser.add_argument("--out-dir", type=Path, default=MODEL_PATH.parent, help="where cue_model.json and cue_bounds.json go")
    parser.add_argument(
        "--threshold",
        type=float,
        default=SPAN_LEVEL_THRESHOLD,
        help="decision threshold to ship; 0 keeps the one that maximises out-of-fold candidate F1",
    )
    args = parser.parse_args()
    folder = read_folder(args.train)
    for error in folder.errors:
        print(f"error: {error}", file=sys.stderr)
    nlp = load_pipeline()
    with nlp.select_pipes(disable=["communique"]):
        docs = list(nlp.pipe((article.text for article in folder.articles), batch_size=32))
    cue_spans = [article.spans["cue"] for article in folder.articles]
    model = train(list(examples(docs, cue_spans)))
    if args.threshold:
        model["threshold"] = args.threshold
    boundaries = train_boundaries(list(boundary_examples(docs, cue_spans)))
    for path, scorer, features in (
        (args.out_dir / MODEL_PATH.name, model, "cue_features"),
        (args.out_dir / BOUNDARY_MODEL_PATH.name, boundaries, "boundary_features"),
    ):
        scorer["about"] = (
            "Trained on PolNeAR's train split by scripts/train_cue_model.py: "
            f"logistic-regression weights of the features in communique.extract.cues.{features}."
        )
        path.write_text(json.dumps(scorer, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
