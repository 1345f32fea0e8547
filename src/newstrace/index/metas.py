"""Pass-through metadata of indexed articles, read a batch of ids at a time for an output."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from newstrace.index.store import SqliteStore


class IndexMetas:
    """``record_meta`` of each of a batch of ids that the index at ``path`` holds.

    For writing a trace (``report.trace.MetaOf``): the index is opened read-only per batch, so
    nothing is held open between batches. The writers keep what they were given
    (``report.trace.MetaTexts``: an article is in ~10 edges of a corpus trace) and ask only
    for the articles they do not hold."""

    def __init__(self, path: Path) -> None:
        self._path = path

    def __call__(self, ids: Sequence[str]) -> dict[str, dict[str, object]]:
        with SqliteStore(self._path, mode="read") as store:
            return store.get_metas(list(dict.fromkeys(ids)))
