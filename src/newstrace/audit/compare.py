"""Compare the fact atoms of a derived sentence with those of its source sentence(s).

A fact in the derived sentence that its aligned source lacks, where the source has a fact
of the same kind the derived side lost, is a *changed fact* (both values reported). A fact
found nowhere in the source article is an *unsupported* atom. Spelling variants are not
changes: names compare by folded stems (diacritics, possessives, China/Chinese, EU/European
Union) and numbers by value (75th = seventy-fifth).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from newstrace.align.tokens import strip_possessive
from newstrace.audit import lexicon as lx
from newstrace.records import Atom, AtomKind, FactChange, Span

ABSOLUTE_DATES = frozenset({"year", "month", "weekday"})
_MIN_UNSUPPORTED_QUOTE_WORDS = 3
_QUOTE_CHANGE_OVERLAP = 0.2


@lru_cache(maxsize=65536)
def name_stem(word: str) -> str:
    word = strip_possessive(word)
    for suffix in lx.NAME_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=16384)
def _stems(key: str) -> frozenset[str]:
    return frozenset(name_stem(w) for w in key.split())


def _acronym(key: str) -> str:
    words = key.split()
    return "".join(w[0] for w in words) if len(words) > 1 else ""


def names_match(a: str, b: str) -> bool:
    """Same entity: a shared folded stem, or one is the other's acronym (EU, European Union)."""
    return bool(_stems(a) & _stems(b)) or _acronym(a) == b or _acronym(b) == a


@dataclass(frozen=True, slots=True)
class SourceIndex:
    """What the whole source article contains, for "is this anywhere in the source?"."""

    atoms: tuple[Atom, ...]
    word_stems: frozenset[str]
    acronyms: frozenset[str]
    quote_text: str

    def has(self, atom: Atom) -> bool:
        if atom.kind is AtomKind.NAME or atom.kind is AtomKind.ATTRIBUTION:
            stems = _stems(atom.key)
            return (
                bool(stems & self.word_stems)
                or atom.key in self.acronyms
                or (_acronym(atom.key) in self.word_stems)
            )
        if atom.kind is AtomKind.QUOTE:
            return f" {atom.key} " in self.quote_text
        return any(a.kind is atom.kind and a.key == atom.key for a in self.atoms)


def build_index(atoms: Sequence[Atom], words: Sequence[str]) -> SourceIndex:
    acronyms = frozenset(_acronym(a.key) for a in atoms if a.kind is AtomKind.NAME) - {""}
    return SourceIndex(
        atoms=tuple(atoms),
        word_stems=frozenset(name_stem(w) for w in words),
        acronyms=acronyms,
        quote_text=" " + " ".join(words) + " ",
    )


@dataclass(frozen=True, slots=True)
class Context:
    """A derived sentence's atoms against its aligned source sentences."""

    derived: tuple[Atom, ...]
    source: tuple[Atom, ...]
    group: tuple[Atom, ...]
    group_words: frozenset[str]
    index: SourceIndex
    one_to_one: bool


def compare_facts(ctx: Context) -> tuple[tuple[FactChange, ...], tuple[Atom, ...]]:
    """Changed facts and unsupported atoms of one derived sentence."""
    # An attribution change reports the speaker once: its name atom (same span) is used up.
    changes = list(_attribution_changes(ctx))
    used = {c.derived.span for c in changes if c.derived is not None}
    for kind, match in _MATCHERS.items():
        changes.extend(_kind_changes(ctx, kind, match, used))
    changes.extend(_quote_changes(ctx))
    changes.extend(_negation_changes(ctx))
    used |= {c.derived.span for c in changes if c.derived is not None}
    unsupported = tuple(
        a for a in ctx.derived if a.span not in used and is_unsupported(a, ctx.index)
    )
    return tuple(changes), unsupported


def _eq(a: Atom, b: Atom) -> bool:
    return a.key == b.key


