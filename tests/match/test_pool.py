"""Parallel verification gives exactly the serial result, in the same order."""

from __future__ import annotations

from pathlib import Path

import pytest

import newstrace.match.pool as pool
from eval.synthetic import scale_corpus
from eval.trace_data import fingerprint_corpus, text_article
from newstrace.config import Config, default_workers
from newstrace.match.trace import trace_corpus


def test_two_workers_trace_what_one_does(shared: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "CHUNK", 16)
    monkeypatch.setattr(pool, "MIN_PARALLEL", 32)
    monkeypatch.setattr(pool, "WORKER_CACHE", 40)  # blocks of 20 articles: several tiles
    config = Config()
    made = scale_corpus(120)
    corpus = fingerprint_corpus([text_article(a.id, a.text, "en") for a in made], config)
    serial = trace_corpus(corpus, corpus.content, config, workers=1)
    parallel = trace_corpus(corpus, corpus.content, config, workers=2)
    assert serial.candidates["pairs"] > 32
    assert list(parallel.edges) == list(serial.edges)
    assert parallel.families == serial.families


def test_workers_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSTRACE_WORKERS", "3")
    assert default_workers() == 3
    monkeypatch.setenv("NEWSTRACE_WORKERS", "zero")
    assert default_workers() >= 1


def test_tile_order_groups_pairs_by_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "WORKER_CACHE", 4)  # blocks of 2 articles
    items = [((0, 5), ("x",)), ((0, 1), ("x",)), ((1, 4), ("x",)), ((2, 3), ("x",))]
    assert pool.tile_order(items).tolist() == [1, 0, 2, 3]  # tiles (0, 0), (0, 2), (0, 2), (1, 1)


def test_copy_order_puts_minhash_components_side_by_side() -> None:
    items = [
        ((0, 7), ("lsh", "embedding")),
        ((3, 9), ("lsh",)),
        ((7, 12), ("keys", "lsh")),
        ((1, 2), ("embedding",)),  # not a copy: its articles stay in corpus order
        ((2, 9), ("embedding",)),
    ]
    assert pool.copy_order(items) == [0, 7, 12, 1, 2, 3, 9]
