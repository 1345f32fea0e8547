"""The server's index state: the corpus matrix ``find`` searches is loaded once per index
state, not once per request."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from newstrace import api
from newstrace.server.state import IndexReader
from newstrace.server.workers import AuditWorkers


def test_the_matrix_is_kept_until_the_index_gains_articles(
    served_index: Path, shared: Path, tmp_path: Path
) -> None:
    index = tmp_path / "copy.sqlite"
    shutil.copy(served_index, index)
    reader = IndexReader(index, AuditWorkers(0))
    try:
        first = reader.matrix()
        assert reader.matrix() is first  # a second find reuses it
        query = reader.store().get_article("seed-rewrite")
        assert query is not None
        kept = api.related_in(query.article, reader.store(), 3, matrix=first)
        assert kept == api.related_in(query.article, reader.store(), 3)  # same as a fresh load
        extra = tmp_path / "extra.jsonl"
        text = (shared / "seeds" / "rewrite.txt").read_text("utf-8")
        extra.write_text(json.dumps({"id": "late-copy", "text": text}) + "\n", encoding="utf-8")
        api.index_add(extra, index)  # beside the running server
        grown = reader.matrix()
        assert grown is not first
        assert grown.ids == [*first.ids, "late-copy"]
        assert reader.matrix() is grown
    finally:
        reader.close()
