"""Tests for unspin.ingest: text, HTML, JSONL, WARC, directories, stdin, and bad input that must not stop a batch."""

from __future__ import annotations

import doctest
import gzip
import io
import json
import os
import sys
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import unspin.ingest.html
import unspin.ingest.jsonl
import unspin.ingest.text
from unspin.errors import ConfigError
from unspin.ingest import from_html, from_record, from_text, read
from unspin.records import Document

from ingest_support import NYT_IMAGE, ROOT, SEED, WMT, wmt_records  # noqa: F401


def article_html(record: dict, image: str = NYT_IMAGE, date: str | None = "2020-06-06") -> str:
    """A content-farm-like page around a real WMT text: nav, sidebar, footer, og:image, canonical."""
    paragraphs = "".join(f"<p>{s}</p>" for s in record["sentences"][1:])
    date_meta = f'<meta property="article:published_time" content="{date}T10:00:00Z">' if date else ""
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{record['sentences'][0]} - Daily Copy News</title>"
        '<link rel="canonical" href="https://dailycopy.example/news/monument">'
        f'<meta property="og:image" content="{image}">{date_meta}</head><body>'
        "<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sports'>Sports</a></nav>"
        f"<article><h1>{record['sentences'][0]}</h1>{paragraphs}</article>"
        "<aside>Trending: celebrity diet secrets revealed</aside>"
        "<footer>Copyright 2020 Daily Copy News. All rights reserved.</footer></body></html>"
    )


def write_warc(path: Path, pages: list[tuple[str, bytes, str, str]]) -> None:
    """pages: (uri, payload, content type, http status line)."""
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=path.suffix == ".gz")
        for uri, payload, ctype, status in pages:
            http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(payload), http_headers=http,
                warc_headers_dict={"WARC-Date": "2020-06-07T12:00:00Z"},
            )  # fmt: skip
            writer.write_record(record)


@pytest.mark.parametrize("module", [unspin.ingest.text, unspin.ingest.html, unspin.ingest.jsonl])
def test_docstring_examples(module: object) -> None:
    assert doctest.testmod(module).failed == 0  # type: ignore[arg-type]


# --- plain text ----------------------------------------------------------------------------------


def test_seed_text_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    (doc,) = read("examples/seed.txt")
    assert doc.id == "examples/seed.txt" and doc.source == "examples/seed.txt"
    assert doc.errors == () and doc.title is None  # the first line is a sentence, not a headline
    assert doc.sentences[-2:] == (NYT_IMAGE, "Source link")
    assert doc.text.startswith("Defense Minister Higseth House concluded")


def test_headline_first_line_is_title(tmp_path: Path) -> None:
    record = wmt_records()[0]
    path = tmp_path / "story.md"
    path.write_text("Virginia Beach takes down Confederate monument\n\n" + " ".join(record["sentences"][1:]), "utf-8")
    (doc,) = read(path)
    assert doc.title == "Virginia Beach takes down Confederate monument"
    assert doc.sentences[0] == doc.title  # the title stays part of the text and its units


def test_from_text_keeps_given_sentences_exactly() -> None:
    units = ["  Mr. Ishiba spoke. He left. ", "Second unit."]
    doc = from_text("", "a", sentences=units)
    assert doc.sentences == tuple(units)
    assert doc.text == "\n".join(units)
    given = from_text("Mr. Ishiba spoke. He left. Second unit.", "b", sentences=units)
    assert given.text == "Mr. Ishiba spoke. He left. Second unit."


def test_cp1252_file_decodes_without_note(tmp_path: Path) -> None:
    path = tmp_path / "win.txt"
    path.write_bytes("“America does not mean America alone,” said Mr. Hegseth in Tokyo’s café.".encode("cp1252"))
    (doc,) = read(path)
    assert doc.errors == ()
    assert doc.text == "“America does not mean America alone,” said Mr. Hegseth in Tokyo’s café."


