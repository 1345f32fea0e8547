"""``index add`` on the real SemEval-2022 corpus: complete, idempotent, resumable after an
interruption, settings recorded and others refused; bad records become rejections with their
reason, in the index and in the rejects file, and the run goes on."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from newstrace import api
from newstrace.config import Config, FingerprintConfig
from newstrace.errors import ConfigError, IndexMismatchError, InputError
from newstrace.fingerprint import fingerprint_articles
from newstrace.index import MemoryStore, SqliteStore, index_add, rejects_path
from newstrace.index import workers as index_workers
from newstrace.ingest import iter_corpus
from newstrace.records import Article

GOOD = "Sándor Pintér met Wang Xiaohong in Budapest on Friday. Both sides signed documents."


def semeval(shared: Path) -> Path:
    return shared / "data" / "semeval2022_dev" / "corpus.jsonl"


def corpus_ids(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def semeval_slice(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first 300 SemEval articles, as a corpus of its own."""
    lines = semeval(shared).read_text(encoding="utf-8").splitlines(keepends=True)[:300]
    path = tmp_path_factory.mktemp("slice") / "semeval300.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    return path


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """Good records with bad ones among them: broken JSON, no text, a repeated id, an array."""
    lines = [
        json.dumps({"id": "g1", "text": GOOD, "lang": "en", "outlet": "MTI"}),
        '{"id": "broken", "text": "unterminated',
        json.dumps({"id": "empty", "text": "   "}),
        json.dumps({"id": "g2", "text": GOOD + " Second.", "published": "2021-05-03"}),
        json.dumps({"id": "g1", "text": "Another text under the same id."}),
        "[1, 2, 3]",
        json.dumps({"id": "g3", "text": GOOD + " Third."}),
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_whole_semeval_corpus_is_indexed_once(shared: Path, tmp_path: Path) -> None:
    index = tmp_path / "semeval.sqlite"
    report = api.index_add([semeval(shared)], index)
    ids = corpus_ids(semeval(shared))
    assert (report.added, report.skipped_existing, report.rejected) == (1572, 0, {})
    assert report.articles_per_second > 0
    assert api.index_check(index) == []
    with api.open_index(index) as store:
        assert store.load_matrix().ids == ids
        assert store.count() == len(set(ids)) == 1572
    again = api.index_add([semeval(shared)], index)
    assert (again.added, again.skipped_existing) == (0, 1572)
    stats = api.index_stats(index)
    assert stats.articles == 1572 and stats.settings["fingerprint_tag"] == Config().fingerprint.tag
    assert stats.languages["en"] > 0 and stats.file_bytes > 0


def test_stored_fingerprints_are_the_fingerprints(semeval_slice: Path, tmp_path: Path) -> None:
    index = tmp_path / "i.sqlite"
    api.index_add(semeval_slice, index, batch_size=64)
    articles = [a for a in iter_corpus([semeval_slice]) if isinstance(a, Article)][:5]
    expected = fingerprint_articles(articles, FingerprintConfig())
    with api.open_index(index) as store:
        matrix = store.load_matrix()
        stored = store.get_article(articles[2].id)
    assert np.array_equal(matrix.signatures[:5], np.stack([f.signature for f in expected]))
    assert np.array_equal(matrix.embeddings[:5], np.stack([f.embedding for f in expected]))
    assert stored is not None and stored.content == expected[2].content
    assert stored.article == articles[2]


def test_an_interrupted_run_resumes_where_it_stopped(semeval_slice: Path) -> None:
    class Interrupted(Exception):
        pass

    def stop_after_two_batches(done: int, rate: float) -> None:
        if done >= 100:
            raise Interrupted

    store = MemoryStore().open()
    with pytest.raises(Interrupted):
        index_add([semeval_slice], store, Config(), stop_after_two_batches, batch_size=50)
    assert store.count() == 100
    report = index_add([semeval_slice], store, Config(), batch_size=50)
    assert (report.added, report.skipped_existing) == (200, 100)
    assert store.load_matrix().ids == corpus_ids(semeval_slice)


def test_progress_reports_records_read_and_rate(semeval_slice: Path) -> None:
    calls: list[tuple[int, float]] = []
    index_add(
        [semeval_slice],
        MemoryStore().open(),
        Config(),
        lambda d, r: calls.append((d, r)),
        batch_size=128,
    )
    assert [done for done, _ in calls] == [128, 256, 300]
    assert all(rate > 0 for _, rate in calls)


def test_other_fingerprint_settings_are_refused(semeval_slice: Path, tmp_path: Path) -> None:
    index = tmp_path / "i.sqlite"
    api.index_add(semeval_slice, index)
    other = Config(fingerprint=FingerprintConfig(embed_chars=1000))
    with pytest.raises(IndexMismatchError) as caught:
        api.index_add(semeval_slice, index, other)
    message = str(caught.value)
    assert Config().fingerprint.tag in message and other.fingerprint.tag in message
    assert "--index NEW_PATH" in message
    assert api.index_stats(index).articles == 300


def test_bad_records_are_rejected_with_reasons_and_the_run_goes_on(
    mixed: Path, tmp_path: Path
) -> None:
    index = tmp_path / "i.sqlite"
    report = api.index_add(mixed, index)
    assert report.added == 3
    assert report.rejected == {"bad_json": 2, "duplicate_id": 1, "no_text": 1}
    assert api.index_stats(index).rejects == {"bad_json": 2, "duplicate_id": 1, "no_text": 1}
    lines = [json.loads(x) for x in rejects_path(index).read_text(encoding="utf-8").splitlines()]
    assert [(x["seq"], x["reason"]) for x in lines] == [
        (1, "bad_json"),
        (2, "no_text"),
        (3, "duplicate_id"),
        (4, "bad_json"),
    ]
    assert lines[0]["origin"].endswith("mixed.jsonl:2") and "not valid JSON" in lines[0]["detail"]
    assert lines[2]["record_id"] == "g1"
    again = api.index_add(mixed, index)
    assert (again.added, again.skipped_existing, sum(again.rejected.values())) == (0, 3, 4)
    assert len(rejects_path(index).read_text(encoding="utf-8").splitlines()) == 4
    assert api.index_check(index) == []


def test_a_rejects_file_cut_by_a_kill_is_repaired_by_the_next_run(
    mixed: Path, tmp_path: Path
) -> None:
    index = tmp_path / "i.sqlite"
    api.index_add(mixed, index)
    path = rejects_path(index)
    whole = path.read_bytes()
    path.write_bytes(whole[: whole.index(b"\n") + 25])  # line 1 whole, line 2 torn
    assert any("does not match" in problem for problem in api.index_check(index))
    api.index_add(mixed, index)
    assert path.read_bytes() == whole
    path.write_bytes(b'{"seq": 7}\n')  # a file that belongs to no run of this index
    api.index_add(mixed, index)
    assert path.read_bytes() == whole


def test_a_missing_corpus_path_is_an_input_error_and_makes_no_index(tmp_path: Path) -> None:
    index = tmp_path / "i.sqlite"
    with pytest.raises(InputError, match="no such file"):
        api.index_add([tmp_path / "missing.jsonl"], index)
    assert not index.exists()


@pytest.mark.parametrize(
    ("config", "batch_size", "message"),
    [
        (Config(fingerprint=FingerprintConfig(embedder="bert")), 16, "embedder 'bert'"),
        (Config(), 0, "batch size 0"),
    ],
)
def test_bad_settings_are_refused_before_an_index_is_made(
    mixed: Path, tmp_path: Path, config: Config, batch_size: int, message: str
) -> None:
    index = tmp_path / "i.sqlite"
    with pytest.raises(ConfigError, match=message):
        api.index_add(mixed, index, config, batch_size=batch_size)
    assert not index.exists()


def test_memory_and_sqlite_builds_agree(mixed: Path, tmp_path: Path) -> None:
    memory = MemoryStore().open()
    in_memory = index_add([mixed], memory, Config())
    with SqliteStore(tmp_path / "i.sqlite") as sqlite:
        on_disk = index_add([mixed], sqlite, Config())
        assert sqlite.load_matrix().ids == memory.load_matrix().ids
        assert sqlite.stats().rejects == memory.stats().rejects
    assert (in_memory.added, in_memory.rejected) == (on_disk.added, on_disk.rejected)


def test_workers_store_what_one_process_stores(
    semeval_slice: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past ``PARALLEL_AFTER`` articles, batches are fingerprinted on spawned workers and
    stored in the order read: the index is the one a single process builds."""
    monkeypatch.setattr(index_workers, "PARALLEL_AFTER", 64)
    pools: list[bool] = []
    close = index_workers.Fingerprinter.close

    def spy(self: index_workers.Fingerprinter, finished: bool = False) -> None:
        pools.append(self._pool is not None)
        close(self, finished)

    monkeypatch.setattr(index_workers.Fingerprinter, "close", spy)
    alone, together = MemoryStore().open(), MemoryStore().open()
    index_add([semeval_slice], alone, Config(), batch_size=32, workers=1)
    report = index_add([semeval_slice], together, Config(), batch_size=32, workers=2)
    assert report.added == 300
    assert pools == [False, True]  # one process, then spawned workers
    one, two = alone.load_matrix(), together.load_matrix()
    assert two.ids == one.ids
    assert np.array_equal(two.signatures, one.signatures)
    assert np.array_equal(two.embeddings, one.embeddings)
    assert two.keys == one.keys
