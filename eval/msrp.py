"""MSRP sets: (a) paraphrase detection and (b) one fact changed inside a human paraphrase.

(a) Each labelled pair is audited as source sentence ``a`` / derived sentence ``b``; the pair
is predicted "paraphrase" when the derived finding is verbatim, light_edit or paraphrase
(when the engine splits the derived sentence, the worst verdict of its parts counts). A
word-Jaccard baseline is scored in the same run at its best threshold chosen on the same
pairs (an optimistic baseline).

(b) In label-1 pairs one fact of ``b`` that also occurs in ``a`` (a number, a date, a name) is
changed, or a negation inserted/removed. The unedited label-1 pairs are the controls: they
must not be flagged.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from eval import lexicon as lx
from eval import scoring as sc
from eval.data import Msrp, MsrpPair
from eval.edits import FACT_EDITS, Edit, NamePool, build_pool

SEED = 1907
MSRP_KINDS = ("number", "date", "name", "negation")
EXAMPLES_PER_KIND = 6
ATTEMPTS = 6


def sample_pairs(msrp: Msrp, limit: int | None, seed: int = SEED) -> list[MsrpPair]:
    """All pairs, or a fixed seeded sample of ``limit`` of them (file order kept)."""
    pairs = msrp.pairs
    if limit is None or limit >= len(pairs):
        return list(pairs)
    keep = set(random.Random(seed).sample(range(len(pairs)), limit))
    return [p for i, p in enumerate(pairs) if i in keep]


# --- (a) paraphrase detection ------------------------------------------------------------


def jaccard(a: str, b: str) -> float:
    wa, wb = set(re.findall(r"\w+", a.lower())), set(re.findall(r"\w+", b.lower()))
    return len(wa & wb) / len(wa | wb) if wa | wb else 1.0


def binary_scores(gold: list[int], pred: list[bool]) -> dict[str, float | None]:
    tp = sum(g == 1 and p for g, p in zip(gold, pred, strict=True))
    fp = sum(g == 0 and p for g, p in zip(gold, pred, strict=True))
    fn = sum(g == 1 and not p for g, p in zip(gold, pred, strict=True))
    correct = sum((g == 1) == p for g, p in zip(gold, pred, strict=True))
    return {**sc.prf(tp, fp, fn), "accuracy": sc.rate(correct, len(gold))}


def best_threshold(gold: list[int], values: list[float]) -> tuple[float, dict[str, Any]]:
    """The threshold maximising F1 on these very pairs, with its scores."""
    best: tuple[float, dict[str, Any]] = (0.0, {"f1": -1.0})
    for threshold in sorted(set(values)):
        scores = binary_scores(gold, [v >= threshold for v in values])
        if (scores["f1"] or 0.0) > best[1]["f1"]:
            best = (threshold, scores)
    return best


def score_paraphrase(
    msrp: Msrp, pairs: list[MsrpPair], engine: sc.Engine
) -> tuple[dict[str, Any], dict[tuple[str, str], Any]]:
    """Engine vs Jaccard on labelled pairs; also returns the merged finding per pair."""
    gold = [p.label for p in pairs]
    findings: dict[tuple[str, str], Any] = {}
    for number, pair in enumerate(pairs):
        if number % 500 == 0:
            sc.progress(f"msrp paraphrase: {number}/{len(pairs)}")
        findings[(pair.a, pair.b)] = pair_finding(engine(msrp.texts[pair.a], msrp.texts[pair.b]))
    pred = [sc.verdict(findings[(p.a, p.b)]) in sc.SUPPORTED for p in pairs]
    values = [jaccard(msrp.texts[p.a], msrp.texts[p.b]) for p in pairs]
    threshold, base = best_threshold(gold, values)
    metrics = {f"msrp.paraphrase.{k}": v for k, v in binary_scores(gold, pred).items()}
    baselines = {f"msrp.paraphrase.jaccard.{k}": v for k, v in base.items()}
    baselines["msrp.paraphrase.jaccard.threshold"] = round(threshold, 4)
    always = binary_scores(gold, [True] * len(gold))  # "every pair is a paraphrase"
    baselines |= {f"msrp.paraphrase.always_yes.{k}": v for k, v in always.items()}
    examples = _paraphrase_examples(msrp, pairs, findings)
    return {"metrics": metrics, "baselines": baselines, "examples": examples}, findings


def _paraphrase_examples(
    msrp: Msrp, pairs: list[MsrpPair], findings: dict[tuple[str, str], Any]
) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {
        "msrp.paraphrase.missed": [],
        "msrp.paraphrase.false": [],
    }
    for pair in pairs:
        finding = findings[(pair.a, pair.b)]
        supported = sc.verdict(finding) in sc.SUPPORTED
        key = "msrp.paraphrase.missed" if pair.label == 1 else "msrp.paraphrase.false"
        if supported != (pair.label == 1) and len(out[key]) < EXAMPLES_PER_KIND:
            example = {"source": msrp.texts[pair.a], "derived": msrp.texts[pair.b]}
            out[key].append({**example, "engine": sc.describe(finding)})
    return out


# --- (b) fact changes inside paraphrases -------------------------------------------------


@dataclass(frozen=True, slots=True)
class FactCase:
    pair: MsrpPair
    kind: str
    source: str
    derived: str
    edit: Edit


def build_fact_cases(msrp: Msrp, pairs: list[MsrpPair], seed: int = SEED) -> list[FactCase]:
    """One fact edit per label-1 pair where one applies; the rarest kind so far goes first."""
    pool = build_pool(msrp.texts.values())
    rng = random.Random(seed)
    counts: Counter[str] = Counter()
    cases = []
    for pair in (p for p in pairs if p.label == 1):
        source, derived = msrp.texts[pair.a], msrp.texts[pair.b]
        names = NamePool(by_len=pool, avoid=(source + " " + derived).lower())
        for kind in sorted(MSRP_KINDS, key=lambda k: (counts[k], rng.random())):
            edit = shared_fact_edit(kind, source, derived, rng, names)
            if edit is not None:
                cases.append(FactCase(pair, kind, source, edit.text, edit))
                counts[kind] += 1
                break
    return cases


def shared_fact_edit(
    kind: str, source: str, derived: str, rng: random.Random, names: NamePool
) -> Edit | None:
    """An edit of ``derived`` whose old value also occurs in ``source`` (so it contradicts it)."""
    for _ in range(ATTEMPTS):
        edit = FACT_EDITS[kind](derived, rng, names)
        if edit is None:
            return None
        if kind == "negation" and _contradicts_polarity(edit, source):
            return edit
        if kind != "negation" and _in_source(edit, source):
            return edit
    return None


def _contradicts_polarity(edit: Edit, source: str) -> bool:
    """Inserting "not" contradicts a source without negation; removing one, a source with
    one (removing a negation the source never had brings the paraphrase closer to it)."""
    negated = lx.NEGATION.search(source) is not None
    return negated if edit.old else not negated


def _in_source(edit: Edit, source: str) -> bool:
    """``edit.old`` occurs in ``source``; a short numeral (a day, a small count) must occur
    there with the word before it too, so "Nov. 2" is not matched by "2 points"."""
    old = re.escape(edit.old)
    if edit.old.isdigit() and len(edit.old) <= 2:
        before = edit.text[: edit.start].split()[-1:]
        old = re.escape(" ".join([*before, edit.old]))
    return re.search(rf"(?<!\w){old}(?!\w)", source) is not None


@dataclass(frozen=True, slots=True)
class PairFinding:
    """The findings of a one-sentence derived text, merged: the engine may split it in two."""

    verdict: str
    score: float
    changes: tuple[Any, ...]
    unsupported: tuple[Any, ...]
    parts: int


_SEVERITY = ("verbatim", "light_edit", "paraphrase", "unsupported_addition", "changed_fact")


def pair_finding(audit: Any) -> PairFinding | None:
    """The worst verdict over the derived findings, with every change and unsupported atom."""
    if audit is None or not audit.derived_findings:
        return None
    findings = audit.derived_findings
    worst = max(findings, key=lambda f: _SEVERITY.index(str(f.verdict)))
    return PairFinding(
        verdict=str(worst.verdict),
        score=min(float(f.score) for f in findings),
        changes=tuple(c for f in findings for c in f.changes),
        unsupported=tuple(a for f in findings for a in f.unsupported),
        parts=len(findings),
    )


Controls = dict[tuple[str, str], tuple[str, str, Any]]


def control_findings(
    msrp: Msrp, pairs: list[MsrpPair], findings: dict[tuple[str, str], Any], engine: sc.Engine
) -> Controls:
    """(source, derived, finding) of each unedited label-1 pair, reusing set (a)'s audits."""
    out: Controls = {}
    for pair in (p for p in pairs if p.label == 1):
        source, derived = msrp.texts[pair.a], msrp.texts[pair.b]
        if (pair.a, pair.b) not in findings:
            findings[(pair.a, pair.b)] = pair_finding(engine(source, derived))
        out[(pair.a, pair.b)] = (source, derived, findings[(pair.a, pair.b)])
    return out


