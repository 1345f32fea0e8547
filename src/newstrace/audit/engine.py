"""Audit a derived article against its source: the stages in order."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from newstrace.align.features import SentenceFeatures, build_features
from newstrace.align.sentences import (
    ScoreMatrices,
    align_sentences,
    cosine_matrix,
    embed_sentences,
    score_matrices,
)
from newstrace.audit.atoms import extract_atoms
from newstrace.audit.compare import Comparison, Context, compare_facts, is_unsupported
from newstrace.audit.limits import check_length, check_matrices
from newstrace.audit.matching import SourceIndex, build_index
from newstrace.audit.names import capitalised_words
from newstrace.audit.positions import WordSpan
from newstrace.audit.verdicts import decide, edit_ratio
from newstrace.clean.furniture import split_content
from newstrace.config import Config
from newstrace.embed.base import get_embedder
from newstrace.records import (
    SUPPORTED_VERDICTS,
    Alignment,
    Article,
    Atom,
    Audit,
    DerivedFinding,
    Evidence,
    Side,
    SourceFinding,
    SourceStatus,
    Summary,
)
from newstrace.segment.sentences import split_sentences


@dataclass(frozen=True, slots=True)
class Prepared:
    """An article cleaned, segmented and featurised, with its atoms per sentence."""

    side: Side
    features: list[SentenceFeatures]
    atoms: list[tuple[Atom, ...]]
    words: list[tuple[WordSpan, ...]]
    """Per sentence, its words with original spans (computed once, used by every pairing)."""


def audit_articles(source: Article, derived: Article, config: Config) -> Audit:
    """Align, compare and judge every sentence of ``derived`` against ``source``."""
    check_length(source, "source", config.align)
    check_length(derived, "derived", config.align)
    src_side, src_features = _prepare(source)
    der_side, der_features = _prepare(derived)
    check_matrices((source, src_features), (derived, der_features), config.align)
    known = capitalised_words(f.tokens for f in (*src_features, *der_features))
    src = Prepared(
        src_side,
        src_features,
        [extract_atoms(f, known) for f in src_features],
        [_word_spans(f) for f in src_features],
    )
    der = Prepared(
        der_side,
        der_features,
        [extract_atoms(f, known) for f in der_features],
        [_word_spans(f) for f in der_features],
    )
    embedder = get_embedder(config.align.embedder)
    vectors = embed_sentences([*der.features, *src.features], embedder)
    semantic = cosine_matrix(vectors[: len(der.features)], vectors[len(der.features) :])
    matrices = score_matrices(der.features, src.features, semantic, config.align)
    alignments = _supported_only(align_sentences(matrices, config.align), config)
    derived_findings = _judge(src, der, alignments, matrices, config)
    source_findings = _source_findings(src, derived_findings)
    return Audit(
        source=src.side,
        derived=der.side,
        derived_findings=derived_findings,
        source_findings=source_findings,
        summary=_summary(derived_findings, source_findings),
        config_tag=config.tag,
    )


def _prepare(article: Article) -> tuple[Side, list[SentenceFeatures]]:
    lines, furniture = split_content(article.text)
    sentences = split_sentences(article.text, lines)
    features = build_features(sentences)
    evasions = tuple(e for f in features for e in f.view.evasions)
    return Side(article, tuple(sentences), tuple(furniture), evasions), features


def _supported_only(alignments: list[Alignment], config: Config) -> list[Alignment]:
    """Alignments below the support threshold keep their evidence but lose their sources."""
    threshold = config.align.support_threshold
    return [
        a if a.evidence.combined >= threshold else Alignment(a.derived, (), a.evidence)
        for a in alignments
    ]


def _judge(
    src: Prepared,
    der: Prepared,
    alignments: list[Alignment],
    matrices: ScoreMatrices,
    config: Config,
) -> tuple[DerivedFinding, ...]:
    index = build_index(
        [a for atoms in src.atoms for a in atoms], [w for f in src.features for w in f.words]
    )
    source_stems = frozenset(t for f in src.features for t in f.stems)
    return tuple(_finding(src, der, a, alignments, index, source_stems, config) for a in alignments)


def _finding(
    src: Prepared,
    der: Prepared,
    alignment: Alignment,
    alignments: list[Alignment],
    index: SourceIndex,
    source_stems: frozenset[str],
    config: Config,
) -> DerivedFinding:
    d = alignment.derived
    sources = alignment.sources
    group = [a.derived for a in alignments if set(a.sources) & set(sources)]
    ctx = Context(
        derived=der.atoms[d],
        source=tuple(atom for s in sources for atom in src.atoms[s]),
        group=tuple(atom for g in group for atom in der.atoms[g]),
        group_words=frozenset(w for g in group for w in der.features[g].words),
        index=index,
        one_to_one=len(sources) == 1 and group == [d],
        derived_words=der.words[d],
        source_words=tuple(w for s in sorted(sources) for w in src.words[s]),
    )
    comparison = compare_facts(ctx) if sources else Comparison((), _not_in_source(ctx), False)
    changes, unsupported = comparison.changes, comparison.unsupported
    source_words = tuple(w for s in sorted(sources) for w in src.features[s].words)
    ratio = edit_ratio(der.features[d].words, source_words)
    exact = _collapse(der.side.sentences[d].text) in _collapse(
        " ".join(src.side.sentences[s].text for s in sorted(sources))
    )
    stems = der.features[d].stems
    novel = len(stems - source_stems) / len(stems) if stems else 0.0
    verdict = decide(bool(sources), comparison, novel, ratio, exact, config.align)
    evidence = Evidence(
        alignment.evidence.lexical, alignment.evidence.semantic, ratio, alignment.evidence.combined
    )
    return DerivedFinding(
        sentence=der.side.sentences[d],
        verdict=verdict,
        score=alignment.evidence.combined,
        sources=sources,
        evidence=evidence,
        atoms=der.atoms[d],
        changes=changes,
        unsupported=unsupported,
    )


def _word_spans(features: SentenceFeatures) -> tuple[WordSpan, ...]:
    view = features.view
    return tuple(
        (t.lower, view.span_back(t.start, t.end), t.text[:1].isupper()) for t in features.tokens
    )


def _collapse(text: str) -> str:
    return " ".join(text.casefold().split())


def _not_in_source(ctx: Context) -> tuple[Atom, ...]:
    return tuple(a for a in ctx.derived if is_unsupported(a, ctx.index))


def _source_findings(
    src: Prepared, findings: tuple[DerivedFinding, ...]
) -> tuple[SourceFinding, ...]:
    users: dict[int, list[int]] = {}
    for finding in findings:
        for s in finding.sources:
            users.setdefault(s, []).append(finding.sentence.index)
    return tuple(
        SourceFinding(
            sentence=sentence,
            status=SourceStatus.KEPT if sentence.index in users else SourceStatus.DROPPED,
            derived=tuple(users.get(sentence.index, ())),
            atoms=src.atoms[sentence.index],
        )
        for sentence in src.side.sentences
    )


def _summary(derived: tuple[DerivedFinding, ...], source: tuple[SourceFinding, ...]) -> Summary:
    derived_counts = Counter(f.verdict.value for f in derived)
    source_counts = Counter(f.status.value for f in source)
    kept = source_counts.get(SourceStatus.KEPT.value, 0)
    supported = sum(1 for f in derived if f.verdict in SUPPORTED_VERDICTS)
    return Summary(
        derived_counts=dict(derived_counts),
        source_counts=dict(source_counts),
        kept_share=round(kept / len(source), 4) if source else 0.0,
        supported_share=round(supported / len(derived), 4) if derived else 0.0,
    )
