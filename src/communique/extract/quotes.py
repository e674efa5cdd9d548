"""Who said what: attributions with their source, cue and content, from the parse and the quote marks.

Five passes over a parsed article, each adding what the earlier ones missed:

1. **Reporting verbs** (said, added, told, stressed…): the content is the
   verb's clausal complement ("said [that] …", "“…,” he said"), ended where
   :mod:`communique.extract.contents` chooses; the source
   is its subject, or for a participle ("…, adding “…”") the subject of the
   clause it hangs on, or for a passive the agent ("was endorsed by X"). A
   cue set off by commas inside the sentence it reports ("The sanctions, he
   said, would…") takes the sentence around it, and one that ends the
   sentence after a comma ("…, said Alan Abramowitz.") the words before it. A content that reaches into
   a quotation is widened to the whole quotation, so a multi-sentence quote
   comes out whole.
2. **"according to X"**: the rest of the sentence is the content.
3. **Signed quotations**: a quotation followed on its line by a dash and a
   name ("“…” ― Maria Lopez") is that person's.
4. **Quotations with no cue of their own** that fill a sentence continue the
   previous speaker in the same or the next paragraph (a continuation quote).
5. **Quoted fragments under an evaluative verb** ("Clinton praised Moscow for
   its ‘extremely cooperative’ behaviour") are mixed quotes of its subject.

Speakers are resolved by :mod:`communique.extract.coref`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.attrs import LOWER, POS
from spacy.tokens import Doc, Token

from communique.extract.contents import content_end
from communique.extract.coref import SpeakerResolver
from communique.extract.cues import (
    CHANNEL_NOUNS,
    CIRCUMSTANTIAL_PREPOSITIONS,
    SUBJECT_DEPS,
    Frame,
    cue_bounds,
    cue_frame,
    is_evaluative_verb,
    is_speech_verb,
    is_to_infinitive,
    verb_frame,
)
from communique.extract.quotemarks import DOUBLE_MARKS, SINGLE_MARKS, Quotations, QuotedSpan, quoted_spans
from communique.model import Mention, Quote, Sentence, Speaker, TextSpan, span_of, trimmed_bounds

_TRIM = " \t\n,;:—–-" + "".join(DOUBLE_MARKS | SINGLE_MARKS)
_MIN_CONTENT_CHARS = 2
_MAX_RESUME_GAP = 60
_SIGNATURE = re.compile(
    r"[ \t\u00a0]*(?P<dash>―|—|–|--)[ \t\u00a0]*(?P<name>(?:[A-Z][\w’'.-]*[ \t\u00a0]?){1,5}?)[ \t\u00a0.,]*(?:\n|$)"
)
"""A dash and a name of one to five capitalised words closing the line after a quotation."""
OBJECT_COMPLEMENT_DEPS = frozenset({"oprd", "acomp", "xcomp", "prep", "npadvmod", "advmod", "advcl"})


@dataclass
class _Attribution:
    cue: tuple[int, int] | None
    source: Token | None
    content: list[tuple[int, int]]
    speaker_name: str | None = None
    speaker_kind: str = "name"
    anchor: int = 0
    type: str | None = None
    """Set when the pass knows it (continuations are direct, evaluative fragments mixed)."""
    source_bounds: tuple[int, int] | None = None
    """The source's characters when they are not the parse subtree of ``source`` (a signature line)."""


def quotes(
    doc: Doc,
    sentences: list[Sentence],
    mentions: list[Mention],
    text: str | None = None,
    resolver: SpeakerResolver | None = None,
) -> list[Quote]:
    """Every attribution in ``doc``, as Quote records numbered q1, q2... in text order.

    ``text`` is ``doc.text`` when the caller already has it (spaCy rebuilds it on every access);
    ``resolver`` is the article's coreference when the caller shares it with actor resolution."""
    text = doc.text if text is None else text
    marks = Quotations(quoted_spans(text))
    resolver = resolver or SpeakerResolver(doc)
    found: list[_Attribution] = []
    for token, according_to in _cue_candidates(doc):
        attribution = _from_according_to(token, text) if according_to else _from_cue(token, marks, text)
        if attribution is not None:
            found.append(attribution)
    found += _signed_quotations(doc, marks, found, text)
    found.sort(key=lambda attribution: attribution.anchor)
    _resolve_speakers(found, resolver)
    found = _add_continuations(doc, marks, found, text)
    found += _evaluative_fragments(doc, marks, found, resolver)
    found.sort(key=lambda attribution: min(start for start, _ in attribution.content))
    lookups = _Lookups.of(sentences, mentions)
    return [_as_quote(text, number, attribution, marks, lookups) for number, attribution in enumerate(found, 1)]


