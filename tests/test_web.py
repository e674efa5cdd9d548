"""The API and the pages through FastAPI's test client, on SQLite and on PostgreSQL."""

from __future__ import annotations

import html
import re
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from handmade import analysis
from test_store import APPLICABLE_FILTERS, HOSTILE

from communique.cli import samples_folder
from communique.pipeline import analyze_article
from communique.read.text import article_from_text
from communique.store.db import open_database
from communique.store.ingest import store_analysis
from communique.web.app import create_app

HOSTILE_TEXT = (
    'Officials said <script>alert("owned")</script> was found on the site.\n\n'
    'The minister said the picture <img src=x onerror=alert(1)> was a forgery.'
)


@pytest.fixture(scope="module")
def real_analyses(nlp):
    """The bundled seed article and an article full of markup, through the real pipeline."""
    seed = (samples_folder() / "presstv-2009-10-13.txt").read_text(encoding="utf-8")
    hostile = article_from_text(HOSTILE_TEXT).model_copy(update={"id": "hostile", "url": "javascript:alert(1)"})
    return [analyze_article(article_from_text(seed), nlp), analyze_article(hostile, nlp)]


@pytest.fixture
def client(database_url, real_analyses):
    engine = open_database(database_url)
    for stored in (*real_analyses, analysis("hand-1"), analysis("hand-2", date="2022-06-01")):
        store_analysis(engine, stored)
    with TestClient(create_app(engine), raise_server_exceptions=False) as client:
        yield client
    engine.dispose()


def highlights(page: str) -> list[tuple[list[str], list[str], str]]:
    """(classes, quote ids, text) of each highlighted piece of the article text."""
    pieces = re.findall(r'<span class="([^"]*)"(?: data-quotes="([^"]*)")?[^>]*>([^<]*)</span>', page.split('id="article-text"')[1].split("</article>")[0])
    return [(kinds.split(), quotes.split(), text) for kinds, quotes, text in pieces]


def test_home_links_the_latest_articles(client, real_analyses):
    page = client.get("/")
    assert page.status_code == 200
    links = re.findall(r'href="/articles/([^"]+)"', page.text)
    assert links[:2] == ["hand-2", "hand-1"]  # newest first
    assert quote(real_analyses[0].article.id, safe="") in links


def test_article_page_highlights_quotes_and_lists_speakers(client, real_analyses):
    seed = real_analyses[0]
    page = client.get(f"/articles/{seed.article.id}")
    assert page.status_code == 200
    highlighted = highlights(page.text)
    lavrov = [quote for quote in seed.quotes if quote.speaker.name == "Sergei Lavrov"]
    speaker_marks = {text for kinds, quotes, text in highlighted if "hl-speaker" in kinds and lavrov[0].id in quotes}
    assert len(lavrov) >= 5 and speaker_marks == {lavrov[0].speaker.mention.text}
    assert any("Lavrov" in text for kinds, _quotes, text in highlighted if "hl-speaker" in kinds)
    q1 = "".join(text for kinds, quotes, text in highlighted if "hl-content" in kinds and "q1" in quotes)
    assert q1 == seed.quotes[0].content[0].text and "threatening Iran with new sanctions" in q1
    cues = [text for kinds, quotes, text in highlighted if "hl-cue" in kinds]
    assert cues[:2] == ["says", "said"]
    side = page.text.split('id="speakers"')[1].split("</ol>")[0]
    assert "Sergei Lavrov" in side and "Hillary Clinton" in side
    assert side.count("<li data-quote=") == len(seed.quotes)


def test_article_text_is_escaped(client):
    page = client.get("/articles/hostile")
    assert page.status_code == 200
    shown = page.text.split('<article id="article-text">')[1].split("</article>")[0]
    plain = re.sub(r'<span class="[a-z -]+"(?: data-quotes="[a-z0-9 ]+")?(?: title="[^"<>]*")?>|</span>', "", shown)
    assert "<" not in plain and ">" not in plain  # only communique's own highlight tags are markup
    assert html.unescape(plain) == HOSTILE_TEXT
    assert "<script>alert" not in page.text and "<img" not in page.text
    assert "javascript:alert" not in page.text  # a non-http URL is not linked
    assert all(src.startswith("/static/") for src in re.findall(r'<script src="([^"]+)"', page.text))


def test_actor_page_has_timeline_quotes_and_relations(client):
    page = client.get("/actors/person%3Aanna-petrova")
    assert page.status_code == 200
    figure = page.text.split('id="stance-timeline-figure">')[1].split("</script>")[0]
    assert "sanctions against Freedonia" in figure and '"2022-06-01"' in figure
    assert '<script src="/static/vendor/plotly.min.js"></script>' in page.text
    assert page.text.count("would be counterproductive</a>") == 2
    criticised = client.get("/actors/country%3ARUR").text.split('id="criticises"')[1].split("</ul>")[0]
    assert "Freedonia</a> (2)" in criticised


def test_search_page_uses_the_query_filters(client):
    page = client.get("/search", params={"kind": "events", "code": "057"})
    assert page.status_code == 200
    table = page.text.split('id="results"')[1]
    assert table.count("<tr>") == 3 and "Sign formal agreement" in table  # header and two events


