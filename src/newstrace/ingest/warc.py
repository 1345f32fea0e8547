"""WARC files (``.warc``, ``.warc.gz``) through warcio: each HTML or text page is an article.

Only ``response`` and ``resource`` records with a 2xx status and an HTML or plain-text payload
are pages; requests, metadata, revisits, redirects, images and the like are skipped silently.
id = WARC-Record-ID (else the target URI), url = target URI, published = the page's own date
found in the HTML, else the WARC-Date (the crawl time; kept in ``extra`` as ``warc_date``).

warcio reads a cut-off archive leniently (a half header can end the iteration quietly), so
every record, page or not, is checked against its Content-Length, the file against the end of
the last record, and a gzip file's last member for its end mark: a cut-off archive gives one
``Rejected(TRUNCATED)`` naming the byte offset, after the records before it.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from newstrace.config import IngestConfig
from newstrace.ingest.checks import decode_record, to_article
from newstrace.ingest.dates import normalize_date
from newstrace.ingest.extras import require
from newstrace.ingest.fields import merge_meta
from newstrace.ingest.limits import CHUNK, open_binary
from newstrace.ingest.source import CorpusFile, Refusal
from newstrace.records import Article, ArticleMeta, Rejected, RejectReason

_RECORD_TYPES = frozenset({"response", "resource"})
_PAGE_TYPES = {"text/html": True, "application/xhtml+xml": True, "text/plain": False}
# warcio fails on a cut-off header with these (AttributeError/TypeError from its parser).
_BROKEN = (OSError, ValueError, EOFError, AttributeError, TypeError, zlib.error)
_GZIP_MAGIC = b"\x1f\x8b"
# warcio reads any line of five words as an old ARC header: plain text named .warc gives
# "records" whose date is a word, which would be skipped silently. A real ARC date is digits.
_ARC_DATE = re.compile(r"\d{8,14}")
_NOT_A_RECORD = (
    "not a WARC or ARC record (its header is text, not a record header; is it a WARC file?)"
)
# Words of warcio's errors that mean "not a readable WARC" rather than "cut off", with a hint.
_NOT_WARC = {
    "non-chunked gzip": "gzip it per record with: warcio recompress IN OUT",
    "Unknown archive format": "is it a WARC file?",
}


def read_warc(file: CorpusFile, config: IngestConfig) -> Iterator[Article | Rejected]:
    """Every page of the archive as an article or a rejection; a cut-off end is one rejection."""
    archive = require("warcio.archiveiterator")
    broken = (*_BROKEN, require("warcio.exceptions").ArchiveLoadFailed)
    last = 0
    with open_binary(file, config) as raw:
        records = archive.ArchiveIterator(raw)
        while True:
            start = records.offset
            try:
                record = next(records, None)
                payload = None if record is None else _read(record, records, config)
            except broken as err:
                yield _broken(file, start, err)
                return
            if record is None:
                break
            if _not_a_record(record):
                yield _cut(file, start, _NOT_A_RECORD, RejectReason.UNDECODABLE)
                return
            last = start
            result = _result(file, record, payload, start, config)
            if result is not None:
                yield result
            if isinstance(result, Rejected) and result.reason is RejectReason.TRUNCATED:
                return
        end = records.offset
    yield from _check_end(file, end, last)


def _read(record: Any, records: Any, config: IngestConfig) -> bytes | None:
    """A page's payload (at most ``max_record_bytes + 1``), None for other records, or
    ``b""`` marked by a ``TRUNCATED`` check below when the record is cut off."""
    html = _page_kind(record)
    payload = None if html is None else record.content_stream().read(config.max_record_bytes + 1)
    records.read_to_end()
    return payload


def _result(
    file: CorpusFile, record: Any, payload: bytes | None, offset: int, config: IngestConfig
) -> Article | Rejected | None:
    headers = record.rec_headers
    url = headers.get_header("WARC-Target-URI") if headers is not None else None
    record_id = (headers.get_header("WARC-Record-ID") or "").strip("<>") if headers else ""
    record_id = record_id or url or f"{file.stem}@{offset}"
    origin = f"{file.path}@{offset}"
    if getattr(record.raw_stream, "limit", 1) != 0:
        detail = f"{file.path.name}: the record at byte {offset} is cut off before its length"
        return Rejected(record_id, origin, RejectReason.TRUNCATED, detail)
    if payload is None:
        return None
    try:
        return _page(record, payload, record_id, origin, config)
    except Refusal as refusal:
        return Rejected(record_id, origin, refusal.reason, refusal.detail)


def _page(
    record: Any, payload: bytes, record_id: str, origin: str, config: IngestConfig
) -> Article:
    headers = record.rec_headers
    text, encoding = decode_record(payload, origin, config.max_record_bytes)
    html = bool(_page_kind(record))
    article = to_article(text, html=html, record_id=record_id, origin=origin, encoding=encoding)
    warc_date = headers.get_header("WARC-Date")
    published = article.meta.published or normalize_date(warc_date, "WARC-Date")
    url = headers.get_header("WARC-Target-URI")
    meta = merge_meta(ArticleMeta(url=url, published=published), article.meta)
    return replace(article, meta=meta, extra=(("warc_date", warc_date),))


def _not_a_record(record: Any) -> bool:
    """An ARC "record" read from a line of text rather than an archive header."""
    if record.format != "arc":
        return False
    date = record.rec_headers.get_header("archive-date") or ""
    return not _ARC_DATE.fullmatch(date)


def _page_kind(record: Any) -> bool | None:
    """True for an HTML page, False for plain text, None for a record that is not a page."""
    if record.rec_type not in _RECORD_TYPES:
        return None
    http = record.http_headers
    status = str(http.get_statuscode() or "200") if http is not None else "200"
    if not status.startswith("2"):
        return None
    content_type = (http.get_header("Content-Type") if http is not None else None) or (
        record.rec_headers.get_header("Content-Type") or ""
    )
    return _PAGE_TYPES.get(content_type.split(";")[0].strip().lower())


def _check_end(file: CorpusFile, end: int, last: int) -> Iterator[Rejected]:
    size = file.path.stat().st_size
    if end < size:
        yield _cut(file, end, f"the file ends inside a record ({size} bytes in all)")
    elif not _gzip_member_complete(file.path, last):
        yield _cut(file, last, "the last gzip member is cut off before its end mark")


def _gzip_member_complete(path: Path, start: int) -> bool:
    """Whether the gzip member at ``start`` reaches its end mark (True when not gzip)."""
    decoder = zlib.decompressobj(zlib.MAX_WBITS | 16)
    with path.open("rb") as raw:
        raw.seek(start)
        data = raw.read(CHUNK)
        if not data.startswith(_GZIP_MAGIC):
            return True
        while data and not decoder.eof:
            decoder.decompress(data, CHUNK)
            data = decoder.unconsumed_tail or raw.read(CHUNK)
    return decoder.eof


def _broken(file: CorpusFile, offset: int, err: Exception) -> Rejected:
    message = " ".join(str(err).split())[:200]
    hint = next((hint for words, hint in _NOT_WARC.items() if words in message), None)
    if hint is not None:
        why = f"not a readable WARC, {hint} ({message})"
        return _cut(file, offset, why, RejectReason.UNDECODABLE)
    return _cut(file, offset, f"a cut-off or unreadable WARC record ({message})")


def _cut(
    file: CorpusFile, offset: int, why: str, reason: RejectReason = RejectReason.TRUNCATED
) -> Rejected:
    offset = max(offset, 0)  # warcio's offsets run negative in a whole-file gzip
    detail = f"{file.path.name}, byte {offset}: {why}; the records before it were kept"
    return file.rejected(f"{file.stem}@{offset}", Refusal(reason, detail))