def _cue_candidates(doc: Doc) -> list[tuple[Token, bool]]:
    """Each "according" of "according to" (with True) and each other verb (with False), in text
    order: read from the Doc's arrays, so that no Token is made for the other words."""
    strings = doc.vocab.strings
    verb, according, to = strings["VERB"], strings["according"], strings["to"]
    columns = doc.to_array([POS, LOWER]).tolist()
    found = []
    for index, (pos, lower) in enumerate(columns):
        according_to = lower == according and index + 1 < len(columns) and columns[index + 1][1] == to
        if according_to or pos == verb:
            found.append((doc[index], according_to))
    return found


@dataclass
class _Lookups:
    """What making Quotes looks up, sorted once per article: the sentences' starts and the mentions
    by start (with their place in the list); the quotations answer for themselves (:class:`Quotations`)."""

    sentence_starts: list[int]
    mention_starts: list[int]
    mentions: list[tuple[int, int, Mention]]

    @classmethod
    def of(cls, sentences: list[Sentence], mentions: list[Mention]) -> _Lookups:
        by_start = sorted((mention.start, place, mention) for place, mention in enumerate(mentions))
        return cls(
            sentence_starts=[sentence.start for sentence in sentences],
            mention_starts=[start for start, _, _ in by_start],
            mentions=by_start,
        )

    def mention_inside(self, span: TextSpan) -> str | None:
        """The id of the first listed mention that lies inside ``span``."""
        low = bisect_left(self.mention_starts, span.start)
        high = bisect_right(self.mention_starts, span.end)
        inside = [(place, mention) for _, place, mention in self.mentions[low:high] if mention.end <= span.end]
        return min(inside, key=lambda found: found[0])[1].id if inside else None


def _from_cue(verb: Token, marks: Quotations, text: str) -> _Attribution | None:
    frame = cue_frame(verb, marks)
    if frame is not None:
        framed = framed_content(verb, frame, marks, text)
        if framed is None:
            return None
        content = [_trim(text, framed[0], content_end(verb, frame, framed, marks))]
    elif is_speech_verb(verb):
        adjacent = _quote_after_cue(verb, marks, text) or _quote_before_cue(verb, marks, text)
        if adjacent is None:
            return _parenthetical(verb, marks, text) or _closing_cue(verb, marks, text)
        content = [_trim(text, *_widen_to_quotation((adjacent.inner_start, adjacent.inner_end), marks))]
    else:
        return None
    cue = cue_bounds(verb, frame, marks)
    source = _agent_of(frame.cue_end) if frame is not None and frame.name == "passive" else _subject_of(verb)
    raised = _raised_subject(verb, frame)
    if raised is not None:  # "Rivals are expected to quit": who expects is unsaid; the rivals are content
        content.insert(0, _trim(text, raised.left_edge.idx, raised.right_edge.idx + len(raised.right_edge.text)))
        source = None
    resumed = _quotation_resumed(verb, source, content[0], marks, text)
    if resumed is not None:
        content.append(_trim(text, resumed.inner_start, resumed.inner_end))
    interrupted = _quotation_interrupted(verb, source, content[0], marks, text) if resumed is None else None
    if interrupted is not None:
        content.insert(0, _trim(text, interrupted.inner_start, interrupted.inner_end))
    return _Attribution(cue=cue, source=source, content=content, anchor=verb.idx)


