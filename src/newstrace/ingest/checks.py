"""Per-record text checks shared by every corpus reader: size, decoding, binary, emptiness.

They reuse the single-file path (``decode_bytes``, ``article_from_text``) and turn its
``InputError`` into a ``Refusal`` with the matching reject reason.
"""

from __future__ import annotations

from newstrace.errors import InputError
from newstrace.ingest.decode import decode_bytes
from newstrace.ingest.reader import article_from_text
from newstrace.ingest.source import Refusal
from newstrace.records import Article, RejectReason

# Words of decode_bytes's messages -> reason; anything else it refuses is undecodable.
_DECODE_REASONS = (("binary", RejectReason.BINARY), ("empty", RejectReason.NO_TEXT))


def decode_record(data: bytes, origin: str, limit: int) -> tuple[str, str]:
    """``(text, encoding)`` of a record's bytes, or a ``Refusal`` saying why not."""
    if len(data) > limit:
        raise Refusal(
            RejectReason.TOO_LARGE, f"{len(data)} bytes of text, over max_record_bytes={limit}"
        )
    try:
        return decode_bytes(data, origin)
    except InputError as err:
        message = str(err)
        reason = next(
            (reason for word, reason in _DECODE_REASONS if word in message),
            RejectReason.UNDECODABLE,
        )
        raise Refusal(reason, message) from err


def check_text(text: str, origin: str, limit: int) -> str:
    """A record's already-decoded text, checked like bytes are (size, binary, empty)."""
    if not text.strip():
        raise Refusal(RejectReason.NO_TEXT, "the text is empty")
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as err:
        raise Refusal(
            RejectReason.UNDECODABLE,
            f"the text has an unpaired surrogate at character {err.start} (invalid Unicode)",
        ) from err
    return decode_record(data, origin, limit)[0]


def to_article(text: str, *, html: bool, record_id: str, origin: str, encoding: str) -> Article:
    """Build the article (extracting the main text of HTML), or refuse it as NO_TEXT."""
    try:
        return article_from_text(
            text,
            origin=origin,
            article_id=record_id,
            input_format="html" if html else "text",
            encoding=encoding,
        )
    except InputError as err:
        raise Refusal(RejectReason.NO_TEXT, str(err)) from err
