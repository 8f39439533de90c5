"""Readers (comity/ingest/readers.py and the format modules behind it): every format, every
kind of bad input, directories, stdin and URLs (local server / MockTransport, never the net)."""

from __future__ import annotations

import gzip
import http.server
import io
import sys
import threading
from importlib import resources
from pathlib import Path
from typing import ClassVar

import httpx
import pytest
import yaml

from comity.errors import ComityError
from comity.ingest import ReadError, iter_documents
from comity.ingest.fetch import fetch
from comity.ingest.readers import READERS, reader_for, sniff_kind
from comity.model import Document, document_id
from comity.settings import Settings

DATA = Path(__file__).parent / "data"

ARTICLE = (
    "Talks resume in Geneva\n\n"
    "Delegations from Armenia and Azerbaijan resumed talks in Geneva on Wednesday, "
    "the Swiss foreign ministry said.\n\n"
    "Officials described the first session as constructive.\n"
)


def make_settings(**ingest) -> Settings:
    text = resources.files("comity").joinpath("defaults.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data["ingest"].update(ingest)
    return Settings(data)


def read(*inputs, **options) -> list[Document | ReadError]:
    return list(iter_documents([str(i) for i in inputs], **options))


def docs(results) -> list[Document]:
    return [r for r in results if isinstance(r, Document)]


def errors(results) -> list[ReadError]:
    return [r for r in results if isinstance(r, ReadError)]


def codes(results) -> list[str]:
    return [e.message.split()[0] for e in errors(results)]


# ----------------------------------------------------------------------------- registry


def test_registry_covers_configured_extensions():
    for extension in make_settings()["ingest"]["extensions"]:
        assert reader_for(f"file{extension}") is not None, extension
    assert reader_for("a.warc.gz") is READERS[".warc.gz"]
    assert reader_for("A.HTML") is READERS[".html"]
    assert reader_for("archive.zip") is None


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b'{"id": 1, "text": "x"}\n', "jsonl"),
        (b'  [{"text": "x"}]', "json"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "html"),
        (b"<p>Just a fragment</p>", "html"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel>', "feed"),
        (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
        (b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "warc"),
        (b"\x1f\x8b\x08\x00", "warc"),
        (b"Plain words about a summit.", "text"),
        ("\ufeffPlain text after a BOM.".encode("utf-16"), "text"),
    ],
)
def test_sniff_kind(head, kind):
    assert sniff_kind(head) == kind


def test_iter_documents_is_lazy():
    results = iter_documents([str(DATA / "corpus.jsonl")])
    assert iter(results) is results
    first = next(results)
    assert isinstance(first, Document) and first.id == "a1"


# ----------------------------------------------------------------------------- plain text


def test_plain_text_file_takes_date_from_its_name():
    (document,) = read(DATA / "2025-03-02-summit.txt")
    assert document.published == "2025-03-02"
    assert document.title == "Leaders meet in Nairobi"
    assert document.text.startswith("Leaders meet in Nairobi.\n\nThe presidents of Kenya")
    assert "Skip to content" not in document.text and "Share this" not in document.text
    assert document.flags == {"furniture": 2}
    assert document.source == ""
    assert document.origin == str(DATA / "2025-03-02-summit.txt")
    assert document.id == document_id(document.text, title=document.title)


@pytest.mark.parametrize(
    ("name", "option", "expected"),
    [
        ("2025-03-02-summit.txt", None, "2025-03-02"),
        ("20250302_summit.txt", None, "2025-03-02"),
        ("2025-03-02-summit.txt", "2025-05-09", "2025-05-09"),
        ("summit.txt", "2025-05-09", "2025-05-09"),
        ("summit.txt", None, None),
        ("2025-13-45-summit.txt", None, None),
    ],
)
def test_plain_text_date_precedence(tmp_path, name, option, expected):
    path = tmp_path / name
    path.write_text(ARTICLE, encoding="utf-8")
    (document,) = read(path, date=option)
    assert document.published == expected


def test_source_option_and_markdown(tmp_path):
    path = tmp_path / "note.md"
    path.write_text("# Talks resume\n\nDelegates met in **Geneva** on Monday.\n", encoding="utf-8")
    (document,) = read(path, source="Field notes")
    assert document.text == "Talks resume.\n\nDelegates met in Geneva on Monday."
    assert document.source == "Field notes"