def framed_content(verb: Token, frame: Frame, marks: Quotations, text: str) -> tuple[int, int] | None:
    """The content ``verb``'s ``frame`` gives, before :func:`communique.extract.contents.content_end`
    chooses where it ends: the complement's subtree, with the object a cue controls or the words said
    of its object, widened to any quotation it reaches into."""
    bounds = _content_bounds(
        frame.content, verb, text, nominal=frame.name in ("object", "passive") or frame.name.startswith("prep:")
    )
    if bounds is None:
        return None
    if frame.name == "infinitive" or (frame.name == "clause" and _is_small_clause(frame.content)):
        bounds = _with_controlled_object(verb, frame.content, bounds, text)
    elif frame.name == "object":
        bounds = _with_object_complement(verb, frame.content, bounds, text)
    elif frame.name.startswith("prep:"):
        bounds = _with_object_complement(verb, frame.content.head, bounds, text)
    return _trim(text, *_widen_to_quotation(bounds, marks))


def _parenthetical(verb: Token, marks: Quotations, text: str) -> _Attribution | None:
    """ "The sanctions, Lavrov said, would only harden Tehran's position": a cue set off by
    commas inside the sentence it reports (spaCy hangs it on the main verb as a parataxis). The
    content is the sentence around the cue's clause, in its two parts."""
    source = _nearest_subject(verb)
    if verb.dep_ != "parataxis" or source is None:
        return None
    first, last = verb.left_edge, verb.right_edge
    doc = verb.doc
    if first.i == 0 or last.i + 1 >= len(doc) or (doc[first.i - 1].text != "," and first.text != ","):
        return None
    sentence = verb.sent
    content = [
        _trim(text, start, end)
        for start, end in (
            (sentence.start_char, first.idx),
            (last.idx + len(last.text), sentence.end_char),
        )
    ]
    content = [span for span in content if span[1] - span[0] >= _MIN_CONTENT_CHARS]
    if len(content) != 2:
        return None
    return _Attribution(cue=cue_bounds(verb, None, marks), source=source, content=content, anchor=verb.idx)


def _closing_cue(verb: Token, marks: Quotations, text: str) -> _Attribution | None:
    """ "Wages stagnated while rents rose, said Alan Abramowitz.": a cue clause that ends its sentence
    after a comma, with no complement of its own (the parser may even take the words before it for a
    second subject); the content is the sentence before the comma."""
    source = _nearest_subject(verb)
    if source is None:
        return None
    first = min(verb.i, source.left_edge.i)
    last = max(verb.i, source.right_edge.i)
    doc, sentence = verb.doc, verb.sent
    if first <= sentence.start or doc[first - 1].text != ",":
        return None
    if any(not token.is_punct for token in doc[last + 1 : sentence.end]):
        return None
    start, end = _trim(text, sentence.start_char, doc[first - 1].idx)
    if end - start < _MIN_CONTENT_CHARS:
        return None
    content = [_trim(text, *_widen_to_quotation((start, end), marks))]
    return _Attribution(cue=cue_bounds(verb, None, marks), source=source, content=content, anchor=verb.idx)


def _quotation_interrupted(
    verb: Token, source: Token | None, content: tuple[int, int], marks: Quotations, text: str
) -> QuotedSpan | None:
    """In "“Our company,” he added, “builds a lot”" the content after the cue began before it."""
    clause_start = min(verb.idx, source.left_edge.idx if source is not None else verb.idx)
    if content[0] < verb.idx:
        return None
    for mark in reversed(marks):
        if mark.end <= clause_start:
            gap = text[mark.end : clause_start]
            interrupted = text[mark.start : mark.inner_end].rstrip().endswith((",", "—", "–"))
            return mark if interrupted and mark.inner_end <= content[0] and not gap.strip(" ,\n—–-") else None
    return None


def _raised_subject(verb: Token, frame) -> Token | None:
    """The subject of an agentless passive cue with an infinitive ("X is expected/said/believed to …")."""
    if frame is None or frame.name != "infinitive" or verb.tag_ != "VBN":
        return None
    if any(child.dep_ == "agent" for child in verb.children):
        return None
    return next((child for child in verb.children if child.dep_ == "nsubjpass"), None)


def _with_object_complement(verb: Token, obj: Token, bounds: tuple[int, int], text: str) -> tuple[int, int]:
    """ "called the statement ‘offensive’", "warned China against provocations": what follows the
    object and is said of it belongs to the content, as annotators mark it."""
    end_token = obj.right_edge
    for child in verb.rights:
        if child.i <= obj.i:
            continue
        if child.dep_ not in OBJECT_COMPLEMENT_DEPS or child.left_edge.i > end_token.i + 2 or _circumstantial(child):
            break
        if any(token.is_punct and token.text in ",;:" for token in verb.doc[end_token.i + 1 : child.left_edge.i]):
            break
        end_token = child.right_edge
    if end_token.i == obj.right_edge.i:
        return bounds
    return _trim(text, bounds[0], end_token.idx + len(end_token.text))


