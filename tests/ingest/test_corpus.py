"""Corpus streaming: every format, metadata pass-through, and each bad record rejected with its
reason while the good records around it are all read, in bounded memory."""

from __future__ import annotations

import gzip
import io
import json
import tracemalloc
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from newstrace.config import IngestConfig
from newstrace.errors import ConfigError, InputError, MissingExtraError
from newstrace.ingest.corpus import READERS, SUFFIXES, iter_corpus
from newstrace.ingest.dates import parse_date
from newstrace.records import Article, Rejected, RejectReason

TEXT = "Sándor Pintér met Wang Xiaohong in Budapest on Friday. Both sides signed documents."
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
MB = 1 << 20


def _read(
    paths: Iterable[str | Path], config: IngestConfig | None = None
) -> tuple[list[Article], list[Rejected]]:
    articles: list[Article] = []
    rejected: list[Rejected] = []
    for item in iter_corpus(paths, config):
        if isinstance(item, Article):
            articles.append(item)
        else:
            rejected.append(item)
    return articles, rejected


def _reasons(rejected: list[Rejected]) -> dict[str, RejectReason]:
    return {item.record_id: item.reason for item in rejected}


def _jsonl(records: Iterable[dict[str, object] | str | bytes]) -> bytes:
    lines = []
    for record in records:
        if isinstance(record, dict):
            record = json.dumps(record, ensure_ascii=False)
        lines.append(record if isinstance(record, bytes) else record.encode("utf-8"))
    return b"\n".join(lines) + b"\n"


def _good(n: int) -> dict[str, object]:
    return {"id": f"good-{n}", "text": f"{TEXT} Story number {n}."}


def _peak_mib(action: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1] / MB
    finally:
        tracemalloc.stop()


# --- formats and metadata ---------------------------------------------------------------------


def test_every_format_has_a_reader() -> None:
    assert {fmt for fmt, _ in SUFFIXES.values()} == set(READERS)


def test_jsonl_metadata_is_read_and_other_fields_pass_through_in_order(tmp_path: Path) -> None:
    record = {
        "section": "world",
        "id": 42,
        "text": TEXT,
        "url": "https://example.com/a",
        "outlet": "Example News",
        "published": "Jun. 26, 2003",
        "lang": "en",
        "title": "Talks",
        "author": ["Jane Roe", "John Doe"],
        "tags": ["politics", "hu"],
        "score": 0.5,
    }
    (tmp_path / "news.jsonl").write_bytes(_jsonl([record]))
    [article], rejected = _read([tmp_path / "news.jsonl"])
    assert not rejected
    assert article.id == "42" and article.text == TEXT and article.input_format == "text"
    assert article.origin.endswith("news.jsonl:1")
    meta = article.meta
    assert (meta.url, meta.outlet, meta.published, meta.lang, meta.title) == (
        "https://example.com/a",
        "Example News",
        "2003-06-26",
        "en",
        "Talks",
    )
    assert meta.author == "Jane Roe; John Doe"
    assert article.extra == (("section", "world"), ("tags", ["politics", "hu"]), ("score", 0.5))


def test_missing_id_is_file_stem_and_line_and_html_is_extracted(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Talks resume</title></head><body><nav>Home | World</nav><article>"
        + "".join(f"<p>{TEXT} Paragraph {i} adds detail.</p>" for i in range(4))
        + "</article><footer>Cookie settings</footer></body></html>"
    )
    data = _jsonl(["", {"html": page, "published": "2024-03-05T10:00:00Z"}])
    (tmp_path / "feed.ndjson.gz").write_bytes(gzip.compress(data))
    [article], rejected = _read([tmp_path / "feed.ndjson.gz"])
    assert not rejected
    assert article.id == "feed:2" and article.input_format == "html"
    assert "Sándor Pintér" in article.text and "Cookie" not in article.text
    assert article.meta.title == "Talks resume"
    assert article.meta.published == "2024-03-05T10:00:00+00:00"


