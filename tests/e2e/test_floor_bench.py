"""bench/floor_bench.py on a small scale corpus: every prescribed part is timed, and the floor
counts the parallel parts once per core, the serial ones whole and only the faster search."""

from __future__ import annotations

import pytest
from bench.floor_bench import SERIAL, corpus_lines, floor_of, measure, report

PARTS = (
    "read",
    "minhash",
    "article embeddings",
    "store",
    "neighbours",
    "neighbours, IVF",
    "sentences",
    "sentence embeddings",
)


def test_every_part_is_timed_on_a_small_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    parts = measure(corpus_lines(300, None))
    assert tuple(parts) == PARTS and all(seconds > 0 for seconds in parts.values())
    report(parts, 2, None)
    printed = capsys.readouterr().out
    assert printed.count("not counted") == 1 and f"{floor_of(parts, 2):.1f} s" in printed


def test_the_floor_spreads_only_the_parallel_parts_and_takes_the_faster_search() -> None:
    parts = dict.fromkeys(PARTS, 4.0) | {"neighbours": 10.0, "neighbours, IVF": 6.0}
    assert set(SERIAL) == {"store", "neighbours", "neighbours, IVF"}
    parallel = 5 * 4.0 / 2
    assert floor_of(parts, 2) == pytest.approx(parallel + 4.0 + 6.0)
    assert floor_of(parts | {"neighbours": 1.0}, 2) == pytest.approx(parallel + 4.0 + 1.0)
