"""End-to-end: headless Chromium (Debian's package, driven by Playwright) through the dashboard.

Pick a dyad, see the chart, click an event, land on its highlighted evidence sentence.
Screenshots are saved under test-artifacts/ at the repository root.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
    "--no-first-run", "--disable-component-update", "--disable-sync",
]

if CHROMIUM is None:
    if os.environ.get("CI"):
        raise RuntimeError("CI must have Debian's chromium: `make test` installs it")
    pytest.skip("chromium is not installed (make test installs it)", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def base_url(demo_db):
    import uvicorn

    from detente.server import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(demo_db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    assert server.started, "server did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page(base_url, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        pg = context.new_page()
        errors: list[str] = []
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        pg.on("requestfailed", lambda req: errors.append(f"request failed: {req.url}"))
        pg.errors = errors
        yield pg
        browser.close()


def test_dashboard_dyad_chart_to_evidence(page, base_url):
    page.goto(base_url + "/")
    page.wait_for_selector("#chart svg circle.point", timeout=20_000)
    options = page.locator("#dyad-picker option")
    assert options.count() >= 2
    # pick the second dyad, then come back to the first: the chart redraws for each
    second = options.nth(1).get_attribute("value")
    page.select_option("#dyad-picker", second)
    page.wait_for_function(f"location.hash.includes('{second}')")
    page.wait_for_selector("#chart svg", timeout=20_000)
    first = options.nth(0).get_attribute("value")
    page.select_option("#dyad-picker", first)
    page.wait_for_selector("#chart svg circle.point", timeout=20_000)
    page.wait_for_selector("tr.event-row", timeout=20_000)
    page.screenshot(path=str(ARTIFACTS / "dashboard-dyad.png"), full_page=True)

    # click a point of the chart: the timeline narrows to that period
    page.locator("#chart circle.point").first.click()
    page.wait_for_function("document.getElementById('timeline-title').textContent.includes(' from ')")

    row = page.locator("tr.event-row").first
    evidence = row.locator("td.evidence").inner_text()
    event_id = row.get_attribute("data-event")
    row.click()
    page.wait_for_selector(".evidence-hit", timeout=20_000)
    assert event_id in page.url
    highlighted = "".join(page.locator(".evidence-hit").all_inner_texts())
    assert highlighted.strip() == evidence.strip()
    assert page.locator(".evidence-hit").first.is_visible()
    assert page.locator(".anchor").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "dashboard-evidence.png"), full_page=True)
    assert not page.errors, page.errors


@pytest.mark.parametrize("view, selector", [
    ("#/events", "table.events"),
    ("#/quotes", "tr.quote-row"),
    ("#/stories", "tr.story-row"),
    ("#/network", "#network svg line"),
    ("#/map", "#map svg path.land"),
])
def test_dashboard_views_render(page, base_url, view, selector):
    page.goto(base_url + "/" + view)
    page.wait_for_selector(selector, timeout=20_000)
    name = view.strip("#/") or "home"
    page.screenshot(path=str(ARTIFACTS / f"dashboard-{name}.png"), full_page=True)
    assert not page.locator(".error").count()


def test_dashboard_shows_api_errors(page, base_url):
    page.goto(base_url + "/#/dyad/XYZ/USA")
    page.wait_for_selector(".error", timeout=20_000)
    assert "D603" in page.locator(".error").inner_text()


def test_dashboard_needs_no_internet(page, base_url):
    # every request the dashboard makes stays on the server
    seen: list[str] = []
    page.on("request", lambda req: seen.append(req.url))
    page.goto(base_url + "/#/map")
    page.wait_for_selector("#map svg path.land", timeout=20_000)
    assert seen and all(u.startswith(base_url) for u in seen), seen
