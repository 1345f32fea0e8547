"""Turn a path, stdin bytes or a string into an ``Article``."""

from __future__ import annotations

import hashlib
from pathlib import Path

from newstrace.config import Config
from newstrace.errors import InputError
from newstrace.ingest.decode import decode_bytes
from newstrace.ingest.html import extract_html, looks_like_html
from newstrace.records import Article, ArticleMeta

_FORMAT_BY_SUFFIX = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".md": "text",
}


def load_article(
    path: str | Path, *, config: Config | None = None, article_id: str | None = None
) -> Article:
    """Read a .txt or .html file into an Article; ``InputError`` says what is wrong."""
    config = config or Config()
    file = Path(path)
    if not file.exists():
        raise InputError(f"{file}: no such file; check the path")
    if not file.is_file():
        raise InputError(f"{file}: is not a regular file; give a .txt or .html file")
    size = file.stat().st_size
    if size > config.ingest.max_bytes:
        raise InputError(
            f"{file}: {size} bytes is over the limit of {config.ingest.max_bytes}; "
            "raise max_bytes (compare --max-bytes) if this really is one article"
        )
    data = file.read_bytes()
    fmt = _FORMAT_BY_SUFFIX.get(file.suffix.lower())
    return read_article(data, str(file), config=config, article_id=article_id, input_format=fmt)


def read_article(
    data: bytes,
    origin: str,
    *,
    config: Config | None = None,
    article_id: str | None = None,
    input_format: str | None = None,
) -> Article:
    """Decode bytes (a file's or stdin's) into an Article."""
    config = config or Config()
    if len(data) > config.ingest.max_bytes:
        raise InputError(
            f"{origin}: {len(data)} bytes is over the limit of {config.ingest.max_bytes}"
        )
    text, encoding = decode_bytes(data, origin)
    return article_from_text(
        text, origin=origin, article_id=article_id, input_format=input_format, encoding=encoding
    )


def article_from_text(
    text: str,
    *,
    origin: str = "<string>",
    article_id: str | None = None,
    input_format: str | None = None,
    encoding: str = "utf-8",
) -> Article:
    """Build an Article from decoded text; HTML is detected when the format is not given."""
    if not text.strip():
        raise InputError(f"{origin}: is empty; give an article with text")
    fmt = input_format or ("html" if looks_like_html(text) else "text")
    meta = ArticleMeta()
    if fmt == "html":
        text, meta = extract_html(text, origin)
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return Article(
        id=article_id or digest,
        text=text,
        origin=origin,
        input_format=fmt,
        encoding=encoding,
        meta=meta,
    )
