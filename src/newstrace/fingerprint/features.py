"""Fingerprint a batch of articles: MinHash signature, embedding and salient keys."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rensa import RMinHash

from newstrace.clean.furniture import split_content
from newstrace.clean.normalize import match_text
from newstrace.config import FingerprintConfig
from newstrace.embed.base import get_embedder
from newstrace.fingerprint.shingles import shingle_hashes
from newstrace.records import Article

_SPACE = re.compile(r"\s+")
# A capitalised word not at a sentence start, or a number: what a rewrite keeps verbatim.
_SALIENT = re.compile(r"(?<=[a-z,;:] )[A-Z][\w'’-]{2,}|\b\d[\d.,]*\d\b")


@dataclass(frozen=True, slots=True)
class ArticleFingerprint:
    """What the index stores per article for candidate search."""

    signature: npt.NDArray[np.uint32]
    embedding: npt.NDArray[np.float16]
    keys: tuple[str, ...]
    content: str
    """The article's content lines (furniture removed), joined: what is compared."""


def fingerprint_articles(
    articles: Sequence[Article], config: FingerprintConfig
) -> list[ArticleFingerprint]:
    """Fingerprints of a batch (batching is what makes shingling and embedding fast)."""
    contents = [_content(a.text) for a in articles]
    matching = [_SPACE.sub(" ", match_text(c).casefold()) for c in contents]
    flat, offsets = shingle_hashes(matching, config.shingle_chars)
    digests = RMinHash.digest_matrix_from_flat_token_hashes(
        flat, offsets, config.num_perm, config.seed
    )
    signatures = np.array(digests.to_rows(), dtype=np.uint32).reshape(len(articles), -1)
    embedder = get_embedder(config.embedder)
    vectors = embedder.encode([m[: config.embed_chars] for m in matching]).astype(np.float16)
    return [
        ArticleFingerprint(signatures[i], vectors[i], _keys(contents[i]), contents[i])
        for i in range(len(articles))
    ]


def _content(text: str) -> str:
    lines, _ = split_content(text)
    return "\n".join(line.text for line in lines)


def _keys(content: str) -> tuple[str, ...]:
    return tuple(sorted({m.group().casefold().rstrip("'’s") for m in _SALIENT.finditer(content)}))
