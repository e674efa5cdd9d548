"""Every source type on small files the tests write, each with a broken record that is reported and skipped."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from communique.model import Article
from communique.read import ReadError, read_inputs

PAGE = """<html><head><title>Finance minister resigns - The Daily Planet</title>
<meta property="og:site_name" content="The Daily Planet">
<meta property="article:published_time" content="2016-09-12T08:00:00Z"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Finance minister resigns</h1>
<p>The finance minister of Ruritania resigned on Monday after a long dispute with the prime minister over the budget.</p>
<p>"I have done my duty," she told reporters outside the parliament building in the capital.</p></article>
<footer>Copyright 2020 The Daily Planet. All rights reserved.</footer></body></html>"""
EMPTY_PAGE = "<html><head><title>Loading</title></head><body><script>var app = start();</script></body></html>"

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Wire Desk</title><link>https://wire.example/</link>
<item><title>Talks resume</title><link>https://wire.example/1</link><guid>wire-1</guid>
<pubDate>Tue, 13 Oct 2009 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Negotiators from both sides resumed talks in Geneva on Tuesday.&lt;/p&gt;&lt;p&gt;The foreign minister said progress was possible.&lt;/p&gt;</description></item>
<item><title>Empty item</title><link>https://wire.example/2</link><guid>wire-2</guid></item>
<item><title>Ceasefire holds</title><link>https://wire.example/3</link><guid>wire-3</guid>
<description>A ceasefire held overnight, officials said.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title>
<entry><title>Budget passed</title><id>urn:atom:1</id><link href="https://atom.example/1"/><updated>2016-09-12T10:00:00Z</updated>
<content type="html">&lt;p&gt;Parliament passed the budget by a narrow vote on Monday.&lt;/p&gt;</content></entry>
</feed>"""


def read_all(*paths, **kwargs):
    return list(read_inputs([str(path) for path in paths], **kwargs))


def write_warc(path: Path, pages: list[tuple[str, str, str]]) -> None:
    """A gzipped WARC file with one response record per (url, content type, body), plus a request record."""
    with open(path, "wb") as output:
        writer = WARCWriter(output, gzip=True)
        request = writer.create_warc_record("https://crawl.example/", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
        writer.write_record(request)
        for url, content_type, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body.encode("utf-8")), http_headers=headers)
            writer.write_record(record)


