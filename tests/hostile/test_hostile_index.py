"""``newstrace index add`` on a directory that mixes every hostile input with good records.

Every good record is indexed, every bad one is listed in ``<index>.rejects.jsonl`` with its
reason, the run exits 0 with no traceback and ``index check`` passes. Links out of the corpus
directory, pipes and devices are rejected without being opened. The 100 MB line and the gzip
bomb go through ``index add`` in a subprocess whose peak memory (``ru_maxrss`` from
``wait4``) stays under ``MAX_RSS_MB``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newstrace import api
from newstrace.cli.app import app
from tests.hostile.conftest import TIMEOUT, cli_env, run_cli
from tests.hostile.make_hostile import INPUTS, PROCESSED
from tests.hostile.texts import GOOD, html_page, paragraphs

MAX_RSS_MB = 600
GOOD_ARTICLES = 30
SECRET = "TOPSECRET-outside-the-corpus"

# name in the corpus -> expected reason (links and special files, made by ``_links``)
LINK_EXPECTED = {
    "outside_link.txt": "not_an_article",
    "zeros.txt": "not_an_article",
    "pipe.txt": "not_an_article",
    "broken_link.txt": "not_an_article",
    "inside_link.txt": PROCESSED,
}


def _good_records(shared: Path) -> list[dict[str, object]]:
    """Real English SemEval articles (the good records the hostile ones sit among)."""
    path = shared / "data" / "semeval2022_dev" / "corpus.jsonl"
    records = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines())
    english = [r for r in records if r.get("lang") == "en" and len(str(r["text"])) > 500]
    return english[:GOOD_ARTICLES]


def _links(folder: Path, outside: Path) -> None:
    secret = outside / "secret.txt"
    secret.write_text(f"{SECRET}. An article that lives outside the corpus.", encoding="utf-8")
    (outside / "story.txt").write_text(f"{SECRET}. Another one, in a linked folder.", "utf-8")
    (folder / "outside_link.txt").symlink_to(secret)
    (folder / "outside_dir").symlink_to(outside, target_is_directory=True)
    (folder / "zeros.txt").symlink_to("/dev/zero")
    (folder / "broken_link.txt").symlink_to(folder / "missing.txt")
    (folder / "inside_link.txt").symlink_to(folder / "good.txt")
    (folder / ".hidden.txt").write_text(f"{SECRET}. Hidden files are skipped.", encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")


@pytest.fixture(scope="module")
def corpus(
    hostile_inputs: dict[str, Path], shared: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    base = tmp_path_factory.mktemp("index")
    folder = base / "corpus"
    shutil.copytree(next(iter(hostile_inputs.values())).parent, folder)
    good = [json.dumps(record, ensure_ascii=False) for record in _good_records(shared)]
    (folder / "good.jsonl").write_text("\n".join(good) + "\n", encoding="utf-8")
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "good.html").write_text(html_page(paragraphs()), encoding="utf-8")
    outside = base / "outside"
    outside.mkdir()
    _links(folder, outside)
    return folder


@pytest.fixture(scope="module")
def added(corpus: Path) -> tuple[Path, subprocess.CompletedProcess[bytes]]:
    index = corpus.parent / "news.sqlite"
    return index, run_cli("index", "add", corpus, "--index", index)


def _rejects(index: Path) -> list[dict[str, str]]:
    lines = Path(f"{index}.rejects.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def _expected() -> dict[tuple[str, str], str]:
    """(record id, outcome) -> the input it comes from, for every hostile record."""
    expected = {
        (rid, out): name
        for name, item in INPUTS.items()
        if not item.large
        for rid, out in item.index
    }
    expected.update({(name, out): "links" for name, out in LINK_EXPECTED.items()})
    return expected


def test_add_exits_0_without_traceback(
    added: tuple[Path, subprocess.CompletedProcess[bytes]],
) -> None:
    _, result = added
    err = result.stderr.decode("utf-8")
    assert result.returncode == 0, err
    assert "Traceback" not in err and "Traceback" not in result.stdout.decode("utf-8")
    assert result.stdout.decode("utf-8").startswith("added ")


def test_every_good_record_is_indexed(
    added: tuple[Path, subprocess.CompletedProcess[bytes]], shared: Path
) -> None:
    index, _ = added
    wanted = {rid for (rid, outcome) in _expected() if outcome == PROCESSED}
    wanted |= {str(record["id"]) for record in _good_records(shared)} | {"good.txt", "good.html"}
    with api.open_index(index) as store:
        assert store.known_ids(wanted) == wanted
        assert store.count() == len(wanted)  # and nothing else: no rejected, linked or hidden file


def test_every_bad_record_is_rejected_with_its_reason(
    added: tuple[Path, subprocess.CompletedProcess[bytes]],
) -> None:
    index, _ = added
    rejects = _rejects(index)
    got = {(r["record_id"], r["reason"]) for r in rejects}
    wanted = {key for key in _expected() if key[1] != PROCESSED}
    assert wanted - got == set(), "not rejected as expected"
    assert got - wanted == set(), "rejected but not expected to be"
    assert len(rejects) == len(got)  # each rejection once
    for reject in rejects:
        assert reject["detail"].strip() and reject["origin"].startswith(str(index.parent))


def test_links_out_and_special_files_are_never_read(
    added: tuple[Path, subprocess.CompletedProcess[bytes]],
) -> None:
    index, _ = added
    by_id = {r["record_id"]: r["detail"] for r in _rejects(index)}
    assert "leading outside the corpus directory" in by_id["outside_link.txt"]
    assert "leading outside the corpus directory" in by_id["zeros.txt"]
    assert "not a regular file" in by_id["pipe.txt"]
    with api.open_index(index) as store:
        assert not store.search(SECRET.split("-")[0])
        assert store.get_article("outside_dir/story.txt") is None


def test_index_check_passes(added: tuple[Path, subprocess.CompletedProcess[bytes]]) -> None:
    index, _ = added
    result = run_cli("index", "check", "--index", index)
    assert result.returncode == 0, result.stdout.decode() + result.stderr.decode()
    assert result.stdout.decode().startswith("ok: ")


def test_the_record_size_limit_is_an_option(
    hostile_inputs: dict[str, Path], tmp_path: Path
) -> None:
    index = tmp_path / "small.sqlite"
    mixed = hostile_inputs["jsonl_mixed"]
    args = ["index", "add", str(mixed), "--index", str(index), "--max-record-bytes", "300"]
    result = CliRunner().invoke(app, [*args, "--embedder", "hashing"])
    assert result.exit_code == 0, result.stderr
    too_large = [r for r in _rejects(index) if r["reason"] == "too_large"]
    assert too_large and all("max_record_bytes=300" in r["detail"] for r in too_large)
    with api.open_index(index) as store:
        assert (
            0
            < store.count()
            < sum(1 for _, outcome in INPUTS["jsonl_mixed"].index if outcome == PROCESSED)
        )


def run_measured(*args: str | Path, timeout: float = TIMEOUT) -> tuple[int, str, str, float]:
    """``python -m newstrace ARGS``: exit code, stdout, stderr and the child's peak RSS in MB.

    The peak is the child's ``VmHWM``, polled from /proc: unlike ``ru_maxrss`` it starts
    afresh at exec, so a large pytest parent does not count against the child.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        command = [sys.executable, "-m", "newstrace", *map(str, args)]
        child = subprocess.Popen(command, stdout=out, stderr=err, env=cli_env())
        peak_kb = 0
        try:
            while child.poll() is None:
                peak_kb = max(peak_kb, _high_water_kb(child.pid))
                try:
                    child.wait(timeout=0.02)
                except subprocess.TimeoutExpired:
                    continue
        finally:
            if child.poll() is None:
                child.kill()
        out.seek(0)
        err.seek(0)
        texts = out.read().decode("utf-8"), err.read().decode("utf-8")
    return child.returncode, *texts, peak_kb / 1024