def test_utf8_bom_and_utf16(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbfShigeru Ishiba spoke.")
    (tmp_path / "wide.txt").write_bytes("Shigeru Ishiba spoke.".encode("utf-16"))
    docs = list(read(tmp_path))
    assert [d.text for d in docs] == ["Shigeru Ishiba spoke.", "Shigeru Ishiba spoke."]
    assert all(d.errors == () for d in docs)


def test_lossy_decoding_is_noted(tmp_path: Path) -> None:
    (tmp_path / "a_damaged.txt").write_bytes("Ishiba’s café ".encode() + b"\xff" + " and Nakatani’s plan.".encode())
    (tmp_path / "b_latin1.txt").write_bytes(b"Caf\xe9 \x81 control")  # 0x81 is not cp1252
    damaged, latin = read(tmp_path)
    assert damaged.text == "Ishiba’s café \ufffd and Nakatani’s plan."
    assert "not valid UTF-8 at byte 17" in damaged.errors[0] and "a_damaged.txt" in damaged.errors[0]
    assert latin.text == "Café control"  # the C1 control is dropped by clean_text
    assert "latin-1" in latin.errors[0]


# --- HTML ----------------------------------------------------------------------------------------


def test_html_page_with_only_a_date_gets_no_invented_time() -> None:
    html = article_html(wmt_records()[0]).replace("2020-06-06T10:00:00Z", "2020-06-06")
    assert from_html(html, "p").published == "2020-06-06"


def test_html_file(tmp_path: Path) -> None:
    record = wmt_records()[0]
    path = tmp_path / "page.html"
    path.write_text(article_html(record), "utf-8")
    (doc,) = read(path)
    assert doc.id == str(path) and doc.source == str(path) and doc.errors == ()
    assert doc.title == record["sentences"][0]
    assert doc.published == "2020-06-06T10:00:00+0000"  # the time and offset are kept
    assert doc.url == "https://dailycopy.example/news/monument"
    assert doc.image == NYT_IMAGE
    for sentence in record["sentences"][1:]:
        assert sentence in doc.sentences
    assert "Copyright" not in doc.text and "Sports" not in doc.text


def test_from_html_bytes_with_declared_charset() -> None:
    page = "<html><head><meta charset='windows-1252'></head><body><article><p>" + "Tokyo’s mayor said so. " * 8
    doc = from_html((page + "</p></article></body></html>").encode("cp1252"), "p")
    assert "Tokyo’s mayor said so." in doc.sentences and doc.errors == ()


def test_html_without_text_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_text("<html><head><title></title></head><body><script>var x=1;</script></body></html>", "utf-8")
    (doc,) = read(path)
    assert doc.text == "" and doc.sentences == ()
    assert "no article text found in HTML" in doc.errors[0] and str(path) in doc.errors[0]


# --- JSONL ---------------------------------------------------------------------------------------


def test_jsonl_gz_keeps_given_sentences(tmp_path: Path) -> None:
    path = tmp_path / "originals.jsonl.gz"
    with gzip.open(path, "wb") as out:
        out.write(WMT.read_bytes())
    docs = list(read(path))
    records = wmt_records()
    assert [d.id for d in docs] == [r["id"] for r in records]
    assert [d.sentences for d in docs] == [tuple(r["sentences"]) for r in records]
    assert [d.text for d in docs] == [r["text"] for r in records]
    assert [d.source for d in docs] == [f"{path}#L{i}" for i in range(1, 5)]


def test_jsonl_record_fields_and_html() -> None:
    record = wmt_records()[1]
    doc = from_record({"id": 7, "html": article_html(record), "title": "Given title", "url": "https://x.example/a"})
    assert doc.id == "7" and doc.title == "Given title" and doc.url == "https://x.example/a"
    assert doc.image == NYT_IMAGE and doc.published == "2020-06-06T10:00:00+0000"
    assert record["sentences"][2] in doc.sentences


def test_jsonl_bad_lines_are_accounted_for(tmp_path: Path) -> None:
    good = wmt_records()[2]
    lines = [
        json.dumps(good),
        "",
        '{"id": "broken", "text": "unterminated',
        "[1, 2, 3]",
        json.dumps({"text": "A record without an id. It still has text."}),
        json.dumps({"id": "no-text", "url": "https://x.example"}),
        json.dumps({"id": "bad-units", "text": "One. Two.", "sentences": "One. Two."}),
    ]
    path = tmp_path / "mixed.ndjson"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    docs = list(read(path))
    assert [d.id for d in docs] == [good["id"], f"{path}#L3", f"{path}#L4", f"{path}#L5", "no-text", "bad-units"]
    assert docs[0].errors == ()
    assert "not valid JSON" in docs[1].errors[0] and docs[1].text == ""
    assert "expected an object" in docs[2].errors[0]
    assert docs[3].sentences == ("A record without an id.", "It still has text.")
    assert 'record has no "id"' in docs[3].errors[0]
    assert docs[4].text == "" and 'no "text" or "html"' in docs[4].errors[0]
    assert docs[5].sentences == ("One.", "Two.") and "not a list of strings" in docs[5].errors[0]


def test_truncated_gzip_jsonl_keeps_what_was_read(tmp_path: Path) -> None:
    records = wmt_records()
    path = tmp_path / "big.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for i in range(60):  # different ids and texts so the stream does not compress to nothing
            record = records[i % len(records)]
            out.write(json.dumps({"id": f"r{i}", "text": f"Copy number {i}. " + record["text"]}) + "\n")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    after = tmp_path / "after.txt"
    after.write_text("The batch goes on after a broken file.", "utf-8")
    docs = list(read(path, after))
    assert docs[-1].id == str(after) and docs[-1].errors == ()
    broken = docs[-2]
    assert broken.text == "" and "cannot read past line" in broken.errors[0] and str(path) in broken.errors[0]
    read_ok = docs[:-2]
    assert 0 < len(read_ok) < 60 and [d.id for d in read_ok] == [f"r{i}" for i in range(len(read_ok))]


# --- WARC ----------------------------------------------------------------------------------------


def test_warc_records(tmp_path: Path) -> None:
    first, second = wmt_records()[:2]
    path = tmp_path / "crawl.warc.gz"
    write_warc(
        path,
        [
            ("https://dailycopy.example/a", article_html(first).encode(), "text/html; charset=utf-8", "200 OK"),
            ("https://dailycopy.example/logo.png", b"\x89PNG\r\n\x1a\n...", "image/png", "200 OK"),
            ("https://dailycopy.example/gone", b"<html>gone</html>", "text/html", "404 Not Found"),
            ("https://dailycopy.example/b", article_html(second, date=None).encode(), "text/html", "200 OK"),
            ("https://dailycopy.example/c.txt", " ".join(first["sentences"]).encode(), "text/plain", "200 OK"),
        ],
    )
    docs = list(read(path))
    assert [d.id for d in docs] == ["https://dailycopy.example/a", "https://dailycopy.example/b", "https://dailycopy.example/c.txt"]
    assert all(d.errors == () and d.source.startswith(f"{path}#offset=") for d in docs)
    assert docs[0].published == "2020-06-06T10:00:00+0000"  # the page's own date wins
    assert docs[2].published == "2020-06-07T12:00:00Z"  # else the crawl date
    assert docs[0].image == NYT_IMAGE
    assert second["sentences"][3] in docs[1].sentences
    offsets = [int(d.source.rsplit("=", 1)[1]) for d in docs]
    assert offsets == sorted(offsets) and offsets[0] == 0


def test_truncated_and_malformed_warc(tmp_path: Path) -> None:
    records = wmt_records()
    path = tmp_path / "cut.warc.gz"
    write_warc(path, [(f"https://dailycopy.example/{i}", article_html(r).encode(), "text/html", "200 OK") for i, r in enumerate(records)])
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * 0.6)])
    junk = tmp_path / "junk.warc"
    junk.write_bytes(b"this is not a WARC file at all\n" * 3)
    docs = list(read(path, junk))
    good = [d for d in docs if not d.errors]
    assert 1 <= len(good) < len(records)
    assert [d.id for d in good] == [f"https://dailycopy.example/{i}" for i in range(len(good))]
    errors = [d for d in docs if d.errors]
    assert any(str(path) in e.errors[0] for e in errors) and all(e.text == "" for e in errors)
    assert errors[-1].source.startswith(str(junk)) and "WARC" in errors[-1].errors[0]


