"""When two atoms state the same fact, and what the whole source article contains.

Names compare by folded stems (diacritics, possessives, China/Chinese, EU/European Union);
numbers and dates by their normalised key (75th = seventy-fifth, Friday = friday).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import cydifflib as difflib  # difflib in Cython, same results (tests/properties/test_difflib.py)

from newstrace.align.tokens import strip_possessive
from newstrace.audit import lexicon as lx
from newstrace.records import Atom, AtomKind

ABSOLUTE_DATES = frozenset({"year", "month", "weekday"})
_TYPO_RATIO = 0.8


@lru_cache(maxsize=65536)
def name_stem(word: str) -> str:
    """Strip endings until none applies: Chinese -> Chin, China's -> Chin, Ragusas -> Ragus."""
    word = strip_possessive(word).replace(".", "")
    changed = True
    while changed:
        changed = False
        for suffix in lx.NAME_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word, changed = word[: -len(suffix)], True
                break
    return word


@lru_cache(maxsize=16384)
def stems_of(key: str) -> frozenset[str]:
    return frozenset(name_stem(w) for w in key.split())


def acronym(key: str) -> str:
    words = key.split()
    return "".join(w[0] for w in words) if len(words) > 1 else ""


def names_match(a: str, b: str) -> bool:
    """Same entity: a shared folded stem, one is the other's acronym (EU, European Union),
    or a misspelling of it (Kinsley, Kinsely)."""
    left, right = stems_of(a), stems_of(b)
    if left & right or acronym(a) == b or acronym(b) == a:
        return True
    return any(_typo(x, y) for x in left for y in right)


@lru_cache(maxsize=65536)
def _typo(a: str, b: str) -> bool:
    """Two long words one or two letters apart (transposed, doubled, dropped)."""
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    return float(difflib.SequenceMatcher(None, a, b).ratio()) >= _TYPO_RATIO


def same_fact(a: Atom, b: Atom) -> bool:
    if a.kind is not b.kind:
        return False
    if a.kind in (AtomKind.NAME, AtomKind.ATTRIBUTION):
        return names_match(a.key, b.key)
    return a.key == b.key


def comparable(atom: Atom, kind: AtomKind) -> bool:
    """Atoms whose change is a fact change (relative dates such as "this year" are not)."""
    return atom.kind is kind and (kind is not AtomKind.DATE or atom.detail in ABSOLUTE_DATES)


@dataclass(frozen=True, slots=True)
class SourceIndex:
    """What the whole source article contains, for "is this anywhere in the source?"."""

    atoms: tuple[Atom, ...]
    words: frozenset[str]
    word_stems: frozenset[str]
    acronyms: frozenset[str]
    joined: str

    def has(self, atom: Atom) -> bool:
        if atom.kind in (AtomKind.NAME, AtomKind.ATTRIBUTION):
            return (
                bool(stems_of(atom.key) & self.word_stems)
                or atom.key in self.acronyms
                or acronym(atom.key) in self.word_stems
            )
        if atom.kind is AtomKind.QUOTE:
            return f" {atom.key} " in self.joined
        return any(a.kind is atom.kind and a.key == atom.key for a in self.atoms)

    def word_share(self, key: str) -> float:
        """Share of a quote's words that occur anywhere in the source."""
        words = key.split()
        return sum(1 for w in words if w in self.words) / len(words) if words else 1.0


def build_index(atoms: Sequence[Atom], words: Sequence[str]) -> SourceIndex:
    acronyms = frozenset(acronym(a.key) for a in atoms if a.kind is AtomKind.NAME) - {""}
    return SourceIndex(
        atoms=tuple(atoms),
        words=frozenset(words),
        word_stems=frozenset(name_stem(w) for w in words),
        acronyms=acronyms,
        joined=" " + " ".join(words) + " ",
    )
