"""CandidatePairs: the channels' pairs merged into arrays read back as the dict merge did."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newstrace.match.pairs import CandidatePairs

N = 30
pair = st.tuples(st.integers(0, N - 1), st.integers(0, N - 1)).filter(lambda p: p[0] < p[1])
CHANNELS = ("lsh", "embedding", "keys", "translation")


def dict_merge(channels: list[tuple[str, set[tuple[int, int]]]]) -> list[tuple[object, ...]]:
    """The merge this replaced: a dict of pair -> channels in channel order, sorted."""
    merged: dict[tuple[int, int], tuple[str, ...]] = {}
    for name, pairs in channels:
        for p in pairs:
            merged[p] = (*merged.get(p, ()), name)
    return sorted(merged.items())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sets(pair, max_size=40), min_size=1, max_size=4))
def test_merged_pairs_equal_the_dict_merge_in_pair_order(sets: list[set[tuple[int, int]]]) -> None:
    channels = list(zip(CHANNELS, sets, strict=False))
    table = CandidatePairs.merge(iter([(name, set(p)) for name, p in channels]), N)
    expected = dict_merge(channels)
    assert list(table) == expected
    assert len(table) == len(expected) and table[:] == expected
    assert [tuple(row) for row in table.pairs().tolist()] == [p for p, _ in expected]
    if expected:
        assert table[-1] == expected[-1]


def test_no_channel_and_empty_channels_give_no_pairs() -> None:
    assert len(CandidatePairs.merge([], 5)) == 0
    empty = CandidatePairs.merge([("lsh", set()), ("keys", set())], 5)
    assert list(empty) == [] and empty.pairs().shape == (0, 2)
    with pytest.raises(IndexError):
        empty[0]


def test_iterating_crosses_block_boundaries(monkeypatch: pytest.MonkeyPatch) -> None:
    import newstrace.match.pairs as module

    monkeypatch.setattr(module, "_BLOCK", 3)
    pairs = {(a, a + 1) for a in range(10)}
    table = CandidatePairs.merge([("lsh", pairs)], 20)
    assert [p for p, _ in table] == sorted(pairs)