def test_invalid_date_option_is_refused():
    with pytest.raises(ComityError, match="E113"):
        iter_documents([str(DATA / "corpus.jsonl")], date="the 32nd of May")


# ----------------------------------------------------------------------------- encodings


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16", "utf-16-le"])
def test_encodings_are_detected(tmp_path, encoding):
    text = (
        "Le président français a rencontré à Genève le ministre allemand des Affaires "
        "étrangères, Günter Müller, jeudi. Les négociations reprendront à Zürich en mars."
    )
    if encoding == "cp1252":
        text += " «Un accord – enfin», a-t-il dit."
    path = tmp_path / "article.txt"
    path.write_bytes(text.encode(encoding))
    (document,) = read(path)
    assert document.text == text


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(bytes(range(256)) * 4)
    (error,) = read(path)
    assert error.message == f"E103 {path}: binary data, not text (contains NUL bytes)"


def test_control_bytes_without_nul_are_binary(tmp_path):
    path = tmp_path / "blob.txt"
    path.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17, 65]) * 50)
    assert codes(read(path)) == ["E103"]


# ----------------------------------------------------------------------------- bad input


def test_missing_path(tmp_path):
    missing = tmp_path / "nope.txt"
    (error,) = read(missing)
    assert error == ReadError(str(missing), f"E111 {missing}: no such file or directory")


