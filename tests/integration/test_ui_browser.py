"""The UI in a real browser: ``launch_ui`` as a subprocess, driven by Playwright with chromium."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from mmrag.ui.launch import launch_ui, wait_for_ui
from tests.unit.test_ui_apptest import Seeded, api  # noqa: F401  (module-scoped API fixture)

pytestmark = pytest.mark.integration

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def ui_url(api: Seeded) -> Iterator[str]:  # noqa: F811
    port = _free_port()
    process = launch_ui(api.url, port)
    try:
        wait_for_ui(port, timeout_s=90)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (apt-get install chromium)")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        yield launched
        launched.close()


def _open(browser: Browser, url: str) -> Page:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url)
    page.get_by_text("mmrag").first.wait_for(timeout=60_000)
    return page


def test_ask_shows_answer_and_evidence_in_the_browser(
    browser: Browser,
    ui_url: str,
    api: Seeded,  # noqa: F811
    tmp_path: Path,
) -> None:
    page = _open(browser, ui_url)
    page.get_by_placeholder("Ask about your documents").fill("How much was spent?")
    page.keyboard.press("Enter")
    page.get_by_text("[1] " + api.docs["pdf"].filename).wait_for(timeout=60_000)
    page.get_by_text("$1.2 million", exact=False).first.wait_for(timeout=10_000)
    main = page.locator("[data-testid=stMainBlockContainer]")
    page.get_by_text("Page 1, cited region highlighted").wait_for(timeout=30_000)
    page.get_by_text("Cited region", exact=True).wait_for(timeout=30_000)
    assert main.locator("[data-testid=stImage] img").count() >= 2  # page and zoomed region
    assert main.locator("[data-testid=stExpander]").count() >= 3
    page.get_by_text("[2] " + api.docs["video"].filename).click()
    main.locator("video").first.wait_for(timeout=30_000)
    page.screenshot(path=str(tmp_path / "ask.png"))
    assert (tmp_path / "ask.png").stat().st_size > 10_000


def test_library_and_upload_in_the_browser(
    browser: Browser,
    ui_url: str,
    api: Seeded,  # noqa: F811
    tmp_path: Path,
) -> None:
    page = _open(browser, ui_url)
    page.get_by_text("Library").first.click()
    page.get_by_text("Select documents").wait_for(timeout=30_000)
    documents = page.locator("[data-testid=stMetricValue]").first
    documents.wait_for(timeout=30_000)
    assert documents.inner_text().strip() == str(len(api.docs))
    assert page.locator("[data-testid=stDataFrame]").count() == 1
    page.get_by_text("Upload").first.click()
    bad = tmp_path / "notes.txt"
    bad.write_text("plain text is not a supported type")
    page.locator("input[type=file]").set_input_files([str(bad)])
    page.get_by_role("button", name="Ingest 1 file(s)").click()
    page.locator("text=unsupported file type >> visible=true").first.wait_for(timeout=30_000)
