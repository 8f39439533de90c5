"""The dashboard in a real browser: headless Chromium (Debian's chromium + chromedriver) drives the
page served by ``comity serve`` over the demo store plus one hostile document.

The browser tests are ``slow`` (a server subprocess and a browser, about 30 s together); the
static checks of the page's sources are not. They skip when chromium, chromedriver or selenium
are missing, except under CI (``CI`` set), where a missing browser fails the run: CI must not pass
by skipping. ``make test`` installs the browser.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "src" / "comity" / "web" / "static"
CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "chromium", "chromium-browser")
CHROMEDRIVER = ("/usr/bin/chromedriver", "chromedriver")
WAIT = 20  # seconds for any page state (first plotly render on a loaded 2-core machine)
XSS_SENTENCE = 'Russia condemned the United States <img src=x onerror="window.__xss=1"> on Monday'
HOSTILE = {
    "id": "hostile-xss",
    "title": "<script>window.__xss=1</script>Hostile <b>title</b>",
    "url": "javascript:window.__xss=1",
    "source": 'evil<img src=x onerror="window.__xss=1">',
    "date": "2025-06-10",
    "text": (
        f"MOSCOW, June 10 - {XSS_SENTENCE} over new sanctions.\n\n"
        "China criticised Japan <script>window.__xss=1</script> over its defence spending on Tuesday."
    ),
}


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: browser tests must run there, not skip)")
    pytest.skip(reason)


def _which(candidates: tuple[str, ...]) -> str | None:
    for name in candidates:
        found = shutil.which(name)
        if found:
            return found
    return None


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def browser_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo store (the API tests' ``web_db`` when there is one, else coded here from examples/)
    copied to a private file, plus the hostile document."""
    from comity.runner import examples_dir, ingest

    db = tmp_path_factory.mktemp("browser") / "dashboard.duckdb"
    try:
        shutil.copyfile(request.getfixturevalue("web_db"), db)
    except pytest.FixtureLookupError:
        report = ingest([str(examples_dir())], db=db)
        assert not report.errors, report.errors
    hostile = db.with_name("hostile.jsonl")
    hostile.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    report = ingest([str(hostile)], db=db)
    assert report.new_documents == 1 and report.events >= 1, report
    return db