def test_network_page_ships_its_graph_library(client):
    page = client.get("/network")
    assert '<script src="/static/vendor/cytoscape.min.js"></script>' in page.text
    for script in ("/static/vendor/cytoscape.min.js", "/static/vendor/plotly.min.js", "/static/network.js"):
        served = client.get(script)
        assert served.status_code == 200 and "javascript" in served.headers["content-type"] and len(served.content) > 100


def test_api_lists_are_paginated(client):
    first = client.get("/api/articles", params={"limit": 2}).json()
    second = client.get("/api/articles", params={"limit": 2, "offset": 2}).json()
    assert first["total"] == 4 and len(first["items"]) == 2 and len(second["items"]) == 2
    assert not {item["id"] for item in first["items"]} & {item["id"] for item in second["items"]}
    quotes = client.get("/api/quotes", params={"speaker": "Lavrov", "limit": 3}).json()
    assert quotes["total"] >= 5 and len(quotes["items"]) == 3
    assert {item["actor"] for item in quotes["items"]} == {"RUSGOV"}


def test_api_records_and_views(client, real_analyses):
    events = client.get("/api/events", params={"quad_class": 3, "since": "2021"}).json()["items"]
    assert [(event["article_id"], event["code"]) for event in events] == [("hand-1", "111"), ("hand-2", "111")]
    seed_events = client.get("/api/events", params={"quad_class": 3, "until": "2009-12-31"}).json()["items"]
    assert seed_events and all(event["article_id"] == real_analyses[0].article.id for event in seed_events)
    stances = client.get("/api/stances", params={"issue": "sanctions", "since": "2022"}).json()["items"]
    assert [(stance["holder"], stance["polarity"]) for stance in stances] == [("Anna Petrova", "against")]
    article = client.get(f"/api/articles/{real_analyses[0].article.id}").json()
    assert article == real_analyses[0].model_dump(mode="json")
    assert client.get("/api/articles/nothing-here").status_code == 404
    actor = client.get("/api/actors/country:RUR").json()
    assert actor["name"] == "Ruritania" and actor["criticises"] == [{"key": "country:FRE", "name": "Freedonia", "stances": 2}]
    names = [item["name"] for item in client.get("/api/actors", params={"name": "lavrov"}).json()["items"]]
    assert names == ["Sergei Lavrov"]
    timeline = client.get("/api/timelines", params={"actor": "person:anna-petrova"}).json()["points"]
    assert [(point["date"], point["score"]) for point in timeline] == [("2021-03-04", -1.0), ("2022-06-01", -1.0)]
    network = client.get("/api/network").json()
    edges = [edge for edge in network["edges"] if (edge["source"], edge["target"]) == ("country:RUR", "country:FRE")]
    assert edges == [{"source": "country:RUR", "target": "country:FRE", "events": 4, "mean_goldstein": 3.0, "stances": 2, "stance_balance": -2}]


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/quotes", {"limit": 0}),
        ("/api/quotes", {"limit": 501}),
        ("/api/quotes", {"limit": "ten"}),
        ("/api/quotes", {"offset": -1}),
        ("/api/quotes", {"since": "yesterday"}),
        ("/api/events", {"until": "2021-13-01"}),
        ("/api/events", {"quad_class": 9}),
        ("/api/events", {"code": "04a"}),
        ("/api/stances", {"stance": "hostile"}),
        ("/api/quotes", {"text": "a\x00b"}),
        ("/api/quotes", {"speaker": "x" * 201}),
        ("/api/timelines", {}),
        ("/api/network", {"max_nodes": 0}),
        ("/search", {"since": "soon"}),
    ],
)
def test_malformed_parameters_get_422_with_a_message(client, path, params):
    response = client.get(path, params=params)
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["msg"] and detail["loc"][0] == "query"


def test_hostile_filters_never_fail(client):
    for hostile in HOSTILE:
        for kind, names in APPLICABLE_FILTERS.items():
            for name in set(names) - {"code", "stance"}:  # those two are validated: a hostile value is a 422
                response = client.get(f"/api/{kind.value}", params={name: hostile})
                assert response.status_code == 200, (hostile, kind, name, response.text)
                assert response.json()["items"] == [], (hostile, kind, name)
        for path in (f"/actors/{quote(hostile, safe='')}", f"/api/articles/{quote(hostile, safe='')}"):
            assert client.get(path).status_code == 404
        assert client.get("/search", params={"text": hostile}).status_code == 200
    assert client.get("/api/articles").json()["total"] == 4


def test_api_is_read_only(client):
    for method in ("post", "put", "patch", "delete"):
        for path in ("/api/quotes", "/api/articles/hand-1", "/api/actors/country:RUR", "/articles/hand-1"):
            assert getattr(client, method)(path).status_code == 405
    operations = client.get("/openapi.json").json()["paths"]
    assert {method for path in operations.values() for method in path} == {"get"}
    assert client.get("/api/articles").json()["total"] == 4


def test_api_articles_full_text_search(client):
    found = client.get("/api/articles", params={"text": "Lavrov sanctions"}).json()
    assert found["total"] == 1 and "Lavrov" in client.get(f"/api/articles/{found['items'][0]['id']}").json()["article"]["text"]
    assert client.get("/api/articles", params={"text": "counterproductive", "since": "2022"}).json()["total"] == 1
    assert client.get("/api/articles", params={"text": "nothing* OR zz"}).json() == {"total": 0, "limit": 50, "offset": 0, "items": []}
