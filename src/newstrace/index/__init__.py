"""The corpus index: articles, their fingerprints and rejections, in one SQLite file.

``index_add`` streams a corpus into an ``IndexStore`` (``SqliteStore`` for real use,
``MemoryStore`` for tests), resumably: a killed run loses nothing committed and a re-run
skips what is stored. The index records the fingerprint settings it was built with and
refuses others (``IndexMismatchError``).
"""

from newstrace.index.base import (
    CorpusMatrix,
    IndexStats,
    IndexStore,
    StoredArticle,
    StoredReject,
)
from newstrace.index.build import DEFAULT_BATCH, AddReport, Progress, check_inputs, index_add
from newstrace.index.memory import MemoryStore
from newstrace.index.metas import IndexMetas
from newstrace.index.rejects_file import problems as rejects_file_problems
from newstrace.index.rejects_file import rejects_path
from newstrace.index.store import SqliteStore
from newstrace.index.summary import STATS_FORMATS, add_text, render_stats

__all__ = [
    "DEFAULT_BATCH",
    "STATS_FORMATS",
    "AddReport",
    "CorpusMatrix",
    "IndexMetas",
    "IndexStats",
    "IndexStore",
    "MemoryStore",
    "Progress",
    "SqliteStore",
    "StoredArticle",
    "StoredReject",
    "add_text",
    "check_inputs",
    "index_add",
    "rejects_file_problems",
    "rejects_path",
    "render_stats",
]
