"""Sketches survive pickling exactly, and a spool built on two workers holds what one builds."""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path

import numpy as np

from newstrace.align.features import build_word_features
from newstrace.clean.furniture import content_text, split_content
from newstrace.config import Config
from newstrace.embed.base import get_embedder
from newstrace.match.sketch import Sketch, sketch, sketch_batch
from newstrace.match.spool import build_spool
from newstrace.segment.sentences import split_sentences


def _seed_texts(shared: Path) -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted((shared / "seeds").iterdir())}


def _same(a: Sketch, b: Sketch) -> None:
    assert a.content == b.content
    assert a.sentences == b.sentences
    assert np.array_equal(a.spans, b.spans) and a.spans.dtype == b.spans.dtype == np.int64
    assert a.joined_words == b.joined_words
    assert [a.words(k) for k in range(len(a))] == [b.words(k) for k in range(len(b))]
    assert a.vectors.dtype == b.vectors.dtype == np.float32
    assert np.array_equal(a.vectors, b.vectors)
    assert np.array_equal(a.stem_rows, b.stem_rows)
    assert np.array_equal(a.stem_ids, b.stem_ids)
    assert np.array_equal(a.distinct, np.unique(a.stem_ids))
    assert np.array_equal(a.distinct, b.distinct)


def test_a_pickled_sketch_is_the_same_sketch(shared: Path) -> None:
    """A sketch splits its content's lines as they are: the furniture filter, run again on
    them, drops nothing (the seed's scraped page does have furniture for it to find)."""
    embedder = get_embedder(Config().fingerprint.embedder)
    texts = _seed_texts(shared)
    assert content_text(texts["source_scraped"]) != texts["source_scraped"].strip()
    for text in texts.values():
        content = content_text(text)
        made = sketch(content, embedder)
        assert len(made.sentences) == len(made) > 10
        assert all(content[s.span.start : s.span.end] == s.text for s in made.sentences)
        lines, _ = split_content(content)
        features = build_word_features(split_sentences(content, lines))
        assert [f.sentence for f in features] == list(made.sentences)
        assert [made.words(k) for k in range(len(made))] == [f.words for f in features]
        assert [made.span(k) for k in range(len(made))] == [f.sentence.span for f in features]
        _same(pickle.loads(pickle.dumps(made)), made)
        assert made.__reduce__()[1][3].dtype == np.float16  # the spool's bytes: vectors halved
        assert np.array_equal(made.vectors.astype(np.float16), made.vectors)


def test_an_empty_sketch_survives_pickling() -> None:
    made = sketch("", get_embedder(Config().fingerprint.embedder))
    back = pickle.loads(pickle.dumps(made))
    assert back.sentences == () and len(back) == 0 and back.joined_words == ()


def test_the_spool_holds_each_sketch_built_once(shared: Path) -> None:
    texts = _seed_texts(shared)
    texts |= {f"{name}-{k}": text[k * 50 :] for name, text in texts.items() for k in range(40)}
    ids = sorted(texts)
    embedder = get_embedder(Config().fingerprint.embedder)
    before = set(os.listdir(tempfile.gettempdir()))
    spool = build_spool(ids, texts.__getitem__, Config().fingerprint.embedder, workers=2)
    try:
        assert len(spool) == len(ids)
        for article_id in ids:
            _same(spool.get(article_id), sketch(texts[article_id], embedder))
    finally:
        spool.close()
    # the spool's file is anonymous: nothing is left behind in the temporary directory
    assert set(os.listdir(tempfile.gettempdir())) <= before


def test_a_batch_with_shared_sentences_gives_each_article_its_own_sketch(shared: Path) -> None:
    texts = list(_seed_texts(shared).values())
    # Copies side by side: a verbatim copy, one cut at a sentence, one with a line added.
    batch = [texts[0], texts[0], texts[0][len(texts[0]) // 3 :], "Breaking.\n" + texts[0], *texts]
    embedder = get_embedder(Config().fingerprint.embedder)
    made = sketch_batch(batch, embedder)
    assert len(made) == len(batch)
    for text, one in zip(batch, made, strict=True):
        _same(one, sketch(text, embedder))
        assert one.content == text