def test_html_page_gives_main_text_title_date_and_outlet(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    [article] = read_all(path)
    assert isinstance(article, Article)
    assert article.title == "Finance minister resigns"
    assert article.outlet == "The Daily Planet"
    assert article.date == "2016-09-12"
    assert "resigned on Monday" in article.text and '"I have done my duty,"' in article.text
    assert "Home" not in article.text and "Copyright" not in article.text
    assert article.source_path == str(path)


def test_html_page_without_article_text_is_reported_and_the_folder_goes_on(tmp_path):
    (tmp_path / "a-empty.html").write_text(EMPTY_PAGE, encoding="utf-8")
    (tmp_path / "b-binary.htm").write_bytes(b"\x00\x01\x02\x03" * 50)
    (tmp_path / "c-page.html").write_text(PAGE, encoding="utf-8")
    empty, binary, good = read_all(tmp_path)
    assert empty == ReadError(str(tmp_path / "a-empty.html"), "no article text found in the HTML page")
    assert binary == ReadError(str(tmp_path / "b-binary.htm"), "binary data (contains NUL bytes), not an HTML page")
    assert good.title == "Finance minister resigns"


def test_rss_entries_become_articles_and_an_empty_entry_is_reported(tmp_path):
    path = tmp_path / "wire.rss"
    path.write_text(RSS, encoding="utf-8")
    first, empty, third = read_all(path)
    assert first.text == "Negotiators from both sides resumed talks in Geneva on Tuesday.\nThe foreign minister said progress was possible."
    assert (first.id, first.title, first.outlet, first.date, first.url) == (
        "wire-1", "Talks resume", "Wire Desk", "2009-10-13", "https://wire.example/1",
    )
    assert first.source_path == f"{path}:entry 1"
    assert empty == ReadError(f"{path}:entry 2", "entry has no content or summary text")
    assert (third.id, third.text, third.date) == ("wire-3", "A ceasefire held overnight, officials said.", None)


def test_atom_entry_content_is_read(tmp_path):
    path = tmp_path / "news.atom"
    path.write_text(ATOM, encoding="utf-8")
    [entry] = read_all(path)
    assert (entry.id, entry.outlet, entry.date, entry.url) == ("urn:atom:1", "Atom News", "2016-09-12", "https://atom.example/1")
    assert entry.text == "Parliament passed the budget by a narrow vote on Monday."


def test_a_file_that_is_not_a_feed_is_one_error_and_an_empty_feed_another(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_bytes(b"\x00\x01 not XML at all")
    empty = tmp_path / "empty.rss"
    empty.write_text('<rss version="2.0"><channel><title>Quiet Desk</title></channel></rss>', encoding="utf-8")
    assert read_all(broken, empty) == [
        ReadError(str(broken), "not a readable RSS or Atom feed (not well-formed (invalid token))"),
        ReadError(str(empty), "feed has no entries"),
    ]


def test_warc_html_responses_become_articles_and_a_textless_page_is_reported(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [
        ("https://planet.example/minister", "text/html; charset=utf-8", PAGE),
        ("https://planet.example/style.css", "text/css", "body { color: black }"),
        ("https://planet.example/empty", "text/html", EMPTY_PAGE),
        ("https://planet.example/minister-again", "text/html", PAGE.replace("Monday", "Tuesday")),
    ])
    first, empty, last = read_all(path)
    assert first.url == "https://planet.example/minister" and first.source_path == f"{path}:record 2"
    assert (first.title, first.outlet, first.date) == ("Finance minister resigns", "The Daily Planet", "2016-09-12")
    assert empty == ReadError(f"{path}:record 4", "no article text found in the HTML page")
    assert "resigned on Tuesday" in last.text and last.source_path == f"{path}:record 5"


def test_a_damaged_warc_record_ends_that_file_with_one_error_and_other_files_go_on(tmp_path):
    good = tmp_path / "good.warc.gz"
    write_warc(good, [("https://planet.example/minister", "text/html", PAGE)])
    damaged = tmp_path / "damaged.warc.gz"
    damaged.write_bytes(good.read_bytes() + b"a stray line where a record header should be\n\n" + good.read_bytes())
    items = read_all(damaged, good)
    assert [type(item) for item in items] == [Article, ReadError, Article]
    assert items[1].where == f"{damaged}:record 3"
    assert items[1].reason.startswith("unreadable WARC record (") and items[1].reason.endswith("the rest of the file is skipped")


def test_a_warc_file_without_html_pages_is_one_error(tmp_path):
    path = tmp_path / "styles.warc.gz"
    write_warc(path, [("https://planet.example/style.css", "text/css", "body { color: black }")])
    assert read_all(path) == [ReadError(str(path), "WARC file holds no HTML response records")]


def test_folder_mixes_every_source_type_in_path_order(tmp_path):
    (tmp_path / "a.txt").write_text("The minister spoke on Monday.", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "j1", "text": "Talks ended."}) + "\n", encoding="utf-8")
    (tmp_path / "c.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "d.atom").write_text(ATOM, encoding="utf-8")
    write_warc(tmp_path / "e.warc.gz", [("https://planet.example/minister", "text/html", PAGE)])
    (tmp_path / "notes.md").write_text("not an article file", encoding="utf-8")
    items = read_all(tmp_path)
    assert [Path(item.source_path.split(":")[0]).name for item in items] == ["a.txt", "b.jsonl", "c.html", "d.atom", "e.warc.gz"]


def test_jsonl_on_stdin_is_streamed_line_by_line(tmp_path):
    """The reader yields the first stdin record before the second line has been written."""
    code = (
        "import sys; from communique.read import read_inputs\n"
        "for item in read_inputs(['-']):\n"
        "    print(item.id, flush=True)\n"
    )
    process = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    process.stdin.write("\n" + json.dumps({"id": "first", "text": "One."}) + "\n")
    process.stdin.flush()
    assert process.stdout.readline().strip() == "first"
    process.stdin.write(json.dumps({"id": "second", "text": "Two."}) + "\n")
    process.stdin.close()
    assert process.stdout.read().split() == ["second"]
    assert process.wait(timeout=60) == 0


def test_jsonl_file_is_read_lazily(tmp_path):
    """Reading a JSON Lines file hands out its first article without reading the rest."""
    path = tmp_path / "big.jsonl"
    with open(path, "w", encoding="utf-8") as output:
        output.writelines(json.dumps({"id": f"n{number}", "text": "Words. " * 50}) + "\n" for number in range(2000))
    items = read_inputs([str(path)])
    first = next(items)
    assert first.id == "n0"
    assert next(items).id == "n1"
