"""Shared scoring helpers: the engine handle, span mapping, flags and rates."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from eval.data import ensure_src_on_path

FLAGGED = frozenset({"changed_fact", "unsupported_addition"})
SUPPORTED = frozenset({"verbatim", "light_edit", "paraphrase"})


AuditFn = Callable[[str, str], Any]


def load_engine() -> AuditFn:
    """``newstrace.api.audit`` with its default config; raises ImportError when it is absent."""
    ensure_src_on_path()
    from newstrace.api import audit

    def run(source: str, derived: str) -> Any:
        return audit(source, derived)

    return run


@dataclass(slots=True)
class Engine:
    """Runs the audit, counting calls, errors and time; an error yields ``None``."""

    fn: AuditFn
    calls: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def __call__(self, source: str, derived: str) -> Any:
        self.calls += 1
        started = time.perf_counter()
        try:
            return self.fn(source, derived)
        except Exception as exc:  # one bad pair must not sink the whole evaluation
            self.errors.append(f"{type(exc).__name__}: {exc}"[:300])
            return None
        finally:
            self.seconds += time.perf_counter() - started


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def span_of(item: Any) -> tuple[int, int]:
    span = item.sentence.span
    return (span.start, span.end)


def match_finding(items: Sequence[Any], span: tuple[int, int], at: int | None = None) -> Any:
    """The finding holding offset ``at`` if given, else the one overlapping ``span`` most."""
    if at is not None:
        for item in items:
            start, end = span_of(item)
            if start <= at < end or (start == end == at):
                return item
    best, best_overlap = None, 0
    for item in items:
        amount = overlap(span_of(item), span)
        if amount > best_overlap:
            best, best_overlap = item, amount
    return best


def verdict(finding: Any) -> str:
    return "missing" if finding is None else str(finding.verdict)


def is_flagged(finding: Any) -> bool:
    return verdict(finding) in FLAGGED


def change_kinds(finding: Any) -> set[str]:
    """Kinds of the fact changes a changed_fact finding reports (empty otherwise)."""
    if finding is None or str(finding.verdict) != "changed_fact":
        return set()
    return {str(change.kind) for change in finding.changes}


def describe(finding: Any) -> dict[str, Any]:
    """A compact, JSON-ready view of a finding for failure examples."""
    if finding is None:
        return {"verdict": "missing"}
    changes = [f"{c.kind}: {_text(c.source)!r} -> {_text(c.derived)!r}" for c in finding.changes]
    return {
        "verdict": str(finding.verdict),
        "score": round(float(finding.score), 3),
        "changes": changes,
        "unsupported": [f"{a.kind}: {a.text!r}" for a in finding.unsupported],
    }


def _text(atom: Any) -> str | None:
    return None if atom is None else str(atom.text)


def rate(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def prf(tp: int, fp: int, fn: int) -> dict[str, float | None]:
    precision = rate(tp, tp + fp)
    recall = rate(tp, tp + fn)
    f1 = rate(2 * tp, 2 * tp + fp + fn)
    return {"precision": precision, "recall": recall, "f1": f1}


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def fmt_value(value: Any) -> str:
    """A metric for the results table: three decimals, '-' when there is none."""
    if value is None:
        return "-"
    return f"{value:.3f}" if isinstance(value, float) else str(value)
