"""Shared fixtures: the real seed pair (bundled copy) and the shared data folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from newstrace import api
from newstrace.records import Audit

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSTRACE_SHARED", REPO.parent / "shared"))
DEMO = REPO / "src" / "newstrace" / "demo"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"shared data not found at {SHARED}; set NEWSTRACE_SHARED")
    return SHARED


@pytest.fixture(scope="session")
def seed_audit(shared: Path) -> Audit:
    seeds = shared / "seeds"
    return api.audit(seeds / "source_scraped.txt", seeds / "rewrite.txt")


@pytest.fixture(scope="session")
def served_index(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small real corpus (seed pair, a hostile copy, SemEval articles), indexed and traced."""
    from tests.server.corpus import build_index

    return build_index(shared, tmp_path_factory.mktemp("served"))


# A small mixed-language corpus: the seed article, its hand-made Serbian translation (Latin and
# Cyrillic), a Serbian article with the same names on another story (tests/fixtures/translation),
# and real SemEval articles in several languages around them, so that every article has
# other-language neighbours.
TRANSLATION_FIXTURES = REPO / "tests" / "fixtures" / "translation"
SEMEVAL_ARTICLES = 40
SEED_EN, SEED_SR, SEED_SR_CYRL, SAME_NAMES = "seed-en", "seed-sr", "seed-sr-cyrl", "same-names-sr"


@pytest.fixture(scope="session")
def mixed_corpus(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """JSONL: the translation fixtures (no ``lang``: it is detected) and SemEval articles."""
    cyrtranslit = pytest.importorskip("cyrtranslit")
    serbian = (TRANSLATION_FIXTURES / "seed_source_sr.txt").read_text(encoding="utf-8")
    records = [
        {"id": SEED_EN, "text": (shared / "seeds" / "source_scraped.txt").read_text("utf-8"),
         "published": "2024-02-19"},
        {"id": SEED_SR, "text": serbian, "published": "2024-02-18"},
        # cyrtranslit's Latin -> Cyrillic is ambiguous only on a few digraphs; none matter here.
        {"id": SEED_SR_CYRL, "text": cyrtranslit.to_cyrillic(serbian, "sr")},
        {"id": SAME_NAMES, "text": (TRANSLATION_FIXTURES / "same_names_sr.txt").read_text("utf-8")},
    ]  # fmt: skip
    lines = (shared / "data" / "semeval2022_dev" / "corpus.jsonl").read_text("utf-8").splitlines()
    path = tmp_path_factory.mktemp("translation") / "mixed.jsonl"
    body = [json.dumps(r, ensure_ascii=False) for r in records] + lines[:SEMEVAL_ARTICLES]
    path.write_text("\n".join(body) + "\n", encoding="utf-8")
    return path
