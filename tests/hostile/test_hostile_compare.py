"""``newstrace compare`` on every hostile input, as SOURCE and as DERIVED, in every format.

Each input is processed (exit 0/1 and a valid report whose every offset slices its text) or
refused (exit 2, one line on stderr naming the file and the reason); never a traceback.

Every input goes once through a real ``python -m newstrace`` subprocess under a timeout
(INPUT GOOD as JSON, with the fast hashing embedder: start-up is most of a run's cost), and
the inputs that are large or slow to parse also the other way round (GOOD INPUT as HTML).
JSON both ways and GOOD INPUT as HTML and as text then run in-process through Typer's runner
with the default embedder: the same code, where an escaping exception would show as
``result.exception``.
"""

from __future__ import annotations

import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newstrace.cli.app import app
from tests.hostile.conftest import run_cli
from tests.hostile.make_hostile import INPUTS, PROCESSED, Hostile
from tests.report_checks import check_html_report, check_json_report

SMALL = [name for name, item in INPUTS.items() if not item.large]
LARGE = [name for name, item in INPUTS.items() if item.large]
HEAVY = [
    *LARGE,
    *(
        "many_sentences",
        "over_audit_limit",
        "long_word",
        "html_deep_unclosed",
        "html_huge_attribute",
    ),
]
"""Inputs that also go through a subprocess as DERIVED: time and memory are what they test."""
SUBPROCESS_RUNS = [(name, "forward", "json") for name in SMALL + LARGE] + [
    (name, "reverse", "html") for name in HEAVY
]
IN_PROCESS_RUNS = [
    ("forward", "json"),
    ("reverse", "json"),
    ("reverse", "html"),
    ("reverse", "text"),
]
"""JSON checks the offsets of the input as either side; the HTML and text reports show the
derived article's every sentence, so the input is the derived one there."""
ERROR_PREFIX = "newstrace: error: "
HASHING = ("--embedder", "hashing")


def _pair(direction: str, path: Path, good: Path) -> tuple[Path, Path]:
    return (path, good) if direction == "forward" else (good, path)


@pytest.fixture(scope="module")
def all_inputs(hostile_inputs: dict[str, Path], large_inputs: dict[str, Path]) -> dict[str, Path]:
    return {**hostile_inputs, **large_inputs}


@pytest.fixture(scope="module")
def subprocess_runs(
    all_inputs: dict[str, Path], good_article: Path
) -> dict[tuple[str, str, str], subprocess.CompletedProcess[bytes]]:
    """The ``SUBPROCESS_RUNS`` through the real CLI, as many at a time as there are cores."""
    jobs = {
        (name, direction, fmt): (
            "compare",
            *_pair(direction, all_inputs[name], good_article),
            "-f",
            fmt,
            *HASHING,
        )
        for name, direction, fmt in SUBPROCESS_RUNS
    }
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        futures = {key: pool.submit(run_cli, *args) for key, args in jobs.items()}
        return {key: future.result() for key, future in futures.items()}


def check_outcome(item: Hostile, path: Path, code: int, out: str, err: str, fmt: str) -> None:
    assert "Traceback" not in err and "Traceback" not in out, err[-2000:]
    if item.compare == PROCESSED:
        assert code in (0, 1), f"{item.name}: exit {code}: {err[-500:]}"
        check_report(out, fmt)
        return
    assert code == 2, f"{item.name}: expected a refusal, got exit {code}"
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, f"{item.name}: the error is not one line: {err!r}"
    assert lines[0].startswith(ERROR_PREFIX), lines[0]
    assert str(path) in lines[0], f"{item.name}: the message does not name the file: {lines[0]}"
    assert item.why in lines[0], f"{item.name}: the message does not say {item.why!r}: {lines[0]}"


def check_report(out: str, fmt: str) -> None:
    if fmt == "json":
        check_json_report(out)
    elif fmt == "html":
        check_html_report(out)
    else:
        assert out.strip() and "\x1b" not in out  # an article's escape codes are not passed on


