"""The pages in a real browser: Debian's chromium, headless, driven by Playwright.

The server is the real app under uvicorn on 127.0.0.1, serving an SQLite
file with the bundled seed article analysed by the real pipeline. Events and
stances come from their own extractors once merged; until then the seed's
analysis gets two hand-written stances of Lavrov (read from his own quotes),
so his actor page has a timeline to draw, and Clinton's praise of Moscow
(her own quote) as a stance toward Russia, so the network has an edge. Screenshots are saved under
COMMUNIQUE_ARTIFACTS (default tmp/artifacts in the repository) for review.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn
from conftest import REPO

from communique.cli import samples_folder
from communique.model import Issue, Stance
from communique.pipeline import analyze_article
from communique.read.text import article_from_text
from communique.store.db import open_database
from communique.store.ingest import store_analysis
from communique.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
ARTIFACTS = Path(os.environ.get("COMMUNIQUE_ARTIFACTS", REPO / "tmp" / "artifacts"))

playwright_api = pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package (dev extra)")


@pytest.fixture(scope="module")
def seed_with_stances(nlp):
    seed = analyze_article(article_from_text((samples_folder() / "presstv-2009-10-13.txt").read_text(encoding="utf-8")), nlp)
    lavrov = [quote for quote in seed.quotes if quote.speaker.name == "Sergei Lavrov"]
    sanctions = Issue(id="sanctions|iran", label="sanctions against Iran")
    stances = [
        Stance(id=f"s{index}", holder_actor_id=quote.speaker.actor_id, issue=sanctions, polarity="against",
               evidence=quote.content[0], quote_id=quote.id, date=date)
        for index, (quote, date) in enumerate(zip(lavrov[:2], ("2009-10-12", "2009-10-13"), strict=True), 1)
    ]
    clinton = next(quote for quote in seed.quotes if quote.cue and quote.cue.text == "praised")
    russia = next(actor for actor in seed.actors if actor.cameo == "RUS")
    stances.append(Stance(id="s3", holder_actor_id=clinton.speaker.actor_id, target_actor_id=russia.id,
                          polarity="positive", evidence=clinton.content[0], quote_id=clinton.id))
    return seed.model_copy(update={"stances": stances})


@pytest.fixture(scope="module")
def server(tmp_path_factory, seed_with_stances):
    engine = open_database(str(tmp_path_factory.mktemp("browser") / "browser.db"))
    store_analysis(engine, seed_with_stances)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app_server = uvicorn.Server(uvicorn.Config(create_app(engine), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=app_server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not app_server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    app_server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


@pytest.fixture(scope="module")
def page(server):
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        outside: list[str] = []
        page.on("request", lambda request: outside.append(request.url) if not request.url.startswith((server, "data:")) else None)
        yield page
        browser.close()
        assert outside == [], f"the pages fetched from outside the server: {outside}"


def test_seed_article_page_shows_lavrovs_highlighted_quotes_and_speakers(page, server, seed_with_stances):
    page.goto(f"{server}/")
    page.get_by_role("link", name=seed_with_stances.article.id).click()
    page.wait_for_selector("#article-text")
    lavrov = [quote.id for quote in seed_with_stances.quotes if quote.speaker.name == "Sergei Lavrov"]
    first = page.locator(f'#article-text .hl-content[data-quotes~="{lavrov[0]}"]')
    assert first.count() >= 1 and first.first.is_visible()
    assert "threatening" in " ".join(first.all_inner_texts())
    speakers = page.locator("#article-text .hl-speaker").all_inner_texts()
    assert any("Lavrov" in speaker for speaker in speakers)
    background = page.locator("#article-text .hl-content").first.evaluate("node => getComputedStyle(node).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")  # highlighted, not just tagged
    side = page.locator("#speakers > li")
    names = [entry.locator("strong").inner_text() for entry in side.all()]
    assert names[0] == "Sergei Lavrov" and "Hillary Clinton" in names
    assert side.first.locator("li[data-quote]").count() == len(lavrov)
    page.screenshot(path=str(ARTIFACTS / "article-seed.png"), full_page=True)


def test_lavrov_actor_page_draws_his_stance_chart(page, server):
    page.goto(f"{server}/")
    page.get_by_role("link", name="Sergei Lavrov").first.click()
    page.wait_for_selector("#stance-timeline .main-svg", timeout=20_000)
    assert page.locator("h1").inner_text() == "Sergei Lavrov"
    assert page.locator("#stance-timeline .scatterlayer .trace").count() == 1
    assert page.locator("#stance-timeline .legendtext").first.text_content() == "sanctions against Iran"
    assert page.locator("#actor-quotes tbody tr").count() >= 5
    page.screenshot(path=str(ARTIFACTS / "actor-lavrov.png"), full_page=True)


def test_network_page_draws_the_actor_graph(page, server):
    page.goto(f"{server}/network")
    page.wait_for_function("window.communiqueNetwork && window.communiqueNetwork.nodes().length > 0", timeout=20_000)
    nodes = page.evaluate("window.communiqueNetwork.nodes().map(node => node.data('label'))")
    assert "Sergei Lavrov" in nodes and "Hillary Clinton" in nodes
    edges = page.evaluate("window.communiqueNetwork.edges().map(edge => [edge.source().data('label'), edge.target().data('label')])")
    served = page.evaluate(
        "fetch('/api/network').then(r => r.json()).then(n => {"
        " const names = Object.fromEntries(n.nodes.map(node => [node.id, node.name]));"
        " return n.edges.map(edge => [names[edge.source], names[edge.target]]); })"
    )
    assert sorted(edges) == sorted(served)  # every relation the API serves is drawn, and nothing else
    assert ["Hillary Clinton", "Russia"] in edges  # Clinton's praise of Moscow
    assert ["United States", "Iran"] in edges or ["Russia", "Iran"] in edges  # the seed's coded events
    assert page.locator("#network canvas").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "network.png"))
