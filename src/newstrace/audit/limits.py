"""Bounds that keep one audit's memory and time in check, however large its inputs.

The audit keeps a matching view per character and dense derived x source and
sentence x vocabulary score matrices, so a text that is not an article (a book, a crawl
dump, 30,000 one-line "sentences") would need gigabytes: a 1.9 MB file of short distinct
sentences took 153 s and 14 GB against a 14-sentence article. Both checks raise
``InputError`` naming the input and the limit before the expensive step starts.
"""

from __future__ import annotations

from newstrace.align.features import SentenceFeatures
from newstrace.errors import InputError
from newstrace.records import Article

MAX_AUDIT_CHARS = 1_000_000
"""Characters of one audited text: about 150,000 words, far beyond any news article."""
MAX_MATRIX_BYTES = 384 * 2**20
"""Estimated peak size of the score matrices of one pair (float64)."""
_FLOAT = 8
# Live copies at the peak: term matrices (derived, weighted, source, weighted source) and
# pair matrices (overlap, coverage, lexical, semantic, combined and temporaries).
_TERM_COPIES = 3
_PAIR_COPIES = 6


def check_length(article: Article, role: str) -> None:
    """Refuse a text too long to audit, before it is cleaned and segmented."""
    size = len(article.text)
    if size > MAX_AUDIT_CHARS:
        raise InputError(
            f"{article.origin}: the {role} text has {size:,} characters, over the audit limit "
            f"of {MAX_AUDIT_CHARS:,}; audit one article, not a whole collection "
            "(index a collection with: newstrace index add)"
        )


def check_matrices(
    source: tuple[Article, list[SentenceFeatures]], derived: tuple[Article, list[SentenceFeatures]]
) -> None:
    """Refuse a pair whose score matrices would not fit the budget."""
    (src_article, src), (der_article, der) = source, derived
    vocabulary = len({stem for f in (*src, *der) for stem in f.stems})
    cells = _TERM_COPIES * (len(src) + len(der)) * vocabulary + _PAIR_COPIES * len(src) * len(der)
    needed = cells * _FLOAT
    if needed > MAX_MATRIX_BYTES:
        raise InputError(
            f"{src_article.origin} ({len(src):,} sentences) and {der_article.origin} "
            f"({len(der):,} sentences, {vocabulary:,} distinct words in all) are too large to "
            f"audit together: about {needed >> 20:,} MiB of score matrices, over the "
            f"{MAX_MATRIX_BYTES >> 20} MiB budget; audit single articles, not collections"
        )
