"""Token sums: numpy and compiled give the same float32 sums, bit for bit, in token order."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newstrace.embed import pooling
from newstrace.embed.pooling import sequential_sums, token_sums
from newstrace.embed.pooling_kernel import token_sums as compiled_sums
from newstrace.embed.static import StaticEmbedder
from tests.embed.test_static import _texts

_TABLE = StaticEmbedder()._table


def _in_order(flat: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The sums written as the plainest loop: text by text, token by token."""
    out = np.zeros((len(lengths), _TABLE.shape[1]), dtype=np.float32)
    at = 0
    for text, length in enumerate(lengths.tolist()):
        for token in flat[at : at + length].tolist():
            out[text] += _TABLE[token]
        at += length
    return out


@given(st.lists(st.integers(0, 40), max_size=30), st.randoms(use_true_random=False))
@settings(max_examples=100, deadline=None)
def test_both_sum_every_text_in_token_order(counts: list[int], rng: object) -> None:
    lengths = np.array(counts, dtype=np.int64)
    flat = np.array(
        [rng.randrange(len(_TABLE)) for _ in range(sum(counts))],  # type: ignore[attr-defined]
        dtype=np.int64,
    )
    expected = _in_order(flat, lengths)
    assert np.array_equal(sequential_sums(_TABLE, flat, lengths), expected)
    assert np.array_equal(compiled_sums(_TABLE, flat, lengths), expected)


def test_real_token_ids_give_equal_sums() -> None:
    flat, lengths = StaticEmbedder()._token_ids(_texts())
    assert lengths.max() == 512 and (lengths == 0).any()  # truncated and empty texts included
    assert np.array_equal(
        sequential_sums(_TABLE, flat, lengths), compiled_sums(_TABLE, flat, lengths)
    )


@pytest.fixture
def compiled() -> object:
    saved = dict(pooling._COMPILED)
    pooling.use_compiled()
    yield
    pooling._COMPILED.clear()
    pooling._COMPILED.update(saved)


def test_use_compiled_switches_token_sums(compiled: object) -> None:
    assert pooling._COMPILED["sums"] is compiled_sums
    flat, lengths = StaticEmbedder()._token_ids(_texts())
    assert np.array_equal(token_sums(_TABLE, flat, lengths), sequential_sums(_TABLE, flat, lengths))