def _circumstantial(child: Token) -> bool:
    """When, where or through what something was said ("in December", "on Twitter", "as the vote
    nears"): not what was said."""
    if child.dep_ == "npadvmod":
        return True
    if child.dep_ == "advcl":
        return any(grandchild.dep_ == "mark" for grandchild in child.children)
    if child.dep_ == "prep":
        objects = [grandchild for grandchild in child.children if grandchild.dep_ == "pobj"]
        return child.lower_ in CIRCUMSTANTIAL_PREPOSITIONS - {"in", "with", "from", "by", "into"} or any(
            obj.ent_type_ in ("DATE", "TIME")
            or obj.lower_ in CHANNEL_NOUNS | {"twitter", "facebook", "television", "radio"}
            for obj in objects
        )
    return False


def _is_small_clause(content: Token) -> bool:
    """A clause with neither complementizer nor subject ("called the statement ‘offensive’")."""
    return not any(child.dep_ in ("mark", "nsubj", "nsubjpass", "expl") for child in content.children)


def _with_controlled_object(verb: Token, content: Token, bounds: tuple[int, int], text: str) -> tuple[int, int]:
    """ "urged delegates to vote…", "called the statement ‘offensive’": the object between the cue and
    its complement belongs to the content, as annotators mark it."""
    for child in verb.children:
        if child.dep_ == "dobj" and verb.i < child.i < content.i and child.left_edge.idx < bounds[0]:
            if child.right_edge.i + 1 >= content.left_edge.i:
                return child.left_edge.idx, bounds[1]
    return bounds


def _quotation_resumed(
    verb: Token, source: Token | None, content: tuple[int, int], marks: Quotations, text: str
) -> QuotedSpan | None:
    """In "“…,” Lavrov said, “…”" the quotation goes on after the cue: its second part is more content."""
    if content[1] > verb.idx:
        return None
    after = max(
        verb.idx + len(verb.text), source.right_edge.idx + len(source.right_edge.text) if source is not None else 0
    )
    for mark in marks:
        if mark.start < after:
            continue
        gap = text[after : mark.start]
        if len(gap) <= _MAX_RESUME_GAP and not any(char in gap for char in ".!?\n"):
            return mark
        return None
    return None


def _content_bounds(complement: Token, verb: Token, text: str, nominal: bool = False) -> tuple[int, int] | None:
    """The complement's subtree, cut before any nested cue and never reaching the cue itself.

    A ``nominal`` complement (what was endorsed, criticised, talked about) ends before an appositive or
    a relative clause set off by a comma: "endorsed the treaty, a deal signed last year" endorses the
    treaty; the rest is the writer's description."""
    nested = {
        token.i
        for child in complement.subtree
        if child.i != complement.i
        and (
            (
                child.dep_ in ("advcl", "conj")
                and is_speech_verb(child)
                and child.tag_ == "VBG"
                and _after_punctuation(child)
            )
            or (nominal and child.dep_ in ("appos", "relcl") and _after_punctuation(child.left_edge, ","))
        )
        for token in child.subtree
    }
    tokens = [token for token in complement.subtree if token.i not in nested]
    block = _contiguous_block(tokens, complement)
    if verb.i in range(block[0].i, block[-1].i + 1):
        return None
    start, end = block[0].idx, block[-1].idx + len(block[-1].text)
    start, end = _trim(text, start, end)
    return (start, end) if end - start >= _MIN_CONTENT_CHARS else None


def _after_punctuation(token: Token, mark: str | None = None) -> bool:
    """Whether the word before ``token`` is punctuation (``mark`` itself, when given)."""
    if token.i == 0:
        return False
    before = token.doc[token.i - 1]
    return before.text == mark if mark else before.is_punct