@pytest.mark.parametrize(("name", "direction", "fmt"), SUBPROCESS_RUNS)
def test_compare_subprocess(
    subprocess_runs: dict[tuple[str, str, str], subprocess.CompletedProcess[bytes]],
    all_inputs: dict[str, Path],
    name: str,
    direction: str,
    fmt: str,
) -> None:
    result = subprocess_runs[(name, direction, fmt)]
    out, err = result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    check_outcome(INPUTS[name], all_inputs[name], result.returncode, out, err, fmt)


@pytest.mark.parametrize(("direction", "fmt"), IN_PROCESS_RUNS)
@pytest.mark.parametrize("name", SMALL)
def test_compare_in_process(
    hostile_inputs: dict[str, Path], good_article: Path, name: str, direction: str, fmt: str
) -> None:
    path = hostile_inputs[name]
    source, derived = _pair(direction, path, good_article)
    result = CliRunner().invoke(app, ["compare", str(source), str(derived), "-f", fmt])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    check_outcome(INPUTS[name], path, result.exit_code, result.stdout, result.stderr, fmt)


def test_the_size_limit_is_an_option(good_article: Path) -> None:
    result = CliRunner().invoke(
        app, ["compare", str(good_article), str(good_article), "--max-bytes", "100"]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{ERROR_PREFIX}{good_article}: ")
    assert "is over the limit of 100; raise max_bytes (compare --max-bytes)" in result.stderr


def test_hostile_bytes_on_stdin_are_refused_naming_stdin(
    hostile_inputs: dict[str, Path], good_article: Path
) -> None:
    data = hostile_inputs["binary_nul"].read_bytes()
    result = run_cli("compare", "-", good_article, "-f", "json", *HASHING, stdin=data)
    assert result.returncode == 2 and result.stdout == b""
    assert (
        result.stderr.decode()
        == "newstrace: error: <stdin>: looks binary (NUL bytes); give a text or HTML file\n"
    )


def test_paths_that_are_not_article_files_are_usage_errors(
    tmp_path: Path, good_article: Path
) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    device = tmp_path / "zeros.txt"
    device.symlink_to("/dev/zero")
    cases = {
        tmp_path / "missing.txt": "no such file",
        tmp_path / "new\nline \x1b[2J.txt": "no such file",
        tmp_path: "is not a regular file",
        fifo: "is not a regular file",
        device: "is not a regular file",
    }
    for path, why in cases.items():
        result = run_cli("compare", path, good_article, "-f", "json", *HASHING)
        err = result.stderr.decode()
        assert result.returncode == 2 and result.stdout == b"", err
        shown = str(path).replace("\n", "\u240a").replace("\x1b", "\u241b")
        assert err.startswith(f"{ERROR_PREFIX}{shown}: {why}"), err
        assert err.count("\n") == 1 and "\x1b" not in err  # one line, no escape codes


def test_an_odd_file_name_is_read_and_reported_as_given(tmp_path: Path, good_article: Path) -> None:
    odd = tmp_path / "-odd name \u202e.txt"
    odd.write_text("An article under an odd file name. It has two sentences.", encoding="utf-8")
    result = run_cli("compare", odd, good_article, "-f", "json", *HASHING)
    assert result.returncode == 0, result.stderr.decode()
    assert check_json_report(result.stdout.decode())["source"]["article"]["origin"] == str(odd)


def test_compare_reads_only_the_paths_given(tmp_path: Path, good_article: Path) -> None:
    """Links, frames, objects and external entities in a page are never fetched or read."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-7f3a", encoding="utf-8")
    uri = secret.as_uri()
    page = tmp_path / "page.html"
    page.write_text(
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "{uri}">]><html><head>'
        f'<link rel="stylesheet" href="{uri}"><base href="{uri}"></head><body>'
        f'<iframe src="{uri}"></iframe><object data="{uri}"></object><img src="{uri}">'
        f"<p>The minister met officials in Budapest on Friday. &xxe; They signed a deal.</p>"
        f"<p>Officials said 42 officers would take part in the exchange.</p></body></html>",
        encoding="utf-8",
    )
    for fmt in ("json", "html"):
        result = run_cli("compare", page, good_article, "-f", fmt, *HASHING)
        assert result.returncode == 0, result.stderr.decode()
        assert b"TOPSECRET" not in result.stdout
