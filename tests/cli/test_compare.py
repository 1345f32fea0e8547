"""``newstrace compare`` and ``newstrace demo``: exit codes, stdin, output files.

A few runs go through a real subprocess (``python -m newstrace``) to prove the entry
point, stdin and exit codes end to end; the rest use Typer's in-process runner.
"""

from __future__ import annotations

import importlib.resources
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import newstrace
from newstrace import api
from newstrace.cli.app import FINDING_KINDS, app
from newstrace.config import AlignConfig, Config
from newstrace.errors import InputError

SRC = Path(newstrace.__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The bundled seed pair on disk, plus the rewrite with one number changed."""
    folder = tmp_path_factory.mktemp("pair")
    demo = importlib.resources.files("newstrace") / "demo"
    paths = {}
    for key, name in (("source", "source_scraped.txt"), ("derived", "rewrite.txt")):
        paths[key] = folder / name
        paths[key].write_bytes((demo / name).read_bytes())
    changed = paths["derived"].read_text(encoding="utf-8").replace("75th", "76th")
    paths["changed"] = folder / "rewrite_76th.txt"
    paths["changed"].write_text(changed, encoding="utf-8")
    return paths


def run(*args: str | Path, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    return subprocess.run(
        [sys.executable, "-m", "newstrace", *map(str, args)],
        input=stdin,
        capture_output=True,
        env=env,
        timeout=300,
        check=False,
    )


def invoke(*args: str | Path, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args], input=stdin)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout, result.stderr


# --- subprocess: the real entry point -------------------------------------------------


def test_subprocess_stdin_json_exit_0(pair: dict[str, Path]) -> None:
    done = run("compare", pair["source"], "-", stdin=pair["derived"].read_bytes())
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)  # piped stdout: json by default
    assert doc["schema"] == "newstrace.audit/1"
    assert doc["derived"]["article"]["origin"] == "<stdin>"
    assert done.stderr == b""


def test_subprocess_fail_on_changed_number_exits_1(pair: dict[str, Path]) -> None:
    done = run("compare", pair["source"], pair["changed"], "--fail-on", "changed_fact")
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["summary"]["derived_counts"]["changed_fact"] >= 1


def test_subprocess_missing_file_exits_2_naming_it(tmp_path: Path, pair: dict[str, Path]) -> None:
    missing = tmp_path / "no_such_article.txt"
    done = run("compare", missing, pair["derived"])
    assert done.returncode == 2
    assert str(missing).encode() in done.stderr
    assert b"Traceback" not in done.stderr and done.stdout == b""


def test_subprocess_two_stdins_exit_2() -> None:
    done = run("compare", "-", "-", stdin=b"text")
    assert done.returncode == 2
    assert b"stdin" in done.stderr and b"Traceback" not in done.stderr


def test_subprocess_version_and_help() -> None:
    assert run("--version").stdout.decode().strip() == f"newstrace {newstrace.__version__}"
    done = run("compare", "--help")
    assert done.returncode == 0 and b"--fail-on" in done.stdout and b"Examples" in done.stdout


# --- in process: CliRunner --------------------------------------------------------------


def test_clean_run_exits_0_and_fail_on_absent_kind_exits_0(pair: dict[str, Path]) -> None:
    code, out, _ = invoke("compare", pair["source"], pair["derived"], "--fail-on", "verbatim")
    assert code == 0
    assert json.loads(out)["schema"] == "newstrace.audit/1"


@pytest.mark.parametrize("kinds", ["unsupported_addition", "paraphrase,verbatim", "dropped"])
def test_findings_of_a_named_kind_exit_1(pair: dict[str, Path], kinds: str) -> None:
    code, out, _ = invoke("compare", pair["source"], pair["derived"], "--fail-on", kinds)
    assert code == 1
    assert out  # the report is still written


def test_evasion_kind_counts_hidden_characters(tmp_path: Path, pair: dict[str, Path]) -> None:
    evasive = tmp_path / "evasive.txt"
    text = pair["derived"].read_text(encoding="utf-8").replace("Hungary", "Hun\u200bgary", 1)
    evasive.write_text(text, encoding="utf-8")
    assert invoke("compare", pair["source"], pair["derived"], "--fail-on", "evasion")[0] == 0
    assert invoke("compare", pair["source"], evasive, "--fail-on", "evasion")[0] == 1


def test_changed_number_exits_1(pair: dict[str, Path]) -> None:
    code, _, _ = invoke("compare", pair["source"], pair["changed"], "--fail-on", "changed-fact")
    assert code == 1


def test_unknown_fail_on_kind_exits_2_listing_valid_ones(pair: dict[str, Path]) -> None:
    code, out, err = invoke("compare", pair["source"], pair["derived"], "--fail-on", "typo,dropped")
    assert code == 2 and out == ""
    assert "'typo'" in err and all(kind in err for kind in FINDING_KINDS)


def test_stdin_dash_as_source(pair: dict[str, Path]) -> None:
    stdin = pair["source"].read_text(encoding="utf-8")
    code, out, _ = invoke("compare", "-", pair["derived"], "-f", "json", stdin=stdin)
    assert code == 0
    assert json.loads(out)["source"]["article"]["text"].startswith("China offers Orban")


def test_two_stdins_exit_2() -> None:
    code, _, err = invoke("compare", "-", "-", stdin="text")
    assert code == 2 and "stdin" in err


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["-f", "xml"], "'xml'"),
        (["--embedder", "nope"], "'nope'"),
    ],
)
def test_bad_settings_exit_2(pair: dict[str, Path], args: list[str], needle: str) -> None:
    code, _, err = invoke("compare", pair["source"], pair["derived"], *args)
    assert code == 2 and needle in err


def test_empty_input_exits_2(tmp_path: Path, pair: dict[str, Path]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    code, _, err = invoke("compare", pair["source"], empty)
    assert code == 2 and str(empty) in err


@pytest.mark.parametrize(
    ("name", "marker"), [("audit.html", "<!DOCTYPE html>"), ("a.json", '{\n  "schema"')]
)
def test_output_file_is_written_and_named_on_stderr(
    tmp_path: Path, pair: dict[str, Path], name: str, marker: str
) -> None:
    target = tmp_path / name
    code, out, err = invoke("compare", pair["source"], pair["derived"], "-o", target)
    assert code == 0 and out == ""
    assert str(target) in err
    assert target.read_text(encoding="utf-8").startswith(marker)
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no temp file left behind


def test_text_format_to_stdout_is_plain(pair: dict[str, Path]) -> None:
    code, out, _ = invoke("compare", pair["source"], pair["derived"], "-f", "text")
    assert code == 0 and "\x1b" not in out
    assert out.rstrip().splitlines()[-1].startswith("Summary:")


def test_output_into_missing_directory_exits_2(tmp_path: Path, pair: dict[str, Path]) -> None:
    target = tmp_path / "nowhere" / "a.json"
    code, _, err = invoke("compare", pair["source"], pair["derived"], "-o", target)
    assert code == 2 and str(target) in err


def test_demo_writes_both_reports(tmp_path: Path) -> None:
    out_dir = tmp_path / "demo"
    code, out, _ = invoke("demo", "-o", out_dir)
    assert code == 0
    html = out_dir / "seed_report.html"
    data = out_dir / "seed_report.json"
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert json.loads(data.read_text(encoding="utf-8"))["schema"] == "newstrace.audit/1"
    assert "Summary:" in out and str(html) in out and str(data) in out


def test_no_arguments_shows_help() -> None:
    result = CliRunner().invoke(app, [])
    assert "compare" in result.output and "demo" in result.output


def test_audit_limits_are_options_and_name_the_limit(pair: dict[str, Path]) -> None:
    runner = CliRunner()
    short = runner.invoke(
        app, ["compare", str(pair["source"]), str(pair["derived"]), "--max-chars", "100"]
    )
    assert short.exit_code == 2 and "over the audit limit of 100" in short.output
    long_pair = " ".join(f"Sentence number {n} names Person{n} in Town{n}." for n in range(700))
    tight = Config(align=AlignConfig(max_matrix_mib=1))
    with pytest.raises(InputError, match="over the 1 MiB budget"):
        api.audit(long_pair, long_pair, tight)
