"""PolNeAR attribution spans: communique's quotes, and textacy's, against the annotators'.

A PolNeAR folder holds ``text/NAME.txt`` and ``attributions/NAME_<annotator>.ann``.
Where an article has several annotators, the first file in sorted order is
the gold, as the corpus's README asks. Only Source, Cue and Content spans are
scored (Attribution, Discard, Discuss and the rest are not roles a quote has).

Both systems are scored on the same parsed Docs, so the comparison measures
the extractors and not two different parses: each Doc goes through our
pipeline once, then textacy's ``direct_quotations`` reads the same Doc.
textacy refuses some documents (an odd number of quotation marks); those
count as failed documents and add no predicted spans, but their gold spans
still count, as they would for any system that returns nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from communique.evaluate.brat import annotation_files, parse_ann
from communique.evaluate.spans import MODES, Counts, Span, WordTokens, percent, score_spans
from communique.evaluate.texts import read_text_exactly
from communique.model import Analysis
from communique.pipeline import _doc_for  # one place that turns an Article into a Doc for the pipeline
from communique.read.text import article_from_text

ROLES = ("source", "cue", "content")
LABEL_ROLES = {"Source": "source", "Cue": "cue", "Content": "content"}
SYSTEMS = ("communique", "textacy")

RoleSpans = dict[str, list[Span]]
Extractor = Callable[[Doc], RoleSpans]


@dataclass(frozen=True)
class GoldArticle:
    """One PolNeAR article: its exact text and the gold spans of each role."""

    name: str
    path: Path
    text: str
    annotation: Path
    spans: RoleSpans


@dataclass
class Folder:
    """What was read from a PolNeAR folder: the articles, inputs that failed, and warnings."""

    articles: list[GoldArticle] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def gold_spans(text: str, ann_content: str) -> tuple[RoleSpans, list[str]]:
    """The scored roles' spans (one per fragment) of one ``.ann`` file, and warnings about it.

    Spans outside the text are dropped; spans whose recorded text differs from
    what their offsets cover are kept (the offsets are what is scored) but reported.
    """
    spans: RoleSpans = {role: [] for role in ROLES}
    notes: list[str] = []
    for bound in parse_ann(ann_content):
        role = LABEL_ROLES.get(bound.label)
        if role is None:
            continue
        if any(not 0 <= start <= end <= len(text) for start, end in bound.fragments):
            notes.append(f"{bound.id}: offsets {bound.fragments} lie outside the text; dropped")
            continue
        if not bound.matches(text):
            notes.append(f"{bound.id}: recorded text differs from the text its offsets cover")
        spans[role].extend(bound.fragments)
    return spans, notes


def read_folder(folder: Path, limit: int | None = None) -> Folder:
    """The annotated articles of a PolNeAR folder in name order (the first ``limit`` of them)."""
    result = Folder()
    texts = {path.stem: path for path in sorted((folder / "text").glob("*.txt"))}
    annotations = annotation_files(folder / "attributions", set(texts))
    unannotated = [name for name in texts if name not in annotations]
    if unannotated:
        result.notes.append(f"{len(unannotated)} text(s) without an .ann file skipped, e.g. {unannotated[0]}")
    names = [name for name in texts if name in annotations][:limit]
    for name in names:
        annotation = annotations[name][0]
        try:
            text = read_text_exactly(texts[name])
            ann_content = read_text_exactly(annotation)
        except (OSError, UnicodeDecodeError) as error:
            result.errors.append(f"{name}: cannot read: {error}")
            continue
        spans, notes = gold_spans(text, ann_content)
        result.notes.extend(f"{annotation.name}: {note}" for note in notes)
        result.articles.append(GoldArticle(name=name, path=texts[name], text=text, annotation=annotation, spans=spans))
    return result


def communique_spans(analysis: Analysis) -> RoleSpans:
    """Our predicted spans of each role: every quote's speaker mention, cue and content fragments."""
    spans: RoleSpans = {role: [] for role in ROLES}
    for quote in analysis.quotes:
        if quote.speaker.mention is not None:
            spans["source"].append((quote.speaker.mention.start, quote.speaker.mention.end))
        if quote.cue is not None:
            spans["cue"].append((quote.cue.start, quote.cue.end))
        spans["content"].extend((fragment.start, fragment.end) for fragment in quote.content)
    return spans


