"""Bytes to text: BOMs first, then UTF-16 without a BOM (by its NUL bytes), then strict UTF-8,
then charset detection; binary is refused."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from newstrace.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# UTF-16 without a BOM: at least this share of one byte lane is NUL (Latin text has a NUL in
# every code unit) and at most a tenth as many in the other lane.
_UTF16_MIN_NUL_SHARE = 0.25
_SNIFF_BYTES = 4096

# Share of C0 control characters (other than tab/newline/CR/FF) above which decoded
# text is treated as binary rather than an article.
_MAX_CONTROL_SHARE = 0.01


def decode_bytes(data: bytes, origin: str) -> tuple[str, str]:
    """Return ``(text, encoding)`` or raise ``InputError`` naming ``origin``."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace"), encoding, origin)
    if b"\x00" in data[:_SNIFF_BYTES] and (utf16 := _utf16_without_bom(data)):
        return _checked(*utf16, origin)
    try:
        return _checked(data.decode("utf-8"), "utf-8", origin)
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise InputError(f"{origin}: looks binary (NUL bytes); give a text or HTML file")
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(
            f"{origin}: cannot detect the text encoding; convert it to UTF-8 (e.g. iconv -t UTF-8)"
        )
    return _checked(str(best), best.encoding, origin)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """``(text, encoding)`` when the bytes read as UTF-16 LE/BE (NULs in one lane), else None."""
    sample = data[:_SNIFF_BYTES]
    if len(data) % 2 or len(sample) < 4:
        return None
    low, high = sample[0::2].count(0), sample[1::2].count(0)
    lane = len(sample) // 2
    most, least = max(low, high), min(low, high)
    if most < _UTF16_MIN_NUL_SHARE * lane or least * 10 > most:
        return None
    encoding = "utf-16-le" if high > low else "utf-16-be"
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        return None


# Control characters other than tab, newline, carriage return and form feed (a regex: a
# generator over every character was a sixth of ``index add``).
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _checked(text: str, encoding: str, origin: str) -> tuple[str, str]:
    if not text.strip():
        raise InputError(f"{origin}: is empty (no text after decoding as {encoding})")
    controls = len(_CONTROLS.findall(text))
    if "\x00" in text or controls > _MAX_CONTROL_SHARE * len(text):
        raise InputError(
            f"{origin}: looks binary ({controls} control characters); give a text or HTML file"
        )
    return text, encoding
