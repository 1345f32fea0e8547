"""The audit as one self-contained HTML page: source | derived side by side.

The page shows each article's original text cut at the audit's offsets into plain text,
sentences and furniture lines, with the differing facts marked inside sentences. Every
piece of article text reaches the page through Jinja2 autoescaping; the script reads only
``id``/``data-*`` attributes, so no article text is ever embedded as JSON or markup.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from jinja2 import Environment, PackageLoader, StrictUndefined

from newstrace.records import (
    Article,
    Audit,
    DerivedFinding,
    Evasion,
    Furniture,
    Sentence,
    Side,
    SourceFinding,
    SourceStatus,
    Verdict,
)
from newstrace.report.json import SCHEMA_VERSION, derived_id, source_id

TEMPLATE = "report.html.j2"


@dataclass(frozen=True, slots=True)
class VerdictStyle:
    css: str
    label: str
    meaning: str


VERDICT_STYLES: dict[Verdict, VerdictStyle] = {
    Verdict.VERBATIM: VerdictStyle("v-verbatim", "Verbatim", "copied word for word"),
    Verdict.LIGHT_EDIT: VerdictStyle("v-light_edit", "Light edit", "copied with small edits"),
    Verdict.PARAPHRASE: VerdictStyle("v-paraphrase", "Paraphrase", "same content, new words"),
    Verdict.CHANGED_FACT: VerdictStyle(
        "v-changed_fact", "Changed fact", "a name, number, date, quote or negation differs"
    ),
    Verdict.UNSUPPORTED_ADDITION: VerdictStyle(
        "v-unsupported_addition", "Unsupported addition", "claims the source does not make"
    ),
}

STATUS_CSS: dict[SourceStatus, str] = {
    SourceStatus.KEPT: "s-kept",
    SourceStatus.DROPPED: "s-dropped",
}


@dataclass(frozen=True, slots=True)
class Mark:
    """A range inside an article to highlight, in absolute code-point offsets."""

    start: int
    end: int
    css: str
    title: str


@dataclass(frozen=True, slots=True)
class Fragment:
    """A run of text inside a segment; ``css`` empty means unmarked."""

    text: str
    css: str = ""
    title: str = ""


@dataclass(frozen=True, slots=True)
class Segment:
    """A sentence, a furniture line or the plain text between them (``css`` empty)."""

    fragments: tuple[Fragment, ...]
    css: str = ""
    sid: str = ""
    links: str = ""
    title: str = ""


@dataclass(frozen=True, slots=True)
class Pane:
    """One side of the page: its article cut into segments."""

    role: str
    side: Side
    segments: tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class Link:
    """A link shown above the report (the server's navigation and downloads)."""

    label: str
    href: str


def render_html(audit: Audit, *, color: bool = False, links: Sequence[Link] = ()) -> str:
    """The audit as a self-contained HTML document; ``color`` is ignored."""
    del color
    template = _environment().get_template(TEMPLATE)
    return template.render(
        audit=audit,
        links=links,
        changed_sources=_changed_sources(audit.derived_findings),
        schema=SCHEMA_VERSION,
        panes=(_source_pane(audit), _derived_pane(audit)),
        verdicts=VERDICT_STYLES,
        source_sentences={f.sentence.index: f.sentence for f in audit.source_findings},
        dropped=[f for f in audit.source_findings if f.status is SourceStatus.DROPPED],
        sid=source_id,
        did=derived_id,
        codepoints=_codepoints,
        display_name=_display_name,
    )


@functools.cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("newstrace", "report/templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _display_name(article: Article) -> str:
    """The title if the input had one, else the file name of its origin."""
    return article.meta.title or PurePath(article.origin).name or article.origin


def _codepoints(chars: str) -> str:
    return " ".join(f"U+{ord(ch):04X}" for ch in chars)


def _source_pane(audit: Audit) -> Pane:
    marks = _source_fact_marks(audit.derived_findings) + _evasion_marks(audit.source.evasions)
    changed = _changed_sources(audit.derived_findings)
    sentences = [_source_segment(finding, changed) for finding in audit.source_findings]
    return Pane("source", audit.source, _segments(audit.source, sentences, marks))


def _derived_pane(audit: Audit) -> Pane:
    marks = _derived_fact_marks(audit.derived_findings) + _evasion_marks(audit.derived.evasions)
    sentences = [_derived_segment(finding) for finding in audit.derived_findings]
    return Pane("derived", audit.derived, _segments(audit.derived, sentences, marks))


def _changed_sources(findings: Iterable[DerivedFinding]) -> frozenset[int]:
    """Source sentences that a derived sentence changed a fact of (for the filter)."""
    return frozenset(i for f in findings if f.changes for i in f.sources)


def _source_segment(finding: SourceFinding, changed: frozenset[int]) -> tuple[Sentence, Segment]:
    links = " ".join(derived_id(index) for index in finding.derived)
    title = "kept" if finding.status is SourceStatus.KEPT else "dropped: not used by the derived"
    css = f"sent {STATUS_CSS[finding.status]}"
    if finding.sentence.index in changed:
        css += " src-changed"
    return finding.sentence, Segment((), css, source_id(finding.sentence.index), links, title)


def _derived_segment(finding: DerivedFinding) -> tuple[Sentence, Segment]:
    style = VERDICT_STYLES[finding.verdict]
    links = " ".join(source_id(index) for index in finding.sources)
    title = f"{style.label} (score {finding.score:.2f})"
    css = f"sent {style.css}"
    return finding.sentence, Segment((), css, derived_id(finding.sentence.index), links, title)


def _source_fact_marks(findings: Iterable[DerivedFinding]) -> list[Mark]:
    return [
        Mark(c.source.span.start, c.source.span.end, "fact", _change_title(f, c.kind.value))
        for f in findings
        for c in f.changes
        if c.source is not None
    ]


def _derived_fact_marks(findings: Iterable[DerivedFinding]) -> list[Mark]:
    marks = [
        Mark(c.derived.span.start, c.derived.span.end, "fact", _change_title(f, c.kind.value))
        for f in findings
        for c in f.changes
        if c.derived is not None
    ]
    marks += [
        Mark(a.span.start, a.span.end, "unsupported", f"{a.kind.value} not in the source")
        for f in findings
        for a in f.unsupported
    ]
    return marks


def _change_title(finding: DerivedFinding, kind: str) -> str:
    return f"{kind} changed in {derived_id(finding.sentence.index)}"


def _evasion_marks(evasions: Iterable[Evasion]) -> list[Mark]:
    return [
        Mark(e.offset, e.offset + len(e.char), "evasion", f"{e.kind} {_codepoints(e.char)}")
        for e in evasions
    ]


def _furniture_segment(item: Furniture) -> tuple[int, int, Segment]:
    title = f"furniture ({item.rule.value}): {item.reason}"
    return item.span.start, item.span.end, Segment((), "furniture", "", "", title)


def _segments(
    side: Side, sentences: Sequence[tuple[Sentence, Segment]], marks: Sequence[Mark]
) -> tuple[Segment, ...]:
    """Cut the whole article text into plain, sentence and furniture segments."""
    text = side.article.text
    ranges = [(s.span.start, s.span.end, seg) for s, seg in sentences]
    ranges += [_furniture_segment(item) for item in side.furniture]
    out: list[Segment] = []
    cursor = 0
    for start, end, segment in sorted(ranges, key=lambda r: (r[0], r[1])):
        if start < cursor or end > len(text) or start >= end:
            continue  # overlapping or out of range: keep the first, never garble the text
        if start > cursor:
            out.append(Segment(_fragments(text, cursor, start, marks)))
        fragments = _fragments(text, start, end, marks)
        out.append(Segment(fragments, segment.css, segment.sid, segment.links, segment.title))
        cursor = end
    if cursor < len(text):
        out.append(Segment(_fragments(text, cursor, len(text), marks)))
    return tuple(out)


def _fragments(text: str, start: int, end: int, marks: Sequence[Mark]) -> tuple[Fragment, ...]:
    """Text in ``[start, end)`` split around the marks that lie wholly inside it."""
    inside = sorted(
        (m for m in marks if start <= m.start < m.end <= end), key=lambda m: (m.start, -m.end)
    )
    fragments: list[Fragment] = []
    cursor = start
    for mark in inside:
        if mark.start < cursor:
            continue  # marks overlap: the earlier, longer one wins
        if mark.start > cursor:
            fragments.append(Fragment(text[cursor : mark.start]))
        fragments.append(Fragment(text[mark.start : mark.end], mark.css, mark.title))
        cursor = mark.end
    if cursor < end:
        fragments.append(Fragment(text[cursor:end]))
    return tuple(fragments)
