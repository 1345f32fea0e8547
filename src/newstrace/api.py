"""The public API: every shell (CLI, server) calls these functions and nothing deeper.

>>> from newstrace import api
>>> result = api.audit("China offered Hungary security help on Friday.",
...                    "China offered Hungary security help on Monday.")
>>> result.derived_findings[0].verdict.value
'changed_fact'
"""

from __future__ import annotations

import functools
import importlib.resources
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from newstrace.audit import audit_articles
from newstrace.config import DEFAULT_INDEX, Config
from newstrace.errors import IndexMismatchError, InputError
from newstrace.fingerprint import fingerprint_articles
from newstrace.index import (
    DEFAULT_BATCH,
    AddReport,
    CorpusMatrix,
    IndexMetas,
    IndexStats,
    SqliteStore,
    add_text,
    check_inputs,
    rejects_file_problems,
    rejects_path,
    render_stats,
)
from newstrace.index import Progress as IndexProgress
from newstrace.index import index_add as build_index
from newstrace.ingest import article_from_text, load_article, read_article
from newstrace.lifetime import collector_paused
from newstrace.match.classify import PairMeta
from newstrace.match.find import Related, find_related
from newstrace.match.trace import TraceResult, silent, told, trace_corpus
from newstrace.records import Article, Audit
from newstrace.report import FORMATS, render_report
from newstrace.report.html import Link, render_html
from newstrace.report.json import audit_to_dict
from newstrace.report.trace import MetaOf, render_jsonl, write_trace

__all__ = [
    "DEFAULT_INDEX",
    "FORMATS",
    "FindReport",
    "Link",
    "TraceReport",
    "audit",
    "audit_data",
    "find",
    "index_add",
    "index_check",
    "index_stats",
    "load_article",
    "open_index",
    "read_article",
    "related_in",
    "render",
    "render_page",
    "trace",
    "trace_lines",
    "write_trace_report",
]


def audit(
    source: Article | str | Path,
    derived: Article | str | Path,
    config: Config | None = None,
) -> Audit:
    """Audit ``derived`` against ``source``: verdict per sentence, dropped source sentences.

    ``source``/``derived`` are Articles, paths (``Path``) or article text (``str``).
    """
    config = config or Config()
    return audit_articles(
        _article(source, "source", config), _article(derived, "derived", config), config
    )


def render(audit_result: Audit, fmt: str, *, color: bool = False) -> str:
    """The audit as a ``text``, ``json`` or ``html`` report."""
    return render_report(audit_result, fmt, color=color)


def _article(value: Article | str | Path, role: str, config: Config) -> Article:
    if isinstance(value, Article):
        return value
    if isinstance(value, Path):
        return load_article(value, config=config)
    return article_from_text(value, origin=f"<{role}>")


Progress = Callable[[int, int, str], None]
"""(done, total, stage) of a trace: ``loading`` articles, ``candidates <channel>`` (articles;
the embedding channel ``candidates embedding: indexing`` and ``: searching``), ``sketching``
articles, ``verifying`` pairs, ``families`` and ``storing`` (edges). Every stage is told as it
starts (0 done) and as it ends (total done), the long ones in between."""


def trace(
    index_path: str | Path,
    config: Config | None = None,
    progress: Progress | None = None,
    *,
    save: bool = True,
) -> TraceReport:
    """Every verified relation between indexed articles, and the families they form.

    With ``save`` the trace also replaces the one stored in the index (what ``serve`` shows).
    """
    config = config or Config()
    tell = progress or silent
    with collector_paused(), _open_for_matching(index_path, config) as store:
        config = _index_config(store, config)
        matrix = told(store.load_matrix, tell, store.count(), "loading")
        result = trace_corpus(matrix, _content_loader(store), config, progress)
        if save:
            stored = functools.partial(store.save_trace, result.edges, result.families)
            told(stored, tell, len(result.edges), "storing")
    return TraceReport(result, IndexMetas(Path(index_path)))


