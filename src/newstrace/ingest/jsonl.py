"""JSON Lines corpora (``.jsonl``/``.ndjson``, optionally ``.gz``/``.zst``), one record a line."""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator

from newstrace.config import IngestConfig
from newstrace.ingest.fields import build_article
from newstrace.ingest.limits import bounded_lines, open_binary
from newstrace.ingest.source import CorpusFile, FileRefusal, Refusal
from newstrace.records import Article, Rejected, RejectReason

_JSON_TYPES = {list: "an array", str: "a string", int: "a number", float: "a number"}


def read_jsonl(file: CorpusFile, config: IngestConfig) -> Iterator[Article | Rejected]:
    """Every line of the file as an article or a rejection; blank lines are skipped."""
    with open_binary(file, config) as stream:
        lines = bounded_lines(stream, config.max_record_bytes)
        number = 0
        while True:
            try:
                item = next(lines, None)
            except FileRefusal as refusal:
                yield file.rejected(file.fallback_id(number + 1), refusal, number + 1)
                return
            if item is None:
                return
            number, line, size = item
            result = _record(file, number, line, size, config)
            if result is not None:
                yield result


def _record(
    file: CorpusFile, number: int, line: bytes | None, size: int, config: IngestConfig
) -> Article | Rejected | None:
    try:
        record = _parse(line, number, size, config.max_record_bytes)
    except Refusal as refusal:
        return file.rejected(file.fallback_id(number), refusal, number)
    if record is None:
        return None
    return build_article(
        record,
        fallback_id=file.fallback_id(number),
        origin=file.record_origin(number),
        config=config,
    )


def _parse(line: bytes | None, number: int, size: int, limit: int) -> dict[str, object] | None:
    """The JSON object on a line, None for a blank line, or a ``Refusal``."""
    if line is None:
        raise Refusal(
            RejectReason.TOO_LARGE,
            f"line {number} is {size} bytes, over max_record_bytes={limit}; skipped unread",
        )
    if number == 1:
        line = line.removeprefix(codecs.BOM_UTF8)
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as err:
        raise Refusal(
            RejectReason.UNDECODABLE,
            f"line {number} is not UTF-8 (byte {err.start}: {err.reason}); JSON Lines are UTF-8",
        ) from err
    if not text.strip():
        return None
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as err:
        raise Refusal(
            RejectReason.BAD_JSON, f"line {number} is not valid JSON: {str(err)[:200]}"
        ) from err
    if not isinstance(value, dict):
        kind = _JSON_TYPES.get(type(value), "a literal")
        raise Refusal(RejectReason.BAD_JSON, f"line {number} is {kind}, not a JSON object")
    return value


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not valid JSON (strict JSON has no NaN or Infinity)")
