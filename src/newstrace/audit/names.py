"""Names (capitalised spans) and attributions (who said or reported a claim)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from newstrace.align.tokens import Token, strip_possessive
from newstrace.audit import lexicon as lx
from newstrace.audit.builder import AtomBuilder
from newstrace.records import Atom, AtomKind

_OPENERS = frozenset("\"“„«'‘(:—–-")
_MAX_GAP_TOKENS = 3


@dataclass(frozen=True, slots=True)
class NameGroup:
    """A name in view coordinates: first and last token index, and its comparison key."""

    first: int
    last: int
    start: int
    end: int
    key: str


def capitalised_words(token_lists: Iterable[Sequence[Token]]) -> frozenset[str]:
    """Lower-cased words written with a capital somewhere other than a sentence start."""
    found = set()
    for tokens in token_lists:
        for token in tokens[1:]:
            if token.text[:1].isupper():
                found.add(strip_possessive(token.lower))
    return frozenset(found)


def names(b: AtomBuilder, groups: list[NameGroup]) -> list[Atom]:
    return [b.atom(AtomKind.NAME, g.start, g.end, g.key) for g in groups]


def name_groups(b: AtomBuilder, known: frozenset[str]) -> list[NameGroup]:
    tokens = b.tokens
    flags = [_is_name_token(b, i, known) for i in range(len(tokens))]
    groups: list[NameGroup] = []
    i = 0
    while i < len(tokens):
        if not flags[i]:
            i += 1
            continue
        last = _extend(b, flags, i)
        group = _group(b, i, last)
        if group is not None:
            groups.append(group)
        i = last + 1
    return groups


def _is_name_token(b: AtomBuilder, i: int, known: frozenset[str]) -> bool:
    token = b.tokens[i]
    if not token.text[:1].isupper() or token.text[:1].isdigit():
        return False
    word = strip_possessive(token.lower)
    if word in lx.NOT_NAMES and not token.text.isupper():
        return False
    initial = i == 0 or all(c in _OPENERS or c.isspace() for c in b.view.text[: token.start])
    if not initial or word in known or (token.text.isupper() and len(token.text) > 1):
        return True
    if len(word) > 2 and word.isalpha() and word not in lx.common_words():
        return True
    # "Prime Minister X ..." at a sentence start: the title belongs to the name.
    return word in lx.TITLES and i + 1 < len(b.tokens) and b.tokens[i + 1].text[:1].isupper()


def _extend(b: AtomBuilder, flags: list[bool], first: int) -> int:
    """The last token index of the name starting at ``first``."""
    tokens, last = b.tokens, first
    j = first + 1
    while j < len(tokens):
        gap = b.view.text[tokens[j - 1].end : tokens[j].start]
        if gap.strip(" -") or strip_possessive(tokens[j - 1].text) != tokens[j - 1].text:
            break
        if flags[j]:
            last = j
        elif not _connects(b, flags, j):
            break
        j += 1
    return last


def _connects(b: AtomBuilder, flags: list[bool], j: int) -> bool:
    """A lower-case connector inside a name: "Bank of England", "Belt and Road Initiative"."""
    tokens = b.tokens
    if tokens[j].text not in lx.CONNECTORS or j + 1 >= len(tokens) or not flags[j + 1]:
        return False
    if tokens[j].text != "and":
        return True
    rest = j + 1
    while rest + 1 < len(tokens) and flags[rest + 1]:
        rest += 1
    return strip_possessive(tokens[rest].lower) in lx.INSTITUTION_HEADS


def _group(b: AtomBuilder, first: int, last: int) -> NameGroup | None:
    words = [strip_possessive(t.lower) for t in b.tokens[first : last + 1]]
    key_words = [w for w in words if w not in lx.TITLES and w not in lx.CONNECTORS]
    if not key_words:
        return None
    end_token = b.tokens[last]
    end = end_token.start + len(strip_possessive(end_token.text))
    return NameGroup(first, last, b.tokens[first].start, end, " ".join(key_words))


def attributions(b: AtomBuilder, groups: list[NameGroup]) -> list[Atom]:
    """Speakers of attribution verbs ("X said", "said X", "according to X")."""
    atoms = []
    for i, token in enumerate(b.tokens):
        following = b.tokens[i + 1].lower if i + 1 < len(b.tokens) else ""
        if token.lower == "according" and following == "to":
            speaker = _forward(b, groups, i + 1)
        elif token.lower in lx.ATTRIBUTION_VERBS:
            speaker = _backward(groups, i) or _forward(b, groups, i)
        else:
            continue
        if speaker is not None:
            start, end, key = speaker
            atoms.append(b.atom(AtomKind.ATTRIBUTION, start, end, key, token.lower))
    return atoms


def _backward(groups: list[NameGroup], verb: int) -> tuple[int, int, str] | None:
    before = [g for g in groups if g.last < verb and verb - g.last - 1 <= _MAX_GAP_TOKENS]
    if not before:
        return None
    group = before[-1]
    return group.start, group.end, group.key


def _forward(b: AtomBuilder, groups: list[NameGroup], verb: int) -> tuple[int, int, str] | None:
    after = [g for g in groups if verb < g.first <= verb + 2]
    if after:
        return after[0].start, after[0].end, after[0].key
    before = b.view.text[: b.tokens[verb].start].rstrip()
    if not before.endswith((",", '"', "”", "'")):
        return None
    j = verb + 1
    if j < len(b.tokens) and b.tokens[j].lower in {"the", "a", "an", "his", "her", "its"}:
        j += 1
    if j < len(b.tokens) and b.tokens[j].lower not in lx.NOT_NAMES:
        token = b.tokens[j]
        return token.start, token.end, strip_possessive(token.lower)
    return None
