"""Both index stores behave the same (parametrized), plus what only SQLite can get wrong:
file handling, pragmas, one transaction per batch, and the consistency check catching damage."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import numpy as np
import pytest

from newstrace.config import FingerprintConfig
from newstrace.errors import IndexMismatchError, InputError
from newstrace.fingerprint import ArticleFingerprint, fingerprint_articles
from newstrace.index import IndexMetas, IndexStore, MemoryStore, SqliteStore, queries
from newstrace.records import Article, ArticleMeta, Rejected, RejectReason

TAG = FingerprintConfig().tag
OTHER_TAG = FingerprintConfig(embed_chars=1000).tag
TEXT = "Sándor Pintér met Wang Xiaohong in Budapest on Friday. Both sides signed documents."


def article(n: int, **meta: str) -> Article:
    return Article(
        id=f"a{n}",
        text=f"{TEXT} Story number {n}.",
        origin=f"corpus.jsonl:{n}",
        input_format="text",
        encoding="utf-8",
        meta=ArticleMeta(**meta),
        extra=(("section", "world"), ("tags", ["x", "y"])) if n % 2 else (),
    )


def fingerprint(n: int, signature_dim: int = 128, embedding_dim: int = 256) -> ArticleFingerprint:
    rng = np.random.default_rng(n)
    return ArticleFingerprint(
        signature=rng.integers(0, 2**32, signature_dim, dtype=np.uint32),
        embedding=rng.standard_normal(embedding_dim).astype(np.float16),
        keys=("budapest", f"n{n}"),
        content=f"content {n}",
    )


def rejected(n: int, reason: RejectReason = RejectReason.BAD_JSON) -> Rejected:
    return Rejected(f"bad{n}", f"corpus.jsonl:{100 + n}", reason, f"line {100 + n} is bad")


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[IndexStore]:
    made: IndexStore = MemoryStore() if request.param == "memory" else SqliteStore(tmp_path / "i")
    with made:
        made.check_settings(TAG)
        yield made


def fill(store: IndexStore, ids: range) -> int:
    return store.add_batch([article(n) for n in ids], [fingerprint(n) for n in ids])


def test_settings_are_recorded_and_other_settings_refused(store: IndexStore) -> None:
    store.check_settings(TAG)
    with pytest.raises(IndexMismatchError) as caught:
        store.check_settings(OTHER_TAG)
    message = str(caught.value)
    assert TAG in message and OTHER_TAG in message and "--index NEW_PATH" in message
    assert store.stats().settings["fingerprint_tag"] == TAG


def test_a_new_index_without_settings_fails_the_check(tmp_path: Path) -> None:
    for fresh in (MemoryStore(), SqliteStore(tmp_path / "new")):
        with fresh:
            assert any("fingerprint_tag" in problem for problem in fresh.check())
            fresh.check_settings(TAG)
            assert fresh.check() == []


def test_add_batch_stores_each_id_once(store: IndexStore) -> None:
    assert fill(store, range(5)) == 5
    assert fill(store, range(3, 8)) == 3
    assert store.count() == 8
    assert store.known_ids(["a0", "a7", "a8", "zz", "a0"]) == {"a0", "a7"}
    assert store.check() == []


def test_add_batch_needs_one_fingerprint_per_article(store: IndexStore) -> None:
    with pytest.raises(ValueError, match="2 articles and 1 fingerprints"):
        store.add_batch([article(1), article(2)], [fingerprint(1)])
    assert store.add_batch([], []) == 0


def test_fingerprints_of_other_dimensions_are_refused(store: IndexStore) -> None:
    fill(store, range(2))
    with pytest.raises(IndexMismatchError, match="64 MinHash values"):
        store.add_batch([article(9)], [fingerprint(9, signature_dim=64)])
    assert store.count() == 2


def test_rejects_are_stored_once_in_order(store: IndexStore) -> None:
    first = store.add_rejects([rejected(1), rejected(2, RejectReason.NO_TEXT)])
    assert [r.seq for r in first] == [1, 2]
    again = store.add_rejects([rejected(2, RejectReason.NO_TEXT), rejected(3)])
    assert [(r.seq, r.rejected.record_id) for r in again] == [(3, "bad3")]
    assert [r.rejected for r in store.rejects_after(1)] == [
        rejected(2, RejectReason.NO_TEXT),
        rejected(3),
    ]
    assert store.stats().rejects == {"bad_json": 2, "no_text": 1}


def test_stats_count_languages_outlets_and_dates(store: IndexStore) -> None:
    metas = [
        {"lang": "en", "outlet": "Reuters", "published": "2020-03-01"},
        {"lang": "en", "outlet": "Reuters", "published": "2019-12-31"},
        {"lang": "de", "outlet": "dpa"},
        {},
    ]
    articles = [article(n, **meta) for n, meta in enumerate(metas)]
    store.add_batch(articles, [fingerprint(n) for n in range(len(metas))])
    stats = store.stats()
    assert stats.articles == 4
    assert list(stats.languages.items()) == [("en", 2), ("?", 1), ("de", 1)]
    assert list(stats.outlets.items()) == [("Reuters", 2), ("?", 1), ("dpa", 1)]
    assert (stats.published_first, stats.published_last) == ("2019-12-31", "2020-03-01")
    assert stats.settings["signature_dim"] == "128" and stats.settings["embedding_dim"] == "256"
    assert {"schema_version", "newstrace_version", "created_at"} <= set(stats.settings)


def test_load_matrix_returns_every_fingerprint_in_insertion_order(store: IndexStore) -> None:
    empty = store.load_matrix()
    assert empty.signatures.shape == (0, 128) and empty.embeddings.shape == (0, 256)
    fill(store, range(7))
    matrix = store.load_matrix()
    assert matrix.ids == [f"a{n}" for n in range(7)]
    assert matrix.signatures.dtype == np.uint32 and matrix.signatures.shape == (7, 128)
    assert matrix.embeddings.dtype == np.float16 and matrix.embeddings.shape == (7, 256)
    assert np.array_equal(matrix.signatures[3], fingerprint(3).signature)
    assert np.array_equal(matrix.embeddings[6], fingerprint(6).embedding)
    assert matrix.keys[2] == ("budapest", "n2")
    assert matrix.keys[0][0] is matrix.keys[6][0]  # an equal key is one string, not one each
    assert len(set(matrix.rowids.tolist())) == 7
    assert matrix.published == [None] * 7 and len(matrix.lang) == len(matrix.outlet) == 7


def test_get_article_round_trips_every_field(store: IndexStore) -> None:
    original = article(1, title="Security deal", outlet="MTI", lang="en", url="https://x.hu/1")
    store.add_batch([original], [fingerprint(1)])
    stored = store.get_article("a1")
    assert stored is not None
    assert stored.article == original
    assert stored.content == "content 1" and stored.keys == ("budapest", "n1")
    assert stored.added_at
    assert store.get_article("missing") is None


def test_content_and_metadata_read_without_the_article(store: IndexStore) -> None:
    store.add_batch(
        [article(1, title="Security deal", outlet="MTI", lang="en"), article(2)],
        [fingerprint(1), fingerprint(2)],
    )
    assert store.get_content("a1") == "content 1" and store.get_content("missing") is None
    metas = store.get_metas(["a2", "missing", "a1"])
    assert metas == {
        "a1": {
            "title": "Security deal",
            "outlet": "MTI",
            "lang": "en",
            "section": "world",
            "tags": ["x", "y"],
        },
        "a2": {},
    }


def test_metadata_of_more_ids_than_one_query_takes(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "i") as store:
        store.check_settings(TAG)
        fill(store, range(1201))  # three chunks of ids
        metas = store.get_metas([f"a{n}" for n in range(1201)])
    assert len(metas) == 1201 and metas["a1199"] == {"section": "world", "tags": ["x", "y"]}


def test_search_matches_every_word_in_title_text_or_outlet(store: IndexStore) -> None:
    store.add_batch(
        [article(1, title="Hungary signs"), article(2, outlet="Reuters"), article(3)],
        [fingerprint(n) for n in (1, 2, 3)],
    )
    assert {s.article.id for s in store.search("budapest")} == {"a1", "a2", "a3"}
    assert [s.article.id for s in store.search("Hungary Budapest")] == ["a1"]
    assert [s.article.id for s in store.search("reuters")] == ["a2"]
    assert store.search("Vienna") == []
    assert len(store.search("  ")) == 3  # no words: the newest articles
    assert len(store.search("budapest", limit=2)) == 2


def test_a_closed_store_says_how_to_open_it(tmp_path: Path) -> None:
    for closed in (MemoryStore(), SqliteStore(tmp_path / "closed")):
        with pytest.raises(RuntimeError, match="not open"):
            closed.count()


# SQLite only ----------------------------------------------------------------------------


def test_sqlite_index_is_one_wal_file_with_foreign_keys(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "i.sqlite") as store:
        connection = store.connection
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_sqlite_index_persists_and_reopens_read_only(tmp_path: Path) -> None:
    path = tmp_path / "i.sqlite"
    with SqliteStore(path) as store:
        store.check_settings(TAG)
        fill(store, range(3))
    with SqliteStore(path, mode="read") as reader:
        assert reader.count() == 3 and reader.check() == []
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            fill(reader, range(3, 4))
        with pytest.raises(IndexMismatchError):
            reader.check_settings(OTHER_TAG)


def test_a_batch_that_fails_midway_leaves_nothing(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "i.sqlite") as store:
        store.check_settings(TAG)
        fill(store, range(2))
        unserialisable = cast(tuple[str, ...], (object(),))  # fails inside the transaction
        broken = ArticleFingerprint(
            fingerprint(5).signature, fingerprint(5).embedding, unserialisable, "c"
        )
        with pytest.raises(TypeError):
            store.add_batch(
                [article(3), article(4), article(5)], [*map(fingerprint, (3, 4)), broken]
            )
        assert store.count() == 2 and store.known_ids(["a3", "a4"]) == set()
        assert store.check() == []


def test_real_fingerprints_fit_the_sqlite_schema(tmp_path: Path) -> None:
    articles = [article(n) for n in range(3)]
    config = FingerprintConfig(embedder="hashing")
    with SqliteStore(tmp_path / "i.sqlite") as store:
        store.check_settings(config.tag)
        store.add_batch(articles, fingerprint_articles(articles, config))
        assert store.check() == []
        assert store.load_matrix().signatures.shape == (3, config.num_perm)


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        ("DELETE FROM fingerprints WHERE rowid = 1", "1 articles have no fingerprint"),
        ("DELETE FROM articles WHERE rowid = 2", "1 fingerprints have no article"),
        ("UPDATE fingerprints SET signature = x'00' WHERE rowid = 3", "1 fingerprints are not 128"),
        ("DELETE FROM meta WHERE key = 'created_at'", "setting created_at is missing"),
        ("UPDATE articles SET text = 'other words' WHERE rowid = 1", "full-text index"),
    ],
)
def test_check_finds_damage(tmp_path: Path, damage: str, problem: str) -> None:
    path = tmp_path / "i.sqlite"
    with SqliteStore(path) as store:
        store.check_settings(TAG)
        fill(store, range(4))
        assert store.finish_text_index() == 4  # as index add does at its end
    raw = sqlite3.connect(path)  # foreign keys off, as a careless tool would write
    raw.execute(damage)
    raw.commit()
    raw.close()
    with SqliteStore(path, mode="existing") as store:
        found = store.check()
    assert any(problem in line for line in found), found


def test_search_without_fts_falls_back_to_like(tmp_path: Path) -> None:
    path = tmp_path / "i.sqlite"
    with SqliteStore(path) as store:
        store.check_settings(TAG)
        store.add_batch(
            [article(1, title="100%_sure"), article(2)], [fingerprint(1), fingerprint(2)]
        )
        store.connection.execute("UPDATE meta SET value = '0' WHERE key = 'fts'")
    with SqliteStore(path, mode="read") as store:
        assert [s.article.id for s in store.search("100")] == ["a1"]
        assert {s.article.id for s in store.search("Pintér budapest")} == {"a1", "a2"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"id,text\n1,hello\n" * 10, "not a newstrace index"),
        (None, "no index there"),
        (b"", "an empty database"),
    ],
)
def test_what_is_not_an_index_is_refused(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "x.sqlite"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        SqliteStore(path, mode="read").open()


def test_a_foreign_sqlite_database_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE users (name TEXT)")
    raw.commit()
    raw.close()
    with pytest.raises(InputError, match="not a newstrace index"):
        SqliteStore(path).open()
    tables = sqlite3.connect(path).execute("SELECT name FROM sqlite_master").fetchall()
    assert tables == [("users",)]


def test_an_index_of_another_schema_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "i.sqlite"
    with SqliteStore(path) as store:
        store.connection.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(IndexMismatchError, match="schema version 99"):
        SqliteStore(path).open()


def test_index_metas_reads_a_batch_of_what_the_index_holds(tmp_path: Path) -> None:
    path = tmp_path / "metas.sqlite"
    with SqliteStore(path) as made:
        made.check_settings(TAG)
        made.add_batch([article(1, outlet="Reuters"), article(2)], [fingerprint(1), fingerprint(2)])
    metas = IndexMetas(path)
    assert metas(["a1", "gone", "a2", "a1"]) == {
        "a1": {"outlet": "Reuters", "section": "world", "tags": ["x", "y"]},
        "a2": {},
    }
    path.unlink()  # read afresh for every batch: nothing is held open between batches
    with pytest.raises(InputError, match="no index there"):
        metas(["a3"])


def test_metadata_is_read_from_its_own_index_and_older_indexes_gain_it(tmp_path: Path) -> None:
    path = tmp_path / "i.sqlite"
    with SqliteStore(path) as store:
        store.check_settings(TAG)
        fill(store, range(6))
        ids = [f"a{n}" for n in range(7)]
        plan = store.connection.execute(
            f"EXPLAIN QUERY PLAN {queries._META_COVERED} (?)", ("a1",)
        ).fetchall()
        assert "COVERING INDEX articles_meta" in str(plan)  # never the article rows
        covered = queries.get_metas(store.connection, ids, covering=True)
        assert covered == queries.get_metas(store.connection, ids) == store.get_metas(ids)
        assert len(covered) == 6 and covered["a1"] == {"section": "world", "tags": ["x", "y"]}
    raw = sqlite3.connect(path)  # an index made before the metadata index existed
    raw.execute("DROP INDEX articles_meta")
    raw.commit()
    raw.close()
    with SqliteStore(path, mode="read") as store:  # read-only: read from the article rows
        assert "articles_meta" not in queries.index_names(store.connection)
        assert store.get_metas(ids) == covered
    with SqliteStore(path, mode="existing") as store:  # its first write adds it
        assert "articles_meta" in queries.index_names(store.connection)
        assert store.get_metas(ids) == covered and store.check() == []
