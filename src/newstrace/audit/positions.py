"""Where a derived sentence replaced words of its source: the regions facts are paired in.

An edit puts the new value where the old one stood ("rose 12%" -> "rose 15%"); a paraphrase
moves things around. Pairing facts only inside the same replaced region of a word
alignment (difflib opcodes) finds edits even when the new value also occurs elsewhere in
the sentence, and does not pair two unrelated names a paraphrase happens to use.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from newstrace.records import Span

# (lower-cased word, its span in the original text, written with a capital)
WordSpan = tuple[str, Span, bool]

# A substitution replaces a few words; a longer replaced stretch is a rewording, where two
# different names or numbers need not be the same slot.
MAX_REGION_WORDS = 6


def replaced_regions(
    source: Sequence[WordSpan], derived: Sequence[WordSpan]
) -> list[tuple[Span, Span]]:
    """(source region, derived region) of every ``replace`` opcode, as original-text spans."""
    matcher = difflib.SequenceMatcher(
        None, [w[0] for w in source], [w[0] for w in derived], autojunk=False
    )
    regions = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "replace" and max(i2 - i1, j2 - j1) <= MAX_REGION_WORDS:
            regions.append(
                (
                    Span(source[i1][1].start, source[i2 - 1][1].end),
                    Span(derived[j1][1].start, derived[j2 - 1][1].end),
                )
            )
    return regions


def inside(span: Span, region: Span) -> bool:
    return span.start < region.end and region.start < span.end