@pytest.mark.parametrize(
    "name",
    [
        "empty.txt",
        "empty.html",
        "empty.jsonl",
        "empty.csv",
        "empty.rss",
        "empty.warc",
        "empty.json",
    ],
)
def test_empty_files(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    (error,) = read(path)
    assert error.message == f"E102 {path}: empty input"


@pytest.mark.parametrize("name", ["blank.txt", "blank.jsonl", "blank.csv"])
def test_whitespace_only_files(tmp_path, name):
    path = tmp_path / name
    path.write_text("\n  \n\n", encoding="utf-8")
    assert codes(read(path)) == ["E102"]


def test_file_over_max_bytes_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(ARTICLE * 10, encoding="utf-8")
    (error,) = read(path, settings=make_settings(max_bytes=500))
    assert error.message.startswith(f"E110 {path}: input too large (")
    assert "limit 500" in error.message


def test_large_sparse_file_is_refused_quickly(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # 60 MB, sparse: nothing is written
        handle.truncate(60_000_000)
    assert codes(read(path)) == ["E110"]


def test_jsonl_line_over_max_bytes(tmp_path):
    path = tmp_path / "c.jsonl"
    long_text = "word " * 200
    path.write_text(
        f'{{"text": "{long_text}"}}\n{{"id": "ok", "text": "Short text about Oslo."}}\n',
        encoding="utf-8",
    )
    results = read(path, settings=make_settings(max_bytes=300))
    assert codes(results) == ["E110"]
    assert errors(results)[0].origin == f"{path}:1"
    assert [d.id for d in docs(results)] == ["ok"]


def test_corpus_over_max_bytes_streams_line_by_line(tmp_path):
    path = tmp_path / "c.jsonl"
    lines = [f'{{"id": "r{i}", "text": "Record {i} about talks in Oslo."}}' for i in range(40)]
    path.write_text("\n".join(lines), encoding="utf-8")
    assert path.stat().st_size > 1000
    results = read(path, settings=make_settings(max_bytes=100))
    assert len(docs(results)) == 40 and not errors(results)


def test_errors_do_not_stop_the_run(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    results = read(tmp_path / "missing.txt", empty, DATA / "not_a_feed.xml", good)
    assert codes(results) == ["E111", "E102", "E101"]
    assert len(docs(results)) == 1


# ----------------------------------------------------------------------------- HTML


def test_html_page():
    (document,) = read(DATA / "article.html")
    assert document.title == "Ministers agree on river treaty"
    assert document.published == "2024-11-05"
    assert document.text.startswith("Ministers agree on river treaty.\n\nThe foreign ministers")
    for chrome in ("Subscribe", "Floods hit", "Copyright", "cookies", "tracking", "World"):
        assert chrome not in document.text
    assert "joint commission" in document.text
    assert document.url == "" and document.source == ""


def test_html_date_option_only_when_page_has_none(tmp_path):
    (document,) = read(DATA / "article.html", date="2030-01-01")
    assert document.published == "2024-11-05"
    path = tmp_path / "nodate.html"
    path.write_text(
        "<html><body><p>Delegations from Armenia and Azerbaijan resumed talks in Geneva.</p></body></html>",
        encoding="utf-8",
    )
    (document,) = read(path, date="2030-01-01")
    assert document.published == "2030-01-01"


def test_malformed_html_still_gives_its_text(tmp_path):
    path = tmp_path / "broken.html"
    path.write_text(
        "<html><head><title>Broken page</title><body><div><p>Delegations from Armenia and "
        "Azerbaijan resumed talks in Geneva on Wednesday <b>after a long pause<p>The Swiss "
        "foreign ministry hosted the meeting</div></span></td>",
        encoding="utf-8",
    )
    (document,) = read(path)
    assert "resumed talks in Geneva on Wednesday after a long pause" in document.text
    assert "Swiss foreign ministry hosted the meeting" in document.text


@pytest.mark.parametrize(
    "markup",
    [
        "<html><head><script>var a = 1;</script></head><body></body></html>",
        "<html><body><nav><a href='/'>Home</a></nav><!-- nothing --></body></html>",
        "<<<>>>",
    ],
)
def test_html_without_text_is_e107(tmp_path, markup):
    path = tmp_path / "nothing.html"
    path.write_text(markup, encoding="utf-8")
    (error,) = read(path)
    assert error.message == f"E107 {path}: malformed HTML: no main text found"


def test_html_declared_charset(tmp_path):
    path = tmp_path / "latin.htm"
    path.write_bytes(
        '<html><head><meta charset="windows-1252"><title>Genève</title></head><body>'
        "<p>Les négociations reprendront à Genève – «enfin» – en mars, selon le ministère.</p>"
        "</body></html>".encode("cp1252")
    )
    (document,) = read(path)
    assert "Les négociations reprendront à Genève – «enfin» – en mars" in document.text


# ----------------------------------------------------------------------------- JSON / CSV


def test_jsonl_corpus():
    path = DATA / "corpus.jsonl"
    results = read(path)
    assert [type(r).__name__ for r in results] == [
        "Document",
        "Document",
        "ReadError",
        "ReadError",
        "Document",
    ]
    first, second, fifth = docs(results)
    assert (first.id, first.title, first.url, first.source, first.published) == (
        "a1",
        "Fisheries pact",
        "https://news.example.org/a1",
        "Example Wire",
        "2024-02-05",
    )
    assert first.origin == f"{path}:1"
    assert second.id == document_id(second.text)
    assert second.published == "2024-03-05"
    assert fifth.id == "5" and fifth.published is None and fifth.flags["bad_date"] == 1
    e104, e105 = errors(results)
    assert e104 == ReadError(
        f"{path}:3", f"E104 {path}:3: malformed JSON (Invalid control character at col 34)"
    )
    assert e105 == ReadError(f"{path}:5", f"E105 {path}:5: record has no text field 'text'")


def test_jsonl_date_and_source_options_are_defaults_only():
    results = docs(read(DATA / "corpus.jsonl", date="2020-01-01", source="Corpus"))
    assert [d.published for d in results] == ["2024-02-05", "2024-03-05", "2020-01-01"]
    assert [d.source for d in results] == ["Example Wire", "Corpus", "Corpus"]


@pytest.mark.parametrize(
    ("content", "expected_ids", "expected_codes"),
    [
        (
            '[{"id": "x", "text": "Oslo talks."}, {"id": "y", "text": "Lima talks."}]',
            ["x", "y"],
            [],
        ),
        (
            '{"id": "x", "text": "Oslo talks."}\n{"id": "y", "text": "Lima talks."}\n',
            ["x", "y"],
            [],
        ),
        ('{"id": "x",\n "text": "Oslo talks."}', ["x"], []),
        ('[{"id": "x", "text": "Oslo talks."}, 3, {"id": "z"}]', ["x"], ["E104", "E105"]),
        ('[{"id": "x", "text": "Oslo talks."},\n {"id": ]', [], ["E104"]),
        ('"just a string"', [], ["E104"]),
    ],
)
def test_json_file(tmp_path, content, expected_ids, expected_codes):
    path = tmp_path / "records.json"
    path.write_text(content, encoding="utf-8")
    results = read(path)
    assert [d.id for d in docs(results)] == expected_ids
    assert codes(results) == expected_codes


def test_json_error_names_the_line(tmp_path):
    path = tmp_path / "records.json"
    path.write_text('[\n{"text": "a"},\n{"text": }\n]', encoding="utf-8")
    (error,) = read(path)
    assert error.message.startswith(f"E104 {path}:3: malformed JSON (Expecting value at col")


def test_csv_with_configured_columns():
    path = DATA / "corpus.csv"
    results = read(path, columns={"text": "body", "title": "headline", "date": "when"})
    first, second = docs(results)
    assert (first.id, first.title, first.published, first.origin) == (
        "c1",
        "Rail deal",
        "2023-09-12",
        f"{path}:2",
    )
    assert second.published == "2023-10" and second.origin == f"{path}:3"
    assert second.text.endswith("The note was delivered in Warsaw.")
    (error,) = errors(results)
    assert error.message == f"E105 {path}:5: record has no text field 'body'"


def test_csv_without_text_column_is_e106():
    (error,) = read(DATA / "corpus.csv")
    assert error.message.startswith(f"E106 {DATA / 'corpus.csv'}:1: malformed CSV (no 'text' column")


def test_csv_columns_from_settings(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("body\nFiji and Tonga signed a maritime accord.\n", encoding="utf-8")
    columns = {
        "id": "id",
        "text": "body",
        "date": "date",
        "title": "title",
        "url": "url",
        "source": "source",
    }
    (document,) = read(path, settings=make_settings(csv_columns=columns))
    assert document.text == "Fiji and Tonga signed a maritime accord."


def test_malformed_csv_rows(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        'id,text\nr1,"Good row about Oslo."\nr2,too,many,fields\nr3,"Also good about Lima."\n'
        'r4,"unterminated quote\n',
        encoding="utf-8",
    )
    results = read(path)
    assert [d.id for d in docs(results)] == ["r1", "r3"]
    first, last = errors(results)
    assert first.message == f"E106 {path}:3: malformed CSV (4 fields, header has 2)"
    assert last.message.startswith(f"E106 {path}:5: malformed CSV (")


def test_csv_long_field_and_tsv(tmp_path):
    long_text = "Delegates from Chile and Peru met in Lima. " * 5000  # ~215 KB, over csv's default limit
    path = tmp_path / "long.tsv"
    path.write_text(f"id\ttext\nlong\t{long_text}\n", encoding="utf-8")
    (document,) = read(path)
    assert document.id == "long" and len(document.text) > 200_000


def test_real_guardian_csv_streams(shared):
    path = shared("data", "news_sample", "guardian_2019_sample.csv")
    results = read(path, source="Ignored when the row has one")
    assert not errors(results)
    documents = docs(results)
    assert len(documents) == 249
    assert all(d.source == "Guardian" and d.published.startswith("20") for d in documents)
    assert len({d.id for d in documents}) == 249


# ----------------------------------------------------------------------------- feeds


def test_rss_feed():
    path = DATA / "feed.rss"
    results = read(path)
    first, second = docs(results)
    assert first.title == "Brazil and Argentina sign energy accord"
    assert first.url == "https://wire.example.net/world/brazil-argentina-energy"
    assert first.published == "2024-05-14"
    assert first.source == "wire.example.net"
    assert first.origin == f"{path}#1"
    assert first.text == (
        "Brazil and Argentina sign energy accord.\n\nBrazil and Argentina signed an accord on "
        "Monday to expand gas supplies across their border.\n\nThe deal runs for ten years."
    )
    assert "<p>" not in first.text
    assert second.published is None and second.flags["bad_date"] == 1
    (error,) = errors(results)
    assert error.message.startswith(f"E105 {path}#3: record has no text field")


def test_atom_feed_prefers_content_over_summary():
    (document,) = read(DATA / "feed.atom", source="Gazette")
    assert document.text.endswith("held a joint drill near Manila on Sunday.")
    assert document.published == "2024-06-02"
    assert document.source == "Gazette"


def test_utf16_feed(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes((DATA / "feed.rss").read_text(encoding="utf-8").encode("utf-16"))
    assert len(docs(read(path))) == 2


def test_xml_that_is_not_a_feed():
    (error,) = read(DATA / "not_a_feed.xml")
    assert (
        error.message == f"E101 {DATA / 'not_a_feed.xml'}: not a valid RSS/Atom document "
        "(no <rss>, <feed> or <rdf:RDF> root)"
    )


def test_malformed_feed_names_the_line():
    (error,) = read(DATA / "broken_feed.xml")
    assert (
        error.message == f"E101 {DATA / 'broken_feed.xml'}: "
        "not a valid RSS/Atom document (line 5: mismatched tag)"
    )


# ----------------------------------------------------------------------------- WARC

PAGE = (
    "<html><head><title>Talks resume in Geneva</title></head><body><article>"
    "<h1>Talks resume in Geneva</h1><p>Delegations from Armenia and Azerbaijan resumed talks "
    "in Geneva on Wednesday, the Swiss foreign ministry said.</p></article></body></html>"
)


def write_warc(path: Path, *, gzipped: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzipped)
        writer.write_record(writer.create_warcinfo_record("x.warc", {"software": "test"}))

        def response(uri: str, status: str, content_type: str, body: bytes, date: str) -> None:
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri,
                "response",
                payload=io.BytesIO(body),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": date},
            )
            writer.write_record(record)

        response(
            "https://www.news.example.org/geneva",
            "200 OK",
            "text/html; charset=utf-8",
            PAGE.encode(),
            "2024-03-05T10:00:00Z",
        )
        response(
            "https://www.news.example.org/logo.png",
            "200 OK",
            "image/png",
            b"\x89PNG\r\n",
            "2024-03-05T10:00:01Z",
        )
        response(
            "https://www.news.example.org/old",
            "301 Moved Permanently",
            "text/html",
            b"",
            "2024-03-05T10:00:02Z",
        )
        response(
            "https://www.news.example.org/empty",
            "200 OK",
            "text/html",
            b"<html><body></body></html>",
            "2024-03-05T10:00:03Z",
        )


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc(tmp_path, name):
    path = tmp_path / name
    write_warc(path, gzipped=name.endswith(".gz"))
    results = read(path, date="2030-01-01")
    (document,) = docs(results)
    assert document.url == "https://www.news.example.org/geneva"
    assert document.source == "news.example.org"
    assert document.published == "2024-03-05"
    assert document.title == "Talks resume in Geneva"
    assert "resumed talks in Geneva on Wednesday" in document.text
    assert document.origin == f"{path}#2"
    assert codes(results) == ["E107"]


def test_not_a_warc(tmp_path):
    path = tmp_path / "fake.warc"
    path.write_text("this is not an archive\n", encoding="utf-8")
    (error,) = read(path)
    assert error.message.startswith(f"E108 {path}: not a WARC file (")
    gz = tmp_path / "fake.warc.gz"
    gz.write_bytes(gzip.compress(b"still not an archive\n"))
    assert codes(read(gz)) == ["E108"]


# ----------------------------------------------------------------------------- directories


def test_directory_is_walked_sorted_skipping_hidden(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Second article about Oslo.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First article about Lima.", encoding="utf-8")
    (tmp_path / "c.TXT").write_text("Third article about Quito.", encoding="utf-8")
    (tmp_path / ".secret.txt").write_text("Hidden file.", encoding="utf-8")
    (tmp_path / ".hidden" / "x.txt").write_text("Hidden dir.", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    results = read(tmp_path)
    assert [Path(d.origin).relative_to(tmp_path).as_posix() for d in docs(results)] == [
        "a.txt",
        "c.TXT",
        "b/2.txt",
    ]
    assert not errors(results)


def test_directory_without_inputs(tmp_path):
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    assert codes(read(tmp_path)) == ["E112"]


def test_unknown_extension_is_sniffed(tmp_path):
    path = tmp_path / "export.dat"
    path.write_text('{"id": "s1", "text": "Sniffed JSON line about Oslo."}\n', encoding="utf-8")
    assert [d.id for d in docs(read(path))] == ["s1"]


# ----------------------------------------------------------------------------- stdin


@pytest.mark.parametrize(
    ("content", "check"),
    [
        (
            ('{"id": "s1", "text": "Line one about Oslo."}\n{"id": "s2", "text": "Line two about Lima."}\n'),
            lambda ds: [d.id for d in ds] == ["s1", "s2"],
        ),
        (ARTICLE, lambda ds: ds[0].title == "Talks resume in Geneva"),
        (PAGE, lambda ds: ds[0].title == "Talks resume in Geneva" and "<p>" not in ds[0].text),
        ((DATA / "feed.rss").read_text(encoding="utf-8"), lambda ds: len(ds) == 2),
    ],
    ids=["jsonl", "text", "html", "rss"],
)
def test_stdin_text_stream(monkeypatch, content, check):
    monkeypatch.setattr(sys, "stdin", io.StringIO(content))
    results = read("-", date="2025-05-09")
    documents = docs(results)
    assert documents and check(documents)
    assert all(d.origin.startswith("-") for d in documents)


def test_stdin_bytes_in_cp1252(monkeypatch):
    raw = "Le ministre a parlé à Genève – «enfin».".encode("cp1252")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    (document,) = read("-")
    assert document.text == "Le ministre a parlé à Genève – «enfin»."
    assert document.origin == "-"


def test_stdin_jsonl_with_bad_line(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"text": "Good line about Oslo."}\nnot json\n'))
    results = read("-")
    assert len(docs(results)) == 1
    assert errors(results) == [ReadError("-:2", "E104 -:2: malformed JSON (Expecting value at col 1)")]


def test_empty_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert read("-") == [ReadError("-", "E102 -: empty input")]


# ----------------------------------------------------------------------------- URLs


def mock_client(handler) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=True)


def test_fetch_with_mock_transport():
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/old":
            return httpx.Response(301, headers={"Location": "https://news.example.org/new"})
        if request.url.path == "/new":
            return httpx.Response(
                200, headers={"Content-Type": "text/html; charset=utf-8"}, content=PAGE.encode()
            )
        if request.url.path == "/big":
            return httpx.Response(200, content=b"x" * 5000)
        if request.url.path == "/down":
            raise httpx.ConnectError("connection refused", request=request)
        return httpx.Response(404)

    settings = make_settings(http_max_bytes=1000)
    with mock_client(handler) as client:
        fetched = fetch("https://news.example.org/old", settings=settings, client=client)
        assert fetched.url == "https://news.example.org/new"
        assert fetched.content_type == "text/html" and fetched.charset == "utf-8"
        assert fetched.data == PAGE.encode()
        with pytest.raises(
            ComityError,
            match=r"^E109 https://news\.example\.org/missing: download failed "
            r"\(HTTP 404 Not Found\)$",
        ):
            fetch("https://news.example.org/missing", settings=settings, client=client)
        with pytest.raises(ComityError, match=r"^E110 "):
            fetch("https://news.example.org/big", settings=settings, client=client)
        with pytest.raises(ComityError, match=r"^E109 .*ConnectError: connection refused"):
            fetch("https://news.example.org/down", settings=settings, client=client)


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[str, bytes]]] = {
        "/article": ("text/html; charset=utf-8", PAGE.encode()),
        "/feed": ("application/rss+xml", (DATA / "feed.rss").read_bytes()),
        "/corpus": ("application/x-ndjson", (DATA / "corpus.jsonl").read_bytes()),
        "/plain": ("text/plain", ARTICLE.encode()),
    }

    def do_GET(self) -> None:
        if self.path not in self.routes:
            self.send_error(404)
            return
        content_type, body = self.routes[self.path]
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_inputs_from_local_server(server):
    results = read(
        f"{server}/article",
        f"{server}/feed",
        f"{server}/corpus",
        f"{server}/plain",
        f"{server}/missing",
    )
    documents = docs(results)
    page = documents[0]
    assert page.url == f"{server}/article" and page.origin == f"{server}/article"
    assert page.source == "127.0.0.1"
    assert page.title == "Talks resume in Geneva"
    feed = [d for d in documents if d.origin.startswith(f"{server}/feed")]
    assert [d.source for d in feed] == ["wire.example.net", "wire.example.net"]
    corpus = [d for d in documents if d.origin.startswith(f"{server}/corpus")]
    assert [d.id for d in corpus][:1] == ["a1"]
    plain = [d for d in documents if d.origin == f"{server}/plain"]
    assert plain and plain[0].source == "127.0.0.1"
    assert errors(results)[-1].message == f"E109 {server}/missing: download failed (HTTP 404 Not Found)"


def test_url_size_cap(server):
    (error,) = read(f"{server}/article", settings=make_settings(http_max_bytes=100))
    assert error.message.startswith(f"E110 {server}/article: input too large")
