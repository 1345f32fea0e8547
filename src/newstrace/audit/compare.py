"""Compare the fact atoms of a derived sentence with those of its source sentence(s).

A fact that stands where the source had a different fact of the same kind is a *changed
fact* (both values reported). A fact found nowhere in the source article is *unsupported*.
Spelling variants are not changes (see ``matching``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newstrace.align.features import stem
from newstrace.align.tokens import strip_possessive, tokenize
from newstrace.audit import lexicon as lx
from newstrace.audit.matching import (
    ABSOLUTE_DATES,
    SourceIndex,
    comparable,
    name_stem,
    names_match,
    same_fact,
    stems_of,
)
from newstrace.audit.positions import (
    MAX_NEGATION_INDEL_WORDS,
    MAX_REGION_WORDS,
    EditRegion,
    WordSpan,
    edit_regions,
    inside,
    replaced_regions,
)
from newstrace.clean.normalize import match_text
from newstrace.records import Atom, AtomKind, FactChange, Span

# A derived quote with a word its source sentence lacks was reworded; a quote of at least
# this many words with under half of them anywhere in the source was made up.
_FABRICATED_QUOTE_WORDS = 5
_FABRICATED_QUOTE_SHARE = 0.5
_QUOTE_EDIT_OVERLAP = 0.5
_QUOTE_BREAKS = re.compile(r"\.\.\.|…|\. \. \.|\[[^\]]*\]|\([^)]*\)")
_POSITIONAL_KINDS = (AtomKind.NUMBER, AtomKind.DATE)
_SET_KINDS = (AtomKind.NUMBER, AtomKind.DATE)


@dataclass(frozen=True, slots=True)
class Context:
    """A derived sentence's atoms and words against its aligned source sentences."""

    derived: tuple[Atom, ...]
    source: tuple[Atom, ...]
    group: tuple[Atom, ...]
    group_words: frozenset[str]
    index: SourceIndex
    one_to_one: bool
    derived_words: tuple[WordSpan, ...]
    source_words: tuple[WordSpan, ...]


@dataclass(frozen=True, slots=True)
class Comparison:
    changes: tuple[FactChange, ...]
    unsupported: tuple[Atom, ...]
    fabricated: bool
    """A quote the source does not contain at all: an addition whatever else is supported."""


def compare_facts(ctx: Context) -> Comparison:
    """Changed facts and unsupported atoms of one derived sentence."""
    changes = _attribution_changes(ctx)
    used = {c.derived.span for c in changes if c.derived is not None}
    changes += _positional_changes(ctx, used)
    used |= {c.derived.span for c in changes if c.derived is not None}
    changes += _set_changes(ctx, used)
    changes += _quote_changes(ctx) + _negation_changes(ctx)
    used |= {c.derived.span for c in changes if c.derived is not None}
    unsupported = tuple(
        a for a in ctx.derived if a.span not in used and is_unsupported(a, ctx.index)
    )
    fabricated = any(_fabricated(a, ctx.index) for a in unsupported)
    return Comparison(tuple(changes), unsupported, fabricated)


def _positional_changes(ctx: Context, used: set[Span]) -> list[FactChange]:
    changes: list[FactChange] = []
    for source_region, derived_region in replaced_regions(ctx.source_words, ctx.derived_words):
        name_change = _region_name_change(ctx, source_region, derived_region)
        if name_change is not None:
            changes.append(name_change)
        for kind in _POSITIONAL_KINDS:
            olds = [a for a in ctx.source if comparable(a, kind) and inside(a.span, source_region)]
            news = [
                a
                for a in ctx.derived
                if comparable(a, kind) and inside(a.span, derived_region) and a.span not in used
            ]
            olds = [o for o in olds if not any(same_fact(o, n) for n in news) and _lost(o, ctx)]
            news = [n for n in news if not any(same_fact(n, o) for o in ctx.source)]
            changes += [FactChange(kind, o, n) for o, n in _pairs(olds, news)]
    return changes