def _names_eq(a: Atom, b: Atom) -> bool:
    return names_match(a.key, b.key)


_MATCHERS: dict[AtomKind, Callable[[Atom, Atom], bool]] = {
    AtomKind.NUMBER: _eq,
    AtomKind.DATE: _eq,
    AtomKind.NAME: _names_eq,
}


def _comparable(atom: Atom, kind: AtomKind) -> bool:
    return atom.kind is kind and (kind is not AtomKind.DATE or atom.detail in ABSOLUTE_DATES)


def _kind_changes(
    ctx: Context, kind: AtomKind, match: Callable[[Atom, Atom], bool], used: set[Span]
) -> list[FactChange]:
    derived = [a for a in ctx.derived if _comparable(a, kind) and a.span not in used]
    source = [a for a in ctx.source if _comparable(a, kind)]
    new = [a for a in derived if not any(match(a, s) for s in source) and not ctx.index.has(a)]
    group = [a for a in ctx.group if _comparable(a, kind)]
    missing = [s for s in source if not any(match(s, g) for g in group) and not _in_words(s, ctx)]
    changes = []
    for new_atom in new:
        same_kind = [s for s in missing if s.detail == new_atom.detail]
        partner = same_kind[0] if same_kind else None
        if partner is None:
            continue
        missing.remove(partner)
        changes.append(FactChange(kind, partner, new_atom))
    return changes


def _in_words(atom: Atom, ctx: Context) -> bool:
    return atom.kind is AtomKind.NAME and bool(_stems(atom.key) & ctx.group_words)


def _attribution_changes(ctx: Context) -> list[FactChange]:
    derived = [a for a in ctx.derived if a.kind is AtomKind.ATTRIBUTION]
    source = [a for a in ctx.source if a.kind is AtomKind.ATTRIBUTION]
    if not derived or not source:
        return []
    changes = []
    for atom in derived:
        if any(names_match(atom.key, s.key) for s in source):
            continue
        if any(names_match(atom.key, s.key) for s in ctx.source if s.kind is AtomKind.NAME):
            continue
        changes.append(FactChange(AtomKind.ATTRIBUTION, source[0], atom))
    return changes


def _quote_changes(ctx: Context) -> list[FactChange]:
    changes = []
    source_quotes = [a for a in ctx.source if a.kind is AtomKind.QUOTE]
    for atom in (a for a in ctx.derived if a.kind is AtomKind.QUOTE):
        if ctx.index.has(atom) or not source_quotes:
            continue
        best = max(source_quotes, key=lambda s: _overlap(atom.key, s.key))
        if _overlap(atom.key, best.key) >= _QUOTE_CHANGE_OVERLAP:
            changes.append(FactChange(AtomKind.QUOTE, best, atom))
    return changes


def _overlap(a: str, b: str) -> float:
    left, right = set(a.split()), set(b.split())
    return len(left & right) / max(1, len(left | right))


def _negation_changes(ctx: Context) -> list[FactChange]:
    if not ctx.one_to_one:
        return []
    derived = [a for a in ctx.derived if a.kind is AtomKind.NEGATION]
    source = [a for a in ctx.source if a.kind is AtomKind.NEGATION]
    if len(derived) % 2 == len(source) % 2:
        return []
    return [
        FactChange(
            AtomKind.NEGATION, source[0] if source else None, derived[0] if derived else None
        )
    ]


def is_unsupported(atom: Atom, index: SourceIndex) -> bool:
    if atom.kind is AtomKind.QUOTE:
        return len(atom.key.split()) >= _MIN_UNSUPPORTED_QUOTE_WORDS and not index.has(atom)
    if atom.kind is AtomKind.DATE:
        return atom.detail in ABSOLUTE_DATES and not index.has(atom)
    if atom.kind in (AtomKind.NAME, AtomKind.NUMBER):
        return not index.has(atom)
    return False
