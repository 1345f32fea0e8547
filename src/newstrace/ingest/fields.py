"""A record's fields (JSON object, CSV row, Parquet row) to an ``Article`` or a ``Rejected``.

Known fields: the id (``IngestConfig.id_field``), the text (``text_field``) or else ``html``
(main text extracted), and ``url``, ``outlet``, ``published``, ``lang``, ``title``, ``author``.
Every other field goes to ``Article.extra`` unread, in input order.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import fields, replace

from newstrace.config import IngestConfig
from newstrace.ingest.checks import check_text, to_article
from newstrace.ingest.dates import normalize_date
from newstrace.ingest.source import Refusal
from newstrace.records import Article, ArticleMeta, Rejected, RejectReason

HTML_FIELD = "html"
TEXT_META = ("url", "outlet", "lang", "title", "author")
DATE_FIELD = "published"
_META_NAMES = tuple(f.name for f in fields(ArticleMeta))


def build_article(
    record: Mapping[str, object], *, fallback_id: str, origin: str, config: IngestConfig
) -> Article | Rejected:
    """The article a record describes, or the reason it cannot be one."""
    record_id = fallback_id
    try:
        record_id = _record_id(record.get(config.id_field), fallback_id, config.id_field)
        return _article(record, record_id, origin, config)
    except Refusal as refusal:
        return Rejected(record_id, origin, refusal.reason, refusal.detail)


def merge_meta(first: ArticleMeta, fallback: ArticleMeta) -> ArticleMeta:
    """Each field of ``first`` where it is set, else ``fallback``'s."""
    return ArticleMeta(
        **{name: getattr(first, name) or getattr(fallback, name) for name in _META_NAMES}
    )


def _article(
    record: Mapping[str, object], record_id: str, origin: str, config: IngestConfig
) -> Article:
    body, html = _body(record, config.text_field)
    text = check_text(body, origin, config.max_record_bytes)
    meta = ArticleMeta(
        published=normalize_date(record.get(DATE_FIELD)),
        **{name: _meta_text(record.get(name)) for name in TEXT_META},
    )
    article = to_article(text, html=html, record_id=record_id, origin=origin, encoding="utf-8")
    known = {config.id_field, config.text_field, HTML_FIELD, DATE_FIELD, *TEXT_META}
    extra = tuple((key, value) for key, value in record.items() if key not in known)
    return replace(article, meta=merge_meta(meta, article.meta), extra=extra)


def _record_id(value: object, fallback: str, field: str) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return fallback
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise Refusal(
            RejectReason.NOT_AN_ARTICLE,
            f"{field} must be a string or an integer, not {type(value).__name__} {value!r:.80}",
        )
    return str(value)


def _body(record: Mapping[str, object], text_field: str) -> tuple[str, bool]:
    """The text to read and whether it is HTML: the text field first, else ``html``."""
    for field, html in ((text_field, False), (HTML_FIELD, True)):
        value = record.get(field)
        if isinstance(value, str) and value.strip():
            return value, html
        if value is not None and not isinstance(value, str):
            raise Refusal(
                RejectReason.NO_TEXT,
                f"{field} must be a string of article text, not {type(value).__name__}",
            )
    raise Refusal(
        RejectReason.NO_TEXT, f"no article text: neither {text_field!r} nor 'html' has any"
    )


def _meta_text(value: object) -> str | None:
    """A metadata value as text: strings as they are, author lists joined, others as JSON."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return "; ".join(value) or None
    return json.dumps(value, ensure_ascii=False, default=str)
