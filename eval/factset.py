"""The generated fact-change set: real English articles and derived versions with known edits.

Each source article is a SemEval English article reduced to clean sentences (see
``eval.data``). Its derived version changes facts in a few sentences (number, date, name,
negation, quote, attribution), lightly edits one, drops one, may add a sentence from another
article, and leaves the rest byte-identical. Truth is recorded per derived sentence as
character spans, so scoring does not depend on the engine's segmenter.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from eval import scoring as sc
from eval.data import Doc, load_semeval_en
from eval.edits import FACT_EDITS, Edit, NamePool, build_pool, edit_light

SEED = 20220
FACT_KINDS = tuple(FACT_EDITS)
DROP_CHANCE = 0.8
ADD_CHANCE = 0.75
EXAMPLES_PER_KIND = 6
# Few clean sentences hold a quotation or a named speaker: take every one that does.
SCARCE = frozenset({"quote", "attribution"})


@dataclass(frozen=True, slots=True)
class DerivedTruth:
    kind: str  # a fact kind, or "untouched", "light", "added"
    span: tuple[int, int]
    source: int | None  # index of the source sentence it derives from
    edit: tuple[int, int] | None  # changed text in the derived text (start == end: deletion)
    old: str = ""
    new: str = ""


@dataclass(frozen=True, slots=True)
class SourceTruth:
    span: tuple[int, int]
    dropped: bool


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    source_text: str
    derived_text: str
    derived: tuple[DerivedTruth, ...]
    source: tuple[SourceTruth, ...]


@dataclass(frozen=True, slots=True)
class Pools:
    names: dict[int, tuple[str, ...]]
    speakers: dict[int, tuple[str, ...]]

    def for_kind(self, kind: str, avoid: str) -> NamePool:
        by_len = self.speakers if kind == "attribution" else self.names
        return NamePool(by_len=by_len, avoid=avoid)


# --- building ----------------------------------------------------------------------------


def build_factset(n_articles: int = 150, seed: int = SEED) -> list[Case]:
    """``n_articles`` cases, deterministic for a given seed and data."""
    docs = load_semeval_en(min_sentences=5)
    everything = load_semeval_en(min_sentences=1)
    sentences = [s for d in everything for s in d.sentences]
    pools = Pools(build_pool(sentences), build_pool(sentences, speakers_only=True))
    rng = random.Random(seed)
    chosen = rng.sample(docs, min(n_articles, len(docs)))
    counts: Counter[str] = Counter()
    return [make_case(doc, docs, rng, pools, counts) for doc in chosen]


def make_case(
    doc: Doc, donors: list[Doc], rng: random.Random, pools: Pools, counts: Counter[str]
) -> Case:
    ops = plan_edits(doc.sentences, rng, pools, counts)
    derived: list[tuple[str, str, int | None, Edit | None]] = []
    for index, sentence in enumerate(doc.sentences):
        op = ops.get(index)
        if op == "drop":
            continue
        if isinstance(op, Edit):
            derived.append((op.text, op.kind, index, op))
        else:
            derived.append((sentence, "untouched", index, None))
    if rng.random() < ADD_CHANCE:
        added = pick_addition(doc, donors, rng)
        derived.insert(rng.randint(0, len(derived)), (added, "added", None, None))
    return assemble(doc, ops, derived)


def plan_edits(
    sentences: tuple[str, ...], rng: random.Random, pools: Pools, counts: Counter[str]
) -> dict[int, Edit | str]:
    """Which sentence gets which edit; the rarest fact kinds so far are tried first."""
    order = list(range(len(sentences)))
    rng.shuffle(order)
    avoid = " ".join(sentences).lower()
    wanted = 3 if len(sentences) >= 8 else 2
    ops: dict[int, Edit | str] = {}
    for kind in sorted(FACT_KINDS, key=lambda k: (counts[k], rng.random())):
        if len(ops) >= wanted and kind not in SCARCE:
            continue
        edit = _first_edit(sentences, order, ops, kind, rng, pools.for_kind(kind, avoid))
        if edit is not None:
            ops[edit[0]] = edit[1]
            counts[kind] += 1
    light = _first_edit(sentences, order, ops, "light", rng, pools.for_kind("name", avoid))
    if light is not None:
        ops[light[0]] = light[1]
    free = [i for i in order if i not in ops]
    if len(free) >= 2 and rng.random() < DROP_CHANCE:
        ops[free[0]] = "drop"
    return ops


def _first_edit(
    sentences: tuple[str, ...],
    order: list[int],
    ops: dict[int, Edit | str],
    kind: str,
    rng: random.Random,
    pool: NamePool,
) -> tuple[int, Edit] | None:
    fn = edit_light if kind == "light" else FACT_EDITS[kind]
    for index in order:
        if index in ops:
            continue
        edit = fn(sentences[index], rng, pool)
        if edit is not None:
            return index, edit
    return None


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def pick_addition(doc: Doc, donors: list[Doc], rng: random.Random) -> str:
    """A sentence from another article that shares little vocabulary with ``doc``."""
    own = _words(" ".join(doc.sentences))
    for _ in range(50):
        donor = rng.choice(donors)
        if donor.id == doc.id:
            continue
        sentence = rng.choice(donor.sentences)
        words = _words(sentence)
        if len(words & own) <= 0.4 * len(words):
            return sentence
    return "The committee will publish its full findings in a report next spring."


def assemble(
    doc: Doc, ops: dict[int, Edit | str], derived: list[tuple[str, str, int | None, Edit | None]]
) -> Case:
    source_text, source_spans = _join(list(doc.sentences))
    derived_text, derived_spans = _join([d[0] for d in derived])
    truths = []
    for (_, kind, index, edit), span in zip(derived, derived_spans, strict=True):
        at = (span[0] + edit.start, span[0] + edit.end) if edit else None
        old, new = (edit.old, edit.new) if edit else ("", "")
        truths.append(DerivedTruth(kind, span, index, at, old, new))
    sources = tuple(SourceTruth(span, ops.get(i) == "drop") for i, span in enumerate(source_spans))
    return Case(doc.id, source_text, derived_text, tuple(truths), sources)


def _join(sentences: list[str]) -> tuple[str, list[tuple[int, int]]]:
    spans, offset = [], 0
    for sentence in sentences:
        spans.append((offset, offset + len(sentence)))
        offset += len(sentence) + 1
    return " ".join(sentences), spans


def kind_counts(cases: list[Case]) -> dict[str, int]:
    counts = Counter(t.kind for c in cases for t in c.derived)
    counts["dropped"] = sum(s.dropped for c in cases for s in c.source)
    return dict(sorted(counts.items()))


# --- scoring -----------------------------------------------------------------------------


@dataclass(slots=True)
class Outcome:
    kind: str
    verdict: str
    kinds: set[str]
    example: dict[str, Any]


def score_factset(cases: list[Case], engine: sc.Engine) -> dict[str, Any]:
    """Per-kind recall/precision, addition and drop recall, false alarms, failure examples."""
    outcomes: list[Outcome] = []
    drops: list[tuple[bool, str, dict[str, Any]]] = []
    for number, case in enumerate(cases):
        if number % 20 == 0:
            sc.progress(f"factset: {number}/{len(cases)}")
        audit = engine(case.source_text, case.derived_text)
        outcomes += _derived_outcomes(case, audit)
        drops += _source_outcomes(case, audit)
    metrics = _metrics(outcomes, drops)
    return {"metrics": metrics, "examples": _examples(outcomes, drops)}


def _derived_outcomes(case: Case, audit: Any) -> list[Outcome]:
    findings = audit.derived_findings if audit is not None else ()
    out = []
    for truth in case.derived:
        at = truth.edit[0] if truth.edit and truth.kind in FACT_KINDS else None
        finding = sc.match_finding(findings, truth.span, at)
        source = case.source[truth.source].span if truth.source is not None else None
        example = {
            "case": case.id,
            "source": case.source_text[source[0] : source[1]] if source else None,
            "derived": case.derived_text[truth.span[0] : truth.span[1]],
            "edit": f"{truth.old!r} -> {truth.new!r}" if truth.edit else None,
            "engine": sc.describe(finding),
        }
        out.append(Outcome(truth.kind, sc.verdict(finding), sc.change_kinds(finding), example))
    return out


def _source_outcomes(case: Case, audit: Any) -> list[tuple[bool, str, dict[str, Any]]]:
    findings = audit.source_findings if audit is not None else ()
    out = []
    for truth in case.source:
        finding = sc.match_finding(findings, truth.span)
        status = "missing" if finding is None else str(finding.status)
        text = case.source_text[truth.span[0] : truth.span[1]]
        out.append((truth.dropped, status, {"case": case.id, "source": text, "status": status}))
    return out


Drops = list[tuple[bool, str, dict[str, Any]]]


def _metrics(outcomes: list[Outcome], drops: Drops) -> dict[str, float | None]:
    metrics: dict[str, float | None] = {}
    for kind in FACT_KINDS:
        mine = [o for o in outcomes if o.kind == kind]
        predicted = [o for o in outcomes if kind in o.kinds]
        hits = sum(kind in o.kinds for o in mine)
        metrics[f"factset.{kind}.recall"] = sc.rate(hits, len(mine))
        metrics[f"factset.{kind}.precision"] = sc.rate(hits, len(predicted))
        metrics[f"factset.{kind}.flagged"] = sc.rate(
            sum(o.verdict in sc.FLAGGED for o in mine), len(mine)
        )
    added = [o for o in outcomes if o.kind == "added"]
    metrics["factset.added.recall"] = sc.rate(
        sum(o.verdict == "unsupported_addition" for o in added), len(added)
    )
    for kind in ("untouched", "light"):
        mine = [o for o in outcomes if o.kind == kind]
        metrics[f"factset.{kind}.false_alarm"] = sc.rate(
            sum(o.verdict in sc.FLAGGED for o in mine), len(mine)
        )
    dropped = [status for was, status, _ in drops if was]
    kept = [status for was, status, _ in drops if not was]
    metrics["factset.dropped.recall"] = sc.rate(dropped.count("dropped"), len(dropped))
    metrics["factset.kept.false_drop"] = sc.rate(kept.count("dropped"), len(kept))
    return metrics


def _examples(outcomes: list[Outcome], drops: Drops) -> dict[str, list[dict[str, Any]]]:
    """Failures per kind, for whoever improves the engine next."""
    out: dict[str, list[dict[str, Any]]] = {}
    for outcome in outcomes:
        if outcome.kind in FACT_KINDS:
            failed = outcome.kind not in outcome.kinds
        elif outcome.kind == "added":
            failed = outcome.verdict != "unsupported_addition"
        else:
            failed = outcome.verdict in sc.FLAGGED
        bucket = out.setdefault(f"factset.{outcome.kind}", [])
        if failed and len(bucket) < EXAMPLES_PER_KIND:
            bucket.append(outcome.example)
    misses = [ex for was, status, ex in drops if was and status != "dropped"]
    out["factset.dropped"] = misses[:EXAMPLES_PER_KIND]
    return out
