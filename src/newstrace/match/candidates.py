"""Candidate article pairs from three channels, each for one kind of reuse.

- ``lsh``: banded MinHash signatures (copies, light edits). No document-frequency ceiling:
  a bucket shared by thousands of wire copies is chained, not dropped, so widely syndicated
  text stays connected.
- ``embedding``: nearest neighbours of article embeddings (rewrites, same story).
- ``keys``: articles sharing several rare names/numbers (rewrites that keep the facts).
"""

from __future__ import annotations

import itertools
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace.match.pairs import PairRows, unique_rows

_BAND_MIX = np.uint64(0x9E3779B97F4A7C15)
_MAX_BUCKET_PAIRS = 64
"""Buckets larger than this are chained (member k with k+1) instead of fully paired."""


def lsh_candidates(signatures: npt.NDArray[np.uint32], bands: int) -> PairRows:
    """Pairs that share at least one band of their MinHash signature."""
    n, perms = signatures.shape
    rows = perms // bands
    found: list[PairRows] = []
    for band in range(bands):
        block = signatures[:, band * rows : (band + 1) * rows].astype(np.uint64)
        keys = np.zeros(n, dtype=np.uint64)
        for column in range(rows):
            keys = (keys ^ block[:, column]) * _BAND_MIX
        found.append(_bucket_pairs(keys))
    return unique_rows(found, n)


def _bucket_pairs(keys: npt.NDArray[np.uint64]) -> PairRows:
    """Pairs of articles with equal keys. Only buckets of two or more are visited (at 100k
    articles ~97% are single: splitting every bucket into an array took 19 of the 20 s)."""
    order = np.argsort(keys, kind="stable")  # stable: a bucket's members in corpus order
    sorted_keys = keys[order]
    starts = np.flatnonzero(np.concatenate(([True], sorted_keys[1:] != sorted_keys[:-1])))
    sizes = np.diff(np.append(starts, len(keys)))
    shared = sizes >= 2
    flat = array("q")
    for start, size in zip(starts[shared].tolist(), sizes[shared].tolist(), strict=True):
        members = order[start : start + size].tolist()
        if size * (size - 1) // 2 <= _MAX_BUCKET_PAIRS:
            flat.extend(itertools.chain.from_iterable(itertools.combinations(members, 2)))
        else:
            flat.extend(itertools.chain.from_iterable(itertools.pairwise(members)))
    return np.frombuffer(flat, dtype=np.int64).reshape(-1, 2)


def embedding_candidates(
    embeddings: npt.NDArray[np.float16],
    k: int,
    min_cosine: float,
    exact_limit: int = 200_000,
    progress: Callable[[int, int, str], None] | None = None,
) -> PairRows:
    """Each article's ``k`` nearest neighbours above ``min_cosine`` by inner product (unit
    vectors: cosine). Exact (faiss ``IndexFlatIP``: BLAS plus a heap per query, 2.8x the
    blocked numpy matmul + ``argpartition`` it replaced, same pairs) up to ``exact_limit``
    articles; above it, where exact search grows as n squared, approximate (``_knn_index``).
    ``progress`` gets (articles done, articles, ``"indexing"`` or ``"searching"``) after each
    block (HNSW at 1M articles: minutes of each)."""
    import faiss  # lazy: a 0.3 s import

    n = len(embeddings)
    k = min(k, n - 1)
    if k <= 0:
        return unique_rows([], n)
    index = _knn_index(faiss, embeddings.shape[1], n > exact_limit)
    for start in range(0, n, KNN_BLOCK):
        index.add(_block(embeddings, start))
        if progress is not None:
            progress(min(start + KNN_BLOCK, n), n, "indexing")
    pairs: list[PairRows] = []
    for start in range(0, n, KNN_BLOCK):
        scores, found = index.search(_block(embeddings, start), k + 1)
        rows = np.repeat(np.arange(start, start + len(found)), k + 1)
        cols, sims = found.ravel().astype(np.int64), scores.ravel()
        keep = (cols >= 0) & (cols != rows) & (sims >= min_cosine)
        low, high = np.minimum(rows[keep], cols[keep]), np.maximum(rows[keep], cols[keep])
        pairs.append(np.stack((low, high), axis=1))
        if progress is not None:
            progress(start + len(found), n, "searching")
    return unique_rows(pairs, n)


KNN_BLOCK = 32_768
"""Embeddings converted to float32 (what faiss takes) a block at a time, to add and to search:
the index holds its own copy, so a float32 copy of the whole corpus beside it was one more
gigabyte at 1M articles. Each query's neighbours do not depend on the blocks."""


def _block(embeddings: npt.NDArray[np.float16], start: int) -> npt.NDArray[np.float32]:
    return np.ascontiguousarray(embeddings[start : start + KNN_BLOCK], dtype=np.float32)


HNSW_LINKS = 32
HNSW_SEARCH = 64
"""faiss HNSW settings above the exact limit: at 50k scale-corpus embeddings they found 0.90
of the exact pairs in 0.7x its time (bench/README.md); the gain grows with n."""


def _knn_index(faiss: Any, dim: int, approximate: bool) -> Any:
    """Exact: ``IndexFlatIP`` (float32 vectors, BLAS). Approximate: HNSW over the vectors kept
    as float16 (``IndexHNSWSQ`` with ``QT_fp16``), which is what the index stores, so every
    distance is the float32 one: on the 100k scale corpus (HNSW forced) the same 380,544 pairs
    as ``IndexHNSWFlat``, 39.2 s instead of 46.8, and half the vector memory (1M articles:
    0.5 GB instead of 1 GB)."""
    if not approximate:
        return faiss.IndexFlatIP(dim)
    index = faiss.IndexHNSWSQ(
        dim, faiss.ScalarQuantizer.QT_fp16, HNSW_LINKS, faiss.METRIC_INNER_PRODUCT
    )
    index.hnsw.efSearch = HNSW_SEARCH
    return index


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


def query_key_rows(
    keys: Sequence[tuple[str, ...]], wanted: Iterable[str], min_shared: int, max_df: int
) -> list[int]:
    """The key channel for one query article: rows sharing at least ``min_shared`` of its keys
    that are held by at most ``max_df`` rows. For an indexed article (its own row among them)
    these are its partners in ``key_candidates``; without the ceiling a 100k-article index
    gave a query 24k-41k candidates (common numbers and names), and ``find`` took 138 s."""
    wanted = set(wanted)
    holders: dict[str, list[int]] = {key: [] for key in wanted}
    for row, article_keys in enumerate(keys):
        for key in wanted.intersection(article_keys):
            holders[key].append(row)
    shared = Counter(row for rows in holders.values() if len(rows) <= max_df for row in rows)
    return sorted(row for row, count in shared.items() if count >= min_shared)
