"""Train the attribution-cue scorer, the cue-extent ranker and the content-end ranker
(src/communique/data/cue_model.json, cue_extents.json, content_ends.json) on PolNeAR's train split.

    python scripts/train_cue_model.py [--train ../shared/eval/polnear/train]

Every verb that takes content (see ``communique.extract.cues.verb_frame``) is
an example; it is positive when an annotator's Cue span covers it. A
logistic regression over the features of ``cue_features`` is fitted, and the
threshold maximising F1 on out-of-fold predictions (5-fold cross-validation,
folds by article) is reported; the shipped one is SPAN_LEVEL_THRESHOLD (see below).

Every side of every annotated cue verb is an example for the extent ranker: a choice among the
places the cue may end (``cue_edges``), the annotator's end being the right one; a conditional
logit over ``extent_features`` is fitted.

Every content of an annotated cue verb that starts where the annotator's does is an example for the
content-end ranker (``communique.extract.contents``): a choice among the places it may end, fitted
the same way. Only the train split is read; only feature weights are written. Needs the dev extras
(scikit-learn, SciPy).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from communique.evaluate.polnear import read_folder  # noqa: E402
from communique.evaluate.spans import trim  # noqa: E402
from communique.extract.contents import CONTENT_ENDS_PATH, content_end_options  # noqa: E402
from communique.extract.cues import (  # noqa: E402
    EXTENT_MODEL_PATH,
    MODEL_PATH,
    candidate_cue,
    cue_edges,
    extent_features,
    is_speech_verb,
)
from communique.extract.quotemarks import Quotations, quoted_spans  # noqa: E402
from communique.extract.quotes import framed_content  # noqa: E402
from communique.parse import load_pipeline  # noqa: E402

_MIN_FEATURE_COUNT = 2
SPAN_LEVEL_THRESHOLD = 0.48
"""Shipped threshold: the one that maximised exact span F1 of cue and content over PolNeAR's *train*
split (thresholds 0.40, 0.48 and 0.56 scored with the exact-span scorer of `communique eval polnear`);
candidate-level F1 alone peaks lower (about 0.40), but a false cue costs a source, a cue and a
content span at once."""
_FOLDS = 5
_RANKER_PENALTY = 1.0
"""The rankers' L2 penalty: 0.3, 1 and 3 gave the same exact cue F1 (cue-extent ranker) and content F1
(content-end ranker) when trained on the even-numbered train articles and scored on the odd ones."""


def _covering(cues, token):
    """The annotated cue span that covers ``token``, if any."""
    return next(((start, end) for start, end in cues if start <= token.idx < end), None)


def examples(docs, cue_spans):
    """(features, label, article index) for every candidate cue of every parsed article."""
    for article, (doc, cues) in enumerate(zip(docs, cue_spans, strict=True)):
        marks = Quotations(quoted_spans(doc.text))
        for token in doc:
            candidate = candidate_cue(token, marks)
            if candidate is not None:
                yield candidate[1], _covering(cues, token) is not None, article


def extent_examples(docs, cue_spans):
    """(features of each possible end, the annotator's end, article index) for each side of each
    cue verb that an annotator's cue covers: the choice ``cue_bounds`` makes, with its answer.

    The annotator's end is the last of ``cue_edges`` reached without leaving the annotated cue."""
    for article, (doc, cues) in enumerate(zip(docs, cue_spans, strict=True)):
        marks = Quotations(quoted_spans(doc.text))
        for token in doc:
            span = _covering(cues, token)
            if span is None:
                continue
            candidate = candidate_cue(token, marks)
            if candidate is None and not is_speech_verb(token):
                continue
            frame = candidate[0] if candidate else None
            for side, step in (("left", -1), ("right", 1)):
                edges = cue_edges(token, frame, marks, step)
                answer = 0
                while answer + 1 < len(edges) and span[0] <= edges[answer + 1].idx < span[1]:
                    answer += 1
                choices = [extent_features(token, frame, side, edges, count) for count in range(len(edges))]
                yield choices, answer, article


def content_examples(docs, cue_spans, content_spans):
    """(features of each place the content may end, the annotator's end, article index) for each cue
    verb an annotator's cue covers whose content (``quotes.framed_content``) starts where an
    annotator's content does and may end in more than one place: the choice
    ``contents.content_end`` makes, with its answer. Contents whose annotated end is none of the
    places are left out."""
    for article, (doc, cues, contents) in enumerate(zip(docs, cue_spans, content_spans, strict=True)):
        text = doc.text
        marks = Quotations(quoted_spans(text))
        annotated_ends: dict[int, set[int]] = {}
        for start, end in contents:
            start, end = trim(text, start, end)
            annotated_ends.setdefault(start, set()).add(end)
        for token in doc:
            candidate = candidate_cue(token, marks) if _covering(cues, token) is not None else None
            if candidate is None:
                continue
            framed = framed_content(token, candidate[0], marks, text)
            wanted = annotated_ends.get(trim(text, *framed)[0]) if framed is not None else None
            if not wanted:
                continue
            options = content_end_options(token, candidate[0], framed, marks)
            answer = next(
                (place for place, option in enumerate(options) if trim(text, framed[0], option.end)[1] in wanted), None
            )
            if len(options) > 1 and answer is not None:
                yield [option.features for option in options], answer, article


def train_ranker(choices, what: str) -> dict:
    """Fit a ranker (the cue-extent or the content-end one): a conditional logit (softmax over each
    choice's options, L2 penalty ``_RANKER_PENALTY``) by L-BFGS; returns the JSON-ready model."""
    import numpy as np
    import scipy.sparse
    from scipy.optimize import minimize

    counts = Counter(feature for options, _, _ in choices for option in options for feature in set(option))
    names = sorted(feature for feature, count in counts.items() if count >= _MIN_FEATURE_COUNT)
    column = {name: index for index, name in enumerate(names)}
    rows, columns, group, answers = [], [], [], []
    for number, (options, answer, _) in enumerate(choices):
        for place, option in enumerate(options):
            row = len(group)
            for feature in set(option) & column.keys():
                rows.append(row)
                columns.append(column[feature])
            group.append(number)
            if place == answer:
                answers.append(row)
    matrix = scipy.sparse.csr_matrix((np.ones(len(rows)), (rows, columns)), shape=(len(group), len(names)))
    group, answers = np.array(group), np.array(answers)
    answered = np.asarray(matrix[answers].sum(axis=0)).ravel()

    def loss_and_gradient(weights):
        scores = matrix @ weights
        best = np.full(len(choices), -np.inf)
        np.maximum.at(best, group, scores)
        exponentials = np.exp(scores - best[group])
        totals = np.bincount(group, exponentials, minlength=len(choices))
        loss = np.log(totals).sum() + best.sum() - scores[answers].sum() + _RANKER_PENALTY * (weights @ weights) / 2
        probabilities = exponentials / totals[group]
        return loss, matrix.T @ probabilities - answered + _RANKER_PENALTY * weights

    fitted = minimize(loss_and_gradient, np.zeros(len(names)), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    weights = {
        name: round(float(weight), 4) for name, weight in zip(names, fitted.x, strict=True) if abs(weight) >= 1e-3
    }
    scores = matrix @ fitted.x
    sizes = [len(options) for options, _, _ in choices]
    starts = np.cumsum([0, *sizes[:-1]])
    right = sum(
        int(np.argmax(scores[start : start + size]) == answer)
        for start, size, (_, answer, _) in zip(starts, sizes, choices, strict=True)
    )
    print(
        f"{len(choices)} {what}, {len(weights)} features; "
        f"the annotator's end chosen on {right / len(choices):.3f} of them (train)"
    )
    return {"weights": dict(sorted(weights.items()))}


def _fit(rows):
    """Logistic regression over the rows' features: the JSON-ready weights and the out-of-fold probabilities."""
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
    return model, held_out


def train(rows) -> dict:
    """Fit the cue scorer and find the threshold that maximises out-of-fold F1; returns the JSON-ready model."""
    import numpy as np

    model, held_out = _fit(rows)
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
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=MODEL_PATH.parent,
        help="where cue_model.json, cue_extents.json and content_ends.json go",
    )
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
    extents = train_ranker(list(extent_examples(docs, cue_spans)), "cue sides")
    content_spans = [article.spans["content"] for article in folder.articles]
    ends = train_ranker(list(content_examples(docs, cue_spans, content_spans)), "contents")
    for path, scorer, method, features in (
        (args.out_dir / MODEL_PATH.name, model, "logistic-regression", "cues.cue_features"),
        (args.out_dir / EXTENT_MODEL_PATH.name, extents, "conditional-logit", "cues.extent_features"),
        (args.out_dir / CONTENT_ENDS_PATH.name, ends, "conditional-logit", "contents.content_end_options"),
    ):
        scorer["about"] = (
            "Trained on PolNeAR's train split by scripts/train_cue_model.py: "
            f"{method} weights of the features in communique.extract.{features}."
        )
        path.write_text(json.dumps(scorer, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