# --- batches, directories, sniffing --------------------------------------------------------------


def test_bad_inputs_never_stop_a_batch(tmp_path: Path) -> None:
    record = wmt_records()[3]
    (tmp_path / "01_good.txt").write_text(record["text"], "utf-8")
    (tmp_path / "02_image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (tmp_path / "03_blob.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "04_empty.txt").write_bytes(b"")
    (tmp_path / "05_empty.jsonl").write_bytes(b"\n\n")
    (tmp_path / "06_broken.jsonl").write_text('{"id": "x", "text": \n', "utf-8")
    (tmp_path / "07_notgzip.jsonl.gz").write_bytes(b"\x1f\x8b\x08\x00 garbage that is not deflate")
    (tmp_path / "08_page.html").write_text(article_html(record), "utf-8")
    zipped = gzip.compress(record["text"].encode() * 20)
    (tmp_path / "09_cut.txt.gz").write_bytes(zipped[: len(zipped) // 2])
    missing = tmp_path / "missing.txt"
    docs = list(read(tmp_path, missing))
    sources = [d.source or "" for d in docs]
    for name in ["01_good", "02_image", "03_blob", "04_empty", "05_empty", "06_broken", "07_notgzip", "08_page", "09_cut"]:
        assert any(name in s for s in sources), name
    by_name = {Path((d.source or "").split("#")[0]).name: d for d in docs}
    assert by_name["01_good.txt"].errors == () and by_name["08_page.html"].errors == ()
    assert "PNG image" in by_name["02_image.png"].errors[0]
    assert "binary data" in by_name["03_blob.txt"].errors[0]
    assert "empty file" in by_name["04_empty.txt"].errors[0]
    assert "empty file" in by_name["05_empty.jsonl"].errors[0]
    assert "not valid JSON" in by_name["06_broken.jsonl"].errors[0] and by_name["06_broken.jsonl"].source.endswith("#L1")
    assert by_name["07_notgzip.jsonl.gz"].errors and by_name["07_notgzip.jsonl.gz"].text == ""
    assert "cannot decompress" in by_name["09_cut.txt.gz"].errors[0] and by_name["09_cut.txt.gz"].text == ""
    assert docs[-1].id == str(missing) and "cannot open" in docs[-1].errors[0]
    for doc in docs:
        assert isinstance(doc, Document)
        if doc.errors and not doc.text:
            assert doc.sentences == ()


def test_directory_is_recursive_sorted_and_skips_hidden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Two.", "utf-8")
    (tmp_path / "a" / "1.txt").write_text("One.", "utf-8")
    (tmp_path / "0.txt").write_text("Zero.", "utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden.", "utf-8")
    (tmp_path / ".git" / "x.txt").write_text("Hidden too.", "utf-8")
    monkeypatch.chdir(tmp_path)
    assert [d.id for d in read(".")] == [os.path.join(".", "0.txt"), os.path.join(".", "a", "1.txt"), os.path.join(".", "b", "2.txt")]
    assert [d.id for d in read("a")] == [os.path.join("a", "1.txt")]


def test_format_sniffing_without_suffix(tmp_path: Path) -> None:
    record = wmt_records()[0]
    (tmp_path / "1_records").write_text(json.dumps({"id": "j1", "text": record["text"]}) + "\n", "utf-8")
    (tmp_path / "2_page").write_text(article_html(record), "utf-8")
    write_warc(tmp_path / "3_crawl", [("https://dailycopy.example/w", article_html(record).encode(), "text/html", "200 OK")])
    (tmp_path / "4_plain").write_text(record["text"], "utf-8")
    with gzip.open(tmp_path / "5_zipped.gz", "wt", encoding="utf-8") as out:
        out.write(json.dumps({"id": "j5", "text": record["text"]}) + "\n")
    docs = list(read(tmp_path))
    assert [d.id for d in docs] == ["j1", str(tmp_path / "2_page"), "https://dailycopy.example/w", str(tmp_path / "4_plain"), "j5"]
    assert docs[1].image == NYT_IMAGE and docs[3].image is None
    assert all(d.errors == () for d in docs)


def test_forced_format(tmp_path: Path) -> None:
    path = tmp_path / "records.dat"
    path.write_text(json.dumps({"id": "f1", "text": "Forced. Format."}) + "\n", "utf-8")
    assert [d.id for d in read(path, fmt="jsonl")] == ["f1"]
    with pytest.raises(ConfigError, match="unknown input format"):
        list(read(path, fmt="pdf"))  # type: ignore[arg-type]


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = WMT.read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(lines))))
    docs = list(read("-"))
    assert [d.id for d in docs] == [r["id"] for r in wmt_records()]
    assert docs[0].source == "stdin#L1"


def test_read_is_lazy(tmp_path: Path) -> None:
    path = tmp_path / "stream.jsonl"
    path.write_text("\n".join(json.dumps({"id": f"s{i}", "text": "A sentence."}) for i in range(3)), "utf-8")
    stream = read(path)
    assert next(stream).id == "s0"  # the generator yields before reading the rest
    assert [d.id for d in stream] == ["s1", "s2"]
