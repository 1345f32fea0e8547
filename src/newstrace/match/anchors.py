"""Names and numbers two articles share across languages and scripts: a lexical check of the
translation channel that needs no dictionary.

Cyrillic is transliterated to Latin (cyrtranslit), diacritics folded, numbers reduced to their
ASCII digits (any script's digits, separators dropped), and names reduced to a key that survives
transcription and inflection (``name_key``). A translation keeps nearly all of them; articles
on the same story pick different details.
"""

from __future__ import annotations

import re
import unicodedata

from newstrace.clean.language import to_latin
from newstrace.clean.normalize import match_text

_NUMBER = re.compile(r"\d[\d.,]*\d|\d")
# A capitalised word not at the start of a sentence (after a letter or a comma and a space).
_NAME = re.compile(r"(?:(?<=[^\W\d_] )|(?<=[,;:] ))[A-Z][^\W\d_]{2,}")
_DIGRAPHS = (("sch", "s"), ("sh", "s"), ("ch", "k"), ("ph", "f"), ("th", "t"), ("ck", "k"))
_LETTERS = str.maketrans("wxqcyj", "vskkii")
_KEY = 4
"""Letters of a name key: inflected forms meet (Orbán, Orbána, Orbanom: 'orbn')."""
_MIN_KEY = 3
ANCHOR_CHARS = 20_000
"""Content characters whose anchors count: the whole of a news article (a translation keeps
names and numbers throughout; a fixed window would cover more of a denser script's story)."""


def anchors(content: str, lang: str | None) -> frozenset[str]:
    """Numbers and name keys of an article's first ``ANCHOR_CHARS`` (see ``name_key``)."""
    text = match_text(to_latin(content[:ANCHOR_CHARS], lang))
    numbers = {_digits(m.group()) for m in _NUMBER.finditer(text)}
    names = {name_key(m.group()) for m in _NAME.finditer(text)}
    return frozenset({n for n in numbers if len(n) >= 2} | {f"n:{k}" for k in names if k})


def _digits(number: str) -> str:
    """ASCII digits of a number in any script, separators dropped (1,000 = 1.000 = 1000)."""
    return "".join(str(unicodedata.digit(c)) for c in number if c.isdigit())


def name_key(name: str) -> str:
    """A spelling-independent key of a transliterated name: its first letter and the next
    consonants, after the rewrites that Serbian/German/English transcriptions differ by
    (Wang = Vang, Xinhua = Sinhua, Washington = Vašington, Orbán = Orban)."""
    word = name.casefold()
    for old, new in _DIGRAPHS:
        word = word.replace(old, new)
    word = word.translate(_LETTERS)
    skeleton = word[:1] + re.sub(r"[aeiou]", "", word[1:])
    key = re.sub(r"(.)\1+", r"\1", skeleton)[:_KEY]
    return key if len(key) >= _MIN_KEY else ""


def anchor_share(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared anchors over the smaller set (a translation keeps nearly all of them)."""
    return len(a & b) / max(min(len(a), len(b)), 1) if a and b else 0.0
