"""Quality gate: compare eval results with the pinned floors and ceilings in baseline.json.

    python -m eval.gate [--results eval/results.json]            check
    python -m eval.gate --update [--allow-regression]            re-pin from the results
    python -m eval.gate --update --only trace.                    re-pin one group of metrics

Floors (higher is better) and ceilings (false-alarm rates, errors) are pinned per mode
(``full``, ``quick``) a margin (see ``MARGIN``) away from the measured value, with the
SHA-256 of the input data. ``--update`` refuses to lower a floor or raise a ceiling unless
``--allow-regression`` is given, and rewrites the file atomically.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from eval.data import REPO

BASELINE = REPO / "eval" / "baseline.json"
RESULTS = REPO / "eval" / "results.json"
# Two points, or one item of the set when that is more (30 quotes: 0.034), so that a single
# flipped sentence is not a regression but a real drop is.
MARGIN = 0.02
CEILING_SUFFIXES = ("false_alarm", "false_drop", "errors")


def is_ceiling(metric: str) -> bool:
    return metric.endswith(CEILING_SUFFIXES)


def load_json(path: Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8")))


def margin_for(metric: str, counts: dict[str, int]) -> float:
    """``MARGIN``, widened to one item of the set the metric counts (1/30 for 30 quotes)."""
    group = metric.rsplit(".", 1)[0]
    n = counts.get(group) or (counts.get("msrp.pairs") if group == "msrp.paraphrase" else None)
    return max(MARGIN, 1.0 / n) if n else MARGIN


def pin(
    metrics: dict[str, Any], counts: dict[str, int] | None = None
) -> dict[str, dict[str, float]]:
    """Floors and ceilings a margin below / above each measured value."""
    floors: dict[str, float] = {}
    ceilings: dict[str, float] = {}
    for metric, value in sorted(metrics.items()):
        margin = margin_for(metric, counts or {})
        if value is None:
            continue
        if metric == "engine.errors":
            ceilings[metric] = float(value)
        elif is_ceiling(metric):
            ceilings[metric] = min(1.0, math.ceil(round((value + margin) * 1000, 6)) / 1000)
        else:
            floors[metric] = max(0.0, math.floor(round((value - margin) * 1000, 6)) / 1000)
    return {"floors": floors, "ceilings": ceilings}


def check(results: dict[str, Any], baseline: dict[str, Any]) -> list[str]:
    """Every way ``results`` fall short of the baseline for their mode; empty when they pass."""
    mode = results.get("mode", "full")
    pinned = baseline.get("modes", {}).get(mode)
    if pinned is None:
        return [f"no floors pinned for mode {mode!r}; run `python -m eval.gate --update`"]
    failures = []
    if results.get("data_sha256") != baseline.get("data_sha256"):
        failures.append("input data differ from the pinned SHA-256; re-pin with --update")
    metrics = results.get("metrics", {})
    for metric, floor in pinned["floors"].items():
        value = metrics.get(metric)
        if value is None or value < floor:
            failures.append(f"{metric} = {value} is below its floor {floor}")
    for metric, ceiling in pinned["ceilings"].items():
        value = metrics.get(metric)
        if value is None or value > ceiling:
            failures.append(f"{metric} = {value} is above its ceiling {ceiling}")
    return failures


def regressions(old: dict[str, Any] | None, new: dict[str, Any]) -> list[str]:
    """Floors the new pin would lower and ceilings it would raise, against the old pin."""
    if old is None:
        return []
    out = []
    for metric, floor in old["floors"].items():
        if new["floors"].get(metric, -1.0) < floor:
            out.append(f"floor of {metric}: {floor} -> {new['floors'].get(metric)}")
    for metric, ceiling in old["ceilings"].items():
        if new["ceilings"].get(metric, math.inf) > ceiling:
            out.append(f"ceiling of {metric}: {ceiling} -> {new['ceilings'].get(metric)}")
    return out


def update(
    results: dict[str, Any],
    baseline: dict[str, Any],
    allow_regression: bool,
    only: str | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """The re-pinned baseline, or the unchanged one plus the regressions that blocked it.

    ``only``: re-pin just the metrics whose name starts with it, keeping every other pin.
    """
    mode = results.get("mode", "full")
    # Floors pinned on other input data say nothing about this data: they are replaced.
    same_data = baseline.get("data_sha256") in (None, results["data_sha256"])
    old_modes: dict[str, Any] = baseline.get("modes", {}) if same_data else {}
    if only is None:
        new_pin = pin(results["metrics"], results.get("counts"))
    else:
        chosen = {k: v for k, v in results["metrics"].items() if k.startswith(only)}
        new_pin = _merge_pin(old_modes.get(mode), pin(chosen, results.get("counts")), only)
    blocked = regressions(old_modes.get(mode), new_pin)
    if blocked and not allow_regression:
        return baseline, blocked
    modes = {**old_modes, mode: new_pin}
    pinned = {"margin": MARGIN, "data_sha256": results["data_sha256"], "modes": modes}
    return pinned, blocked


def _merge_pin(
    old: dict[str, Any] | None, chosen: dict[str, dict[str, float]], prefix: str
) -> dict[str, dict[str, float]]:
    """``old`` with every pin under ``prefix`` replaced by ``chosen``."""
    merged: dict[str, dict[str, float]] = {}
    for kind in ("floors", "ceilings"):
        kept = {k: v for k, v in (old or {}).get(kind, {}).items() if not k.startswith(prefix)}
        merged[kind] = dict(sorted({**kept, **chosen[kind]}.items()))
    return merged


def write_atomic(path: Path, document: dict[str, Any]) -> None:
    """Write ``document`` as JSON so a reader never sees a half-written file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(document, handle, indent=2, sort_keys=True)
            handle.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.gate", description=__doc__)
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--baseline", type=Path, default=BASELINE)
    parser.add_argument("--update", action="store_true", help="re-pin floors from the results")
    parser.add_argument("--allow-regression", action="store_true")
    parser.add_argument("--only", metavar="PREFIX", help="re-pin only metrics named PREFIX...")
    args = parser.parse_args(argv)
    results = load_json(args.results)
    baseline = load_json(args.baseline) if args.baseline.exists() else {}
    if args.update:
        pinned, blocked = update(results, baseline, args.allow_regression, args.only)
        for line in blocked:
            print(f"regression: {line}", file=sys.stderr)
        if blocked and not args.allow_regression:
            print("refusing to lower floors; pass --allow-regression to accept", file=sys.stderr)
            return 1
        write_atomic(args.baseline, pinned)
        print(f"pinned {results.get('mode')} floors in {args.baseline}")
        return 0
    failures = check(results, baseline)
    for line in failures:
        print(f"FAIL {line}")
    print("gate passed" if not failures else f"gate failed: {len(failures)} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