def load_textacy() -> tuple[Extractor | None, str | None]:
    """textacy's direct-quotation extractor as an ``Extractor``, or None and the reason it is unavailable."""
    try:
        from textacy.extract.triples import direct_quotations
    except Exception as error:  # noqa: BLE001  (not installed, or installed but broken against this spaCy)
        return (
            None,
            f"textacy comparison skipped: textacy cannot be imported ({type(error).__name__}: {' '.join(str(error).split())})",
        )

    def textacy_spans(doc: Doc) -> RoleSpans:
        spans: RoleSpans = {role: [] for role in ROLES}
        for triple in direct_quotations(doc):
            spans["source"].append(_token_extent(triple.speaker))
            spans["cue"].append(_token_extent(triple.cue))
            spans["content"].append((triple.content.start_char, triple.content.end_char))
        return spans

    return textacy_spans, None


def _token_extent(tokens) -> Span:
    """The character extent from the first to the last of textacy's (sorted) tokens."""
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


@dataclass
class Result:
    """Micro-averaged counts of each system, role and mode, with what it took."""

    articles: int = 0
    counts: dict[str, dict[str, dict[str, Counts]]] = field(default_factory=dict)
    textacy_failed_docs: int = 0
    textacy_note: str | None = None
    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, system: str, text: str, gold: RoleSpans, predicted: RoleSpans, tokens: WordTokens) -> None:
        roles = self.counts.setdefault(system, {})
        for role in ROLES:
            scores = score_spans(text, gold[role], predicted[role], tokens)
            modes = roles.setdefault(role, {mode: Counts() for mode in MODES})
            for mode in MODES:
                modes[mode] = modes[mode] + scores[mode]

    def figures(self) -> dict[str, float | int | None]:
        """Every figure for the JSON line: percentages with one decimal, textacy's as ``textacy_*`` (null when skipped)."""
        out: dict[str, float | int | None] = {"articles": self.articles}
        for system in SYSTEMS:
            prefix = "" if system == "communique" else f"{system}_"
            for role in ROLES:
                counts = self.counts.get(system, {}).get(role)
                out[f"{prefix}{role}_gold"] = counts["exact"].gold if counts else None
                out[f"{prefix}{role}_predicted"] = counts["exact"].predicted if counts else None
                for mode in MODES:
                    for metric in ("precision", "recall", "f1"):
                        value = percent(getattr(counts[mode], metric)) if counts else None
                        out[f"{prefix}{role}_{mode}_{metric}"] = value
        out["textacy_failed_docs"] = self.textacy_failed_docs if "textacy" in self.counts else None
        return out


def evaluate(
    articles: Iterable[GoldArticle], nlp: Language, textacy: Extractor | None = None, batch_size: int = 32
) -> Result:
    """Scores of communique (and of textacy, when given) on ``articles``, parsing each once."""
    result = Result()
    articles = list(articles)
    docs = (_doc_for(nlp, article_from_text(gold.text, str(gold.path))) for gold in articles)
    started = time.perf_counter()
    textacy_seconds = 0.0
    for gold, doc in zip(articles, nlp.pipe(docs, batch_size=batch_size), strict=True):
        tokens = WordTokens(gold.text)
        result.add("communique", gold.text, gold.spans, communique_spans(doc._.analysis), tokens)
        if textacy is not None:
            textacy_started = time.perf_counter()
            try:
                predicted = textacy(doc)
            except Exception:  # noqa: BLE001  (textacy gives up on whole documents: unbalanced quotation marks)
                predicted = {role: [] for role in ROLES}
                result.textacy_failed_docs += 1
            textacy_seconds += time.perf_counter() - textacy_started
            result.add("textacy", gold.text, gold.spans, predicted, tokens)
        result.articles += 1
    total = time.perf_counter() - started
    result.seconds = {"communique": total - textacy_seconds, "textacy": textacy_seconds}
    return result
