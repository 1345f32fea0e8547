"""A JSON Lines file mixing hostile records with good ones, and what ``index add`` must do.

Each line is (bytes, expected id, expected outcome): ``processed`` or a reject reason. A line
whose id cannot be read is expected under ``mixed:<line number>``. Blank lines are skipped.
"""

from __future__ import annotations

import json

from tests.hostile.texts import (
    ARABIC,
    BIDI_CONTROLS,
    EMOJI,
    FURNITURE_ONLY,
    GOOD,
    HEBREW,
    ZERO_WIDTH,
    html_page,
    laced,
    paragraphs,
)

STEM = "mixed"
PROCESSED = "processed"
_SKIPPED = "skipped"


def _record(**fields: object) -> bytes:
    # a lone surrogate becomes its JSON escape (\\ud800), which a JSON reader turns back into it
    return json.dumps(fields, ensure_ascii=False).encode("utf-8", "backslashreplace")


def _good(n: int) -> tuple[bytes, str, str]:
    text = f"Story {n}: " + GOOD.replace("42", str(40 + n))
    return (
        _record(id=f"good-{n}", text=text, published="2024-02-16", lang="en"),
        f"good-{n}",
        PROCESSED,
    )


_FALLBACK = ""  # the id is mixed:<line>, filled in below

# fmt: off
_LINES: list[tuple[bytes, str, str]] = [
    _good(1),
    (b'{"id": "cut", "text": "a line cut off', _FALLBACK, "bad_json"),
    (b'{"id": "comma", "text": "x",}', _FALLBACK, "bad_json"),
    (b"[1, 2, 3]", _FALLBACK, "bad_json"),
    (b'"just a string"', _FALLBACK, "bad_json"),
    (b'{"id": "nan", "text": "x", "score": NaN}', _FALLBACK, "bad_json"),
    (b"[" * 50_000 + b"]" * 50_000, _FALLBACK, "bad_json"),
    (b'{"id": "bigint", "text": "x", "n": ' + b"9" * 5000 + b"}", _FALLBACK, "bad_json"),
    (b"", _FALLBACK, _SKIPPED),
    (b"   \t ", _FALLBACK, _SKIPPED),
    _good(2),
    (b'{"id": "latin1", "text": "caf\xe9 au lait in Z\xfcrich"}', _FALLBACK, "undecodable"),
    (b'{"id": "bad-bytes", "text": "ok"} \xff\xfe', _FALLBACK, "undecodable"),
    (_record(id="surrogate", text="A lone \ud800 surrogate in the text."), "surrogate", "undecodable"),
    (_record(id="empty", text=""), "empty", "no_text"),
    (_record(id="blank", text=" \n\t\u3000 "), "blank", "no_text"),
    (_record(id="notext", title="A title but no body"), "notext", "no_text"),
    (_record(id="numtext", text=12345), "numtext", "no_text"),
    (_record(id="listtext", text=["a", "b"]), "listtext", "no_text"),
    (_record(id="binary", text="bin\u0000ary \u0001\u0002\u0003 data" * 20), "binary", "binary"),
    (_record(id="impossible-date", text=GOOD, published="2023-02-30"), "impossible-date", "bad_date"),
    (_record(id="word-date", text=GOOD, published="yesterday"), "word-date", "bad_date"),
    (_record(id="year-99999", text=GOOD, published="99999-01-01"), "year-99999", "bad_date"),
    (_record(id="number-date", text=GOOD, published=20240216), "number-date", "bad_date"),
    (_record(id="ambiguous-date", text=GOOD, published="03/04/2003"), "ambiguous-date", "bad_date"),
    (_record(id="no-date", text="Story without a date. " + GOOD), "no-date", PROCESSED),
    (_record(id="far-future", text="Story from the future. " + GOOD, published="2999-12-31"), "far-future", PROCESSED),
    (_record(id=["a", "list"], text=GOOD), _FALLBACK, "not_an_article"),
    (_record(id=True, text=GOOD), _FALLBACK, "not_an_article"),
    (_record(id={"nested": 1}, text=GOOD), _FALLBACK, "not_an_article"),
    (_record(id="../../etc/passwd", text="A path in an id is only a name. " + GOOD), "../../etc/passwd", PROCESSED),
    (_record(id="good-1", text="A different story that reuses an id."), "good-1", "duplicate_id"),
    (_good(2)[0], "good-2", "duplicate_id"),
    (_record(id="html-scripts", html=html_page("<script>alert(1)</script>" + paragraphs())), "html-scripts", PROCESSED),
    (_record(id="html-deep", html=html_page("<div>" * 3000 + paragraphs())), "html-deep", "no_text"),
    (_record(id="html-empty", html=html_page("<script>x()</script>")), "html-empty", "no_text"),
    (_record(id="furniture", text=FURNITURE_ONLY), "furniture", PROCESSED),
    (_record(id="rtl", text=ARABIC + "\n\n" + HEBREW, lang="ar"), "rtl", PROCESSED),
    (_record(id="bidi", text=BIDI_CONTROLS + GOOD + BIDI_CONTROLS), "bidi", PROCESSED),
    (_record(id="emoji", text=EMOJI), "emoji", PROCESSED),
    (_record(id="laced", text=laced("Laced copy. " + GOOD, rate=0.3)), "laced", PROCESSED),
    (_record(id="zero-width", text=ZERO_WIDTH * 30), "zero-width", PROCESSED),
    (_record(id=7, text="An integer id. " + GOOD), "7", PROCESSED),
    (_record(id="extra-fields", text="Extra fields pass through. " + GOOD, nested={"a": [1, 2]}, score=1e308), "extra-fields", PROCESSED),
    _good(3),
]
# fmt: on


def _numbered() -> list[tuple[bytes, str, str]]:
    return [
        (line, record_id or f"{STEM}:{number}", outcome)
        for number, (line, record_id, outcome) in enumerate(_LINES, start=1)
    ]


def mixed_jsonl() -> bytes:
    """The file's bytes: one record a line, UTF-8 (except where a line is made not to be)."""
    return b"".join(line + b"\n" for line, _, _ in _LINES)


MIXED_EXPECTED: tuple[tuple[str, str], ...] = tuple(
    (record_id, outcome) for _, record_id, outcome in _numbered() if outcome != _SKIPPED
)
