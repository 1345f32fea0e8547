"""Frozen records that flow between the stages of newstrace.

Every span is ``[start, end)`` in Unicode code points into the ORIGINAL text of the
article it belongs to (``Article.text``), so ``article.text[start:end]`` is always the
reported text. Stages never mutate a record; they derive new ones.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open ``[start, end)`` code-point range into an article's original text."""

    start: int
    end: int

    def slice(self, text: str) -> str:
        return text[self.start : self.end]

    def __reduce__(self) -> tuple[type[Span], tuple[int, int]]:
        return Span, (self.start, self.end)  # see Edge.__reduce__


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """Metadata read from the input (HTML ``<head>`` or the record); all optional."""

    title: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None
    outlet: str | None = None
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """One input document.

    ``text`` is the original text every offset points into: the decoded file for plain
    text, the extracted main text for HTML (``input_format == "html"``).
    """

    id: str
    text: str
    origin: str
    input_format: str
    encoding: str
    meta: ArticleMeta = field(default_factory=ArticleMeta)
    extra: tuple[tuple[str, object], ...] = ()
    """Input fields newstrace does not use, passed through to outputs unread (JSON values)."""


class RejectReason(enum.StrEnum):
    """Why a corpus record did not become an article."""

    NO_TEXT = "no_text"
    BAD_JSON = "bad_json"
    BAD_DATE = "bad_date"
    BINARY = "binary"
    TOO_LARGE = "too_large"
    UNDECODABLE = "undecodable"
    DUPLICATE_ID = "duplicate_id"
    NOT_AN_ARTICLE = "not_an_article"
    TRUNCATED = "truncated"


@dataclass(frozen=True, slots=True)
class Rejected:
    """A corpus record that was refused, with where it came from and why."""

    record_id: str
    origin: str
    reason: RejectReason
    detail: str


class FurnitureRule(enum.StrEnum):
    """Why a line was recognised as page furniture rather than article content."""

    COUNTER = "counter"
    PHOTO_CREDIT = "photo_credit"
    CAPTION = "caption"
    DISCLAIMER = "disclaimer"
    MEDIA_TEASER = "media_teaser"
    SHARE_PROMPT = "share_prompt"
    RELATED_LINKS = "related_links"
    ADVERTISEMENT = "advertisement"
    COPYRIGHT = "copyright"
    DUPLICATE_LINE = "duplicate_line"


@dataclass(frozen=True, slots=True)
class Furniture:
    """A line removed from the content, with the rule that removed it."""

    span: Span
    text: str
    rule: FurnitureRule
    reason: str


@dataclass(frozen=True, slots=True)
class Evasion:
    """A character that hides text from matching: zero-width, bidi control, homoglyph."""

    offset: int
    char: str
    kind: str
    replacement: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of article content, ``span`` into the original text."""

    index: int
    span: Span
    text: str
    paragraph: int


class AtomKind(enum.StrEnum):
    NAME = "name"
    NUMBER = "number"
    DATE = "date"
    QUOTE = "quote"
    ATTRIBUTION = "attribution"
    NEGATION = "negation"


@dataclass(frozen=True, slots=True)
class Atom:
    """A fact atom inside a sentence: ``key`` is the normalised value compared across texts."""

    kind: AtomKind
    text: str
    span: Span
    key: str
    detail: str = ""


class Verdict(enum.StrEnum):
    """What a derived sentence is, relative to the source."""

    VERBATIM = "verbatim"
    LIGHT_EDIT = "light_edit"
    PARAPHRASE = "paraphrase"
    CHANGED_FACT = "changed_fact"
    UNSUPPORTED_ADDITION = "unsupported_addition"


SUPPORTED_VERDICTS = frozenset({Verdict.VERBATIM, Verdict.LIGHT_EDIT, Verdict.PARAPHRASE})


class SourceStatus(enum.StrEnum):
    KEPT = "kept"
    DROPPED = "dropped"


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why an alignment was made: the similarity signals, each in [0, 1]."""

    lexical: float
    semantic: float
    char_ratio: float
    combined: float


@dataclass(frozen=True, slots=True)
class FactChange:
    """A fact that differs between an aligned source and derived sentence."""

    kind: AtomKind
    source: Atom | None
    derived: Atom | None


@dataclass(frozen=True, slots=True)
class Alignment:
    """A derived sentence and the source sentence indices that support it (best first)."""

    derived: int
    sources: tuple[int, ...]
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class DerivedFinding:
    """The audit verdict for one derived sentence."""

    sentence: Sentence
    verdict: Verdict
    score: float
    sources: tuple[int, ...]
    evidence: Evidence
    atoms: tuple[Atom, ...]
    changes: tuple[FactChange, ...] = ()
    unsupported: tuple[Atom, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceFinding:
    """Whether a source sentence was kept by the derived article, and by which sentences."""

    sentence: Sentence
    status: SourceStatus
    derived: tuple[int, ...]
    atoms: tuple[Atom, ...]


@dataclass(frozen=True, slots=True)
class Side:
    """One article as the audit saw it: content sentences, furniture and evasion marks."""

    article: Article
    sentences: tuple[Sentence, ...]
    furniture: tuple[Furniture, ...]
    evasions: tuple[Evasion, ...]


@dataclass(frozen=True, slots=True)
class Summary:
    derived_counts: dict[str, int]
    source_counts: dict[str, int]
    kept_share: float
    supported_share: float


@dataclass(frozen=True, slots=True)
class Audit:
    """The full audit of a derived article against its source."""

    source: Side
    derived: Side
    derived_findings: tuple[DerivedFinding, ...]
    source_findings: tuple[SourceFinding, ...]
    summary: Summary
    config_tag: str


class Relation(enum.StrEnum):
    """How a derived article relates to its source."""

    DUPLICATE = "duplicate"
    LIGHT_EDIT = "light_edit"
    REWRITE = "rewrite"
    PARTIAL_REUSE = "partial_reuse"
    TRANSLATION = "translation"
    SAME_STORY = "same_story"


@dataclass(frozen=True, slots=True)
class SharedSpan:
    """A passage of the source reused in the derived article (offsets into each content)."""

    source: Span
    derived: Span

    def __reduce__(self) -> tuple[type[SharedSpan], tuple[Span, Span]]:
        return SharedSpan, (self.source, self.derived)  # see Edge.__reduce__


@dataclass(frozen=True, slots=True)
class Edge:
    """One verified relation between two articles, source first."""

    source: str
    derived: str
    relation: Relation
    score: float
    direction_evidence: str
    channels: tuple[str, ...]
    shared_spans: tuple[SharedSpan, ...] = ()

    def __reduce__(self) -> tuple[Callable[..., Edge], tuple[Any, ...]]:
        """Pickled as its fields: trace workers send every edge back to the parent, and the
        default pickling of frozen slots dataclasses (a state dict, set field by field) cost
        ~77 us an edge against ~31 us this way. (The parent no longer keeps these objects:
        ``match.edges.EdgeTable`` stores each edge's fields as codes and columns.)"""
        return Edge, (
            self.source,
            self.derived,
            self.relation,
            self.score,
            self.direction_evidence,
            self.channels,
            self.shared_spans,
        )


@dataclass(frozen=True, slots=True)
class Family:
    """Articles densely linked by derivation edges (``match.communities``), with who published
    what when."""

    family: str
    members: tuple[str, ...]
    earliest: str
    timeline: tuple[tuple[str, str | None], ...]
