"""Time ``newstrace.api.audit`` on ~800-word article pairs against a difflib baseline.

    python bench/audit_bench.py [--pairs 30] [--words 800]

Pairs are real SemEval English articles with known edits (the factset generator), several
concatenated to reach the word count. The baseline splits both texts with the generator's
regex splitter and, for each derived sentence, takes the best
``difflib.SequenceMatcher(None, a, b).ratio()`` over all source sentences (pruned by the
``quick_ratio()`` upper bound, which gives the same answer faster). Both run in this
process; the engine is warmed up first and its model load is reported separately. The
quality line is the share of derived sentences (additions excluded) each maps to the right
source sentence.
"""

from __future__ import annotations

import argparse
import difflib
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [p for p in (str(REPO), str(REPO / "src")) if p not in sys.path]

from eval import factset  # noqa: E402  (the path above makes the checkout importable)
from eval import scoring as sc  # noqa: E402
from eval.data import split_sentences  # noqa: E402

WARMUP = 3


def build_pairs(n_pairs: int, words: int) -> list[factset.Case]:
    """``n_pairs`` long cases, each joining consecutive factset cases up to ``words`` words."""
    cases = factset.build_factset(n_articles=10_000)
    out: list[factset.Case] = []
    at = 0
    while len(out) < n_pairs:
        group: list[factset.Case] = []
        while sum(len(c.source_text.split()) for c in group) < words:
            group.append(cases[at % len(cases)])
            at += 1
        out.append(concat(group))
    return out


def concat(cases: list[factset.Case]) -> factset.Case:
    """One case from several: texts joined by a space, every span and index shifted."""
    source_parts, derived_parts = [], []
    sources: list[factset.SourceTruth] = []
    derived: list[factset.DerivedTruth] = []
    s_off = d_off = 0
    for case in cases:
        base = len(sources)
        sources += [factset.SourceTruth(_shift(t.span, s_off), t.dropped) for t in case.source]
        for t in case.derived:
            src = None if t.source is None else base + t.source
            edit = None if t.edit is None else _shift(t.edit, d_off)
            derived.append(
                factset.DerivedTruth(t.kind, _shift(t.span, d_off), src, edit, t.old, t.new)
            )
        source_parts.append(case.source_text)
        derived_parts.append(case.derived_text)
        s_off += len(case.source_text) + 1
        d_off += len(case.derived_text) + 1
    ident = "+".join(c.id for c in cases)
    joined = " ".join(source_parts), " ".join(derived_parts)
    return factset.Case(ident, joined[0], joined[1], tuple(derived), tuple(sources))


def _shift(span: tuple[int, int], by: int) -> tuple[int, int]:
    return (span[0] + by, span[1] + by)


def difflib_align(source: str, derived: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(derived span, best source span) by the best SequenceMatcher ratio."""
    src = [(span, source[span[0] : span[1]]) for span in split_sentences(source)]
    return [
        (d_span, best_ratio(src, derived[d_span[0] : d_span[1]]))
        for d_span in split_sentences(derived)
    ]


def best_ratio(src: list[tuple[tuple[int, int], str]], text: str) -> tuple[int, int]:
    """The source span of the best ``ratio()``; ``quick_ratio()`` (an upper bound) prunes the
    candidates that cannot win, which speeds the baseline up without changing its answer."""
    matcher = difflib.SequenceMatcher(None, "", text)
    bounds = []
    for span, candidate in src:
        matcher.set_seq1(candidate)
        bounds.append((matcher.quick_ratio(), span, candidate))
    bounds.sort(key=lambda b: -b[0])
    best, best_span = -1.0, bounds[0][1]
    for bound, span, candidate in bounds:
        if bound <= best:
            break
        matcher.set_seq1(candidate)
        ratio = matcher.ratio()
        if ratio > best:
            best, best_span = ratio, span
    return best_span


def engine_align(audit: Any) -> list[tuple[tuple[int, int], tuple[int, int] | None]]:
    """(derived span, first supporting source span) per derived finding."""
    sentences = audit.source.sentences
    out = []
    for finding in audit.derived_findings:
        first = sentences[finding.sources[0]].span if finding.sources else None
        out.append((sc.span_of(finding), None if first is None else (first.start, first.end)))
    return out


def mapped_right(case: factset.Case, pairs: list[Any]) -> tuple[int, int]:
    """(right, total) over derived truths with a source, via span overlap."""
    right = total = 0
    for truth in case.derived:
        if truth.source is None:
            continue
        total += 1
        best = max(pairs, key=lambda p: sc.overlap(p[0], truth.span), default=None)
        if best is None or best[1] is None:
            continue
        want = case.source[truth.source].span
        right += sc.overlap(best[1], want) > 0.5 * (want[1] - want[0])
    return right, total


def timed(fn: Any, *args: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    value = fn(*args)
    return time.perf_counter() - started, value


def run(n_pairs: int, words: int) -> dict[str, Any]:
    load_s, audit = timed(sc.load_engine)
    first_s, _ = timed(audit, "A warm-up sentence.", "A warm-up sentence.")
    cases = build_pairs(n_pairs + WARMUP, words)
    for case in cases[:WARMUP]:
        audit(case.source_text, case.derived_text)
    times: dict[str, list[float]] = {"engine": [], "difflib": []}
    quality = {"engine": [0, 0], "difflib": [0, 0]}
    for case in cases[WARMUP:]:
        seconds, result = timed(audit, case.source_text, case.derived_text)
        times["engine"].append(seconds)
        _add(quality["engine"], mapped_right(case, engine_align(result)))
        seconds, pairs = timed(difflib_align, case.source_text, case.derived_text)
        times["difflib"].append(seconds)
        _add(quality["difflib"], mapped_right(case, pairs))
    words_mean = statistics.mean(len(c.derived_text.split()) for c in cases[WARMUP:])
    return {"load_s": load_s + first_s, "times": times, "quality": quality, "words": words_mean}


def _add(total: list[int], part: tuple[int, int]) -> None:
    total[0] += part[0]
    total[1] += part[1]


def report(result: dict[str, Any], n_pairs: int) -> str:
    rows = [
        f"{n_pairs} pairs, mean {result['words']:.0f} derived words; "
        f"engine import + model load + first call: {result['load_s'] * 1000:.0f} ms",
        f"{'':10} {'p50 ms':>9} {'p95 ms':>9} {'mean ms':>9} {'mapped right':>13}",
    ]
    stats = {}
    for name, values in result["times"].items():
        ms = sorted(v * 1000 for v in values)
        p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
        stats[name] = (statistics.median(ms), p95, statistics.mean(ms))
        right, total = result["quality"][name]
        share = f"{right / total:.3f}" if total else "-"
        rows.append(f"{name:10} {stats[name][0]:9.1f} {p95:9.1f} {stats[name][2]:9.1f} {share:>13}")
    ratios = [e / d for e, d in zip(stats["engine"], stats["difflib"], strict=True)]
    rows.append("engine/difflib: p50 {:.2f}x, p95 {:.2f}x, mean {:.2f}x".format(*ratios))
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=30)
    parser.add_argument("--words", type=int, default=800)
    args = parser.parse_args(argv)
    print(report(run(args.pairs, args.words), args.pairs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