_DEMO_PAIR = ("source_scraped.txt", "rewrite.txt")
"""The bundled seed pair in ``newstrace/demo``: source first, derived second."""


def demo_pair() -> tuple[Article, Article]:
    """The bundled example pair (``newstrace demo``; what the server's audit workers warm up
    on), source first."""
    bundled = importlib.resources.files("newstrace") / "demo"
    source, derived = (
        read_article((bundled / name).read_bytes(), f"newstrace/demo/{name}") for name in _DEMO_PAIR
    )
    return source, derived


def write_trace_report(
    report: TraceReport, fmt: str, out: Path, progress: Progress | None = None
) -> list[Path]:
    """Write a trace as JSONL, CSV or Parquet; returns the files written. ``progress`` hears
    the edges written (stage ``writing``)."""
    result = report.result
    with collector_paused():
        return write_trace(
            result.edges, result.families, report.meta_of, fmt, out, _writing(progress, result)
        )


def trace_lines(report: TraceReport, progress: Progress | None = None) -> Iterator[str]:
    """The trace as JSON Lines (``newstrace trace`` on stdout), made as they are read;
    ``progress`` as for ``write_trace_report``. The garbage collector stays paused until the
    lines are all read or the generator is closed."""
    result = report.result
    written = _writing(progress, result)
    with collector_paused():
        yield from render_jsonl(result.edges, result.families, report.meta_of, written)


def _writing(progress: Progress | None, result: TraceResult) -> Callable[[int], None] | None:
    """``progress`` told edges written as stage ``writing``, starting now at 0."""
    if progress is None:
        return None
    total = len(result.edges)
    progress(0, total, "writing")
    return lambda done: progress(done, total, "writing")


def find(
    query: str | Path,
    index_path: str | Path,
    limit: int = 10,
    config: Config | None = None,
) -> FindReport:
    """The sources and derivatives of one article: an indexed id, or a .txt/.html file."""
    config = config or Config()
    with _open_for_matching(index_path, config) as store:
        config = _index_config(store, config)
        stored = store.get_article(str(query)) if not Path(query).is_file() else None
        article = stored.article if stored else load_article(query, config=config)
        return related_in(article, store, limit, config)


def related_in(
    article: Article,
    store: SqliteStore,
    limit: int = 10,
    config: Config | None = None,
    *,
    matrix: CorpusMatrix | None = None,
) -> FindReport:
    """The sources and derivatives of an article in hand among an open index's articles;
    ``matrix``: the index's corpus matrix when the caller keeps it (else it is loaded)."""
    config = _index_config(store, config or Config())
    fingerprint = fingerprint_articles([article], config.fingerprint)[0]
    meta = PairMeta(article.id, article.meta.published, article.meta.outlet, fingerprint.content)
    matrix = matrix if matrix is not None else store.load_matrix()
    related = find_related(fingerprint, meta, matrix, _content_loader(store), config, limit)
    return FindReport(article, tuple(related))


def audit_data(audit_result: Audit) -> dict[str, object]:
    """The audit as the JSON-ready dict of schema ``newstrace.audit/1``."""
    return audit_to_dict(audit_result)


def render_page(audit_result: Audit, links: Sequence[Link]) -> str:
    """The HTML report with navigation/download links above it (what ``serve`` shows)."""
    return render_html(audit_result, links=links)


@dataclass(frozen=True, slots=True)
class TraceReport:
    result: TraceResult
    meta_of: MetaOf
    """Pass-through metadata (url, outlet, dates, extra fields) of the articles of a batch of
    ids, read from the index when asked (``report.trace`` writers ask a batch at a time)."""


@dataclass(frozen=True, slots=True)
class FindReport:
    query: Article
    related: tuple[Related, ...]


