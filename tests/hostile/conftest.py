"""Fixtures of the hostile-input suite: the inputs on disk, a good article, the CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import newstrace
from tests.hostile.make_hostile import write_inputs
from tests.hostile.texts import demo_text

SRC = Path(newstrace.__file__).resolve().parents[1]
TIMEOUT = 120
"""Seconds any one CLI run may take before the test fails (generous: a run takes 1-5 s)."""


def cli_env() -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
        "COLUMNS": "100",
    }


def run_cli(
    *args: str | Path, stdin: bytes = b"", timeout: float = TIMEOUT
) -> subprocess.CompletedProcess[bytes]:
    """``python -m newstrace ARGS`` in a subprocess; output as bytes (it must be UTF-8)."""
    return subprocess.run(
        [sys.executable, "-m", "newstrace", *map(str, args)],
        input=stdin,
        capture_output=True,
        env=cli_env(),
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="session")
def hostile_inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every small hostile input, written once into a session folder: name -> path."""
    return write_inputs(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="session")
def large_inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The large inputs (a 100 MB line, a gzip bomb), written at test time: name -> path."""
    return write_inputs(tmp_path_factory.mktemp("hostile_large"), small=False, large=True)


@pytest.fixture(scope="session")
def good_article(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real news article (the bundled seed rewrite) that the hostile inputs are paired with."""
    path = tmp_path_factory.mktemp("good") / "good_article.txt"
    path.write_text(demo_text("rewrite.txt"), encoding="utf-8")
    return path
