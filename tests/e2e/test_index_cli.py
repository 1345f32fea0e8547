"""``newstrace index add|stats|check`` and ``trace`` through a real subprocess: output streams,
formats and exit codes."""

from __future__ import annotations

import csv
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import newstrace
from newstrace.config import FingerprintConfig

SRC = Path(newstrace.__file__).resolve().parents[1]


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    return subprocess.run(
        [sys.executable, "-m", "newstrace", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def corpus(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """80 real SemEval articles with one broken line among them."""
    source = shared / "data" / "semeval2022_dev" / "corpus.jsonl"
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)[:80]
    lines.insert(40, '{"id": "broken", "text": \n')
    path = tmp_path_factory.mktemp("cli") / "news.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built(corpus: Path) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """``index add`` run in the corpus folder with the default index path."""
    result = run("index", "add", corpus.name, cwd=corpus.parent)
    return corpus.parent / "newstrace.sqlite", result


def test_add_builds_the_default_index_and_writes_rejects(
    built: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    index, result = built
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("added 80 articles to newstrace.sqlite")
    assert "rejected 1 (bad_json 1)" in result.stdout and "articles/s" in result.stdout
    assert "Traceback" not in result.stderr
    rejects = index.with_name("newstrace.sqlite.rejects.jsonl").read_text(encoding="utf-8")
    assert json.loads(rejects)["reason"] == "bad_json"


def test_add_again_adds_nothing(
    built: tuple[Path, subprocess.CompletedProcess[str]], corpus: Path
) -> None:
    index, _ = built
    result = run("index", "add", corpus, "--index", index)
    assert result.returncode == 0, result.stderr
    assert "added 0 articles" in result.stdout and "skipped 80 already indexed" in result.stdout


def test_stats_as_json_and_text(built: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    index, _ = built
    result = run("index", "stats", "--index", index, "--format", "json")
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["schema"] == "newstrace.index-stats/1"
    assert stats["articles"] == 80 and stats["rejects"] == {"bad_json": 1}
    assert stats["settings"]["fingerprint_tag"] == FingerprintConfig().tag
    text = run("index", "stats", "--index", index)
    assert text.returncode == 0 and text.stdout.startswith("articles     80\n")


def test_check_passes_then_finds_damage(
    built: tuple[Path, subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    index, _ = built
    result = run("index", "check", "--index", index)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok: ") and "80 articles" in result.stdout
    damaged = tmp_path / "damaged.sqlite"
    source = sqlite3.connect(index)
    source.backup(target := sqlite3.connect(damaged))
    source.close()
    target.execute(
        "DELETE FROM fingerprints WHERE rowid IN (SELECT rowid FROM fingerprints LIMIT 2)"
    )
    target.commit()
    target.close()
    result = run("index", "check", "--index", damaged)
    assert result.returncode == 1
    assert "problem: 2 articles have no fingerprint" in result.stdout


def test_usage_errors_exit_2_and_name_the_fix(
    built: tuple[Path, subprocess.CompletedProcess[str]], corpus: Path, tmp_path: Path
) -> None:
    index, _ = built
    missing = run("index", "add", tmp_path / "nope.jsonl", "--index", tmp_path / "new.sqlite")
    assert missing.returncode == 2 and "no such file" in missing.stderr
    assert not (tmp_path / "new.sqlite").exists()
    mismatch = run("index", "add", corpus, "--index", index, "--embedder", "hashing")
    assert mismatch.returncode == 2
    hashing = FingerprintConfig(embedder="hashing").tag
    assert FingerprintConfig().tag in mismatch.stderr and hashing in mismatch.stderr
    assert "--index NEW_PATH" in mismatch.stderr
    no_index = run("index", "check", "--index", tmp_path / "absent.sqlite")
    assert no_index.returncode == 2 and "newstrace index add CORPUS" in no_index.stderr
    bad_format = run("index", "stats", "--index", index, "--format", "xml")
    assert bad_format.returncode == 2 and "'xml'" in bad_format.stderr


@pytest.fixture(scope="module")
def seed_index(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed pair among 10 SemEval articles, every record with metadata to pass through."""
    folder = tmp_path_factory.mktemp("trace-cli")
    seeds = shared / "seeds"
    semeval = shared / "data" / "semeval2022_dev" / "corpus.jsonl"
    records = [json.loads(line) for line in semeval.read_text(encoding="utf-8").splitlines()[:10]]
    records += [
        {"id": "seed-source", "text": (seeds / "source_scraped.txt").read_text(encoding="utf-8")},
        {"id": "seed-rewrite", "text": (seeds / "rewrite.txt").read_text(encoding="utf-8")},
    ]
    lines = [json.dumps({**r, "desk": f"desk of {r['id']}", "tags": ["a", "b"]}) for r in records]
    (folder / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("index", "add", "news.jsonl", "--index", "seed.sqlite", cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder / "seed.sqlite"


def _parsed(row: dict[str, object]) -> dict[str, object]:
    """A CSV/Parquet row with its JSON-text columns parsed back."""
    nested = ("channels", "shared_spans", "source_meta", "derived_meta")
    return {k: json.loads(str(v)) if k in nested else v for k, v in row.items()}


def test_trace_writes_the_same_edges_with_metadata_in_every_format(
    seed_index: Path, tmp_path: Path
) -> None:
    stdout = run("trace", "--index", seed_index, "--no-store")
    assert stdout.returncode == 0, stdout.stderr
    rows = [json.loads(line) for line in stdout.stdout.splitlines()]
    edges = [r for r in rows if r["record"] == "edge"]
    seed = next(e for e in edges if e["derived"] == "seed-rewrite")
    assert seed["source"] == "seed-source" and seed["relation"] == "rewrite"
    assert seed["source_meta"]["desk"] == "desk of seed-source"
    assert seed["derived_meta"]["tags"] == ["a", "b"]
    assert any(r["record"] == "family" and "seed-rewrite" in r["members"] for r in rows)
    pq = pytest.importorskip("pyarrow.parquet")
    for fmt in ("csv", "parquet"):
        out = tmp_path / f"trace.{fmt}"
        result = run("trace", "--index", seed_index, "--no-store", "--format", fmt, "-o", out)
        assert result.returncode == 0, result.stderr
        assert f"wrote {out}" in result.stderr
        if fmt == "csv":
            back = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
            back = [{**r, "score": float(r["score"])} for r in back]
        else:
            back = pq.read_table(out).to_pylist()
        assert [_parsed(r) for r in back] == edges, fmt
        assert out.with_name(f"trace.families.{fmt}").is_file()


def test_trace_tells_every_stage_on_stderr(seed_index: Path, tmp_path: Path) -> None:
    """Off a terminal each stage is a line as it starts (0 done) and one as it ends (all
    done): at 1M articles the candidate channels and writing take minutes each."""
    index = tmp_path / "copy.sqlite"
    shutil.copyfile(seed_index, index)
    out = tmp_path / "trace.parquet"
    result = run("trace", "--index", index, "--format", "parquet", "-o", out)
    assert result.returncode == 0, result.stderr
    told = [line.split(" (")[0] for line in result.stderr.splitlines() if line.startswith("trace:")]
    stages = list(dict.fromkeys(line.rsplit(" ", 2)[0] for line in told))
    expected = [
        "trace: loading",
        "trace: candidates lsh",
        "trace: candidates embedding",  # and its steps, which take the time at scale
        "trace: candidates embedding: indexing",
        "trace: candidates embedding: searching",
        "trace: candidates keys",
        "trace: verifying",
        "trace: families",
        "trace: storing",
        "trace: writing",
    ]
    assert [s for s in stages if s != "trace: sketching"] == expected
    edges = len(pytest.importorskip("pyarrow.parquet").read_table(out))
    assert "trace: loading 0/12 articles" in told and "trace: loading 12/12 articles" in told
    assert f"trace: storing {edges}/{edges} edges" in told
    assert (
        f"trace: writing 0/{edges} edges" in told
        and f"trace: writing {edges}/{edges} edges" in told
    )
