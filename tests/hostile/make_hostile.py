"""Write the hostile inputs of newstrace's robustness tests into a directory, deterministically.

    python tests/hostile/make_hostile.py OUT_DIR [--large]

Each input has a name, a file name (its suffix picks the corpus reader) and what must happen
to it: under ``newstrace compare`` it is ``processed`` (exit 0, a valid report) or
``rejected`` (exit 2, one line naming the file and the reason); under ``newstrace index add``
of a directory each of its records is indexed (``processed``) or rejected with a given reason.
Large inputs (a 100 MB line, a gzip bomb) are only written with ``--large`` / ``large=True``,
at test time, never committed. Paths that are not files at all (missing, a directory, a pipe,
a device, links out of a corpus directory) are made by the tests that use them: they are
usage errors for ``compare`` and ``not_an_article`` rejections inside a directory.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``tests`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.hostile import archives
from tests.hostile.jsonl_records import MIXED_EXPECTED, mixed_jsonl
from tests.hostile.texts import (
    ARABIC,
    BIDI_CONTROLS,
    EMOJI,
    FURNITURE_ONLY,
    GOOD,
    HEBREW,
    ZERO_WIDTH,
    distinct_sentences,
    html_page,
    laced,
    paragraphs,
    random_bytes,
)

PROCESSED = "processed"
REJECTED = "rejected"
MB = 1 << 20


@dataclass(frozen=True, slots=True)
class Hostile:
    """One hostile input and what newstrace must do with it."""

    name: str
    filename: str
    make: Callable[[Path], None]
    compare: str
    """``processed`` or ``rejected`` under ``newstrace compare``."""
    why: str
    """Words the compare error message must contain (empty when processed)."""
    index: tuple[tuple[str, str], ...]
    """Per record read by ``index add`` from a corpus directory: (id, processed | reason)."""
    large: bool = False


Content = Callable[[], bytes | str]


def _writer(content: Content, encoding: str = "utf-8") -> Callable[[Path], None]:
    """Write ``content()`` (built only when the input is written) as bytes."""

    def write(path: Path) -> None:
        data = content()
        path.write_bytes(data.encode(encoding) if isinstance(data, str) else data)

    return write


def _one(filename: str, outcome: str) -> tuple[tuple[str, str], ...]:
    return ((filename, outcome),)


def _file(name: str, filename: str, content: Content, why: str, reason: str) -> Hostile:
    """A single-article file: rejected by compare when ``why`` is set, else processed."""
    outcome = REJECTED if why else PROCESSED
    return Hostile(name, filename, _writer(content), outcome, why, _one(filename, reason))


def _invalid_utf8() -> bytes:
    good = GOOD.encode("utf-8")
    return good[:60] + b"\xff\xfe" + good[60:120] + b"\xc0\xaf\x80" + good[120:] + b"\xe2\x82"


def _mixed_encodings() -> bytes:
    return (GOOD + "\n\nThe café in Zürich").encode("utf-8") + " served crème brûlée.".encode(
        "latin-1"
    )


def _control_chars() -> bytes:
    return b"".join(bytes([1 + i % 26]) + b"ab" for i in range(2000))


def _terminal_escapes() -> str:
    return (
        "The minister \x1b[31msaid\x1b[0m on Friday that 42 officers \x1b]0;pwned\x07would "
        "travel. The \x1b[2Jagreement was signed in Budapest.\n\n" + GOOD
    )


def _markup_text() -> str:
    return (
        "The minister said <script>alert(1)</script> was harmless on Friday. "
        'Officials wrote "</script><img src=x onerror=alert(1)>" and [bold red]x[/bold red] '
        "in Budapest.\n\n" + GOOD
    )


def _zalgo() -> str:
    return "".join(ch + ("\u0301\u0308\u0336\u0317" * 8 if ch.isalpha() else "") for ch in GOOD)


def _bidi_text() -> str:
    return (
        f"The minister {BIDI_CONTROLS[4]}said{BIDI_CONTROLS[2]} on Friday that 42 officers "
        f"would {BIDI_CONTROLS[5]}travel{BIDI_CONTROLS[8]} to Beijing.\n\n" + GOOD
    )


def _deep_html(depth: int, closed: bool = True) -> str:
    tail = "</div>" * depth if closed else ""
    return html_page("<div>" * depth + paragraphs() + tail)


def _scripts_html() -> str:
    head = "<script>document.write('<p>injected head</p>')</script><style>p{}</style>"
    body = (
        "<iframe src='file:///etc/passwd'></iframe><iframe srcdoc='<p>framed secret</p>'>"
        "</iframe><script>var stolen = document.cookie;</script><article>"
        + paragraphs()
        + "<img src=x onerror='alert(1)'><script type='module'>import 'x'</script></article>"
        + "<frameset><frame src='file:///etc/shadow'></frameset>"
    )
    return html_page(body, head)


def _entity_html() -> str:
    entities = '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    return f"<!DOCTYPE html [{entities}]>" + html_page(
        "<p>&b;&b;&#0;&#xD800;&bogus;</p>" + paragraphs()
    )


def _huge_attribute_html() -> str:
    return html_page(f'<div title="{"x" * MB}">{paragraphs()}</div>')


def _wrong_charset_html() -> bytes:
    head = (
        '<meta charset="utf-7"><meta http-equiv="Content-Type" content="text/html; charset=utf-16">'
    )
    return html_page(
        paragraphs(GOOD + "\n\nThe café in Zürich served crème brûlée."), head
    ).encode()


def _huge_line(path: Path) -> None:
    """A 100 MB single JSON line between two good records."""
    good = [json.dumps({"id": f"line-{i}", "text": GOOD}) + "\n" for i in (1, 3)]
    block = b"word " * (MB // 5)
    with path.open("wb") as out:
        out.write(good[0].encode() + b'{"id": "huge", "text": "')
        for _ in range(100):
            out.write(block)
        out.write(b'"}\n' + good[1].encode())


def _gzip_bomb(path: Path) -> None:
    """A good record, then ~6.4 GB of zeros as 100 repeated 64 MiB gzip members (~6.5 MB)."""
    member = gzip.compress(bytes(64 * MB), compresslevel=9, mtime=0)
    with path.open("wb") as out:
        out.write(gzip.compress((json.dumps({"id": "bomb-1", "text": GOOD}) + "\n").encode()))
        for _ in range(100):
            out.write(member)


def _many_sentences() -> str:
    return distinct_sentences(6000)


def _long_text() -> str:
    return (GOOD.replace("\n\n", " ") + " ") * (1_200_000 // len(GOOD))


def _long_word() -> str:
    return GOOD + "\n\n" + "".join(chr(0x61 + i % 26) for i in range(300_000)) + ".\n"


_INPUTS: list[Hostile] = [
    _file("empty", "empty.txt", lambda: b"", "empty", "no_text"),
    _file("whitespace", "whitespace.txt", lambda: " \n\t\r\n  \n\f", "empty", "no_text"),
    _file("unicode_space", "unicode_space.txt", lambda: "\u00a0\u2003\u3000\u2028\n", "empty", "no_text"),
    _file("bom_only", "bom_only.txt", lambda: b"\xef\xbb\xbf", "empty", "no_text"),
    _file("zero_width_only", "zero_width_only.txt", lambda: ZERO_WIDTH * 40, "", "processed"),
    _file("binary_nul", "binary_nul.txt", lambda: random_bytes(8192), "binary", "binary"),
    _file("binary_png", "binary_png.txt", lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random_bytes(4096), "binary", "binary"),
    _file("control_chars", "control_chars.txt", _control_chars, "binary", "binary"),
    _file("random_high_bytes", "random_high.txt", lambda: random_bytes(4096, low=128), "cannot detect the text encoding", "undecodable"),
    _file("invalid_utf8", "invalid_utf8.txt", _invalid_utf8, "", "processed"),
    _file("mixed_utf8_latin1", "mixed_encodings.txt", _mixed_encodings, "", "processed"),
    _file("cesu8_surrogates", "cesu8.txt", lambda: GOOD.encode() + b" \xed\xa0\x80\xed\xb0\x80.", "", "processed"),
    _file("utf16le_bom", "utf16le_bom.txt", lambda: GOOD.encode("utf-16"), "", "processed"),
    _file("utf16be_bom", "utf16be_bom.txt", lambda: b"\xfe\xff" + GOOD.encode("utf-16-be"), "", "processed"),
    _file("utf16le_nobom", "utf16le_nobom.txt", lambda: GOOD.encode("utf-16-le"), "", "processed"),
    _file("utf16be_nobom", "utf16be_nobom.txt", lambda: GOOD.encode("utf-16-be"), "", "processed"),
    _file("utf16_odd_length", "utf16_odd.txt", lambda: GOOD.encode("utf-16") + b"\x41", "", "processed"),
    _file("utf32_bom", "utf32_bom.txt", lambda: GOOD.encode("utf-32"), "", "processed"),
    _file("newlines_cr_ls_ps", "newlines.txt", lambda: GOOD.replace(". ", ".\r").replace("\n\n", "\u2029") + "\x85\u2028end of story.", "", "processed"),
    _file("rtl_arabic_hebrew", "rtl.txt", lambda: ARABIC + "\n\n" + HEBREW, "", "processed"),
    _file("bidi_controls", "bidi.txt", _bidi_text, "", "processed"),
    _file("emoji_combining", "emoji.txt", lambda: EMOJI, "", "processed"),
    _file("zalgo", "zalgo.txt", _zalgo, "", "processed"),
    _file("homoglyph_laced", "homoglyphs.txt", lambda: laced(GOOD, rate=0.3), "", "processed"),
    _file("furniture_only", "furniture_only.txt", lambda: FURNITURE_ONLY, "", "processed"),
    _file("terminal_escapes", "escapes.txt", _terminal_escapes, "", "processed"),
    _file("markup_in_text", "markup.txt", _markup_text, "", "processed"),
    _file("long_word", "long_word.txt", _long_word, "", "processed"),
    _file("many_sentences", "many_sentences.txt", _many_sentences, "too large to audit", "processed"),
    _file("over_audit_limit", "long_text.txt", _long_text, "audit limit", "processed"),
    _file("html_scripts_iframes", "scripts.html", _scripts_html, "", "processed"),
    _file("html_deep_nesting", "deep.html", lambda: _deep_html(5000), "nest deeper than 255", "no_text"),
    _file("html_deep_unclosed", "deep_unclosed.html", lambda: _deep_html(50000, closed=False), "nest deeper than 255", "no_text"),
    _file("html_only_scripts", "only_scripts.html", lambda: html_page("<script>alert(1)</script>" * 50, "<script>x()</script>"), "no article text", "no_text"),
    _file("html_entities", "entities.html", _entity_html, "", "processed"),
    _file("html_huge_attribute", "huge_attribute.html", _huge_attribute_html, "", "processed"),
    _file("html_wrong_charset", "wrong_charset.html", _wrong_charset_html, "", "processed"),
    _file("html_latin1", "latin1.html", lambda: html_page(paragraphs(GOOD + "\n\nLe café à Zürich.")).encode("latin-1"), "", "processed"),
    _file("html_unclosed_comment", "unclosed_comment.html", lambda: html_page("<!-- " + paragraphs()), "no article text", "no_text"),
    Hostile("jsonl_mixed", "mixed.jsonl", _writer(mixed_jsonl), PROCESSED, "", MIXED_EXPECTED),
    Hostile("gzip_truncated", "truncated.jsonl.gz", archives.truncated_gzip, REJECTED, "binary", archives.TRUNCATED_GZIP_EXPECTED),
    Hostile("gzip_not_gzip", "not_gzip.jsonl.gz", _writer(lambda: json.dumps({"id": "plain", "text": GOOD}) + "\n"), PROCESSED, "", (("not_gzip:1", "undecodable"),)),
    Hostile("warc_gz_truncated", "truncated.warc.gz", archives.truncated_warc_gz, REJECTED, "binary", archives.TRUNCATED_WARC_EXPECTED),
    Hostile("warc_truncated", "cut.warc", archives.truncated_warc, REJECTED, "cannot detect the text encoding", archives.CUT_WARC_EXPECTED),
    Hostile("warc_garbage", "garbage.warc", _writer(lambda: GOOD), PROCESSED, "", (("garbage@0", "undecodable"),)),
    Hostile("csv_broken", "broken.csv", archives.broken_csv, REJECTED, "binary", archives.BROKEN_CSV_EXPECTED),
    Hostile("unknown_suffix", "notes.docx", _writer(lambda: random_bytes(512)), REJECTED, "binary", (("notes.docx", "not_an_article"),)),
    Hostile("huge_line_100mb", "huge_line.jsonl", _huge_line, REJECTED, "over the limit", (("line-1", PROCESSED), ("huge_line:2", "too_large"), ("line-3", PROCESSED)), large=True),
    Hostile("gzip_bomb", "bomb.jsonl.gz", _gzip_bomb, REJECTED, "binary", (("bomb-1", PROCESSED), ("bomb:2", "too_large")), large=True),
]  # fmt: skip

INPUTS: dict[str, Hostile] = {item.name: item for item in _INPUTS}


def write_inputs(directory: Path, *, small: bool = True, large: bool = False) -> dict[str, Path]:
    """Write the small and/or the large inputs into ``directory``; return name -> path."""
    directory.mkdir(parents=True, exist_ok=True)
    written = {}
    for item in INPUTS.values():
        if not (large if item.large else small):
            continue
        path = directory / item.filename
        item.make(path)
        written[item.name] = path
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="directory to write the inputs into")
    parser.add_argument("--large", action="store_true", help="also the 100 MB line and the bomb")
    args = parser.parse_args(argv)
    for name, path in write_inputs(args.out, large=args.large).items():
        print(f"{name}\t{path}\t{INPUTS[name].compare}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
