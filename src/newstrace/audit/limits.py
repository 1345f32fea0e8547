"""Bounds that keep one audit's memory and time in check, however large its inputs.

The audit keeps a matching view per character and dense derived x source and
sentence x vocabulary score matrices, so a text that is not an article (a book, a crawl
dump, 30,000 one-line "sentences") would need gigabytes: a 1.9 MB file of short distinct
sentences took 153 s and 14 GB against a 14-sentence article. Both checks raise
``InputError`` naming the input and the limit before the expensive step starts; the limits
are ``AlignConfig.max_chars`` and ``AlignConfig.max_matrix_mib``.
"""

from __future__ import annotations

from newstrace.align.features import SentenceFeatures
from newstrace.config import AlignConfig
from newstrace.errors import InputError
from newstrace.records import Article

_FLOAT = 8
# Live copies at the peak: term matrices (derived, weighted, source, weighted source) and
# pair matrices (overlap, coverage, lexical, semantic, combined and temporaries).
_TERM_COPIES = 3
_PAIR_COPIES = 6


def check_length(article: Article, role: str, config: AlignConfig) -> None:
    """Refuse a text too long to audit, before it is cleaned and segmented."""
    size = len(article.text)
    if size > config.max_chars:
        raise InputError(
            f"{article.origin}: the {role} text has {size:,} characters, over the audit limit "
            f"of {config.max_chars:,}; audit one article, not a whole collection "
            "(index a collection with: newstrace index add)"
        )


def matrix_bytes(source: list[SentenceFeatures], derived: list[SentenceFeatures]) -> int:
    """Estimated peak size of the score matrices of one pair (float64)."""
    vocabulary = len({stem for f in (*source, *derived) for stem in f.stems})
    terms = _TERM_COPIES * (len(source) + len(derived)) * vocabulary
    return (terms + _PAIR_COPIES * len(source) * len(derived)) * _FLOAT


def check_matrices(
    source: tuple[Article, list[SentenceFeatures]],
    derived: tuple[Article, list[SentenceFeatures]],
    config: AlignConfig,
) -> None:
    """Refuse a pair whose score matrices would not fit the budget."""
    (src_article, src), (der_article, der) = source, derived
    needed = matrix_bytes(src, der)
    if needed > config.max_matrix_mib << 20:
        raise InputError(
            f"{src_article.origin} ({len(src):,} sentences) and {der_article.origin} "
            f"({len(der):,} sentences) are too large to audit together: about "
            f"{needed >> 20:,} MiB of score matrices, over the {config.max_matrix_mib} MiB "
            "budget; audit single articles, not collections"
        )
