"""Killing ``newstrace index add`` at any point loses nothing committed, and re-running it
completes the index: SIGKILL at 20 seeded random points on the real SemEval corpus.

An uninterrupted run is timed first and kept as the reference. Each kill point is drawn
uniformly between 0.2 s and that duration. A run on the index under test is killed at its
point or, if it finishes first, that index is complete and the next point starts a fresh one.
The last index is then run to completion. Every index must pass the check (``newstrace index
check`` on the last, ``api.index_check`` on the others, to save process starts) and hold what
the reference holds: every corpus id once, each with the same fingerprint, no orphan rows.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import newstrace
from newstrace import api

SRC = Path(newstrace.__file__).resolve().parents[1]
SEED = 2022
KILLS = 20
BATCH = 24
"""A small batch gives ~65 commit points in one run of the 1,572 articles."""
FIRST_KILL = 0.2
EMBEDDER = "static"
"""The default, as users run it; "hashing" would take about a third off this test's ~70 s."""


def newstrace_run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newstrace", *map(str, args)],
        env=environment(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def command(corpus: Path, index: Path) -> list[str]:
    add = ["index", "add", str(corpus), "--index", str(index), "--batch-size", str(BATCH)]
    add += ["--embedder", EMBEDDER]
    return [sys.executable, "-m", "newstrace", *add]


def environment() -> dict[str, str]:
    path = os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])
    return {**os.environ, "PYTHONPATH": path}


def run_to_end(corpus: Path, index: Path) -> float:
    start = time.monotonic()
    result = newstrace_run(*command(corpus, index)[3:])
    assert result.returncode == 0, result.stderr
    return time.monotonic() - start


def run_and_kill(corpus: Path, index: Path, after: float) -> bool:
    """Run ``index add`` and SIGKILL it ``after`` seconds in; False when it finished first."""
    process = subprocess.Popen(
        command(corpus, index), env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        process.wait(timeout=after)
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.communicate()
        return True
    _, stderr = process.communicate()
    assert process.returncode == 0, stderr
    return False


def rows(index: Path) -> dict[str, tuple[bytes, bytes]]:
    """Every article id with its fingerprint blobs, read with plain SQL."""
    connection = sqlite3.connect(index)
    try:
        found = connection.execute(
            "SELECT a.id, f.signature, f.embedding FROM articles a "
            "JOIN fingerprints f ON f.rowid = a.rowid"
        ).fetchall()
        counts = [
            connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("articles", "fingerprints")
        ]
    finally:
        connection.close()
    assert counts == [len(found)] * 2, f"articles, fingerprints {counts}; {len(found)} joined"
    return {article_id: (signature, embedding) for article_id, signature, embedding in found}


def assert_complete(index: Path, ids: list[str], reference: dict[str, tuple[bytes, bytes]]) -> None:
    """Every corpus id once, each with the fingerprint the uninterrupted run made."""
    stored = rows(index)
    assert sorted(stored) == sorted(ids) and len(stored) == len(set(ids)) == 1572
    different = [article_id for article_id in ids if stored[article_id] != reference[article_id]]
    assert different == [], f"{len(different)} fingerprints differ from the uninterrupted run"
    with api.open_index(index) as store:
        assert store.load_matrix().ids == ids  # corpus order: each batch committed whole


def test_sigkill_at_20_random_points_loses_nothing(shared: Path, tmp_path: Path) -> None:
    corpus = shared / "data" / "semeval2022_dev" / "corpus.jsonl"
    ids = [json.loads(line)["id"] for line in corpus.read_text(encoding="utf-8").splitlines()]
    full = run_to_end(corpus, tmp_path / "reference.sqlite")
    reference = rows(tmp_path / "reference.sqlite")
    rng = random.Random(SEED)
    points = [rng.uniform(FIRST_KILL, full) for _ in range(KILLS)]
    indexes: list[Path] = []
    killed, complete = 0, True
    for point in points:
        if complete:
            indexes.append(tmp_path / f"killed-{len(indexes)}.sqlite")
        complete = not run_and_kill(corpus, indexes[-1], point)
        killed += not complete
    if not complete:
        run_to_end(corpus, indexes[-1])
    for index in indexes[:-1]:
        assert api.index_check(index) == [], index
        assert_complete(index, ids, reference)
    check = newstrace_run("index", "check", "--index", indexes[-1])
    assert check.returncode == 0, check.stdout + check.stderr
    assert_complete(indexes[-1], ids, reference)
    assert killed >= KILLS // 2, f"only {killed} of {KILLS} runs were running at their kill point"