def test_custom_text_and_id_fields(tmp_path: Path) -> None:
    (tmp_path / "c.jsonl").write_bytes(_jsonl([{"doc": "d1", "body": TEXT, "text": "ignored"}]))
    config = IngestConfig(text_field="body", id_field="doc")
    [article], _ = _read(str(tmp_path / "c.jsonl"), config)  # one path, not a list
    assert (article.id, article.text) == ("d1", TEXT)
    assert ("text", "ignored") in article.extra


def test_zstd_jsonl(tmp_path: Path) -> None:
    zstd = pytest.importorskip("zstandard")
    data = _jsonl([_good(n) for n in range(50)])
    (tmp_path / "z.jsonl.zst").write_bytes(zstd.ZstdCompressor().compress(data * 2))
    articles, rejected = _read([tmp_path / "z.jsonl.zst"])
    assert [a.id for a in articles] == [f"good-{n}" for n in range(50)]
    assert {r.reason for r in rejected} == {RejectReason.DUPLICATE_ID}


def test_directory_of_text_and_html_is_walked_in_sorted_order(tmp_path: Path) -> None:
    page = "<html><body><article>" + f"<p>{TEXT}</p>" * 3 + "</article></body></html>"
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "story.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    (tmp_path / "c.txt").write_text("", encoding="utf-8")
    (tmp_path / "d.txt").write_bytes(b"\x00\x01\x02binary\x00" * 40)
    (tmp_path / "e.txt").write_text(TEXT * 100, encoding="utf-8")
    (tmp_path / "notes.md").write_text(TEXT, encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00")
    items = list(iter_corpus([tmp_path], IngestConfig(max_record_bytes=2000)))
    ids = [(item.id if isinstance(item, Article) else item.record_id) for item in items]
    assert ids == ["a.html", "c.txt", "d.txt", "e.txt", "notes.md", "b/story.txt"]
    reasons = {item.record_id: item.reason for item in items if isinstance(item, Rejected)}
    assert reasons == {
        "c.txt": RejectReason.NO_TEXT,
        "d.txt": RejectReason.BINARY,
        "e.txt": RejectReason.TOO_LARGE,
        "notes.md": RejectReason.NOT_AN_ARTICLE,
    }
    assert isinstance(items[0], Article) and items[0].input_format == "html"


def test_committed_mixed_fixture() -> None:
    articles, rejected = _read([FIXTURES])
    assert [a.id for a in articles] == ["wire-1", "wire-2", "mixed/note.txt", "mixed/page.html"]
    assert [(r.record_id, r.reason) for r in rejected] == [("news:3", RejectReason.BAD_JSON)]


def test_csv_reads_metadata_and_rejects_bad_rows(tmp_path: Path) -> None:
    rows = (
        "id,text,published,outlet,section\n"
        f'1,"{TEXT}\nSecond line.",2003/06/16,Wire,world\n'
        f"2,{TEXT},someday,Wire,world\n"
        f"3,{TEXT},,Wire\n"
        ",,,Wire,world\n"
        f"5,{'x' * 3000},,Wire,world\n"
        f"6,{TEXT},,Wire,sport\n"
    )
    data = b"\xef\xbb\xbf" + rows.encode("utf-8") + b"7,caf\xe9 " + TEXT.encode() + b",,Wire,x\n"
    (tmp_path / "t.csv.gz").write_bytes(gzip.compress(data))
    articles, rejected = _read([tmp_path / "t.csv.gz"], IngestConfig(max_record_bytes=2000))
    assert [a.id for a in articles] == ["1", "6"]
    assert articles[0].text.endswith("Second line.") and articles[0].meta.published == "2003-06-16"
    assert articles[0].meta.outlet == "Wire" and articles[0].extra == (("section", "world"),)
    assert _reasons(rejected) == {
        "2": RejectReason.BAD_DATE,
        "t:3": RejectReason.NOT_AN_ARTICLE,
        "t:4": RejectReason.NO_TEXT,
        "t:5": RejectReason.TOO_LARGE,
        "7": RejectReason.UNDECODABLE,
    }


def test_csv_unclosed_quote_is_bounded_by_the_field_limit(tmp_path: Path) -> None:
    body = "id,text\n" + f"1,{TEXT}\n" + '2,"never closed\n' + "more words\n" * 1000
    (tmp_path / "q.csv").write_text(body, encoding="utf-8")
    articles, rejected = _read([tmp_path / "q.csv"], IngestConfig(max_record_bytes=2000))
    assert [a.id for a in articles] == ["1"]
    assert rejected and rejected[0].reason == RejectReason.TOO_LARGE


def test_parquet_rows_with_typed_columns(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    import datetime as dt

    table = pa.table(
        {
            "id": [1, 2, 3],
            "text": [TEXT, "", TEXT + " Again."],
            "published": [dt.datetime(2020, 5, 1, 12, 30), None, None],
            "views": [10, 20, 30],
            "day": [dt.date(2020, 5, 1)] * 3,
        }
    )
    pq.write_table(table, tmp_path / "p.parquet", row_group_size=2)
    articles, rejected = _read([tmp_path / "p.parquet"])
    assert [a.id for a in articles] == ["1", "3"]
    assert articles[0].meta.published == "2020-05-01T12:30:00"
    assert articles[0].extra == (("views", 10), ("day", "2020-05-01"))
    assert _reasons(rejected) == {"2": RejectReason.NO_TEXT}
    (tmp_path / "bad.parquet").write_bytes(b"PAR1 not really parquet")
    _, rejected = _read([tmp_path / "bad.parquet"])
    assert [r.reason for r in rejected] == [RejectReason.UNDECODABLE]


def test_missing_optional_package_is_a_usage_error_naming_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    real = importlib.import_module

    def fake(name: str, package: str | None = None) -> object:
        if name.startswith("pyarrow"):
            raise ImportError(name)
        return real(name, package)

    monkeypatch.setattr("newstrace.ingest.extras.importlib.import_module", fake)
    (tmp_path / "p.parquet").write_bytes(b"")
    with pytest.raises(MissingExtraError, match=r"newstrace\[parquet\]"):
        iter_corpus([tmp_path / "p.parquet"])


# --- WARC -------------------------------------------------------------------------------------


def _warc(gz: bool = True) -> bytes:
    return _warc_with_ends(gz)[0]


def _warc_with_ends(gz: bool) -> tuple[bytes, set[int]]:
    """A small crawl and the byte offsets where its records end (random ids vary the sizes)."""
    warcio = pytest.importorskip("warcio")
    buf = io.BytesIO()
    writer = warcio.WARCWriter(buf, gzip=gz)
    ends: set[int] = set()

    def add(uri: str, body: bytes, status: str, ctype: str, kind: str = "response") -> None:
        http = warcio.StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            uri, kind, payload=io.BytesIO(body), http_headers=http if kind == "response" else None
        )
        writer.write_record(record)
        ends.add(buf.tell())

    page = "<html><head><title>T</title></head><body><article>" + f"<p>{TEXT}</p>" * 3
    add("http://example.com/a", (page + "</article></body></html>").encode(), "200 OK", "text/html")
    add("http://example.com/logo.png", b"\x89PNG\x00\x00", "200 OK", "image/png")
    add("http://example.com/gone", b"<html>gone</html>", "404 Not Found", "text/html")
    add("http://example.com/empty", b"<html><body></body></html>", "200 OK", "text/html")
    add("http://example.com/b", TEXT.encode(), "200 OK", "text/plain; charset=utf-8")
    return buf.getvalue(), ends


def test_warc_pages_become_articles(tmp_path: Path) -> None:
    (tmp_path / "crawl.warc.gz").write_bytes(_warc())
    articles, rejected = _read([tmp_path / "crawl.warc.gz"])
    assert [a.meta.url for a in articles] == ["http://example.com/a", "http://example.com/b"]
    first = articles[0]
    assert first.id.startswith("urn:uuid:") and first.input_format == "html"
    assert "Sándor" in first.text and first.meta.title == "T"
    assert first.meta.published and first.extra[0][0] == "warc_date"
    assert articles[1].input_format == "text" and articles[1].text == TEXT
    assert [r.reason for r in rejected] == [RejectReason.NO_TEXT]


@pytest.mark.parametrize("gz", [True, False])
def test_truncated_warc_keeps_earlier_records(tmp_path: Path, gz: bool) -> None:
    data, ends = _warc_with_ends(gz)
    suffix = ".warc.gz" if gz else ".warc"
    for cut in range(len(data) // 2, len(data) - 1, max(1, len(data) // 40)):
        if cut in ends:
            continue  # a cut between two records leaves a valid, shorter crawl
        path = tmp_path / f"cut{cut}{suffix}"
        path.write_bytes(data[:cut])
        articles, rejected = _read([path])
        urls = [a.meta.url for a in articles]
        assert urls in (["http://example.com/a"], ["http://example.com/a", "http://example.com/b"])
        truncated = [r for r in rejected if r.reason == RejectReason.TRUNCATED]
        assert len(truncated) == 1 and truncated == rejected[-1:], (cut, rejected)
        assert "byte" in truncated[0].detail


def test_whole_file_gzip_or_garbage_warc_is_rejected_as_undecodable(tmp_path: Path) -> None:
    (tmp_path / "whole.warc.gz").write_bytes(gzip.compress(_warc(gz=False)))
    (tmp_path / "junk.warc").write_bytes(b"hello world\n" * 100)
    articles, rejected = _read([tmp_path])
    assert [a.meta.url for a in articles] == ["http://example.com/a"]
    assert [(r.record_id, r.reason) for r in rejected] == [
        ("junk@0", RejectReason.UNDECODABLE),
        ("whole@0", RejectReason.UNDECODABLE),
    ]
    assert "warcio recompress" in rejected[1].detail


# --- hostile records among good ones ----------------------------------------------------------


# Line by line: what each record is, and (in the test) the reason it must be rejected for.
_HOSTILE_LINES: list[dict[str, object] | str | bytes] = [
    _good(0),
    '{"id": "broken", "text": ',
    _good(1),
    {"id": "empty", "text": "   "},
    {"id": "notext", "title": "No body"},
    {"id": "listtext", "text": ["a", "b"]},
    {"id": "baddate", "text": TEXT, "published": "the day after tomorrow"},
    {"id": "numdate", "text": TEXT, "published": 20030616},
    {"id": "binary", "text": "\x00\x01\x02\x03\x04" * 50},
    {"id": "big", "text": "x" * 400_000},
    b'{"id": "latin1", "text": "caf\xe9"}',
    '{"id": "surrogate", "text": "bad \\ud800 char"}',
    '{"id": "nan", "text": "x", "score": NaN}',
    "[1, 2, 3]",
    "[" * 100_000 + "]" * 100_000,
    '{"id": "hugeint", "text": "x", "n": ' + "9" * 5000 + "}",
    {"id": ["not", "an", "id"], "text": TEXT},
    {"id": "good-0", "text": "A different story under a reused id."},
    _good(0),
    _good(2),
]


def test_each_bad_record_is_rejected_with_its_reason_and_the_good_ones_all_read(
    tmp_path: Path,
) -> None:
    (tmp_path / "mixed.jsonl").write_bytes(_jsonl(_HOSTILE_LINES))
    articles, rejected = _read([tmp_path / "mixed.jsonl"], IngestConfig(max_record_bytes=300_000))
    assert [a.id for a in articles] == ["good-0", "good-1", "good-2"]
    assert [r.record_id for r in rejected if r.reason == RejectReason.DUPLICATE_ID] == [
        "good-0"
    ] * 2
    assert "different text" in rejected[-2].detail and "exact repeat" in rejected[-1].detail
    assert _reasons(rejected[:-2]) == {
        "mixed:2": RejectReason.BAD_JSON,
        "empty": RejectReason.NO_TEXT,
        "notext": RejectReason.NO_TEXT,
        "listtext": RejectReason.NO_TEXT,
        "baddate": RejectReason.BAD_DATE,
        "numdate": RejectReason.BAD_DATE,
        "binary": RejectReason.BINARY,
        "mixed:10": RejectReason.TOO_LARGE,
        "mixed:11": RejectReason.UNDECODABLE,
        "surrogate": RejectReason.UNDECODABLE,
        "mixed:13": RejectReason.BAD_JSON,
        "mixed:14": RejectReason.BAD_JSON,
        "mixed:15": RejectReason.BAD_JSON,
        "mixed:16": RejectReason.BAD_JSON,
        "mixed:17": RejectReason.NOT_AN_ARTICLE,
    }
    assert all(r.origin.startswith(str(tmp_path)) for r in rejected)


def test_100_mb_single_line_is_skipped_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    with path.open("wb") as out:
        out.write(_jsonl([_good(1)]) + b'{"id": "huge", "text": "')
        block = b"word " * (MB // 5)
        for _ in range(100):
            out.write(block)
        out.write(b'"}\n' + _jsonl([_good(2)]))
    result: list[tuple[list[Article], list[Rejected]]] = []
    peak = _peak_mib(lambda: result.append(_read([path])))
    articles, rejected = result[0]
    assert [a.id for a in articles] == ["good-1", "good-2"]
    [big] = rejected
    assert big.reason == RejectReason.TOO_LARGE and big.record_id == "long:2"
    assert "104857" in big.detail and big.origin.endswith("long.jsonl:2")
    assert peak < 20, f"peak {peak:.0f} MiB"


def _zeros_gzip(path: Path, megabytes: int, level: int = 1) -> None:
    with gzip.open(path, "wb", compresslevel=level) as out:
        out.write(_jsonl([_good(1)]))
        zeros = bytes(MB)
        for _ in range(megabytes):
            out.write(zeros)


def test_gzip_bomb_is_stopped_at_the_cap_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "bomb.jsonl.gz"
    _zeros_gzip(path, 200)
    config = IngestConfig(max_decompressed_bytes=10 * MB, max_compression_ratio=10**6)
    result: list[tuple[list[Article], list[Rejected]]] = []
    peak = _peak_mib(lambda: result.append(_read([path], config)))
    articles, rejected = result[0]
    assert [a.id for a in articles] == ["good-1"]
    [bomb] = rejected
    assert bomb.reason == RejectReason.TOO_LARGE and "max_decompressed_bytes" in bomb.detail
    assert peak < 25, f"peak {peak:.0f} MiB"


def test_compression_ratio_stops_a_bomb_under_default_limits(tmp_path: Path) -> None:
    path = tmp_path / "bomb.jsonl.gz"
    _zeros_gzip(path, 100, level=9)
    articles, rejected = _read([path])
    assert [a.id for a in articles] == ["good-1"]
    assert [r.reason for r in rejected] == [RejectReason.TOO_LARGE]
    assert "max_compression_ratio" in rejected[0].detail


def test_zstd_bomb_is_stopped(tmp_path: Path) -> None:
    zstd = pytest.importorskip("zstandard")
    compressor = zstd.ZstdCompressor().compressobj()
    data = compressor.compress(_jsonl([_good(1)]))
    for _ in range(200):
        data += compressor.compress(bytes(MB))
    data += compressor.flush()
    (tmp_path / "bomb.jsonl.zst").write_bytes(data)
    result: list[tuple[list[Article], list[Rejected]]] = []
    config = IngestConfig(max_decompressed_bytes=10 * MB)
    peak = _peak_mib(lambda: result.append(_read([tmp_path / "bomb.jsonl.zst"], config)))
    articles, rejected = result[0]
    assert [a.id for a in articles] == ["good-1"]
    assert [r.reason for r in rejected] == [RejectReason.TOO_LARGE]
    assert peak < 40, f"peak {peak:.0f} MiB"


@pytest.mark.parametrize("suffix", [".jsonl.gz", ".jsonl.zst"])
def test_truncated_compressed_file_keeps_records_read_so_far(tmp_path: Path, suffix: str) -> None:
    data = _jsonl([_good(n) for n in range(2000)])
    if suffix == ".jsonl.gz":
        packed = gzip.compress(data)
    else:
        packed = pytest.importorskip("zstandard").ZstdCompressor().compress(data)
    path = tmp_path / f"cut{suffix}"
    path.write_bytes(packed[: len(packed) * 6 // 10])
    articles, rejected = _read([path])
    assert 100 < len(articles) < 2000
    assert [a.id for a in articles] == [f"good-{n}" for n in range(len(articles))]
    [cut] = rejected
    assert cut.reason == RejectReason.TRUNCATED and "compressed byte" in cut.detail
    assert cut.record_id == f"cut:{len(articles) + 1}"


def test_file_that_is_not_gzip_is_rejected_not_raised(tmp_path: Path) -> None:
    (tmp_path / "fake.jsonl.gz").write_bytes(_jsonl([_good(1)]))
    (tmp_path / "ok.jsonl").write_bytes(_jsonl([_good(2)]))
    articles, rejected = _read([tmp_path])
    assert [a.id for a in articles] == ["good-2"]
    assert [r.reason for r in rejected] == [RejectReason.UNDECODABLE]


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_bytes(_jsonl([_good(1)]))
    (tmp_path / "b.jsonl").write_bytes(_jsonl([_good(1), {"id": "good-1", "text": "Other."}]))
    articles, rejected = _read([tmp_path / "a.jsonl", tmp_path / "b.jsonl"])
    assert len(articles) == 1 and articles[0].origin.endswith("a.jsonl:1")
    assert [r.reason for r in rejected] == [RejectReason.DUPLICATE_ID] * 2


# --- usage errors -----------------------------------------------------------------------------


def test_unknown_suffix_and_missing_path_are_usage_errors_before_reading(tmp_path: Path) -> None:
    (tmp_path / "corpus.xml").write_text("<x/>", encoding="utf-8")
    with pytest.raises(InputError, match=r"corpus\.xml: .*\.jsonl.*\.warc\.gz"):
        iter_corpus([tmp_path / "corpus.xml"])
    with pytest.raises(InputError, match="no such file"):
        iter_corpus([tmp_path / "nope.jsonl"])


@pytest.mark.parametrize(
    "config",
    [
        IngestConfig(max_record_bytes=0),
        IngestConfig(max_decompressed_bytes=-1),
        IngestConfig(id_field=""),
    ],
)
def test_bad_limits_are_config_errors(config: IngestConfig) -> None:
    with pytest.raises(ConfigError):
        iter_corpus([], config)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2003-06-16", "2003-06-16"),
        ("2003/06/16", "2003-06-16"),
        ("June 17, 2003", "2003-06-17"),
        ("June 17 2003", "2003-06-17"),
        ("Aug. 5, 2003", "2003-08-05"),
        ("Sept. 5, 2003", "2003-09-05"),
        ("16.06.2003", "2003-06-16"),
        ("16 June 2003", "2003-06-16"),
        ("2003-06-16T10:00:00Z", "2003-06-16T10:00:00+00:00"),
        ("2003-06-16 10:00:00+02:00", "2003-06-16T10:00:00+02:00"),
        ("Mon, 16 Jun 2003 10:00:00 +0000", "2003-06-16T10:00:00+00:00"),
        ("03/04/2003", None),
        ("yesterday", None),
        ("32 June 2003", None),
    ],
)
def test_dates(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


# --- real data --------------------------------------------------------------------------------


def test_real_semeval_corpus_streams_without_rejections(shared: Path) -> None:
    articles, rejected = _read([shared / "data" / "semeval2022_dev" / "corpus.jsonl"])
    assert len(articles) == 1572 and not rejected
    assert {a.meta.lang for a in articles} >= {"en", "de", "es", "tr", "pl", "ar", "fr"}


def test_real_msrp_corpus_passes_its_metadata_through(shared: Path) -> None:
    articles, rejected = _read([shared / "data" / "msrp_dev" / "corpus.jsonl"])
    assert len(articles) == 7817 and not rejected
    first = articles[0]
    assert first.meta.author and first.meta.url
    assert [key for key, _ in first.extra] == ["source", "date", "agency"]
    unread = {date for a in articles if not parse_date(date := str(dict(a.extra)["date"]))}
    assert unread == {"SearchJune 4, 2003"}  # scraped page furniture glued to one date
