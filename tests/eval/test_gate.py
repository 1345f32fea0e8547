"""The quality gate: the full evaluation must stay above its pinned floors.

The full run (MSRP, MSRP fact changes, factset) audits about 6,500 pairs; it is marked
``slow`` so ``pytest -m "not slow"`` can skip it. Nothing here measures time.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

import eval.gate as gate
from eval.data import data_sha256
from eval.run import FULL, run_eval


@pytest.fixture(scope="module")
def results(shared: Path, semeval_trace: dict[str, Any]) -> dict[str, Any]:
    """The full evaluation; its SemEval trace part is the session's (see conftest)."""
    others = tuple(name for name in FULL.trace_sets if name != "semeval")
    done = run_eval(dataclasses.replace(FULL, trace_sets=others))
    done["metrics"].update(semeval_trace["metrics"])
    return done


@pytest.fixture(scope="module")
def baseline() -> dict[str, Any]:
    return gate.load_json(gate.BASELINE)


def test_baseline_pins_the_current_data(shared: Path, baseline: dict[str, Any]) -> None:
    assert baseline["data_sha256"] == data_sha256(), "data changed: re-run eval and --update"


@pytest.mark.slow
def test_full_eval_meets_every_floor(results: dict[str, Any], baseline: dict[str, Any]) -> None:
    failures = gate.check(results, baseline)
    assert not failures, "\n".join(failures)


@pytest.mark.slow
def test_engine_raises_on_no_pair(results: dict[str, Any]) -> None:
    assert results["metrics"]["engine.errors"] == 0, results["errors"]


# --- gate mechanics (no engine) ----------------------------------------------------------


def fake_results(**metrics: float) -> dict[str, Any]:
    return {"mode": "full", "data_sha256": {"x": "1"}, "metrics": metrics}


def test_pin_puts_floors_below_and_ceilings_above() -> None:
    pinned = gate.pin({"a.recall": 0.9, "b.false_alarm": 0.1, "engine.errors": 0, "c.f1": None})
    assert pinned["floors"] == {"a.recall": 0.88}
    assert pinned["ceilings"] == {"b.false_alarm": 0.12, "engine.errors": 0.0}


def test_check_reports_floor_ceiling_and_data_failures() -> None:
    baseline, _ = gate.update(fake_results(**{"a.recall": 0.9, "b.false_alarm": 0.1}), {}, False)
    assert gate.check(fake_results(**{"a.recall": 0.89, "b.false_alarm": 0.11}), baseline) == []
    bad = fake_results(**{"a.recall": 0.5, "b.false_alarm": 0.5})
    bad["data_sha256"] = {"x": "2"}
    failures = gate.check(bad, baseline)
    assert len(failures) == 3
    assert gate.check({**bad, "mode": "quick"}, baseline)[0].startswith("no floors")


def test_update_refuses_to_lower_floors_unless_allowed() -> None:
    baseline, _ = gate.update(fake_results(**{"a.recall": 0.9}), {}, False)
    worse = fake_results(**{"a.recall": 0.8})
    kept, blocked = gate.update(worse, baseline, allow_regression=False)
    assert kept == baseline and blocked
    lowered, _ = gate.update(worse, baseline, allow_regression=True)
    assert lowered["modes"]["full"]["floors"]["a.recall"] == 0.78
    raised, blocked = gate.update(fake_results(**{"a.recall": 0.95}), baseline, False)
    assert not blocked and raised["modes"]["full"]["floors"]["a.recall"] == 0.93


def test_cli_update_writes_atomically_and_refuses(tmp_path: Path) -> None:
    results, base = tmp_path / "results.json", tmp_path / "baseline.json"
    results.write_text(json.dumps(fake_results(**{"a.recall": 0.9})))
    assert gate.main(["--results", str(results), "--baseline", str(base), "--update"]) == 0
    pinned = base.read_text()
    results.write_text(json.dumps(fake_results(**{"a.recall": 0.5})))
    assert gate.main(["--results", str(results), "--baseline", str(base), "--update"]) == 1
    assert base.read_text() == pinned
    assert gate.main(["--results", str(results), "--baseline", str(base)]) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["baseline.json", "results.json"]
