"""The matching view of a text: NFKC, no diacritics, no invisible characters, Latin look-alikes.

The view keeps case (names need it); ``offsets[i]`` is the index in the original text of
view character ``i``, so any span found in the view maps back to the original.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from newstrace.records import Evasion, Span

_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u2061\u2062\u2063\u2064")
_BIDI = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c")

# Cyrillic and Greek letters that render like Latin ones (Unicode confusables, the subset
# that content farms use to hide copies). Applied only inside Latin-script words.
CONFUSABLES = {
    **dict(zip("АВЕКМНОРСТХЅІЈаеорсухѕіјԁһӏ", "ABEKMHOPCTXSIJaeopcyxsijdhl", strict=True)),
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοαινρυκ", "ABEZHIKMNOPTYXoaivpuk", strict=True)),
}
_FOLDS = {
    "ø": "o",
    "Ø": "O",
    "đ": "d",
    "Đ": "D",
    "ł": "l",
    "Ł": "L",
    "ß": "ss",
    "æ": "ae",
    "Æ": "AE",
    "œ": "oe",
    "Œ": "OE",
    "ı": "i",
    "’": "'",
    "‘": "'",
    "‐": "-",
    "‑": "-",
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class MatchView:
    """Normalised text plus, per character, its index in the original."""

    text: str
    offsets: tuple[int, ...]
    ends: tuple[int, ...]
    """Per view character, the original index just after it and any marks it absorbed."""
    evasions: tuple[Evasion, ...]

    def span_back(self, start: int, end: int) -> Span:
        """Map a view span ``[start, end)`` back to the original text."""
        if start >= end:
            origin = self.offsets[start] if start < len(self.offsets) else self._end()
            return Span(origin, origin)
        return Span(self.offsets[start], self.ends[end - 1])

    def _end(self) -> int:
        return self.ends[-1] if self.ends else 0


@lru_cache(maxsize=65536)
def _fold(char: str) -> str:
    char = _FOLDS.get(char, char)
    decomposed = unicodedata.normalize("NFKD", char)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFKC", kept)


def match_view(text: str, base: int = 0) -> MatchView:
    """The matching view of ``text``; offsets are shifted by ``base`` (a sentence start)."""
    if text.isascii():
        positions = tuple(range(base, base + len(text)))
        return MatchView(text, positions, tuple(p + 1 for p in positions), ())
    builder = _ViewBuilder(text, base)
    previous = 0
    for run in _NON_ASCII.finditer(text):
        builder.ascii(previous, run.start())
        for index in range(run.start(), run.end()):
            builder.char(index)
        previous = run.end()
    builder.ascii(previous, len(text))
    return builder.build()


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_ANY_CONFUSABLE = re.compile(f"[{re.escape(''.join(CONFUSABLES))}]")
"""One regex scan instead of a Python test per character (1.5 us against 9.5 for a sentence)."""


def view_text(text: str) -> str:
    """``match_view(text).text`` alone: the same characters without the offset maps and the
    evasion report, for callers that only compare words (trace sketches: the views of 16,589
    scale-corpus sentences, a third of them non-ASCII, took 0.22 s through ``match_view``
    and take 0.13 s)."""
    if text.isascii():
        return text
    latin_words = _latin_word_starts(text) if _ANY_CONFUSABLE.search(text) else frozenset()
    out: list[str] = []
    previous = 0
    for run in _NON_ASCII.finditer(text):
        out.append(text[previous : run.start()])
        out.extend(_view_char(text[k], k in latin_words) for k in range(run.start(), run.end()))
        previous = run.end()
    out.append(text[previous:])
    return "".join(out)


def _view_char(char: str, in_latin_word: bool) -> str:
    """What a non-ASCII character becomes in the view ("" for an invisible control)."""
    if char in _ZERO_WIDTH or char in _BIDI:
        return ""
    if in_latin_word and char in CONFUSABLES:
        char = CONFUSABLES[char]
    return _fold(char)


class _ViewBuilder:
    """Accumulates view characters; ASCII runs are copied, other characters folded one by one."""

    def __init__(self, text: str, base: int) -> None:
        self.text, self.base = text, base
        self.latin_words = _latin_word_starts(text) if _ANY_CONFUSABLE.search(text) else frozenset()
        self.out: list[str] = []
        self.offsets: list[int] = []
        self.ends: list[int] = []
        self.evasions: list[Evasion] = []

    def ascii(self, start: int, end: int) -> None:
        self.out.append(self.text[start:end])
        self.offsets.extend(range(self.base + start, self.base + end))
        self.ends.extend(range(self.base + start + 1, self.base + end + 1))

    def char(self, index: int) -> None:
        char, at = self.text[index], self.base + index
        kind = "zero_width" if char in _ZERO_WIDTH else "bidi_control" if char in _BIDI else ""
        in_latin_word = index in self.latin_words
        if kind:
            self.evasions.append(Evasion(at, char, kind, ""))
        elif char in CONFUSABLES and in_latin_word:
            self.evasions.append(Evasion(at, char, "homoglyph", CONFUSABLES[char]))
        folded = _view_char(char, in_latin_word)
        if not folded:  # a dropped mark or invisible joins the character before it
            if self.ends:
                self.ends[-1] = at + 1
            return
        self.out.append(folded)
        self.offsets.extend([at] * len(folded))
        self.ends.extend([at + 1] * len(folded))

    def build(self) -> MatchView:
        return MatchView(
            "".join(self.out), tuple(self.offsets), tuple(self.ends), tuple(self.evasions)
        )


def _latin_word_starts(text: str) -> frozenset[int]:
    """Indices of look-alike characters that sit in words with real Latin letters, or in
    words made only of look-alikes when the text's every Cyrillic/Greek letter is one (an
    English sentence with "а" or "сору" spelt in Cyrillic; a Russian sentence has others)."""
    hits: set[int] = set()
    cleaned = "".join(c for c in text if c not in _ZERO_WIDTH and c not in _BIDI)
    positions = [i for i, c in enumerate(text) if c not in _ZERO_WIDTH and c not in _BIDI]
    disguised = _latin_with_lookalikes_only(cleaned)
    for match in _WORD.finditer(cleaned):
        word = match.group()
        if not any(c in CONFUSABLES for c in word):
            continue
        if _has_latin(word) or (disguised and all(c in CONFUSABLES for c in word)):
            hits.update(
                positions[match.start() + i] for i, c in enumerate(word) if c in CONFUSABLES
            )
    return frozenset(hits)


def _has_latin(word: str) -> bool:
    return any("LATIN" in unicodedata.name(c, "") for c in word if c not in CONFUSABLES)


def _latin_with_lookalikes_only(text: str) -> bool:
    """Latin letters, and no Cyrillic or Greek letter but the look-alikes."""
    latin = False
    for char in set(text):
        if char in CONFUSABLES or not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        if "CYRILLIC" in name or "GREEK" in name:
            return False
        latin = latin or "LATIN" in name
    return latin


_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
MATCH_FOLDS = {**{c: "" for c in _ZERO_WIDTH | _BIDI}, **CONFUSABLES, **_FOLDS}
"""What ``match_text`` replaces each of these characters with before Unicode normalisation."""
_MATCH_FOLDED = re.compile(f"[{re.escape(''.join(MATCH_FOLDS))}]")


def match_text(text: str) -> str:
    """The matching view's text alone, fast, for fingerprints (no offsets, no evasion report).

    Look-alikes are folded everywhere, not only inside Latin words: both sides of a
    comparison get the same folding, which is all a fingerprint needs.
    """
    if text.isascii():
        return text
    # A regex scan, replacing the few characters found: 10x ``str.translate`` with a dict
    # table, which looks every character up (3,000 scale-corpus articles: 0.38 -> 0.04 s).
    replaced = _MATCH_FOLDED.sub(lambda found: MATCH_FOLDS[found.group()], text)
    folded = unicodedata.normalize("NFKD", replaced)
    return unicodedata.normalize("NFKC", _COMBINING.sub("", folded))
