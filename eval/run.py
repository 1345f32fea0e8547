"""Run every evaluation set: ``python -m eval.run [--quick] [--out eval/results.json]``.

The table goes to stdout, progress to stderr, and the full results (metrics, baselines,
counts, failure examples) to the JSON file.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval import factset, msrp, trace
from eval import scoring as sc
from eval.data import REPO, data_sha256, ensure_src_on_path, load_msrp


@dataclass(frozen=True, slots=True)
class Mode:
    name: str
    msrp_pairs: int | None  # None: every pair
    articles: int
    trace_sets: tuple[str, ...] = trace.SETS
    """Which trace sets run (``eval/trace.py``); quick runs none, tests/eval runs SemEval."""


FULL = Mode("full", None, 150)
# The quick mode is what tests/eval runs: a fixed seeded subset with its own floors.
QUICK = Mode("quick", 800, 60, trace_sets=())


def run_eval(mode: Mode, engine: sc.Engine | None = None) -> dict[str, Any]:
    """Build and score every set in ``mode``; returns the results document."""
    engine = engine or sc.Engine(sc.load_engine())
    started = time.perf_counter()
    engine("Warm-up sentence one.", "Warm-up sentence one.")  # loads the model
    load_seconds = time.perf_counter() - started
    engine.calls, engine.seconds = 0, 0.0
    parts = [*_msrp_parts(mode, engine), _factset_part(mode, engine)]
    parts.append(trace.run_trace_eval(mode.trace_sets))
    results: dict[str, Any] = {
        "mode": mode.name,
        "data_sha256": data_sha256(),
        "config_tag": _config_tag(),
        "metrics": {},
        "baselines": {},
        "counts": {},
        "examples": {},
    }
    for part in parts:
        for key in ("metrics", "baselines", "counts", "examples"):
            results[key].update(part.get(key, {}))
    results["metrics"]["engine.errors"] = len(engine.errors)
    results["timing"] = {
        "model_load_s": round(load_seconds, 2),
        "audits": engine.calls,
        "audit_total_s": round(engine.seconds, 2),
        "audit_mean_ms": round(1000 * engine.seconds / max(engine.calls, 1), 2),
    }
    for part in parts:
        results["timing"].update(part.get("timing", {}))
    results["errors"] = engine.errors[:20]
    return results


def _msrp_parts(mode: Mode, engine: sc.Engine) -> list[dict[str, Any]]:
    data = load_msrp()
    pairs = msrp.sample_pairs(data, mode.msrp_pairs)
    paraphrase, findings = msrp.score_paraphrase(data, pairs, engine)
    paraphrase["counts"] = {
        "msrp.pairs": len(pairs),
        "msrp.positive": sum(p.label for p in pairs),
        "msrp.split_by_engine": sum(f is not None and f.parts > 1 for f in findings.values()),
    }
    cases = msrp.build_fact_cases(data, pairs)
    controls = msrp.control_findings(data, pairs, findings, engine)
    facts = msrp.score_fact_changes(cases, controls, engine)
    facts["counts"] = {f"msrp_fact.{k}": v for k, v in facts["counts"].items()}
    return [paraphrase, facts]


def _factset_part(mode: Mode, engine: sc.Engine) -> dict[str, Any]:
    cases = factset.build_factset(mode.articles)
    part = factset.score_factset(cases, engine)
    counts = {f"factset.{k}": v for k, v in factset.kind_counts(cases).items()}
    part["counts"] = {"factset.articles": len(cases), **counts}
    return part


def _config_tag() -> str:
    ensure_src_on_path()
    from newstrace.config import Config

    return Config().tag


def format_table(results: dict[str, Any]) -> str:
    """Metric, engine score, baseline (where one exists) and the count behind it."""
    metrics, baselines = results["metrics"], results["baselines"]
    rows = [f"{'metric':48} {'engine':>8} {'baseline':>9}", "-" * 67]
    for key, value in metrics.items():
        base = baselines.get(key.replace("msrp.paraphrase.", "msrp.paraphrase.jaccard."))
        base = baselines.get(key) if key.startswith("trace.") else base
        rows.append(f"{key:48} {sc.fmt_value(value):>8} {sc.fmt_value(base):>9}")
    threshold = baselines.get("msrp.paraphrase.jaccard.threshold")
    if threshold is not None:
        always = baselines.get("msrp.paraphrase.always_yes.f1")
        rows.append(
            f"(baseline: word Jaccard at its best-F1 threshold {threshold}, chosen on these same "
            f"pairs; answering 'paraphrase' always gives F1 {always})"
        )
    rows.append(
        "(trace.* baseline: datasketch char 5-gram MinHash + MinHashLSH at 0.5; pearson is "
        "against -overall, so higher = agrees with the human similarity ratings)"
    )
    rows.append("counts: " + ", ".join(f"{k}={v}" for k, v in results["counts"].items()))
    timing = results.get("timing", {})
    rows.append("timing: " + ", ".join(f"{k}={v}" for k, v in timing.items()))
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="the fixed subset tests/eval runs")
    parser.add_argument("--out", type=Path, default=REPO / "eval" / "results.json")
    args = parser.parse_args(argv)
    results = run_eval(QUICK if args.quick else FULL)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(format_table(results))
    sc.progress(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