def _region_name_change(
    ctx: Context, source_region: Span, derived_region: Span
) -> FactChange | None:
    """Capitalised words replaced by other capitalised words: a name swapped in place.

    Compared on the replaced words, not whole names, so "Pete Buttigieg" -> "Pete Maxwell"
    is a change even though the two names share "Pete".
    """
    old_words = _capitalised(ctx.source_words, source_region)
    new_words = _capitalised(ctx.derived_words, derived_region)
    olds, news = {name_stem(w) for w in old_words}, {name_stem(w) for w in new_words}
    if not olds or not news or olds & news or news <= ctx.index.word_stems:
        return None
    if names_match(" ".join(old_words), " ".join(new_words)):
        return None  # EU -> European Union, Kinsley -> Kinsely
    if olds & {name_stem(w) for w in ctx.group_words}:
        return None  # the old name is still there, elsewhere in the derived text
    old = _atom_in(ctx.source, source_region)
    new = _atom_in(ctx.derived, derived_region)
    if old is None or new is None:
        return None
    return FactChange(old.kind, old, new)


def _atom_in(atoms: tuple[Atom, ...], region: Span) -> Atom | None:
    """The speaker or name in a region (a speaker's change is an attribution change)."""
    for kind in (AtomKind.ATTRIBUTION, AtomKind.NAME):
        for atom in atoms:
            if atom.kind is kind and inside(atom.span, region):
                return atom
    return None


def _capitalised(words: tuple[WordSpan, ...], region: Span) -> list[str]:
    return [word for word, span, capital in words if capital and inside(span, region)]


def _pairs(olds: list[Atom], news: list[Atom]) -> list[tuple[Atom, Atom]]:
    """Old and new values of one kind, matched in order (numbers also by their kind)."""
    pairs = []
    for new in news:
        partner = next((o for o in olds if o.detail == new.detail), None)
        if partner is not None:
            olds.remove(partner)
            pairs.append((partner, new))
    return pairs


def _lost(atom: Atom, ctx: Context) -> bool:
    """The derived sentences built on this source no longer state this fact."""
    if any(same_fact(atom, g) for g in ctx.group):
        return False
    return not (atom.kind is AtomKind.NAME and stems_of(atom.key) & ctx.group_words)


def _set_changes(ctx: Context, used: set[Span]) -> list[FactChange]:
    """Numbers and dates: a new value where the source's value of that kind is gone."""
    changes: list[FactChange] = []
    for kind in _SET_KINDS:
        news = [
            a
            for a in ctx.derived
            if comparable(a, kind) and a.span not in used and not ctx.index.has(a)
        ]
        olds = [a for a in ctx.source if comparable(a, kind) and _lost(a, ctx)]
        olds = [o for o in olds if o.span not in {c.source.span for c in changes if c.source}]
        changes += [FactChange(kind, o, n) for o, n in _pairs(olds, news)]
    return changes


def _attribution_changes(ctx: Context) -> list[FactChange]:
    """Both sides attribute the claim, to speakers the source sentence does not name."""
    derived = [a for a in ctx.derived if a.kind is AtomKind.ATTRIBUTION]
    source = [a for a in ctx.source if a.kind is AtomKind.ATTRIBUTION]
    if not derived or not source:
        return []
    named = [s.key for s in ctx.source if s.kind in (AtomKind.NAME, AtomKind.ATTRIBUTION)]
    # Only named speakers compare ("Reuters" vs "AP"); "the spokesman" vs "officials" is
    # paraphrase, and a speaker named elsewhere in the source is not a new attribution.
    return [
        FactChange(AtomKind.ATTRIBUTION, source[0], atom)
        for atom in derived
        if atom.text[:1].isupper()
        and source[0].text[:1].isupper()
        and not any(names_match(atom.key, key) for key in named)
        and not ctx.index.has(atom)
    ]


