"""A trace's candidate pairs as arrays: what the verification stage walks through.

Merged into a dict keyed by pair tuples and then listed as ``((a, b), channels)`` items, the
candidates took ~190 bytes a pair in the dict and ~170 in the list, both alive while the list
was built (at 300k articles 1.3 million pairs, ~0.5 GB). Here a pair is a sorted int64 key
``a * n + b`` and a byte of channel bits: 9 bytes. ``CandidatePairs`` is the
``Sequence[Item]`` the verification stage reads, building each item when it is read.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence

import numpy as np
import numpy.typing as npt

from newstrace.match.rows import RowSequence

_BLOCK = 65_536
"""Pairs turned into Python objects at a time while iterating."""

Pair = tuple[int, int]
Item = tuple[Pair, tuple[str, ...]]
"""A candidate pair (rows, first < second) with the channels that proposed it."""
PairRows = npt.NDArray[np.int64]
"""Candidate pairs as rows (first, second), first < second: 16 bytes a pair (a set of tuples
was ~150: at 1M articles ~4 million embedding pairs, ~0.6 GB). What a channel returns has
each pair once, sorted (``unique_rows``)."""


def unique_rows(found: Sequence[PairRows], n: int) -> PairRows:
    """The distinct (first, second) rows of ``found``, sorted."""
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.concatenate(found)
    keys = np.unique(pairs[:, 0] * max(n, 1) + pairs[:, 1])
    return np.stack(np.divmod(keys, max(n, 1)), axis=1)


class CandidatePairs(RowSequence[Item]):
    """Distinct pairs in (first, second) order, each with its channels in channel order."""

    def __init__(
        self,
        keys: npt.NDArray[np.int64],
        bits: npt.NDArray[np.uint8],
        channels: Sequence[str],
        n: int,
    ) -> None:
        self._keys, self._bits, self._n = keys, bits, max(n, 1)
        self._combos = {
            int(mask): tuple(name for bit, name in enumerate(channels) if mask >> bit & 1)
            for mask in np.unique(bits).tolist()
        }

    @classmethod
    def merge(
        cls, channels: Iterable[tuple[str, PairRows | Iterable[Pair]]], n: int
    ) -> CandidatePairs:
        """The pairs of every channel (``n``: articles), as rows or as (first, second) tuples.
        Each channel's pairs are turned into keys and dropped before the next channel runs."""
        names: list[str] = []
        keys: list[npt.NDArray[np.int64]] = []
        bits: list[npt.NDArray[np.uint8]] = []
        for name, pairs in channels:
            if len(names) == 8:
                raise ValueError("at most 8 candidate channels (one bit each in a byte)")
            found = _as_rows(pairs)
            del pairs  # the channel's pairs are not kept beside the next one's
            keys.append(found[:, 0] * max(n, 1) + found[:, 1])
            bits.append(np.full(len(found), 1 << len(names), dtype=np.uint8))
            names.append(name)
        every = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)
        unique, where = np.unique(every, return_inverse=True)
        mask = np.zeros(len(unique), dtype=np.uint8)
        np.bitwise_or.at(mask, where, np.concatenate(bits) if bits else mask)
        return cls(unique, mask, names, n)

    def pairs(self) -> npt.NDArray[np.int64]:
        """Every pair's rows, one (first, second) row a pair."""
        return np.stack(np.divmod(self._keys, self._n), axis=1)

    def __len__(self) -> int:
        return len(self._keys)

    def __iter__(self) -> Iterator[Item]:
        combos, n = self._combos, self._n
        for start in range(0, len(self._keys), _BLOCK):
            keys = self._keys[start : start + _BLOCK].tolist()
            masks = self._bits[start : start + _BLOCK].tolist()
            for key, mask in zip(keys, masks, strict=True):
                yield divmod(key, n), combos[mask]

    def _item(self, k: int) -> Item:
        first, second = divmod(int(self._keys[k]), self._n)
        return (first, second), self._combos[int(self._bits[k])]


def _as_rows(pairs: PairRows | Iterable[Pair]) -> PairRows:
    if isinstance(pairs, np.ndarray):
        return pairs.astype(np.int64, copy=False).reshape(-1, 2)
    return np.fromiter(itertools.chain.from_iterable(pairs), dtype=np.int64).reshape(-1, 2)
