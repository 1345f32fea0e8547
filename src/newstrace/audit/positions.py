"""Where a derived sentence replaced words of its source: the regions facts are paired in.

An edit puts the new value where the old one stood ("rose 12%" -> "rose 15%"); a paraphrase
moves things around. Pairing facts only inside the same replaced region of a word
alignment (difflib opcodes) finds edits even when the new value also occurs elsewhere in
the sentence, and does not pair two unrelated names a paraphrase happens to use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cydifflib as difflib  # difflib in Cython, same results (tests/properties/test_difflib.py)

from newstrace.records import Span

# (lower-cased word, its span in the original text, written with a capital)
WordSpan = tuple[str, Span, bool]

# A substitution replaces a few words; a longer replaced stretch is a rewording, where two
# different names or numbers need not be the same slot.
MAX_REGION_WORDS = 6
# "not" inserted or dropped on its own (with at most one neighbour, "did not" -> "").
MAX_NEGATION_INDEL_WORDS = 2


@dataclass(frozen=True, slots=True)
class EditRegion:
    """One difflib opcode that is not ``equal``; a side it leaves out has ``None``."""

    tag: str
    source: Span | None
    derived: Span | None
    words: int
    """The longer side's length in words."""


def edit_regions(source: Sequence[WordSpan], derived: Sequence[WordSpan]) -> list[EditRegion]:
    """Every replaced, inserted or deleted stretch of words, as original-text spans."""
    matcher = difflib.SequenceMatcher(
        None, [w[0] for w in source], [w[0] for w in derived], autojunk=False
    )
    return [
        EditRegion(tag, _span(source, i1, i2), _span(derived, j1, j2), max(i2 - i1, j2 - j1))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def replaced_regions(
    source: Sequence[WordSpan], derived: Sequence[WordSpan]
) -> list[tuple[Span, Span]]:
    """(source, derived) spans of each short ``replace``: where one value stood for another."""
    return [
        (r.source, r.derived)
        for r in edit_regions(source, derived)
        if r.tag == "replace" and r.source and r.derived and r.words <= MAX_REGION_WORDS
    ]


def _span(words: Sequence[WordSpan], start: int, end: int) -> Span | None:
    return Span(words[start][1].start, words[end - 1][1].end) if end > start else None


def inside(span: Span, region: Span | None) -> bool:
    return region is not None and span.start < region.end and region.start < span.end
