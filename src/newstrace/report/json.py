"""The audit as versioned JSON (schema ``newstrace.audit/1``, see ``docs/audit-json.md``).

Every ``start``/``end`` is a half-open range of Unicode code points into the ``text`` of
the article on the same side, so ``article["text"][start:end] == item["text"]`` holds for
every sentence, atom and furniture line. Keys come out in a fixed, documented order.
"""

from __future__ import annotations

import json
from typing import Any

from newstrace.records import (
    Article,
    Atom,
    Audit,
    DerivedFinding,
    Evasion,
    Evidence,
    FactChange,
    Furniture,
    Side,
    SourceFinding,
    SourceStatus,
    Summary,
    Verdict,
)

SCHEMA_VERSION = "newstrace.audit/1"

JsonDict = dict[str, Any]


def source_id(index: int) -> str:
    """The JSON id of source sentence ``index``."""
    return f"s{index}"


def derived_id(index: int) -> str:
    """The JSON id of derived sentence ``index``."""
    return f"d{index}"


def audit_to_dict(audit: Audit) -> JsonDict:
    """The whole audit as plain JSON-ready data, in the documented key order."""
    return {
        "schema": SCHEMA_VERSION,
        "config_tag": audit.config_tag,
        "summary": summary_to_dict(audit.summary),
        "source": _side_to_dict(audit.source, [_source_sentence(f) for f in audit.source_findings]),
        "derived": _side_to_dict(
            audit.derived, [_derived_sentence(f) for f in audit.derived_findings]
        ),
    }


def render_json(audit: Audit, *, color: bool = False) -> str:
    """The audit as indented UTF-8 JSON text ending in a newline; ``color`` is ignored."""
    del color
    return json.dumps(audit_to_dict(audit), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def summary_to_dict(summary: Summary) -> JsonDict:
    return {
        "derived_counts": _ordered_counts(summary.derived_counts, [v.value for v in Verdict]),
        "source_counts": _ordered_counts(summary.source_counts, [s.value for s in SourceStatus]),
        "kept_share": summary.kept_share,
        "supported_share": summary.supported_share,
    }


def _ordered_counts(counts: dict[str, int], known: list[str]) -> dict[str, int]:
    """Every known key in enum order (0 when absent), then any other keys sorted."""
    ordered = {key: int(counts.get(key, 0)) for key in known}
    ordered.update({key: int(counts[key]) for key in sorted(counts) if key not in ordered})
    return ordered


def _side_to_dict(side: Side, sentences: list[JsonDict]) -> JsonDict:
    return {
        "article": article_to_dict(side.article),
        "sentences": sentences,
        "furniture": [furniture_to_dict(item) for item in side.furniture],
        "evasions": [evasion_to_dict(item) for item in side.evasions],
    }


def article_to_dict(article: Article) -> JsonDict:
    meta = article.meta
    return {
        "id": article.id,
        "origin": article.origin,
        "input_format": article.input_format,
        "encoding": article.encoding,
        "title": meta.title,
        "author": meta.author,
        "published": meta.published,
        "url": meta.url,
        "outlet": meta.outlet,
        "lang": meta.lang,
        "length": len(article.text),
        "text": article.text,
    }


def _derived_sentence(finding: DerivedFinding) -> JsonDict:
    sentence = finding.sentence
    return {
        "id": derived_id(sentence.index),
        "index": sentence.index,
        "paragraph": sentence.paragraph,
        "start": sentence.span.start,
        "end": sentence.span.end,
        "text": sentence.text,
        "verdict": finding.verdict.value,
        "score": finding.score,
        "evidence": evidence_to_dict(finding.evidence),
        "sources": [source_id(index) for index in finding.sources],
        "atoms": [atom_to_dict(atom) for atom in finding.atoms],
        "changes": [change_to_dict(change) for change in finding.changes],
        "unsupported": [atom_to_dict(atom) for atom in finding.unsupported],
    }


def _source_sentence(finding: SourceFinding) -> JsonDict:
    sentence = finding.sentence
    return {
        "id": source_id(sentence.index),
        "index": sentence.index,
        "paragraph": sentence.paragraph,
        "start": sentence.span.start,
        "end": sentence.span.end,
        "text": sentence.text,
        "status": finding.status.value,
        "derived": [derived_id(index) for index in finding.derived],
        "atoms": [atom_to_dict(atom) for atom in finding.atoms],
    }


def evidence_to_dict(evidence: Evidence) -> JsonDict:
    return {
        "lexical": evidence.lexical,
        "semantic": evidence.semantic,
        "char_ratio": evidence.char_ratio,
        "combined": evidence.combined,
    }


def atom_to_dict(atom: Atom) -> JsonDict:
    return {
        "kind": atom.kind.value,
        "text": atom.text,
        "start": atom.span.start,
        "end": atom.span.end,
        "key": atom.key,
        "detail": atom.detail,
    }


def change_to_dict(change: FactChange) -> JsonDict:
    return {
        "kind": change.kind.value,
        "source": None if change.source is None else atom_to_dict(change.source),
        "derived": None if change.derived is None else atom_to_dict(change.derived),
    }


def furniture_to_dict(item: Furniture) -> JsonDict:
    return {
        "start": item.span.start,
        "end": item.span.end,
        "text": item.text,
        "rule": item.rule.value,
        "reason": item.reason,
    }


def evasion_to_dict(item: Evasion) -> JsonDict:
    return {
        "offset": item.offset,
        "char": item.char,
        "codepoints": " ".join(f"U+{ord(ch):04X}" for ch in item.char),
        "kind": item.kind,
        "replacement": item.replacement,
    }