def _high_water_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    line = next((x for x in status.splitlines() if x.startswith("VmHWM:")), "VmHWM: 0 kB")
    return int(line.split()[1])


@pytest.mark.parametrize("name", [name for name, item in INPUTS.items() if item.large])
def test_large_input_is_read_in_bounded_memory(
    name: str, large_inputs: dict[str, Path], tmp_path: Path
) -> None:
    index = tmp_path / "large.sqlite"
    code, out, err, peak = run_measured("index", "add", large_inputs[name], "--index", index)
    assert code == 0 and "Traceback" not in err, err
    assert peak < MAX_RSS_MB, f"{name}: peak RSS {peak:.0f} MB"
    got = {(r["record_id"], r["reason"]) for r in _rejects(index)}
    wanted = INPUTS[name].index
    assert got == {(rid, outcome) for rid, outcome in wanted if outcome != PROCESSED}
    with api.open_index(index) as store:
        good = {rid for rid, outcome in wanted if outcome == PROCESSED}
        assert store.known_ids(good) == good and store.count() == len(good)
    print(f"{name}: peak RSS {peak:.0f} MB; {out.strip()}")


def test_trace_of_the_hostile_index_is_bounded(
    added: tuple[Path, subprocess.CompletedProcess[bytes]], tmp_path: Path
) -> None:
    """The index holds a 6,000-sentence record: verification reads its first sentences only,
    so the trace stays small (it took 1.3 GB and 16 s before that cap, 135 MB and 4 s after)."""
    index, _ = added
    out = tmp_path / "edges.jsonl"
    code, _, err, peak = run_measured("trace", "--index", index, "-o", out)
    assert code == 0 and "Traceback" not in err, err
    assert peak < MAX_RSS_MB, f"trace peak RSS {peak:.0f} MB"
    assert out.read_text(encoding="utf-8").count('"record": "edge"') > 0
