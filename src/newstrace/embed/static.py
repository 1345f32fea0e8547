"""model2vec static embeddings from the model bundled in the package (no torch, no hub).

``encode`` computes what ``StaticModel.encode`` computes (the same tokenizer, truncation,
mean pooling and float16 rounding points) in one vectorised pass per batch: model2vec pools
sentence by sentence in Python, which was ~40% of embedding the sentences of a corpus.
The vectors are model2vec's own, bit for bit (``tests/embed``): each token vector is added in
the order model2vec adds it (``embed.pooling``)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace.embed.base import Matrix, normalise_rows
from newstrace.embed.pooling import token_sums

MODEL_DIR = "models/m2v_minilm_256"


class StaticEmbedder:
    """all-MiniLM-L6-v2 distilled to a 256-d static model (see the model's README)."""

    name = "static"

    def __init__(self) -> None:
        from model2vec import StaticModel

        path = resources.files("newstrace").joinpath(MODEL_DIR)
        with resources.as_file(path) as folder:
            self._model: Any = StaticModel.from_pretrained(str(folder))
        model = self._model
        if model.token_mapping is not None or model.weights is not None:
            raise ValueError("the bundled static model must be a plain token table")
        self._table = np.asarray(model.embedding, dtype=np.float32)
        limit: int | None = model.max_length
        self._chars = None if limit is None else limit * model.median_token_length
        if limit is not None:
            model.tokenizer.enable_truncation(limit)
        self._pieces = _WordPieces(model.tokenizer)
        self._plain = _bert_wordpiece(model.tokenizer)
        added = model.tokenizer.get_added_tokens_decoder().values()
        self._added = re.compile("|".join(re.escape(token.content) for token in added) or "$^")

    def encode(self, texts: Sequence[str]) -> Matrix:
        if not texts:
            return np.zeros((0, self._table.shape[1]), dtype=np.float32)
        flat, lengths = self._token_ids(texts)
        pooled = token_sums(self._table, flat, lengths) / np.maximum(lengths, 1)[:, None]
        # model2vec's rounding: the mean stored as float16, normalised, stored as float16.
        rounded = pooled.astype(np.float16).astype(np.float32)
        norms = np.linalg.norm(rounded, axis=1, keepdims=True) + 1e-32
        return normalise_rows((rounded / norms).astype(np.float16).astype(np.float32))

    def _token_ids(
        self, texts: Sequence[str]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Every text's token ids (truncated as model2vec does, unknown tokens dropped),
        concatenated, and each text's count."""
        model = self._model
        cut = list(texts) if self._chars is None else [text[: self._chars] for text in texts]
        ids = [self._plain_ids(text) if self._is_plain(text) else None for text in cut]
        rest = [k for k, found in enumerate(ids) if found is None]
        if rest:
            encoded = model.tokenizer.encode_batch_fast(
                [cut[k] for k in rest], add_special_tokens=False
            )
            for k, encoding in zip(rest, encoded, strict=True):
                ids[k] = encoding.ids
        found = [x for x in ids if x is not None]  # all of them; the list tells mypy so
        lengths = np.fromiter(map(len, found), dtype=np.int64, count=len(found))
        total = int(lengths.sum())
        flat = np.fromiter(itertools.chain.from_iterable(found), dtype=np.int64, count=total)
        if model.unk_token_id is not None:
            known = flat != model.unk_token_id
            if not known.all():
                rows = np.repeat(np.arange(len(found)), lengths)
                lengths = np.bincount(rows[known], minlength=len(found)).astype(np.int64)
                flat = flat[known]
        return flat, lengths

    def _is_plain(self, text: str) -> bool:
        """ASCII without control characters (nothing for the normaliser to do) and without
        the tokenizer's added tokens ("[UNK]", matched before normalising)."""
        return self._plain and not _NOT_PLAIN.search(text) and not self._added.search(text)

    def _plain_ids(self, text: str) -> list[int]:
        """The tokenizer's ids for plain text (``_is_plain``), word by word from a cache.

        For such text the model's tokenizer (BERT normaliser and pre-tokenizer, WordPiece) is:
        lower-case; split into runs of letters and digits and single punctuation marks; the
        WordPiece pieces of each; at most ``max_length`` ids. Its Python entry point costs
        ~60 us a sentence, most of it outside WordPiece; this ~10-20 us (tests/embed check
        the ids are the tokenizer's own)."""
        pieces = map(self._pieces.__getitem__, _PLAIN_WORD.findall(text.lower()))
        out = list(itertools.chain.from_iterable(pieces))  # C loops: 0.25 -> 0.21 s, 11k sentences
        limit: int | None = self._model.max_length
        return out if limit is None else out[:limit]


class _WordPieces(dict[str, list[int]]):
    """A word's WordPiece ids, computed by the tokenizer the first time it is looked up."""

    def __init__(self, tokenizer: Any) -> None:
        super().__init__()
        self._tokenizer = tokenizer

    def __missing__(self, word: str) -> list[int]:
        if len(self) >= WORD_CACHE:
            self.clear()
        found = self[word] = [t.id for t in self._tokenizer.model.tokenize(word)]
        return found


WORD_CACHE = 200_000
"""Words whose WordPiece ids are kept (~20 MB)."""
_PUNCTUATION = "\u2013\u2014\u2018\u2019\u201c\u201d\u2026"
"""Typographic dashes, quotes and the ellipsis: news text is full of them; the normaliser
leaves them as they are and the pre-tokenizer splits each off like ASCII punctuation."""
_PLAIN_WORD = re.compile(rf"[a-z0-9]+|[!-/:-@\[-`{{-~{_PUNCTUATION}]")
_NOT_PLAIN = re.compile(rf"[^\t\n\r\x20-\x7e{_PUNCTUATION}]")
"""What the BERT normaliser would touch (control characters, other non-ASCII)."""


def _bert_wordpiece(tokenizer: Any) -> bool:
    """Whether the tokenizer is the lower-casing BERT WordPiece one ``_plain_ids`` mirrors."""
    from tokenizers import models, normalizers, pre_tokenizers

    normalizer = tokenizer.normalizer
    return (
        isinstance(normalizer, normalizers.BertNormalizer)
        and normalizer.lowercase
        and normalizer.clean_text
        and isinstance(tokenizer.pre_tokenizer, pre_tokenizers.BertPreTokenizer)
        and isinstance(tokenizer.model, models.WordPiece)
    )