def _contiguous_block(tokens: list[Token], anchor: Token) -> list[Token]:
    ordered = sorted(tokens, key=lambda token: token.i)
    position = next(index for index, token in enumerate(ordered) if token.i == anchor.i)
    start = end = position
    while start > 0 and ordered[start - 1].i == ordered[start].i - 1:
        start -= 1
    while end + 1 < len(ordered) and ordered[end + 1].i == ordered[end].i + 1:
        end += 1
    return ordered[start : end + 1]


def _quote_after_cue(verb: Token, marks: Quotations, text: str) -> QuotedSpan | None:
    """A quotation opening right after the cue ("he said: “…”", "adding, “…”")."""
    after = verb.idx + len(verb.text)
    for mark in marks:
        if mark.start >= after and not text[after : mark.start].strip(" ,:\n—–-"):
            return mark
        if mark.start > after:
            break
    return None


def _quote_before_cue(verb: Token, marks: Quotations, text: str) -> QuotedSpan | None:
    """A quotation closing right before the cue's clause ("“…,” he said." parsed with no complement).
    The clause starts at the subject before the cue, or at the cue itself: the parser may hang the
    quotation's words, comma and closing mark on the cue, so the cue's subtree can start inside it,
    and may even take a word of the quotation for the cue's subject ("“Anybody …,” said X")."""
    subjects = [child for child in verb.lefts if child.dep_ in SUBJECT_DEPS]
    subject = next((child for child in reversed(subjects) if not marks.overlaps_inside(child.idx, child.idx + 1)), None)
    first = subject.left_edge if subject is not None else verb
    clause_start = next(token.idx for token in verb.doc[first.i : verb.i + 1] if not token.is_punct)
    for mark in reversed(marks):
        if mark.end <= clause_start:
            return mark if not text[mark.end : clause_start].strip(" ,:\n—–-") else None
    return None


def _widen_to_quotation(bounds: tuple[int, int], marks: Quotations) -> tuple[int, int]:
    """A content that reaches into a quotation takes all of it: quotes are not cut at sentence ends."""
    start, end = bounds
    for mark in marks:
        if mark.inner_start < end and start < mark.inner_end:
            start, end = min(start, mark.inner_start), max(end, mark.inner_end)
    return start, end


def _subject_of(verb: Token) -> Token | None:
    """The subject of a cue verb, looking through conjunctions, participles and "as saying"."""
    current = verb
    for _ in range(8):
        subject = _nearest_subject(current, (*SUBJECT_DEPS, "csubj"))
        if subject is not None:
            return subject
        for child in current.children:
            if child.dep_ == "agent" and _agent_of(child) is not None:
                return _agent_of(child)
        if current.dep_ == "relcl" or current.dep_ == "ROOT":
            return None
        if _infinitive_of_subject(current):
            current = current.head  # "Lavrov went on to say", "refused to say": the subject of "went"
            continue
        if current.dep_ == "conj" or current.tag_ in ("VBG", "VBN") or current.pos_ == "ADP":
            current = _governing_cue(current) or current.head
            continue
        return None
    return None


def _nearest_subject(verb: Token, deps: tuple[str, ...] = SUBJECT_DEPS) -> Token | None:
    """The verb's subject nearest to it. The parser sometimes gives a cue two, the other a word of the
    quotation or the clause it reports ("“Anybody …,” said X", "The promise …, said X")."""
    subjects = [child for child in verb.children if child.dep_ in deps]
    return min(subjects, key=lambda subject: abs(subject.i - verb.i), default=None)


def _infinitive_of_subject(verb: Token) -> bool:
    """An infinitive whose unsaid subject is its head's subject: "went on to say", "refused to
    say", but not "urged Lavrov to say" (Lavrov's words, and the parse does not say so reliably)."""
    return (
        verb.dep_ in ("xcomp", "advcl")
        and is_to_infinitive(verb)
        and not any(child.dep_ == "dobj" for child in verb.head.children)
    )


def _agent_of(agent: Token) -> Token | None:
    """The one who acts in a passive ("was endorsed [by] X"): the object of its "by"."""
    return next((child for child in agent.children if child.dep_ == "pobj"), None)


