"""Word tokens of a sentence's matching view, with their view offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Dotted acronyms ("U.S.", "U.N.") are one word; then words with inner apostrophes.
_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    lower: str
    start: int
    end: int


def tokenize(view_text: str) -> list[Token]:
    return [
        Token(m.group(), m.group().casefold().replace(".", ""), m.start(), m.end())
        for m in _WORD.finditer(view_text)
    ]


def words(view_text: str) -> tuple[str, ...]:
    """The ``lower`` of each token of ``tokenize``, without building tokens (4x faster): the
    tokens are case-folded and undotted together (folding maps each character on its own,
    and no token holds a newline), not one by one."""
    found = _WORD.findall(view_text)
    if not found:
        return ()
    return tuple("\n".join(found).casefold().replace(".", "").split("\n"))


def strip_possessive(word: str) -> str:
    return word[:-2] if word.endswith(("'s", "’s")) else word.rstrip("'’")
