"""Candidate article pairs from three channels, each for one kind of reuse.

- ``lsh``: banded MinHash signatures (copies, light edits). No document-frequency ceiling:
  a bucket shared by thousands of wire copies is chained, not dropped, so widely syndicated
  text stays connected.
- ``embedding``: nearest neighbours of article embeddings (rewrites, same story).
- ``keys``: articles sharing several rare names/numbers (rewrites that keep the facts).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

Pairs = dict[tuple[int, int], str]
"""(i, j) with i < j -> the channel that proposed it first."""

_BAND_MIX = np.uint64(0x9E3779B97F4A7C15)
_MAX_BUCKET_PAIRS = 64
"""Buckets larger than this are chained (member k with k+1) instead of fully paired."""


def lsh_candidates(signatures: npt.NDArray[np.uint32], bands: int) -> set[tuple[int, int]]:
    """Pairs that share at least one band of their MinHash signature."""
    n, perms = signatures.shape
    rows = perms // bands
    pairs: set[tuple[int, int]] = set()
    for band in range(bands):
        block = signatures[:, band * rows : (band + 1) * rows].astype(np.uint64)
        keys = np.zeros(n, dtype=np.uint64)
        for column in range(rows):
            keys = (keys ^ block[:, column]) * _BAND_MIX
        pairs |= _bucket_pairs(keys)
    return pairs


def _bucket_pairs(keys: npt.NDArray[np.uint64]) -> set[tuple[int, int]]:
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    boundaries = np.flatnonzero(np.diff(sorted_keys)) + 1
    pairs: set[tuple[int, int]] = set()
    for group in np.split(order, boundaries):
        if len(group) < 2:
            continue
        members = sorted(int(g) for g in group)
        if len(members) * (len(members) - 1) // 2 <= _MAX_BUCKET_PAIRS:
            pairs.update((a, b) for i, a in enumerate(members) for b in members[i + 1 :])
        else:
            pairs.update(itertools.pairwise(members))
    return pairs


def embedding_candidates(
    embeddings: npt.NDArray[np.float16], k: int, min_cosine: float, block: int = 2048
) -> set[tuple[int, int]]:
    """Each article's ``k`` nearest neighbours above ``min_cosine`` (exact, blocked matmul)."""
    vectors = embeddings.astype(np.float32)
    n = len(vectors)
    pairs: set[tuple[int, int]] = set()
    k = min(k, n - 1)
    if k <= 0:
        return pairs
    for start in range(0, n, block):
        sims = vectors[start : start + block] @ vectors.T
        for row in range(sims.shape[0]):
            sims[row, start + row] = -1.0
        top = np.argpartition(-sims, k, axis=1)[:, :k]
        for row, neighbours in enumerate(top):
            i = start + row
            for j in neighbours[sims[row, neighbours] >= min_cosine]:
                pairs.add((min(i, int(j)), max(i, int(j))))
    return pairs


def key_candidates(
    keys: Sequence[tuple[str, ...]], min_shared: int, max_df: int
) -> set[tuple[int, int]]:
    """Pairs sharing at least ``min_shared`` keys that occur in at most ``max_df`` articles."""
    postings: dict[str, list[int]] = defaultdict(list)
    for i, article_keys in enumerate(keys):
        for key in article_keys:
            postings[key].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for members in postings.values():
        if 2 <= len(members) <= max_df:
            for x, a in enumerate(members):
                for b in members[x + 1 :]:
                    shared[(a, b)] += 1
    return {pair for pair, count in shared.items() if count >= min_shared}
