"""Each reader on small articles the tests write: layouts, fields, dates, ids, encodings."""

from __future__ import annotations

import gzip
import hashlib
import json

from communique.dates import normalize_date
from communique.model import Article
from communique.read import ReadError, read_inputs
from communique.read.text import article_from_text

SEED_LIKE = "Press TV\nTuesday, Oct 13th, 2009\n\nThe Russian foreign minister says sanctions are counterproductive.\n"


def read_all(*paths, **kwargs):
    return list(read_inputs([str(path) for path in paths], **kwargs))


def test_seed_layout_gives_outlet_dateline_and_body():
    article = article_from_text(SEED_LIKE, "seed.txt")
    assert article.outlet == "Press TV"
    assert article.date == "2009-10-13"
    assert article.dateline.text == "Tuesday, Oct 13th, 2009"
    assert SEED_LIKE[article.dateline.start : article.dateline.end] == "Tuesday, Oct 13th, 2009"
    assert SEED_LIKE[article.body_start :].startswith("The Russian foreign minister")
    assert article.text == SEED_LIKE
    assert article.source_path == "seed.txt"


def test_text_without_header_is_all_body():
    text = "Lavrov said sanctions were counterproductive.\nClinton agreed.\n"
    article = article_from_text(text)
    assert (article.outlet, article.date, article.dateline, article.body_start) == (None, None, None, 0)


def test_short_first_line_without_a_date_is_not_a_header():
    text = "Breaking news\nThe minister resigned on Monday.\n\nMore follows.\n"
    article = article_from_text(text)
    assert article.outlet is None and article.date is None and article.body_start == 0


def test_header_with_unparseable_date_is_not_guessed():
    text = "Some Outlet\nsometime last week\n\nBody text here.\n"
    article = article_from_text(text)
    assert article.date is None and article.outlet is None


def test_article_id_is_a_stable_hash_of_the_text():
    first, again, other = article_from_text("Same text."), article_from_text("Same text."), article_from_text("Other.")
    assert first.id == again.id == hashlib.sha256(b"Same text.").hexdigest()[:16]
    assert other.id != first.id


def test_dates_are_iso_or_null_never_guessed():
    assert normalize_date("Tuesday, Oct 13th, 2009") == "2009-10-13"
    assert normalize_date("13 October 2009") == "2009-10-13"
    assert normalize_date("2025-03-14 20:30:26Z") == "2025-03-14"
    assert normalize_date("2016-09-12T23:50:00+05:00") == "2016-09-12"
    assert normalize_date("Mon, 12 Sep 2016 10:00:00 +0200") == "2016-09-12"
    for vague in ("yesterday", "3 days ago", "Oct 2009", "2009", "", "not a date", "2009-13-45", None, 20091013):
        assert normalize_date(vague) is None, vague


def test_jsonl_records_with_all_fields(tmp_path):
    path = tmp_path / "corpus.jsonl"
    rows = [
        {"id": "a1", "title": "T1", "source": "Outlet A", "date": "2016-09-12", "url": "http://x/1", "text": "One."},
        {"id": 7, "text": "Two.", "published": "2025-03-14 20:30:26Z", "outlet": "VOA"},
        {"text": "Three.", "date": "", "source": ""},
    ]
    path.write_text("\n".join(json.dumps(row) for row in rows) + "\n\n", encoding="utf-8")
    first, second, third = read_all(path)
    assert first == Article(
        id="a1", title="T1", outlet="Outlet A", date="2016-09-12", url="http://x/1", text="One.",
        source_path=f"{path}:1",
    )
    assert (second.id, second.date, second.outlet) == ("7", "2025-03-14", "VOA")
    assert third.id == hashlib.sha256(b"Three.").hexdigest()[:16]
    assert (third.date, third.outlet, third.source_path) == (None, None, f"{path}:3")


def test_gzipped_jsonl(tmp_path):
    path = tmp_path / "corpus.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as stream:
        stream.write(json.dumps({"id": "z", "text": "Zipped."}) + "\n")
    [article] = read_all(path)
    assert (article.id, article.text) == ("z", "Zipped.")


def test_folders_are_read_recursively_in_sorted_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Second.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First.", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps({"text": "Third."}) + "\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("Not an article.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden.", encoding="utf-8")
    assert [item.text for item in read_all(tmp_path)] == ["First.", "Second.", "Third."]


def test_windows_line_endings_are_normalised(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(SEED_LIKE.replace("\n", "\r\n").encode("utf-8"))
    [article] = read_all(path)
    assert article.text == SEED_LIKE and article.date == "2009-10-13"


def test_legacy_encodings_are_detected(tmp_path):
    text = (
        "Le café du marché était très animé ce matin-là. Les élèves étudièrent la façade "
        "de l'église où l'on déjeune à midi, près du théâtre. Ça fait réfléchir, dit le maître.\n"
    ) * 3
    path = tmp_path / "latin1.txt"
    path.write_bytes(text.encode("latin-1"))
    [article] = read_all(path)
    assert article.text == text


def test_utf16_with_byte_order_mark(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes("Zürich said “yes”.".encode("utf-16"))
    [article] = read_all(path)
    assert article.text == "Zürich said “yes”."


def test_read_errors_name_the_input_and_the_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "fine"}\nnot json\n{"title": "no text"}\n[1, 2]\n{"text": 5}\n{"text": "  "}\n')
    items = read_all(path, tmp_path / "missing.txt")
    assert isinstance(items[0], Article)
    assert [str(item) for item in items[1:]] == [
        f"{path}:2: not valid JSON (Expecting value at column 1)",
        f"{path}:3: record has no 'text' field",
        f"{path}:4: a record must be a JSON object, not list",
        f"{path}:5: record's 'text' is a int, not a string",
        f"{path}:6: record's 'text' is empty",
        f"{tmp_path / 'missing.txt'}: no such file or folder",
    ]
    assert all(isinstance(item, ReadError) for item in items[1:])
