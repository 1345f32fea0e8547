"""Builds atoms for one sentence from its matching view."""

from __future__ import annotations

from newstrace.align.features import SentenceFeatures
from newstrace.records import Atom, AtomKind


class AtomBuilder:
    """Builds atoms for one sentence, mapping view spans back to original text."""

    def __init__(self, features: SentenceFeatures) -> None:
        self.features = features
        self.view = features.view
        self.tokens = features.tokens

    def atom(self, kind: AtomKind, start: int, end: int, key: str, detail: str = "") -> Atom:
        span = self.view.span_back(start, end)
        base = self.features.sentence.span.start
        text = self.features.sentence.text[span.start - base : span.end - base]
        return Atom(kind, text, span, key, detail)