def _governing_cue(participle: Token) -> Token | None:
    """For "…, adding, “…”" hung on a verb inside a reported clause: the outermost reporting verb
    with a subject, whose content holds the participle ("Lavrov said Moscow agreed, adding…")."""
    governing = None
    for ancestor in participle.ancestors:
        if is_speech_verb(ancestor) and any(child.dep_ in SUBJECT_DEPS for child in ancestor.children):
            governing = ancestor
    return governing


def _from_according_to(according: Token, text: str) -> _Attribution | None:
    to = according.doc[according.i + 1]
    objects = [child for child in to.children if child.dep_ == "pobj"] or [
        child for child in according.children if child.dep_ == "pobj"
    ]
    if not objects:
        return None
    phrase = {token.i for token in according.subtree} | {token.i for token in to.subtree} | {according.i, to.i}
    sentence = according.sent
    before = [token for token in sentence if token.i < min(phrase)]
    after = [token for token in sentence if token.i > max(phrase)]
    side = after if len(after) > len(before) else before
    if not side:
        return None
    start, end = _trim(text, side[0].idx, side[-1].idx + len(side[-1].text))
    if end - start < _MIN_CONTENT_CHARS:
        return None
    cue = (according.idx, to.idx + len(to.text))
    return _Attribution(cue=cue, source=objects[0], content=[(start, end)], anchor=according.idx)


def _resolve_speakers(found: list[_Attribution], resolver: SpeakerResolver) -> None:
    for attribution in found:
        if attribution.source is None:
            continue
        resolution = resolver.resolve(attribution.source)
        attribution.speaker_name, attribution.speaker_kind = resolution.name, resolution.kind
        if resolution.name:
            resolver.note_speaker(attribution.source.i, resolution.name)


def _add_continuations(doc: Doc, marks: Quotations, found: list[_Attribution], text: str) -> list[_Attribution]:
    """Quotations that fill a sentence of their own and have no cue inherit the previous speaker."""
    result = list(found)
    for index, mark in enumerate(marks):
        if _covered(mark, result) or not _fills_sentences(doc, mark, text):
            continue
        speaker = _closing_part_speaker(marks, index, result) if mark.continued else None
        if speaker is None:
            previous = [attribution for attribution in result if attribution.anchor < mark.start and attribution.source]
            if not previous:
                continue
            speaker = previous[-1]
            if _paragraphs_between(text, max(end for _, end in speaker.content), mark.start) > 1:
                continue
        result.append(
            _Attribution(
                cue=None,
                source=speaker.source,
                content=[(mark.inner_start, mark.inner_end)],
                speaker_name=speaker.speaker_name,
                speaker_kind=speaker.speaker_kind,
                anchor=mark.start,
                type="direct",
            )
        )
        result.sort(key=lambda attribution: attribution.anchor)
    return result


def _signed_quotations(doc: Doc, marks: Quotations, found: list[_Attribution], text: str) -> list[_Attribution]:
    """A quotation signed on its own line by a dash and a name ("“…” ― Maria Lopez"): the dash is
    the cue, the name the source, as in collections of readers' and voters' voices."""
    signed = []
    for mark in marks:
        match = _SIGNATURE.match(text, mark.end)
        if match is None or not mark.closed or _covered(mark, found):
            continue
        start, end = _trim(text, *match.span("name"))
        end -= text[start:end].endswith(".")
        name = doc.char_span(start, end, alignment_mode="expand")
        if name is None:
            continue
        signed.append(
            _Attribution(
                cue=match.span("dash"),
                source=name.root,
                content=[(mark.inner_start, mark.inner_end)],
                anchor=mark.start,
                type="direct",
                source_bounds=(start, end),
            )
        )
    return signed


def _closing_part_speaker(marks: Quotations, index: int, found: list[_Attribution]) -> _Attribution | None:
    """A quotation running over several paragraphs is one speaker's, named where it closes:
    "“We will not accept this.¶“Nor will our allies,” the minister said."."""
    for later in marks[index + 1 :]:
        owner = next(
            (
                a
                for a in found
                if a.source is not None and any(s < later.inner_end and later.inner_start < e for s, e in a.content)
            ),
            None,
        )
        if owner is not None or not later.continued:
            return owner
    return None


