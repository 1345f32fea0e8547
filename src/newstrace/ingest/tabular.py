"""Tabular corpora: CSV (stdlib, optionally ``.gz``/``.zst``) and Parquet (pyarrow, an extra).

CSV: the first row is the header; the field size limit is ``max_record_bytes`` and every
physical line is read bounded, so an unclosed quote or a 100 MB line costs no more memory
than one record. Parquet is read one record batch at a time.
"""

from __future__ import annotations

import base64
import csv
import math
from collections.abc import Callable, Iterator
from datetime import date, datetime, time
from decimal import Decimal
from types import UnionType
from typing import IO, Any

from newstrace.config import IngestConfig
from newstrace.ingest.extras import require
from newstrace.ingest.fields import build_article
from newstrace.ingest.limits import open_binary, skip_line
from newstrace.ingest.source import CorpusFile, FileRefusal, Refusal
from newstrace.records import Article, Rejected, RejectReason

_PARQUET_BATCH = 256
# Words of csv.Error messages -> reason; any other malformed row is not an article.
_CSV_ERRORS = (("field larger than field limit", RejectReason.TOO_LARGE),)


def read_csv(file: CorpusFile, config: IngestConfig) -> Iterator[Article | Rejected]:
    """Every data row of a CSV file (header first) as an article or a rejection."""
    previous = csv.field_size_limit(config.max_record_bytes)
    try:
        with open_binary(file, config) as stream:
            yield from _csv_rows(file, csv.reader(_Lines(stream, config.max_record_bytes)), config)
    finally:
        csv.field_size_limit(previous)


def _csv_rows(
    file: CorpusFile, rows: Iterator[list[str]], config: IngestConfig
) -> Iterator[Article | Rejected]:
    header: list[str] | None = None
    number = 0
    while True:
        try:
            row = next(rows, None)
        except FileRefusal as refusal:
            yield file.rejected(file.fallback_id(number + 1), refusal, number + 1)
            return
        except (Refusal, csv.Error) as problem:
            number += 1
            yield file.rejected(file.fallback_id(number), _csv_refusal(problem, number), number)
            continue
        if row is None:
            return
        if header is None:
            header = row
        elif row:
            number += 1
            yield _csv_record(file, header, row, number, config)


def _csv_refusal(problem: Refusal | csv.Error, number: int) -> Refusal:
    if isinstance(problem, Refusal):
        return Refusal(problem.reason, f"row {number}: {problem.detail}")
    message = str(problem)
    reason = next(
        (reason for words, reason in _CSV_ERRORS if words in message), RejectReason.NOT_AN_ARTICLE
    )
    return Refusal(reason, f"row {number} is not valid CSV: {message}")


def _csv_record(
    file: CorpusFile, header: list[str], row: list[str], number: int, config: IngestConfig
) -> Article | Rejected:
    if len(row) != len(header):
        refusal = Refusal(
            RejectReason.NOT_AN_ARTICLE,
            f"row {number} has {len(row)} fields; the header has {len(header)}",
        )
        return file.rejected(file.fallback_id(number), refusal, number)
    return build_article(
        dict(zip(header, row, strict=True)),
        fallback_id=file.fallback_id(number),
        origin=file.record_origin(number),
        config=config,
    )


class _Lines:
    """Decoded physical lines for ``csv.reader``, each at most ``limit`` bytes.

    An over-long line is skipped unread and reported by raising ``Refusal`` once; a class (not
    a generator) so that iteration goes on after it. Bytes that are not UTF-8 become lone
    surrogates, which the text check refuses as undecodable.
    """

    def __init__(self, stream: IO[bytes], limit: int) -> None:
        self._stream = stream
        self._limit = limit
        self._first = True

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self._stream.readline(self._limit + 1)
        if not line:
            raise StopIteration
        if len(line) > self._limit and not line.endswith(b"\n"):
            size = len(line) + skip_line(self._stream)
            raise Refusal(
                RejectReason.TOO_LARGE,
                f"a line of {size} bytes, over max_record_bytes={self._limit}; skipped unread",
            )
        if self._first:
            self._first = False
            line = line.removeprefix(b"\xef\xbb\xbf")
        return line.decode("utf-8", "surrogateescape")


def read_parquet(file: CorpusFile, config: IngestConfig) -> Iterator[Article | Rejected]:
    """Every row of a Parquet file as an article or a rejection, one record batch at a time."""
    parquet = require("pyarrow.parquet")
    errors = (OSError, ValueError, require("pyarrow").ArrowException)
    try:
        batches = parquet.ParquetFile(str(file.path)).iter_batches(batch_size=_PARQUET_BATCH)
    except errors as err:
        refusal = Refusal(RejectReason.UNDECODABLE, f"not a readable Parquet file ({err})")
        yield file.rejected(file.stem, refusal)
        return
    number = 0
    while True:
        try:
            batch = next(batches, None)
        except errors as err:
            detail = f"the Parquet data breaks after row {number} ({err}); earlier rows were kept"
            yield file.rejected(file.stem, Refusal(RejectReason.TRUNCATED, detail), number + 1)
            return
        if batch is None:
            return
        for row in batch.to_pylist():
            number += 1
            yield build_article(
                {str(key): jsonable(value) for key, value in row.items()},
                fallback_id=file.fallback_id(number),
                origin=file.record_origin(number),
                config=config,
            )


def jsonable(value: Any) -> object:
    """A Parquet value as a JSON value: dates as ISO strings, bytes as text or base64."""
    convert = next((fn for kind, fn in _CONVERTERS if isinstance(value, kind)), None)
    return value if convert is None else convert(value)


def _bytes_text(value: bytes) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return "base64:" + base64.b64encode(value).decode("ascii")


_CONVERTERS: tuple[tuple[type | UnionType, Callable[[Any], object]], ...] = (
    (dict, lambda value: {str(key): jsonable(item) for key, item in value.items()}),
    (list | tuple, lambda value: [jsonable(item) for item in value]),
    (datetime | date | time, lambda value: value.isoformat()),
    (bytes, _bytes_text),
    (float, lambda value: value if math.isfinite(value) else None),
    (Decimal, str),
)
