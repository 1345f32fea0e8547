"""The full-text index takes stored articles a block at a time; search and check stay right
while it waits for its next block, and ``index add`` leaves it complete."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newstrace import api
from newstrace.config import Config
from newstrace.index import SqliteStore, text_index
from tests.index.test_store import TAG, article, fingerprint


def _matched(store: SqliteStore, word: str) -> set[int]:
    """Rows the text index holds with ``word`` (a count of its rows would read the articles)."""
    sql = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?"
    return {row[0] for row in store.connection.execute(sql, (word,))}


def _add(store: SqliteStore, ids: range, **meta: str) -> int:
    return store.add_batch([article(n, **meta) for n in ids], [fingerprint(n) for n in ids])


def test_articles_enter_the_text_index_a_block_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(text_index, "BLOCK", 3)
    with SqliteStore(tmp_path / "i.sqlite") as store:
        store.check_settings(TAG)
        _add(store, range(2))
        assert _matched(store, "budapest") == set() and text_index.behind(store.connection) == 2
        _add(store, range(2, 4))  # 4 waiting: a block is due
        assert text_index.indexed_upto(store.connection) == 4
        assert _matched(store, "budapest") == {1, 2, 3, 4}
        _add(store, range(4, 5))
        assert text_index.behind(store.connection) == 1
        assert store.finish_text_index() == 1 and store.finish_text_index() == 0
        assert _matched(store, "budapest") == {1, 2, 3, 4, 5} and store.check() == []


def test_search_and_check_are_right_while_the_text_index_waits(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "i.sqlite") as store:
        store.check_settings(TAG)
        _add(store, range(1, 3), title="Hungary signs")
        store.finish_text_index()
        _add(store, range(3, 5), title="Hungary signs")  # not in the text index yet
        assert text_index.behind(store.connection) == 2
        found = [s.article.id for s in store.search("hungary Pintér")]
        assert sorted(found[:2]) == ["a1", "a2"] and found[2:] == ["a3", "a4"]  # ranked, then LIKE
        assert [s.article.id for s in store.search("number 4")] == ["a4"]
        assert len(store.search("hungary", limit=3)) == 3
        assert store.check() == []  # waiting is not damage


def test_an_index_made_before_blocks_is_taken_as_fully_indexed(tmp_path: Path) -> None:
    path = tmp_path / "i.sqlite"
    with SqliteStore(path) as store:
        store.check_settings(TAG)
        _add(store, range(3))
        store.finish_text_index()
    raw = sqlite3.connect(path)  # what such an index holds: no fts_rowid, every row indexed
    raw.execute("DELETE FROM meta WHERE key = 'fts_rowid'")
    raw.commit()
    raw.close()
    with SqliteStore(path, mode="existing") as store:
        assert text_index.indexed_upto(store.connection) == 3
        assert store.stats().settings["fts_rowid"] == "3" and store.check() == []
        _add(store, range(3, 5))
        assert text_index.behind(store.connection) == 2


def test_index_add_leaves_the_text_index_complete_and_resumes_it(
    shared: Path, tmp_path: Path
) -> None:
    path = tmp_path / "i.sqlite"
    with SqliteStore(path) as store:  # a run killed after storing, before its block
        store.check_settings(Config().fingerprint.tag)
        _add(store, range(2))
    api.index_add(shared / "seeds", path)
    with SqliteStore(path, mode="read") as store:
        assert text_index.behind(store.connection) == 0 and store.check() == []
        like = "SELECT rowid FROM articles WHERE text LIKE '%budapest%'"
        assert _matched(store, "budapest") == {row[0] for row in store.connection.execute(like)}
        assert store.count() == 4
        assert {s.article.id for s in store.search("budapest")} >= {"a0", "a1"}