def _quote_changes(ctx: Context) -> list[FactChange]:
    """A quotation whose words differ from the source's: words dropped, added or replaced.

    Quotes must be verbatim; trimming either end, an ellipsis and a bracketed insertion
    ("[Mr. Cheney]") are allowed.
    """
    source_quotes = [a for a in ctx.source if a.kind is AtomKind.QUOTE]
    source_stems = {stem(strip_possessive(w[0])) for w in ctx.source_words}
    changes = []
    for atom in (a for a in ctx.derived if a.kind is AtomKind.QUOTE):
        if not source_quotes or len(atom.key.split()) < 2 or _verbatim(atom.text, ctx.index):
            continue
        best = max(source_quotes, key=lambda s: _overlap(atom.key, s.key))
        novel = any(
            w not in lx.FUNCTION_WORDS and stem(strip_possessive(w)) not in source_stems
            for w in atom.key.split()
        )
        overlap = _overlap(atom.key, best.key)
        if overlap >= _QUOTE_EDIT_OVERLAP or (novel and overlap > 0):
            changes.append(FactChange(AtomKind.QUOTE, best, atom))
    return changes


def _verbatim(quote: str, index: SourceIndex) -> bool:
    # The matching text, as the source index was built from: a look-alike letter or a
    # zero-width space inside a copied quote does not make it reworded.
    parts = _QUOTE_BREAKS.split(match_text(quote))
    keys = [" ".join(t.lower for t in tokenize(p)) for p in parts]
    return all(f" {k} " in index.joined for k in keys if k)


def _overlap(a: str, b: str) -> float:
    left, right = set(a.split()), set(b.split())
    return len(left & right) / max(1, len(left | right))


def _negation_changes(ctx: Context) -> list[FactChange]:
    """A negation added or removed where the rest of the wording stands (a polarity flip).

    Only short edits count: a dropped clause that happens to contain "not" is a dropped
    clause, not a flip; "did not accept" -> "rejected" keeps the polarity.
    """
    changes: list[FactChange] = []
    all_olds = [a for a in ctx.source if a.kind is AtomKind.NEGATION]
    all_news = [a for a in ctx.derived if a.kind is AtomKind.NEGATION]
    if len(all_olds) % 2 == len(all_news) % 2:
        return []  # same polarity overall ("has not ratified" -> "refused to ratify")
    regions = edit_regions(ctx.source_words, ctx.derived_words)
    for region in regions:
        limit = MAX_REGION_WORDS if region.tag == "replace" else MAX_NEGATION_INDEL_WORDS
        if region.words > limit:
            continue
        olds = [
            a for a in ctx.source if a.kind is AtomKind.NEGATION and inside(a.span, region.source)
        ]
        news = [
            a for a in ctx.derived if a.kind is AtomKind.NEGATION and inside(a.span, region.derived)
        ]
        if len(olds) % 2 != len(news) % 2:
            changes.append(
                FactChange(AtomKind.NEGATION, olds[0] if olds else None, news[0] if news else None)
            )
    return changes or _negation_parity(ctx, regions)


def _negation_parity(ctx: Context, regions: list[EditRegion]) -> list[FactChange]:
    """A paraphrase of one sentence into one sentence whose overall polarity differs,
    unless the difference is a whole clause added or dropped."""
    olds = [a for a in ctx.source if a.kind is AtomKind.NEGATION]
    news = [a for a in ctx.derived if a.kind is AtomKind.NEGATION]
    if not ctx.one_to_one:
        return []
    clauses = [r for r in regions if r.tag != "replace" and r.words > MAX_NEGATION_INDEL_WORDS]
    cues = [(a, r.source if r.tag == "delete" else r.derived) for a in olds + news for r in clauses]
    if any(inside(atom.span, region) for atom, region in cues):
        return []
    return [FactChange(AtomKind.NEGATION, olds[0] if olds else None, news[0] if news else None)]


def _fabricated(atom: Atom, index: SourceIndex) -> bool:
    return (
        atom.kind is AtomKind.QUOTE
        and len(atom.key.split()) >= _FABRICATED_QUOTE_WORDS
        and index.word_share(atom.key) < _FABRICATED_QUOTE_SHARE
    )


def is_unsupported(atom: Atom, index: SourceIndex) -> bool:
    """A fact the source article does not contain anywhere."""
    if atom.kind is AtomKind.QUOTE:
        return len(atom.key.split()) >= _FABRICATED_QUOTE_WORDS and not index.has(atom)
    if atom.kind is AtomKind.DATE:
        return atom.detail in ABSOLUTE_DATES and not index.has(atom)
    if atom.kind in (AtomKind.NAME, AtomKind.NUMBER):
        return not index.has(atom)
    return False
