"""Shared fixtures: the real seed pair (bundled copy) and the shared data folder."""

from __future__ import annotations

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