def _open_for_matching(index_path: str | Path, config: Config) -> SqliteStore:
    path = Path(index_path)
    if not path.is_file():
        raise InputError(
            f"{path}: no index there; build one with: newstrace index add CORPUS --index {path}"
        )
    store = SqliteStore(path)
    store.open()
    try:
        _index_config(store, config)
    except BaseException:
        store.close()
        raise
    return store


def _index_config(store: SqliteStore, config: Config) -> Config:
    """``config``, or its multilingual twin when the index was built with ``--multilingual``
    (so ``trace`` needs no flag to use the translation channel of such an index)."""
    try:
        store.check_settings(config.fingerprint.tag)
    except IndexMismatchError as mismatch:
        twin = replace(config, fingerprint=replace(config.fingerprint, multilingual=True))
        if config.fingerprint.multilingual:
            raise
        try:
            store.check_settings(twin.fingerprint.tag)
        except IndexMismatchError:
            raise mismatch from None
        return twin
    return config


def _content_loader(store: SqliteStore) -> Callable[[str], str]:
    def load(article_id: str) -> str:
        return store.get_content(article_id) or ""

    return load


def compare_related(
    report: FindReport, index_path: str | Path, config: Config | None = None
) -> str:
    """The text audit of the best pair ``find`` returned (source first)."""
    config = config or Config()
    best = report.related[0]
    with _open_for_matching(index_path, config) as store:
        stored = store.get_article(best.id)
    if stored is None:
        raise InputError(f"{best.id}: not in the index any more; run find again")
    pair = (
        (report.query, stored.article) if best.role == "source" else (stored.article, report.query)
    )
    return render(audit(*pair, config), "text")


# index -----------------------------------------------------------------------------------


def index_add(
    paths: Iterable[str | Path] | str | Path,
    index_path: str | Path = DEFAULT_INDEX,
    config: Config | None = None,
    progress: IndexProgress | None = None,
    *,
    batch_size: int = DEFAULT_BATCH,
    workers: int | None = None,
) -> AddReport:
    """Add every article under ``paths`` to the index at ``index_path`` (made if missing).

    Resumable and idempotent: articles already in the index are skipped. Rejections go to the
    index and to ``<index_path>.rejects.jsonl``. A missing corpus path raises ``InputError``
    before the index is created; an index built with other fingerprint settings raises
    ``IndexMismatchError``. ``workers``: fingerprinting processes (default: the CPUs available,
    ``NEWSTRACE_WORKERS`` overrides).
    """
    config = config or Config()
    corpus = [paths] if isinstance(paths, str | Path) else list(paths)
    check_inputs(corpus, config, batch_size)
    path = Path(index_path)
    with SqliteStore(path) as store:
        return build_index(
            corpus,
            store,
            config,
            progress,
            rejects_path=rejects_path(path),
            batch_size=batch_size,
            workers=workers,
        )


def index_stats(index_path: str | Path = DEFAULT_INDEX) -> IndexStats:
    """What the index holds: counts, rejections by reason, languages, outlets, dates, settings."""
    with open_index(index_path) as store:
        return store.stats()


def index_check(index_path: str | Path = DEFAULT_INDEX) -> list[str]:
    """Every consistency problem of the index and its rejects file; empty when it is sound."""
    path = Path(index_path)
    with SqliteStore(path, mode="existing") as store:
        return store.check() + rejects_file_problems(rejects_path(path), store)


def open_index(index_path: str | Path = DEFAULT_INDEX) -> SqliteStore:
    """The index at ``index_path`` opened read-only (``InputError`` when there is none)."""
    return SqliteStore(Path(index_path), mode="read").open()


def render_index_stats(stats: IndexStats, fmt: str) -> str:
    """Index statistics as ``text`` or ``json``."""
    return render_stats(stats, fmt)


def describe_index_add(report: AddReport, index_path: str | Path) -> str:
    """One line saying what an ``index add`` run did."""
    return add_text(report, str(index_path))
