"""The embedding channel: exact neighbours as a brute-force search finds them; HNSW above the
exact limit finds nearly all of them."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newstrace.match import candidates
from newstrace.match.candidates import (
    embedding_candidates,
    key_candidates,
    lsh_candidates,
    query_key_rows,
)


def _vectors(n: int, seed: int = 3) -> npt.NDArray[np.float16]:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((n // 4, 64))
    points = np.repeat(centres, 4, axis=0) + 0.6 * rng.standard_normal((n, 64))
    points /= np.linalg.norm(points, axis=1, keepdims=True)
    return points.astype(np.float16)


def _set(rows: npt.NDArray[np.int64]) -> set[tuple[int, int]]:
    """A channel's pair rows as a set, after checking they are distinct, ordered and sorted."""
    found = [(a, b) for a, b in rows.tolist()]
    assert rows.dtype == np.int64 and rows.shape == (len(found), 2)
    assert found == sorted(set(found)) and all(a < b for a, b in found)
    return set(found)


def _brute_force(vectors: npt.NDArray[np.float16], k: int, floor: float) -> set[tuple[int, int]]:
    x = vectors.astype(np.float32)
    sims = x @ x.T
    np.fill_diagonal(sims, -np.inf)
    pairs = set()
    for i, row in enumerate(sims):
        for j in np.argsort(-row, kind="stable")[:k]:
            if row[j] >= floor:
                pairs.add((min(i, int(j)), max(i, int(j))))
    return pairs


def test_exact_neighbours_are_the_brute_force_ones() -> None:
    vectors = _vectors(400)
    found = _set(embedding_candidates(vectors, 5, 0.5))
    assert found == _brute_force(vectors, 5, 0.5)
    assert len(found) > 400  # the floor and k both matter on this data


def test_neighbours_searched_in_blocks_are_the_brute_force_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # blocks of 64 rows, the last one short: every query still searches the whole corpus
    monkeypatch.setattr(candidates, "KNN_BLOCK", 64)
    vectors = _vectors(400)
    assert _set(embedding_candidates(vectors, 5, 0.5)) == _brute_force(vectors, 5, 0.5)


def test_approximate_neighbours_above_the_limit_find_nearly_all() -> None:
    vectors = _vectors(2000)
    exact = _set(embedding_candidates(vectors, 5, 0.5))
    approximate = _set(embedding_candidates(vectors, 5, 0.5, exact_limit=1000))
    assert len(approximate & exact) >= 0.9 * len(exact)
    assert approximate <= _brute_force(vectors, 2000, 0.5)  # every pair is above the floor


def test_tiny_corpora_have_no_neighbours() -> None:
    assert _set(embedding_candidates(_vectors(4)[:1], 5, 0.0)) == set()


def test_lsh_pairs_share_a_band_and_keys_need_enough_rare_ones() -> None:
    signatures = np.array([[1, 2, 3, 4], [1, 2, 9, 9], [7, 7, 7, 7]], dtype=np.uint32)
    assert _set(lsh_candidates(signatures, bands=2)) == {(0, 1)}
    keys = [("a", "b", "c"), ("a", "b", "c", "d"), ("a", "b")]
    assert key_candidates(keys, min_shared=3, max_df=5) == {(0, 1)}
    assert key_candidates(keys, min_shared=2, max_df=2) == set()  # a and b are in 3 articles


_KEYS = st.lists(
    st.sets(st.sampled_from("abcdefg"), max_size=5).map(sorted).map(tuple), max_size=12
)
"""Index keys: each article's distinct salient words, sorted (``fingerprint._keys``)."""


@given(_KEYS, st.integers(1, 3), st.integers(1, 6))
@settings(max_examples=300, deadline=None)
def test_a_query_gets_its_key_partners_of_the_trace(
    keys: list[tuple[str, ...]], min_shared: int, max_df: int
) -> None:
    """``find``'s key channel for an indexed article is trace's, df ceiling included."""
    pairs = key_candidates(keys, min_shared, max_df)
    for row, own in enumerate(keys):
        partners = {a + b - row for a, b in pairs if row in (a, b)}
        found = set(query_key_rows(keys, own, min_shared, max_df)) - {row}
        assert found == partners


@given(st.lists(st.lists(st.integers(0, 2), min_size=4, max_size=4), max_size=11))
@settings(max_examples=200, deadline=None)
def test_lsh_pairs_are_the_pairs_sharing_a_band(rows: list[list[int]]) -> None:
    signatures = np.array(rows, dtype=np.uint32).reshape(-1, 4)
    expected = {
        (i, j)
        for i in range(len(rows))
        for j in range(i + 1, len(rows))
        if rows[i][:2] == rows[j][:2] or rows[i][2:] == rows[j][2:]
    }
    assert _set(lsh_candidates(signatures, bands=2)) == expected


def test_a_large_lsh_bucket_is_chained_in_corpus_order() -> None:
    signatures = np.zeros((20, 4), dtype=np.uint32)  # 190 pairs > the 64 a bucket pairs fully
    assert _set(lsh_candidates(signatures, bands=2)) == {(k, k + 1) for k in range(19)}