def _evaluative_fragments(
    doc: Doc, marks: Quotations, found: list[_Attribution], resolver: SpeakerResolver
) -> list[_Attribution]:
    """Quoted fragments inside a clause whose verb praises, blames or describes: its subject's words."""
    added: list[_Attribution] = []
    for mark in marks:
        if _covered(mark, found + added):
            continue
        inside = [token for token in doc.char_span(mark.inner_start, mark.inner_end, alignment_mode="expand") or []]
        if not inside:
            continue
        verb = next((ancestor for ancestor in inside[0].ancestors if is_evaluative_verb(ancestor)), None)
        source = _subject_of(verb) if verb is not None else None
        if source is None:
            continue
        resolution = resolver.resolve(source)
        added.append(
            _Attribution(
                cue=cue_bounds(verb, verb_frame(verb), marks),
                source=source,
                content=[(mark.inner_start, mark.inner_end)],
                speaker_name=resolution.name,
                speaker_kind=resolution.kind,
                anchor=verb.idx,
                type="mixed",
            )
        )
    return added


def _as_quote(
    text: str,
    number: int,
    attribution: _Attribution,
    marks: Quotations,
    lookups: _Lookups,
) -> Quote:
    if attribution.source_bounds is not None:
        source_span = span_of(text, *attribution.source_bounds)
    else:
        source_span = _source_span(attribution.source, text) if attribution.source is not None else None
    mention_id = lookups.mention_inside(source_span) if source_span else None
    speaker = Speaker(
        mention=source_span,
        mention_id=mention_id,
        name=attribution.speaker_name,
        resolved=attribution.speaker_name is not None,
    )
    content = [span_of(text, *_balanced(start, end, marks)) for start, end in attribution.content]
    return Quote(
        id=f"q{number}",
        type=attribution.type or _quote_type(attribution.content, marks),
        speaker=speaker,
        cue=span_of(text, *attribution.cue) if attribution.cue else None,
        content=content,
        sentence_ids=sorted(
            {max(bisect_right(lookups.sentence_starts, start) - 1, 0) for start, _ in attribution.content}
        ),
    )


def _balanced(start: int, end: int, marks: Quotations) -> tuple[int, int]:
    """Bounds that keep a quotation's closing mark when they keep its opening one, and the reverse,
    so a mixed quote reads ‘like this’ and never ‘like this."""
    for mark in marks:
        if start <= mark.start < end and mark.closed and mark.end == end + 1:
            end += 1
        if start < mark.end <= end and mark.start == start - 1 and mark.closed:
            start -= 1
    return start, end


def _source_span(head: Token, text: str) -> TextSpan:
    """The source's whole noun phrase, appositions and relative clauses included, as annotators mark it."""
    first, last = head.left_edge, head.right_edge
    start, end = _trim(text, first.idx, last.idx + len(last.text))
    return span_of(text, start, end)


def _quote_type(content: list[tuple[int, int]], marks: Quotations) -> str:
    """direct when the content is whole quotations, mixed when it holds some, else indirect."""
    if all(marks.is_inside(start, end) for start, end in content):
        return "direct"
    return "mixed" if any(marks.overlaps_inside(start, end) for start, end in content) else "indirect"


def _covered(mark: QuotedSpan, found: list[_Attribution]) -> bool:
    return any(
        start < mark.inner_end and mark.inner_start < end for attribution in found for start, end in attribution.content
    )


def _fills_sentences(doc: Doc, mark: QuotedSpan, text: str) -> bool:
    """True when the quotation is whole sentences: it opens where a sentence may start (after a
    sentence's end or a line break) and nothing but punctuation follows it before its sentence ends.
    Read from the characters, not the parser's sentences, which often put the opening mark
    at the end of the sentence before ("he said. “…")."""
    before = text[: mark.start].rstrip(" \t")
    if before and before[-1] not in ".!?\n" + "".join(DOUBLE_MARKS | SINGLE_MARKS):
        return False
    span = doc.char_span(mark.start, mark.end, alignment_mode="expand")
    if span is None:
        return False
    after = text[mark.end : span[-1].sent.end_char]
    return not any(char.isalnum() for char in after)


def _paragraphs_between(text: str, start: int, end: int) -> int:
    return text.count("\n\n", start, end) + (1 if "\n" in text[start:end] and "\n\n" not in text[start:end] else 0)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    start, end = trimmed_bounds(text, start, end)
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end
