"""Cut-off compressed and WARC files and a broken CSV, built byte by byte (deterministic).

Each writer comes with what ``index add`` must make of the file: the records before the cut
are kept, and one rejection names the cut.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import zlib
from pathlib import Path

from tests.hostile.texts import GOOD, html_page, paragraphs, random_bytes

PROCESSED = "processed"


# gzip ------------------------------------------------------------------------------------


def truncated_gzip(path: Path) -> None:
    """Three good records, a full flush, two long records, then the file cut 20 bytes on."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as out:
        for n in (1, 2, 3):
            out.write(_line(f"gz-{n}", f"Record {n}. " + GOOD))
        out.flush(zlib.Z_FULL_FLUSH)
        cut = buffer.tell() + 20
        for n in (4, 5):
            noise = random_bytes(3000, low=97, high=122, seed=n).decode()
            out.write(_line(f"gz-{n}", f"{GOOD} {noise}"))
    path.write_bytes(buffer.getvalue()[:cut])


TRUNCATED_GZIP_EXPECTED = (
    ("gz-1", PROCESSED),
    ("gz-2", PROCESSED),
    ("gz-3", PROCESSED),
    ("truncated:4", "truncated"),
)


def _line(record_id: str, text: str) -> bytes:
    return (json.dumps({"id": record_id, "text": text}) + "\n").encode()


# WARC ------------------------------------------------------------------------------------

_CUT_BASE, _GZ_BASE = 0, 10
"""First record numbers of the two archives (so that they share no record id)."""


def _warc_record(kind: str, number: int, block: bytes, content_type: str) -> bytes:
    headers = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\n"
        f"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{number:012d}>\r\n"
        f"WARC-Date: 2024-02-16T10:00:0{number % 10}Z\r\n"
        f"WARC-Target-URI: https://news.example/story-{number}\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n"
    )
    return headers.encode() + block + b"\r\n\r\n"


def _response(number: int, status: str, content_type: str, body: bytes) -> bytes:
    http = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n\r\n".encode() + body
    return _warc_record(
        number=number,
        kind="response",
        block=http,
        content_type="application/http; msgtype=response",
    )


def _page(number: int) -> bytes:
    text = f"Page {number}. " + GOOD
    return _response(
        number, "200 OK", "text/html; charset=utf-8", html_page(paragraphs(text)).encode()
    )


def _warc_records(base: int) -> list[bytes]:
    """warcinfo, a page, a request, a 404, an image, a page, then the page that gets cut;
    record numbers from ``base`` (so that two archives do not share record ids)."""
    return [
        _warc_record(
            "warcinfo", base, b"software: newstrace-hostile\r\n", "application/warc-fields"
        ),
        _page(base + 1),
        _warc_record(
            "request", base + 2, b"GET /story HTTP/1.1\r\n\r\n", "application/http; msgtype=request"
        ),
        _response(base + 3, "404 Not Found", "text/html", b"<html><body>gone</body></html>"),
        _response(base + 4, "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + random_bytes(200)),
        _page(base + 5),
        _page(base + 6),
    ]


def _page_id(number: int) -> str:
    return f"urn:uuid:00000000-0000-4000-8000-{number:012d}"


def truncated_warc(path: Path) -> None:
    """An uncompressed WARC cut in the middle of its last page's payload."""
    records = _warc_records(_CUT_BASE)
    data = b"".join(records)
    path.write_bytes(data[: len(data) - len(records[-1]) // 2])


CUT_WARC_EXPECTED = (
    (_page_id(_CUT_BASE + 1), PROCESSED),
    (_page_id(_CUT_BASE + 5), PROCESSED),
    (_page_id(_CUT_BASE + 6), "truncated"),
)


def truncated_warc_gz(path: Path) -> None:
    """A per-record gzip WARC whose last member is cut in half."""
    members = [gzip.compress(record, mtime=0) for record in _warc_records(_GZ_BASE)]
    data = b"".join(members)
    path.write_bytes(data[: len(data) - len(members[-1]) // 2])


TRUNCATED_WARC_EXPECTED = (
    (_page_id(_GZ_BASE + 1), PROCESSED),
    (_page_id(_GZ_BASE + 5), PROCESSED),
    (_page_id(_GZ_BASE + 6), "truncated"),
)


# CSV -------------------------------------------------------------------------------------


def broken_csv(path: Path) -> None:
    """Good rows around rows with the wrong field count, a NUL, bad bytes and a bad date."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "text", "published"])
    writer.writerow(["csv-1", "First row. " + GOOD, "2024-02-16"])
    writer.writerow(["csv-2", "too", "many", "fields"])
    writer.writerow(["csv-3", "A NUL \x00 inside" * 10, ""])
    writer.writerow(["csv-4", "Bad date. " + GOOD, "16/02/2024"])
    writer.writerow(["csv-5", "", ""])
    data = buffer.getvalue().encode() + b'csv-6,"caf\xe9 in Latin-1",\n'
    writer = csv.writer(buffer := io.StringIO(), lineterminator="\n")
    writer.writerow(["csv-7", "Last row. " + GOOD, "June 17, 2003"])
    path.write_bytes(data + buffer.getvalue().encode())


BROKEN_CSV_EXPECTED = (
    ("csv-1", PROCESSED),
    ("broken:2", "not_an_article"),
    ("csv-3", "binary"),
    ("csv-4", "bad_date"),
    ("csv-5", "no_text"),
    ("csv-6", "undecodable"),
    ("csv-7", PROCESSED),
)
