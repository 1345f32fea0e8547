"""Extract fact atoms (names, numbers, dates, quotes, attributions, negations) from a sentence.

Atoms are found in the sentence's matching view (no diacritics, no invisible characters)
and their spans mapped back to the original text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from newstrace.align.features import SentenceFeatures
from newstrace.align.tokens import Token, tokenize
from newstrace.audit import lexicon as lx
from newstrace.audit.builder import AtomBuilder
from newstrace.audit.names import attributions, name_groups, names
from newstrace.records import Atom, AtomKind

_NUMBER = re.compile(
    r"(?<![\w.])(?P<cur>[$€£¥]\s?)?(?P<num>\d+(?:[.,]\d+)*)(?P<ord>st|nd|rd|th)?"
    r"(?:\s?(?P<pct>%|percent\b|per cent\b))?"
    r"(?:\s?(?P<mul>million|billion|trillion|thousand|hundred|bn)\b)?",
    re.I,
)
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
_MONTH = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sep\.|Sept\.|Oct\.|Nov\.|Dec\.)"
    r"(?:\s+(\d{1,2})(?:st|nd|rd|th)?\b)?"
)
_WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b")
_RELATIVE = re.compile(
    r"\b(yesterday|today|tomorrow|tonight|(?:last|next|this|past)\s+"
    r"(?:week|weekend|month|year|decade|morning|night))\b",
    re.I,
)
_QUOTE = re.compile(r"[\"“”„«»]([^\"“”„«»]{2,}?)[\"“”„«»]|[\"“„«]([^\"“”„«»]{8,})$")


def extract_atoms(features: SentenceFeatures, known_names: frozenset[str]) -> tuple[Atom, ...]:
    """All fact atoms of a sentence; ``known_names`` are words seen capitalised mid-sentence."""
    builder = AtomBuilder(features)
    atoms: list[Atom] = []
    for extractor in EXTRACTORS:
        atoms.extend(extractor(builder))
    dates = [a.span for a in atoms if a.kind is AtomKind.DATE]
    # "February 13": the day is part of the date, not a number of its own.
    atoms = [
        a
        for a in atoms
        if a.kind is not AtomKind.NUMBER
        or not any(d.start <= a.span.start and a.span.end <= d.end for d in dates)
    ]
    groups = name_groups(builder, known_names)
    atoms.extend(names(builder, groups))
    atoms.extend(attributions(builder, groups))
    return tuple(sorted(atoms, key=lambda a: (a.span.start, a.kind)))


def _numbers(b: AtomBuilder) -> list[Atom]:
    atoms = []
    for m in _NUMBER.finditer(b.view.text):
        if _YEAR.match(m.group("num")) and not (m.group("pct") or m.group("ord") or m.group("cur")):
            continue
        value = float(m.group("num").replace(",", "")) if m.group("num").count(",") else None
        if value is None:
            try:
                value = float(m.group("num"))
            except ValueError:
                continue
        value *= lx.MULTIPLIERS.get((m.group("mul") or "").lower(), 1)
        suffix = "%" if m.group("pct") else ""
        key = f"{value:g}{suffix}"
        atoms.append(b.atom(AtomKind.NUMBER, m.start(), m.end(), key, _number_detail(m)))
    return atoms + _number_words(b)


# Changes pair numbers of one kind: an ordinal with an ordinal, a percentage with a percentage.
_NUMBER_KINDS = (("ord", "ordinal"), ("pct", "percent"), ("cur", "currency"))


def _number_detail(match: re.Match[str]) -> str:
    return next((kind for group, kind in _NUMBER_KINDS if match.group(group)), "cardinal")


def _number_words(b: AtomBuilder) -> list[Atom]:
    atoms = []
    run: list[tuple[Token, int]] = []
    for token in [*b.tokens, None]:
        value = _word_value(token.lower) if token else None
        if value is not None and token is not None:
            run.append((token, value))
            continue
        if run and not (len(run) == 1 and run[0][0].lower in lx.MULTIPLIERS):
            total = _combine([v for _, v in run])
            ordinal = run[-1][0].lower.split("-")[0] in lx.ORDINALS
            detail = "ordinal" if ordinal else "cardinal"
            atoms.append(
                b.atom(AtomKind.NUMBER, run[0][0].start, run[-1][0].end, f"{total:g}", detail)
            )
        run = []
    return atoms


@lru_cache(maxsize=8192)
def _word_value(word: str) -> int | None:
    head = word.split("-")[0]
    if head in lx.ORDINALS:
        return lx.ORDINALS[head]
    parts = word.split("-")
    if all(p in lx.UNITS or p in lx.MULTIPLIERS for p in parts) and word not in {"m", "k", "bn"}:
        return sum(lx.UNITS.get(p, 0) for p in parts) or lx.MULTIPLIERS.get(word)
    return lx.MULTIPLIERS.get(word) if word in {"million", "billion", "trillion"} else None


def _combine(values: list[int]) -> float:
    total, current = 0.0, 0.0
    for value in values:
        if value >= 100 and current:
            current *= value
            if value >= 1000:
                total, current = total + current, 0.0
        else:
            current += value
    return total + current


def _dates(b: AtomBuilder) -> list[Atom]:
    text = b.view.text
    atoms = [
        b.atom(AtomKind.DATE, m.start(), m.end(), f"year:{m.group()}", "year")
        for m in re.finditer(
            r"(?<![\w.$€£])(?:1[89]\d\d|20\d\d)(?![\d%]|\s?(?:percent|per cent))", text
        )
    ]
    for m in _MONTH.finditer(text):
        month = lx.MONTH_INDEX[m.group(1).rstrip(".").lower()]
        day = f"-{int(m.group(2))}" if m.group(2) else ""
        atoms.append(b.atom(AtomKind.DATE, m.start(), m.end(), f"month:{month}{day}", "month"))
    for m in _WEEKDAY.finditer(text):
        atoms.append(
            b.atom(AtomKind.DATE, m.start(), m.end(), f"weekday:{m.group(1).lower()}", "weekday")
        )
    for m in _RELATIVE.finditer(text):
        key = "rel:" + "-".join(m.group(1).lower().split())
        atoms.append(b.atom(AtomKind.DATE, m.start(), m.end(), key, "relative"))
    return atoms


def _negations(b: AtomBuilder) -> list[Atom]:
    atoms = []
    for i, token in enumerate(b.tokens):
        following = b.tokens[i + 1].lower if i + 1 < len(b.tokens) else ""
        cue = token.lower if token.lower in lx.NEGATION_CUES else ""
        if token.lower.endswith("n't"):
            cue = "n't"
        if cue in {"not", "no"} and following in {"only", "just"}:
            continue
        if cue == "no" and b.view.text[token.end : token.end + 1] == ".":
            continue
        if cue:
            atoms.append(b.atom(AtomKind.NEGATION, token.start, token.end, "neg", cue))
    return atoms


def _quotes(b: AtomBuilder) -> list[Atom]:
    atoms = []
    for m in _QUOTE.finditer(b.view.text):
        group = 1 if m.group(1) is not None else 2
        inner = m.group(group).strip(" ,.;:")
        if not inner:
            continue
        key = " ".join(t.lower for t in tokenize(inner))
        atoms.append(b.atom(AtomKind.QUOTE, m.start(group), m.end(group), key))
    return atoms


EXTRACTORS: tuple[Callable[[AtomBuilder], list[Atom]], ...] = (
    _numbers,
    _dates,
    _quotes,
    _negations,
)
