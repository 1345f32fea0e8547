"""Bytes to text: BOMs first, then strict UTF-8, then charset detection; binary is refused."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from newstrace.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Share of C0 control characters (other than tab/newline/CR/FF) above which decoded
# text is treated as binary rather than an article.
_MAX_CONTROL_SHARE = 0.01


def decode_bytes(data: bytes, origin: str) -> tuple[str, str]:
    """Return ``(text, encoding)`` or raise ``InputError`` naming ``origin``."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace"), encoding, origin)
    try:
        return _checked(data.decode("utf-8"), "utf-8", origin)
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise InputError(f"{origin}: looks binary (NUL bytes); give a text or HTML file")
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(
            f"{origin}: cannot detect the text encoding; convert it to UTF-8 (e.g. iconv -t UTF-8)"
        )
    return _checked(str(best), best.encoding, origin)


def _checked(text: str, encoding: str, origin: str) -> tuple[str, str]:
    if not text.strip():
        raise InputError(f"{origin}: is empty (no text after decoding as {encoding})")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if "\x00" in text or controls > _MAX_CONTROL_SHARE * len(text):
        raise InputError(
            f"{origin}: looks binary ({controls} control characters); give a text or HTML file"
        )
    return text, encoding
