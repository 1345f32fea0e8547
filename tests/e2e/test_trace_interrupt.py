"""Ctrl-C during ``newstrace trace``: one line saying what was kept, exit code 130, no
traceback, no worker left running, and the trace stored in the index as it was (a trace is
stored whole).

The corpus is real articles and their perturbed copies (``eval.synthetic.scale_corpus``),
enough for the parallel path (sketch and verification workers). SIGINT goes to the whole
process group, as a terminal's Ctrl-C does, once the trace reports its sketching stage."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from eval.synthetic import scale_corpus
from newstrace import api
from tests.e2e.test_index_kill import environment

ARTICLES = 1200


def test_ctrl_c_during_a_trace_keeps_the_index_as_it_was(tmp_path: Path) -> None:
    corpus, index = tmp_path / "corpus.jsonl", tmp_path / "index.sqlite"
    rows = [{"id": a.id, "text": a.text} for a in scale_corpus(ARTICLES)]
    corpus.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    api.index_add(corpus, index)
    before = _stored_trace(index, api.trace(index).result.edges[0].derived)
    run = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newstrace",
            "trace",
            "--index",
            str(index),
            "-o",
            str(tmp_path / "e"),
        ],
        env=environment(),
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=_sigint_default,
    )
    assert run.stderr is not None
    seen = [run.stderr.readline()]
    while seen[-1] and not seen[-1].startswith("trace: sketching"):
        seen.append(run.stderr.readline())
    assert seen[-1].startswith("trace: sketching"), seen  # progress lines off a terminal too
    os.killpg(run.pid, signal.SIGINT)
    rest = run.stderr.read()
    assert run.wait(timeout=60) == 130
    assert rest.strip().splitlines()[-1] == (
        "newstrace: interrupted; the index keeps its last complete trace (a trace is stored "
        "whole); output written before the interruption is incomplete"
    )
    assert "Traceback" not in rest and "leaked" not in rest
    _no_process_left(run.pid)
    assert _stored_trace(index, before[2][0][1]) == before
    assert api.index_check(index) == []


def _sigint_default() -> None:
    """SIGINT as a terminal's program gets it: a test run started in the background of a
    non-interactive shell (CI, nohup) ignores SIGINT, and its children would inherit that."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _stored_trace(index: Path, article: str) -> tuple[object, ...]:
    """When the index was last traced, how many edges it holds and one article's edges."""
    with sqlite3.connect(index) as connection:
        stamp = connection.execute("SELECT value FROM meta WHERE key = 'trace_at'").fetchone()
        count = connection.execute("SELECT count(*) FROM edges").fetchone()
        edges = connection.execute(
            "SELECT source, derived, relation, score FROM edges WHERE derived = ? ORDER BY source",
            (article,),
        ).fetchall()
    assert stamp and count[0] > 0 and edges
    return stamp, count, edges


def _no_process_left(group: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    raise AssertionError(f"processes of the trace's group {group} still run")