@pytest.fixture(scope="session")
def server(browser_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``comity serve`` on a free loopback port; yields its origin."""
    from comity.errors import ComityError
    from comity.web.launch import start

    log = tmp_path_factory.mktemp("serve") / "serve.log"
    try:
        running = start(browser_db, log=log)
    except ComityError as exc:
        pytest.fail(str(exc))
    try:
        yield running.url
    finally:
        running.stop()


@pytest.fixture(scope="session")
def driver() -> Iterator[Any]:
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _unavailable("selenium is not installed (pip install -e '.[dev]')")
    chromium, chromedriver = _which(CHROMIUM), _which(CHROMEDRIVER)
    if not chromium or not chromedriver:
        _unavailable("chromium and chromedriver are needed: apt-get install chromium chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1440,1000",
        "--disable-extensions",
        "--no-first-run",
        "--disable-background-networking",
    ):
        options.add_argument(arg)
    browser = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture
def page(driver: Any, server: str, tmp_path: Path) -> Iterator[Any]:
    """The dashboard freshly loaded, with ``page.open(path)``, ``page.wait(fn)`` and ``page.shot(name)``."""
    from selenium.webdriver.support.ui import WebDriverWait

    class Page:
        origin = server

        def open(self, fragment: str = "") -> None:
            driver.get("about:blank")  # a new document even when only the #fragment differs
            driver.get(f"{server}/{fragment}")
            self.wait(lambda d: d.execute_script("return document.body.dataset.ready") == "true")

        def wait(self, condition: Callable[[Any], Any], timeout: float = WAIT) -> Any:
            return WebDriverWait(driver, timeout).until(condition)

        def js(self, script: str, *args: Any) -> Any:
            return driver.execute_script(script, *args)

        def css(self, selector: str) -> list[Any]:
            from selenium.webdriver.common.by import By

            return driver.find_elements(By.CSS_SELECTOR, selector)

        def shot(self, name: str) -> None:
            driver.save_screenshot(str(tmp_path / f"{name}.png"))

    p = Page()
    p.open()
    yield p


def api(server: str, path: str, **params: Any) -> Any:
    response = httpx.get(f"{server}{path}", params=params, timeout=30)
    response.raise_for_status()
    return response.json()


def _ready(page: Any, element_id: str) -> Callable[[Any], bool]:
    return lambda _d: (
        page.js(f"return document.getElementById('{element_id}').dataset.state")
        in ("ready", "empty", "error")
    )


def _edge(page: Any, a: str, b: str) -> Any:
    for edge in page.css("#network g.edge"):
        if {edge.get_attribute("data-a"), edge.get_attribute("data-b")} == {a, b}:
            return edge
    raise AssertionError(f"no edge {a}-{b} drawn")


#: the point of an edge a person would click: along its line, where no node or label covers it
_VISIBLE_POINT = """
const edge = arguments[0];
const line = edge.querySelector('line, path');
const length = line.getTotalLength(), m = line.getScreenCTM();
for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
  const p = line.getPointAtLength(length * t).matrixTransform(m);
  const hit = document.elementFromPoint(p.x, p.y);
  if (hit && edge.contains(hit)) return [p.x, p.y];
}
return null;
"""


def _click_edge(page: Any, a: str, b: str) -> None:
    """Click an edge as a person would: on a visible part of it (a node may lie on its middle)."""
    edge = _edge(page, a, b)
    page.js("arguments[0].scrollIntoView({block: 'center'})", edge)
    point = page.js(_VISIBLE_POINT, edge)
    assert point, f"no visible point on edge {a}-{b}"
    page.js(
        "const [x, y] = arguments; document.elementFromPoint(x, y)"
        ".dispatchEvent(new MouseEvent('click', {bubbles: true, clientX: x, clientY: y}))",
        *point,
    )


def _strongest_edge(server: str) -> dict[str, Any]:
    return max(api(server, "/api/network")["edges"], key=lambda e: (e["events"], e["source"], e["target"]))


# ---------------------------------------------------------------- static checks (no browser)


@pytest.mark.parametrize("name", ["app.js", "render.js", "network.js"])
def test_scripts_never_parse_data_as_html(name: str) -> None:
    source = (STATIC / name).read_text(encoding="utf-8")
    sinks = (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "createContextualFragment",
        "DOMParser",
        "srcdoc",
        "eval(",
        "new Function",
        'setTimeout("',
    )
    for sink in sinks:
        assert sink not in source, f"{name} uses {sink}"


def test_page_has_no_inline_script_and_no_external_reference() -> None:
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script> (the CSP forbids it)"
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler attribute"
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", html), "reference to another host"


# ---------------------------------------------------------------- the page


@pytest.mark.slow
def test_network_shows_the_demo_actors(page: Any) -> None:
    page.wait(_ready(page, "network"))
    ids = {n.get_attribute("data-id") for n in page.css("#network g.node")}
    assert {"RUS", "CHN", "USA", "UKR", "PRK"} <= ids
    labels = {t.text for t in page.css("#network g.node text")}
    assert {"RUS", "CHN", "USA"} <= labels
    network = api(page.origin, "/api/network")
    assert len(page.css("#network g.edge")) == len(network["edges"])
    colours = {e.get_attribute("stroke") for e in page.css("#network g.edge .edge-line")}
    assert {"#1b7837", "#b2182b"} <= colours  # cooperation green and conflict red both present
    widths = [float(e.get_attribute("stroke-width")) for e in page.css("#network g.edge .edge-line")]
    assert max(widths) > 2 * min(widths)  # width follows event volume
    assert "cooperation" in page.css(".legend")[0].text
    page.shot("network")


@pytest.mark.slow
def test_edge_opens_dyad_timeline_and_evidence(page: Any) -> None:
    page.wait(_ready(page, "network"))
    strongest = _strongest_edge(page.origin)
    a, b = strongest["source"], strongest["target"]
    _click_edge(page, a, b)
    page.wait(lambda _d: page.css("#dyad-panel")[0].is_displayed())
    page.wait(_ready(page, "dyad-timeline"))
    page.wait(_ready(page, "evidence"))
    assert page.css("#dyad-heading")[0].text == f"{a} – {b}"
    assert page.js("return document.getElementById('dyad-timeline').dataset.state") == "ready"
    traces = page.js("return document.getElementById('dyad-timeline').data.map(t => t.y.length)")
    series = api(page.origin, f"/api/dyads/{a}/{b}/series", by="week")["points"]
    assert traces[0] == len(series) > 0
    assert page.css("#dyad-timeline .main-svg")  # plotly drew it

    items = page.css("#evidence li.evidence-item")
    expected = api(page.origin, "/api/events", dyad=f"{a},{b}", order="desc", limit=50)["items"]
    assert [li.get_attribute("data-event-id") for li in items] == [e["id"] for e in expected]
    for li, event in zip(items[:10], expected[:10], strict=True):
        mark = li.find_element("css selector", "mark").text
        assert mark and mark.lower() in " ".join(event["text"].split()).lower()
        assert li.find_element("css selector", ".badge-modality").text == event["modality"]
        assert event["event"] in li.text and (event["date"] or "undated") in li.text
    links = page.css("#evidence a.doc-title")
    assert links and all(x.get_attribute("rel") == "noopener noreferrer" for x in links)
    assert all(x.get_attribute("href").startswith(("http://", "https://")) for x in links)
    assert "selected" in _edge(page, a, b).get_attribute("class")
    page.shot("dyad")


@pytest.mark.slow
def test_edges_and_nodes_work_from_the_keyboard(page: Any) -> None:
    from selenium.webdriver.common.keys import Keys

    page.wait(_ready(page, "network"))
    edge = page.css("#network g.edge")[0]
    edge.send_keys(Keys.ENTER)
    page.wait(lambda _d: page.css("#dyad-panel")[0].is_displayed())
    assert page.css("#dyad-panel")[0].get_attribute("data-a") == edge.get_attribute("data-a")
    node = next(n for n in page.css("#network g.node") if n.get_attribute("data-id") == "CHN")
    node.send_keys(Keys.ENTER)
    page.wait(lambda _d: page.css("#actor-panel")[0].is_displayed())
    assert not page.css("#dyad-panel")[0].is_displayed()


@pytest.mark.slow
def test_actor_lists_its_relations(page: Any) -> None:
    page.wait(_ready(page, "network"))
    node = next(n for n in page.css("#network g.node") if n.get_attribute("data-id") == "RUS")
    node.click()
    page.wait(_ready(page, "actor-relations"))
    items = page.css("#actor-relations li.relation-item")
    expected = api(page.origin, "/api/relations", actor="RUS", limit=200)["items"]
    assert len(items) == len(expected) > 0
    for li, rel in zip(items, expected, strict=True):
        assert "RUS" in (li.get_attribute("data-a"), li.get_attribute("data-b"))
        assert rel["label"] in li.find_element("css selector", ".badge-relation").text.lower()
    page.shot("actor")
    # a relation opens its dyad
    first = items[0]
    pair = {first.get_attribute("data-a"), first.get_attribute("data-b")}
    first.find_element("css selector", "button.relation-open").click()
    page.wait(_ready(page, "evidence"))
    panel = page.css("#dyad-panel")[0]
    assert {panel.get_attribute("data-a"), panel.get_attribute("data-b")} == pair


@pytest.mark.slow
def test_search_lists_matching_events(page: Any) -> None:
    box = page.css("#search-input")[0]
    box.send_keys("sanctions")
    page.css("#search button[type=submit]")[0].click()
    page.wait(_ready(page, "search-results"))
    items = page.css("#search-results li.evidence-item")
    expected = api(page.origin, "/api/events", q="sanctions", order="desc", limit=50)["items"]
    assert [li.get_attribute("data-event-id") for li in items] == [e["id"] for e in expected]
    sentences = [li.find_element("css selector", ".sentence").text.lower() for li in items]
    assert sentences and any("sanction" in text for text in sentences)
    assert "sanctions" in page.css("#search-summary")[0].text
    page.shot("search")


@pytest.mark.slow
def test_search_pages_with_load_more(page: Any) -> None:
    total = api(page.origin, "/api/events", q="said", total="true", limit=1)["total"]
    assert total > 100  # three pages
    page.css("#search-input")[0].send_keys("said")
    page.css("#search button[type=submit]")[0].click()
    page.wait(_ready(page, "search-results"))
    assert len(page.css("#search-results li.evidence-item")) == 50
    assert page.css("#search-summary")[0].text.startswith(f"{total} events match")
    page.css("#search-more")[0].click()
    page.wait(lambda _d: len(page.css("#search-results li.evidence-item")) == 100)
    shown = [li.get_attribute("data-event-id") for li in page.css("#search-results li.evidence-item")]
    expected = api(page.origin, "/api/events", q="said", order="desc", limit=100)["items"]
    assert shown == [e["id"] for e in expected]


@pytest.mark.slow
def test_alerts_panel_lists_every_alert_and_opens_its_dyad(page: Any) -> None:
    page.wait(_ready(page, "alerts"))
    # all time: every alert since the first event (the API alone defaults to the last four weeks)
    expected = api(page.origin, "/api/alerts", since="1900-01-01", limit=200)["items"]
    items = page.css("#alerts li.alert-item")
    assert len(items) == len(expected) > 0  # the demo corpus has sharp weeks (e.g. CHN-RUS, Sept. 2025)
    for li, alert in zip(items, expected, strict=True):
        assert (li.get_attribute("data-a"), li.get_attribute("data-b")) == (alert["a"], alert["b"])
        assert alert["direction"] in li.text.lower() and f"z = {alert['z']:.1f}" in li.text
    page.shot("alerts")
    items[0].find_element("css selector", "button.alert-open").click()
    page.wait(_ready(page, "evidence"))
    panel = page.css("#dyad-panel")[0]
    shown = (panel.get_attribute("data-a"), panel.get_attribute("data-b"))
    assert shown == (expected[0]["a"], expected[0]["b"])


@pytest.mark.slow
def test_claims_panel_is_the_verification_queue(page: Any) -> None:
    page.wait(_ready(page, "claims"))
    expected = api(page.origin, "/api/claims", limit=50)["items"]
    items = page.css("#claims li.claim-item")
    # the example corpus has one publisher per story: its high-impact events are single-source
    assert len(items) == len(expected) > 0
    for li, claim in zip(items, expected, strict=True):
        assert li.get_attribute("data-event-id") == claim["event_id"]
        shown = [b.text for b in li.find_elements("css selector", ".claim-reasons .badge")]
        assert shown == claim["reasons"]
        assert " ".join(claim["text"].split())[:40] in " ".join(li.text.split())
    page.shot("claims")
    opener = page.css("#claims button.claim-open")[0]
    a, b = opener.get_attribute("data-a"), opener.get_attribute("data-b")
    opener.click()
    page.wait(_ready(page, "evidence"))
    panel = page.css("#dyad-panel")[0]
    assert {panel.get_attribute("data-a"), panel.get_attribute("data-b")} == {a, b}
    # evidence items say how many independent publishers report each event
    item = "#evidence li.evidence-item"
    badges = page.css(f"{item} .badge-single-source, {item} .badge-corroborated")
    assert badges and len(badges) == len(page.css(item))
    # ... and the quality of the document each comes from
    sources = page.css(f"{item} .source")
    assert all(re.search(r"quality \d\.\d\d", s.text) for s in sources)


@pytest.mark.slow
def test_time_window_refetches_the_network(page: Any) -> None:
    page.wait(_ready(page, "network"))
    before = len(page.css("#network g.edge"))
    page.js(
        "document.getElementById('since').value = '2025-01-01';"
        "document.getElementById('until').value = '2025-12-31';"
    )
    page.css("#window-form button[type=submit]")[0].click()
    expected = api(page.origin, "/api/network", since="2025-01-01", until="2025-12-31", min_events=1)
    page.wait(lambda _d: "2025-01-01 to 2025-12-31" in page.css("#network-status")[0].text)
    assert len(page.css("#network g.edge")) == len(expected["edges"]) < before
    drawn = {n.get_attribute("data-id") for n in page.css("#network g.node")}
    assert drawn == {n["id"] for n in expected["nodes"]}
    page.shot("window")


@pytest.mark.slow
def test_window_presets_anchor_on_the_latest_event(page: Any) -> None:
    import datetime as dt

    from selenium.webdriver.support.ui import Select

    page.wait(_ready(page, "network"))
    latest = api(page.origin, "/api/relations", limit=1)["items"][0]["as_of"]
    since = (dt.date.fromisoformat(latest) - dt.timedelta(days=365)).isoformat()
    Select(page.css("#window-preset")[0]).select_by_value("365")
    page.wait(lambda _d: f"{since} to {latest}" in page.css("#network-status")[0].text)
    expected = api(page.origin, "/api/network", since=since, until=latest)
    assert len(page.css("#network g.edge")) == len(expected["edges"])
    Select(page.css("#window-preset")[0]).select_by_value("all")
    page.wait(lambda _d: "all time" in page.css("#network-status")[0].text)


@pytest.mark.slow
@pytest.mark.parametrize("how", ["evidence", "search"])
def test_hostile_text_is_shown_as_text(page: Any, how: str) -> None:
    if how == "evidence":
        page.open("#dyad=RUS,USA")
        page.wait(_ready(page, "evidence"))
        items = page.css("#evidence li.evidence-item[data-doc-id='hostile-xss']")
    else:
        page.css("#search-input")[0].send_keys("onerror")
        page.css("#search button[type=submit]")[0].click()
        page.wait(_ready(page, "search-results"))
        items = page.css("#search-results li.evidence-item[data-doc-id='hostile-xss']")
    assert items, f"the hostile sentence is not in the {how} list"
    page.shot(f"hostile-{how}")
    shown = " ".join(li.text for li in items)
    assert XSS_SENTENCE in shown or "<script>window.__xss=1</script>" in shown
    assert "<script>window.__xss=1</script>Hostile <b>title</b>" in shown
    title = items[0].find_element("css selector", ".doc-title")
    assert title.tag_name == "span"  # a javascript: url never becomes a link
    assert page.js("return typeof window.__xss") == "undefined"
    assert page.js("return document.querySelectorAll('img, b, iframe, object, embed').length") == 0
    scripts = page.js("return [...document.scripts].map(s => s.src)")
    assert all(src.startswith(f"{page.origin}/static/") for src in scripts), scripts


@pytest.mark.slow
def test_an_evidence_item_opens_its_document_with_every_event_marked(page: Any) -> None:
    edge = _strongest_edge(page.origin)
    page.open(f"#dyad={edge['source']},{edge['target']}")
    page.wait(_ready(page, "evidence"))
    item = page.css("#evidence li.evidence-item")[0]
    doc_id = item.get_attribute("data-doc-id")
    item.find_element("css selector", "button.open-doc").click()
    page.wait(lambda _d: page.css("#doc-panel")[0].get_attribute("data-state") == "ready")
    page.shot("document")
    doc = api(page.origin, f"/api/documents/{doc_id}")
    assert page.css("#doc-heading")[0].text == (doc["title"] or doc["id"])
    shown = page.css("#doc-text .doc-body")[0].get_attribute("textContent")
    assert shown == doc["text"]  # the whole text, as text, offsets intact
    marks = page.css("#doc-text mark")
    expected = {e["id"] for e in doc["events"] if e["trigger_span"]}
    assert marks and {m.get_attribute("data-event-id") for m in marks} <= expected
    for mark in marks:
        event = next(e for e in doc["events"] if e["id"] == mark.get_attribute("data-event-id"))
        a, b = event["trigger_span"]
        assert mark.text == doc["text"][a:b]
    flags = page.css("#doc-quality li.quality-flag")
    assert [f.get_attribute("data-flag") for f in flags] == [f["flag"] for f in doc["quality"]["flags"]]
    assert f"{doc['quality']['score']:.2f}" in page.css("#doc-quality-score")[0].text
    assert page.js("return location.hash") == f"#doc={doc_id}"


@pytest.mark.slow
def test_the_hostile_document_is_shown_as_text(page: Any) -> None:
    page.open("#doc=hostile-xss")
    page.wait(lambda _d: page.css("#doc-panel")[0].get_attribute("data-state") == "ready")
    page.shot("hostile-document")
    assert "<script>window.__xss=1</script>" in page.css("#doc-heading")[0].text
    assert "onerror" in page.css("#doc-text")[0].text
    assert page.js("return typeof window.__xss") == "undefined"
    assert page.js("return document.querySelectorAll('img, b, iframe, object, embed').length") == 0
    link = page.css("#doc-meta .doc-title")[0]
    assert link.tag_name == "span"  # its javascript: url is not a link


@pytest.mark.slow
def test_page_loads_nothing_from_other_hosts(page: Any) -> None:
    page.wait(_ready(page, "network"))
    page.wait(_ready(page, "alerts"))
    strongest = _strongest_edge(page.origin)
    _click_edge(page, strongest["source"], strongest["target"])
    page.wait(_ready(page, "dyad-timeline"))
    names = page.js("return performance.getEntriesByType('resource').map(e => e.name)")
    assert any(n.endswith("/static/vendor/plotly.min.js") for n in names)
    foreign = [n for n in names if not n.startswith(page.origin + "/")]
    assert not foreign, foreign
    assert page.js("return typeof window.Plotly") == "object"