def score_fact_changes(
    cases: list[FactCase], controls: Controls, engine: sc.Engine
) -> dict[str, Any]:
    """Per kind: recall (flagged), exact (changed_fact of that kind), recall where the
    unedited control was not flagged ("clean"); and the false-alarm rate on controls."""
    rows: dict[str, list[tuple[bool, bool, bool]]] = {k: [] for k in MSRP_KINDS}
    examples: dict[str, list[dict[str, Any]]] = {}
    for number, case in enumerate(cases):
        if number % 500 == 0:
            sc.progress(f"msrp fact changes: {number}/{len(cases)}")
        finding = pair_finding(engine(case.source, case.derived))
        exact = case.kind in sc.change_kinds(finding)
        control = controls[(case.pair.a, case.pair.b)][2]
        rows[case.kind].append((sc.is_flagged(finding), exact, not sc.is_flagged(control)))
        if not exact:
            edit = f"{case.edit.old!r} -> {case.edit.new!r}"
            example: dict[str, Any] = {"source": case.source, "derived": case.derived}
            example |= {"edit": edit, "engine": sc.describe(finding)}
            _keep(examples, f"msrp_fact.{case.kind}", example)
    for source, derived, finding in controls.values():
        if sc.is_flagged(finding):
            control = {"source": source, "derived": derived, "engine": sc.describe(finding)}
            _keep(examples, "msrp_fact.control", control)
    metrics: dict[str, float | None] = {}
    for kind, got in rows.items():
        clean = [flagged for flagged, _, ok in got if ok]
        metrics[f"msrp_fact.{kind}.recall"] = sc.rate(sum(r[0] for r in got), len(got))
        metrics[f"msrp_fact.{kind}.exact"] = sc.rate(sum(r[1] for r in got), len(got))
        metrics[f"msrp_fact.{kind}.recall_clean"] = sc.rate(sum(clean), len(clean))
    flagged_controls = sum(sc.is_flagged(f) for _, _, f in controls.values())
    metrics["msrp_fact.control.false_alarm"] = sc.rate(flagged_controls, len(controls))
    counts = {kind: len(got) for kind, got in rows.items()} | {"control": len(controls)}
    return {"metrics": metrics, "examples": examples, "counts": counts}


def _keep(examples: dict[str, list[dict[str, Any]]], key: str, example: dict[str, Any]) -> None:
    bucket = examples.setdefault(key, [])
    if len(bucket) < EXAMPLES_PER_KIND:
        bucket.append(example)
