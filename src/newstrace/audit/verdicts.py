"""Verdict of a derived sentence from its alignment evidence and fact comparison."""

from __future__ import annotations

import cydifflib as difflib  # difflib in Cython, same results (tests/properties/test_difflib.py)

from newstrace.audit.compare import Comparison
from newstrace.config import AlignConfig
from newstrace.records import AtomKind, Verdict

_SALIENT = frozenset({AtomKind.NAME, AtomKind.NUMBER, AtomKind.DATE})


def edit_ratio(derived_words: tuple[str, ...], source_words: tuple[str, ...]) -> float:
    """Word-sequence similarity (difflib ratio) between a derived sentence and its sources."""
    if not derived_words or not source_words:
        return 0.0
    if derived_words == source_words:  # difflib's answer too; 39% of trace's verbatim tests
        return 1.0
    matcher = difflib.SequenceMatcher(None, derived_words, source_words, autojunk=False)
    return round(float(matcher.ratio()), 4)


def decide(
    supported: bool,
    comparison: Comparison,
    novel_share: float,
    ratio: float,
    exact: bool,
    config: AlignConfig,
) -> Verdict:
    """First matching rule wins: support, then changed facts, then additions, then edit size.

    A supported sentence that merely adds a detail (a weekday, a first name) stays a
    paraphrase with that detail listed as unsupported; it is an addition when it makes up a
    quote, or brings new names/numbers/dates with mostly new wording (``novel_share``).
    """
    if not supported:
        return Verdict.UNSUPPORTED_ADDITION
    if comparison.changes:
        return Verdict.CHANGED_FACT
    salient = sum(1 for a in comparison.unsupported if a.kind in _SALIENT)
    # One new detail needs mostly new wording around it; two or more need less.
    needed = config.addition_share if salient == 1 else config.addition_share_multi
    if comparison.fabricated or (salient and novel_share >= needed):
        return Verdict.UNSUPPORTED_ADDITION
    if exact and ratio >= config.verbatim_ratio:
        return Verdict.VERBATIM
    if ratio >= config.light_edit_ratio:
        return Verdict.LIGHT_EDIT
    return Verdict.PARAPHRASE
