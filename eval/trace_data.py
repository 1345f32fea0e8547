"""Corpora for the trace evaluation, the datasketch MinHash baseline, and cluster agreement.

Every corpus is fingerprinted with the engine's own ``fingerprint_articles`` into a
``TraceCorpus`` (what ``match.trace`` needs from an index, plus the content of each article).
The baseline is the classic near-duplicate pipeline run with datasketch in the same process:
character 5-gram shingles of the casefolded text, 128-permutation MinHash, ``MinHashLSH`` at
threshold 0.5; a pair is an edge when LSH returns it, and its score is the estimated Jaccard.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from math import comb
from typing import Any

import numpy as np
import numpy.typing as npt

from eval.data import SEMEVAL_DIR, ensure_src_on_path, load_jsonl, load_msrp, shared_dir

ensure_src_on_path()

from newstrace.config import Config  # noqa: E402
from newstrace.fingerprint import ArticleFingerprint, fingerprint_articles  # noqa: E402
from newstrace.ingest import article_from_text, iter_corpus  # noqa: E402
from newstrace.records import Article, ArticleMeta  # noqa: E402

SEED_SOURCE = "seed-source"
SEED_REWRITE = "seed-rewrite"
BATCH = 256
BASELINE_PERM = 128
BASELINE_THRESHOLD = 0.5
BASELINE_SEED = 1


@dataclass(slots=True)
class TraceCorpus:
    """A fingerprinted corpus: satisfies ``match.trace.Corpus`` (with ``lang``)."""

    ids: list[str]
    signatures: npt.NDArray[np.uint32]
    embeddings: npt.NDArray[np.float16]
    keys: list[tuple[str, ...]]
    published: list[str | None]
    outlet: list[str | None]
    lang: list[str | None]
    contents: dict[str, str] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)
    """The raw article texts, in row order (what the baseline shingles)."""
    ledes: npt.NDArray[np.float16] | None = None
    """Lede vectors when ``config.fingerprint.multilingual`` (the translation channel)."""

    def content(self, article_id: str) -> str:
        return self.contents[article_id]

    def row(self) -> dict[str, int]:
        return {article_id: i for i, article_id in enumerate(self.ids)}


def fingerprint_corpus(articles: Sequence[Article], config: Config) -> TraceCorpus:
    """Fingerprint ``articles`` in batches (the index's add path) into a ``TraceCorpus``."""
    prints = []
    for start in range(0, len(articles), BATCH):
        prints.extend(fingerprint_articles(articles[start : start + BATCH], config.fingerprint))
    return TraceCorpus(
        ids=[a.id for a in articles],
        signatures=np.stack([p.signature for p in prints]),
        embeddings=np.stack([p.embedding for p in prints]),
        keys=[p.keys for p in prints],
        published=[a.meta.published for a in articles],
        outlet=[a.meta.outlet for a in articles],
        lang=[a.meta.lang or p.lang for a, p in zip(articles, prints, strict=True)],
        contents={a.id: p.content for a, p in zip(articles, prints, strict=True)},
        texts=[a.text for a in articles],
        ledes=_ledes(prints),
    )


def _ledes(prints: Sequence[ArticleFingerprint]) -> npt.NDArray[np.float16] | None:
    vectors = [p.lede for p in prints]
    if not vectors or any(v is None for v in vectors):
        return None
    return np.stack([v for v in vectors if v is not None])


def text_article(article_id: str, text: str, lang: str | None = None) -> Article:
    article = article_from_text(text, article_id=article_id, input_format="text")
    return replace(article, meta=ArticleMeta(lang=lang))


# --- SemEval-2022 dev ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SemevalPair:
    a: str
    b: str
    overall: float
    """1 = very similar ... 4 = very dissimilar (mean of the annotators)."""
    lang_pair: str

    @property
    def same_language(self) -> bool:
        first, _, second = self.lang_pair.partition("-")
        return first == second


def semeval_articles(with_seed: bool = True) -> list[Article]:
    """The 1,572 SemEval dev articles (``lang`` from the record), then the seed pair."""
    path = shared_dir().joinpath(*SEMEVAL_DIR, "corpus.jsonl")
    articles = [a for a in iter_corpus([path]) if isinstance(a, Article)]
    return articles + (seed_articles() if with_seed else [])


def seed_articles() -> list[Article]:
    seeds = shared_dir() / "seeds"
    return [
        text_article(SEED_SOURCE, (seeds / "source_scraped.txt").read_text(encoding="utf-8")),
        text_article(SEED_REWRITE, (seeds / "rewrite.txt").read_text(encoding="utf-8")),
    ]


def semeval_pairs() -> list[SemevalPair]:
    rows = load_jsonl(shared_dir().joinpath(*SEMEVAL_DIR, "pairs.jsonl"))
    return [
        SemevalPair(str(r["a"]), str(r["b"]), float(r["overall"]), str(r["lang_pair"]))
        for r in rows
    ]


def msrp_articles() -> tuple[list[Article], list[tuple[str, str, int]]]:
    """Every MSRP sentence as an English article, and the labelled pairs (a, b, label)."""
    data = load_msrp()
    articles = [text_article(i, t, "en") for i, t in sorted(data.texts.items()) if t.strip()]
    return articles, [(p.a, p.b, p.label) for p in data.pairs]


# --- the datasketch MinHash baseline ------------------------------------------------------

_SPACE = re.compile(r"\s+")


def char_shingles(text: str, k: int = 5) -> set[bytes]:
    flat = _SPACE.sub(" ", text.casefold()).strip()
    return {flat[i : i + k].encode("utf-8") for i in range(max(1, len(flat) - k + 1))}


def word_shingles(text: str, k: int = 5) -> set[bytes]:
    words = re.findall(r"\w+", text.casefold())
    return {" ".join(words[i : i + k]).encode("utf-8") for i in range(max(1, len(words) - k + 1))}


@dataclass(slots=True)
class MinHashBaseline:
    """datasketch MinHashes of a corpus and the pairs its ``MinHashLSH`` returns."""

    minhashes: list[Any]
    pairs: set[tuple[int, int]]

    def score(self, i: int, j: int) -> float:
        return float(self.minhashes[i].jaccard(self.minhashes[j]))

    def edge(self, i: int, j: int) -> bool:
        return (min(i, j), max(i, j)) in self.pairs


def minhash_baseline(texts: Sequence[str], shingle: str = "char5") -> MinHashBaseline:
    """Shingle, MinHash (``MinHash.bulk``), LSH insert, then LSH query every document."""
    from datasketch import MinHash, MinHashLSH  # type: ignore[import-untyped]

    make = char_shingles if shingle == "char5" else word_shingles
    hashes = MinHash.bulk(
        (list(make(t)) for t in texts), num_perm=BASELINE_PERM, seed=BASELINE_SEED
    )
    lsh = MinHashLSH(threshold=BASELINE_THRESHOLD, num_perm=BASELINE_PERM)
    for i, minhash in enumerate(hashes):
        lsh.insert(i, minhash)
    pairs: set[tuple[int, int]] = set()
    for i, minhash in enumerate(hashes):
        pairs.update((min(i, j), max(i, j)) for j in lsh.query(minhash) if j != i)
    return MinHashBaseline(hashes, pairs)


# --- clusters -----------------------------------------------------------------------------


def components(items: Sequence[str], links: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Connected-component label (its smallest member) of every item."""
    parent = {x: x for x in items}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        if a in parent and b in parent:
            ra, rb = root(a), root(b)
            parent[max(ra, rb)] = min(ra, rb)
    return {x: root(x) for x in items}


def adjusted_rand(truth: Sequence[object], predicted: Sequence[object]) -> float:
    """Hubert-Arabie adjusted Rand index (sklearn's ``adjusted_rand_score``)."""
    if len(truth) != len(predicted):
        raise ValueError("label sequences differ in length")
    cells = Counter(zip(truth, predicted, strict=True))
    same_both = sum(comb(c, 2) for c in cells.values())
    same_truth = sum(comb(c, 2) for c in Counter(truth).values())
    same_pred = sum(comb(c, 2) for c in Counter(predicted).values())
    total = comb(len(truth), 2)
    if total == 0:
        return 1.0
    expected = same_truth * same_pred / total
    best = (same_truth + same_pred) / 2
    if best == expected:  # both partitions trivial (all singletons or one cluster)
        return 1.0
    return float((same_both - expected) / (best - expected))
