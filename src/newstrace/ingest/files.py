"""Plain-text and HTML files of a corpus directory: one article per file, id = relative path."""

from __future__ import annotations

from collections.abc import Iterator

from newstrace.config import IngestConfig
from newstrace.ingest.checks import decode_record, to_article
from newstrace.ingest.limits import open_binary
from newstrace.ingest.source import CorpusFile, Refusal
from newstrace.records import Article, Rejected, RejectReason


def read_text_file(file: CorpusFile, config: IngestConfig) -> Iterator[Article | Rejected]:
    yield _document(file, config, html=False)


def read_html_file(file: CorpusFile, config: IngestConfig) -> Iterator[Article | Rejected]:
    yield _document(file, config, html=True)


def _document(file: CorpusFile, config: IngestConfig, *, html: bool) -> Article | Rejected:
    limit = config.max_record_bytes
    origin = str(file.path)
    try:
        with open_binary(file, config) as stream:
            data = stream.read(limit + 1)
        if len(data) > limit:
            size = file.path.stat().st_size
            raise Refusal(RejectReason.TOO_LARGE, f"{size} bytes, over max_record_bytes={limit}")
        text, encoding = decode_record(data, origin, limit)
        return to_article(
            text, html=html, record_id=file.relative, origin=origin, encoding=encoding
        )
    except Refusal as refusal:
        return file.rejected(file.relative, refusal)
