"""Verdict of a derived sentence from its alignment evidence and fact comparison."""

from __future__ import annotations

import difflib

from newstrace.config import AlignConfig
from newstrace.records import Atom, FactChange, Verdict


def edit_ratio(derived_words: tuple[str, ...], source_words: tuple[str, ...]) -> float:
    """Word-sequence similarity (difflib ratio) between a derived sentence and its sources."""
    if not derived_words or not source_words:
        return 0.0
    matcher = difflib.SequenceMatcher(None, derived_words, source_words, autojunk=False)
    return round(matcher.ratio(), 4)


def decide(
    supported: bool,
    changes: tuple[FactChange, ...],
    unsupported: tuple[Atom, ...],
    ratio: float,
    exact: bool,
    config: AlignConfig,
) -> Verdict:
    """First matching rule wins: support, then changed facts, then additions, then edit size."""
    if not supported or (unsupported and not changes):
        return Verdict.UNSUPPORTED_ADDITION
    if changes:
        return Verdict.CHANGED_FACT
    if exact and ratio >= config.verbatim_ratio:
        return Verdict.VERBATIM
    if ratio >= config.light_edit_ratio:
        return Verdict.LIGHT_EDIT
    return Verdict.PARAPHRASE
