"""The UI in a real browser: ``launch_ui`` as a subprocess, driven by Playwright with chromium.

Screenshots of every page go to ``$MMRAG_TEST_ARTIFACTS/<test>/`` when that is set, else to the
test's tmp dir. With ``MMRAG_DOC_SCREENSHOTS=<dir>`` the README's small screenshots are written
there too (``docs/screenshots``).
"""

from __future__ import annotations

import asyncio
import csv
import itertools
import os
import re
import shutil
import socket
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from celery import Celery
from playwright.sync_api import Browser, Page, expect, sync_playwright

import mmrag.platform.api.app as api_app
from mmrag.agents.reports import register_report_tasks
from mmrag.ingestion.tasks import register_tasks
from mmrag.platform.api.app import create_app
from mmrag.platform.jobs import TaskState
from mmrag.platform.models import Answer, stable_id
from mmrag.platform.runtime import Runtime
from mmrag.platform.settings import Settings
from mmrag.platform.submission import submit, uploads_from_paths, wait_for_job
from mmrag.ui.client import ApiClient
from mmrag.ui.launch import launch_ui, wait_for_ui
from tests.servers import serve_app
from tests.unit.test_ui_apptest import Seeded, api  # noqa: F401  (module-scoped API fixture)

pytestmark = pytest.mark.integration

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
EXAMPLE_PDF = EXAMPLES / "heronsgate_water_2024.pdf"
ARTIFACTS_ENV = "MMRAG_TEST_ARTIFACTS"
DOC_SHOTS_ENV = "MMRAG_DOC_SCREENSHOTS"
TOKEN_GAP_S = 0.3  # how slowly the test server streams (only so the browser can watch)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve_ui(api_url: str) -> Iterator[str]:
    port = _free_port()
    process = launch_ui(api_url, port)
    try:
        wait_for_ui(port, timeout_s=90)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def ui_url(api: Seeded) -> Iterator[str]:  # noqa: F811
    yield from _serve_ui(api.url)


@pytest.fixture()
def artifacts(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """Where this test's screenshots and downloads go (kept when MMRAG_TEST_ARTIFACTS is set)."""
    base = os.environ.get(ARTIFACTS_ENV)
    if not base:
        return tmp_path
    folder = Path(base) / re.sub(r"[^\w.-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _shot(page: Page, folder: Path, name: str) -> Path:
    """A screenshot of the whole page (Streamlit scrolls inside its main section, not the page)."""
    path = folder / f"{name}.png"
    viewport = page.viewport_size or {"width": 1400, "height": 1000}
    height = page.locator("[data-testid=stMainBlockContainer]").evaluate("e => e.scrollHeight")
    page.set_viewport_size({"width": viewport["width"], "height": max(viewport["height"], height)})
    try:
        page.screenshot(path=str(path))
    finally:
        page.set_viewport_size(viewport)
    assert path.stat().st_size > 10_000, path
    return path


def _doc_shot(page: Page, name: str) -> None:
    """A small PNG of the visible page for the README (only with ``MMRAG_DOC_SCREENSHOTS``)."""
    folder = os.environ.get(DOC_SHOTS_ENV)
    if not folder:
        return
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    image = image.resize((1120, round(image.height * 1120 / image.width)), Image.Resampling.LANCZOS)
    path = Path(folder) / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    image.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    assert path.stat().st_size < 300_000, path


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
    artifacts: Path,
) -> None:
    page = _open(browser, ui_url)
    page.get_by_placeholder("Ask about your documents").fill("How much was spent?")
    page.keyboard.press("Enter")
    page.get_by_text(api.docs["pdf"].filename + " p.1").wait_for(timeout=60_000)
    page.get_by_text("$1.2 million", exact=False).first.wait_for(timeout=10_000)
    main = page.locator("[data-testid=stMainBlockContainer]")
    page.get_by_text("Page 1, cited region highlighted").wait_for(timeout=30_000)
    page.get_by_text("Cited region", exact=True).wait_for(timeout=30_000)
    main.locator("[data-testid=stImage] img").nth(1).wait_for(timeout=30_000)  # page and region
    for n in (1, 2, 3):  # a source card per citation, each the target of its [n]
        main.locator(f"#src-m1-{n}").wait_for(state="attached", timeout=30_000)
    main.locator("video").first.wait_for(timeout=30_000)
    _shot(page, artifacts, "ask")


async def _paced_events(answer: Answer) -> AsyncIterator[str]:
    """The server's answer events, one token every TOKEN_GAP_S, as a generating model sends them."""
    async for event in _ORIGINAL_EVENTS(answer):
        yield event
        if event.startswith("event: token"):
            await asyncio.sleep(TOKEN_GAP_S)


_ORIGINAL_EVENTS = api_app._answer_events


def _scroll_to_bottom(page: Page) -> None:
    """Scroll Streamlit's scrolling container (not the window) to the end."""
    page.locator("[data-testid=stMainBlockContainer]").evaluate(
        "e => { let p = e; while (p && p.scrollHeight <= p.clientHeight) p = p.parentElement;"
        " if (p) p.scrollTop = p.scrollHeight; }"
    )


def _answer_lengths(page: Page, done: str) -> list[int]:
    """Length of the streaming answer, sampled until ``done`` shows (the source cards)."""
    lengths: list[int] = []
    message = page.locator("[data-testid=stChatMessage]").last
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if page.get_by_text(done).count():
            break
        if message.count():
            lengths.append(len(message.inner_text()))
        time.sleep(0.05)
    return lengths


def test_chat_streams_links_sources_and_survives_reload(
    browser: Browser,
    ui_url: str,
    api: Seeded,  # noqa: F811
    artifacts: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(api_app, "_answer_events", _paced_events)
    page = _open(browser, ui_url)
    question = "What did the utility spend on pumps?"
    page.get_by_placeholder("Ask about your documents").fill(question)
    page.keyboard.press("Enter")
    lengths = _answer_lengths(page, api.docs["pdf"].filename + " p.1")
    growing = [b for a, b in itertools.pairwise(lengths) if b > a]
    assert len(growing) >= 2, lengths  # the answer grew while it streamed, not all at once
    main = page.locator("[data-testid=stMainBlockContainer]")
    main.get_by_text("Cited region", exact=True).wait_for(timeout=30_000)

    # The inline [1] jumps to its source card.
    main.locator("video").first.wait_for(timeout=30_000)
    _scroll_to_bottom(page)
    marker = main.locator('a[href="#src-m1-1"]').first
    # Let images finish loading first: a late image above the card shifts it after the jump.
    page.wait_for_function("Array.from(document.images).every(i => i.complete)", timeout=30_000)
    for attempt in range(2):  # a Streamlit rerun may still move the layout once under load
        marker.scroll_into_view_if_needed()
        marker.click()
        try:
            expect(page.locator("#src-m1-1")).to_be_in_viewport(timeout=10_000)
            break
        except AssertionError:
            if attempt:
                raise
    assert page.url.endswith("#src-m1-1")
    _shot(page, artifacts, "ask")
    _doc_shot(page, "ask")

    # A reload keeps the conversation, which is listed in the sidebar.
    thread_id = re.search(r"[?&]thread=([0-9a-f]+)", page.url)
    assert thread_id, page.url
    page.goto(page.url.split("#")[0])
    page.get_by_text("mmrag").first.wait_for(timeout=60_000)
    sidebar = page.locator("[data-testid=stSidebar]")
    sidebar.get_by_role("button", name=question).wait_for(timeout=30_000)
    main.get_by_text(question).wait_for(timeout=30_000)
    main.get_by_text("Cited region", exact=True).first.wait_for(timeout=30_000)

    # A follow-up goes through the same thread.
    page.get_by_placeholder("Ask about your documents").fill("And the year before?")
    page.keyboard.press("Enter")
    main.locator('a[href="#src-m3-1"]').first.wait_for(timeout=60_000)
    tenant = api.runtime.settings.tenant
    assert api.ask.calls[-1][3] == stable_id("thread", tenant, thread_id.group(1))
    with ApiClient(api.url) as client:
        turns = client.get_thread(thread_id.group(1)).history
    assert [t.question for t in turns] == [question, "And the year before?"]
    _shot(page, artifacts, "conversation")
    _scroll_to_bottom(page)
    _doc_shot(page, "conversation")


def test_library_shows_a_documents_chunks_and_settings_the_answer_mode(
    browser: Browser,
    ui_url: str,
    api: Seeded,  # noqa: F811
    artifacts: Path,
) -> None:
    page = _open(browser, ui_url)
    page.get_by_text("Library").first.click()
    page.locator("[data-testid=stSelectbox]").filter(has_text="Open a document").click()
    page.get_by_role("option", name=api.docs["pdf"].filename).click()
    main = page.locator("[data-testid=stMainBlockContainer]")
    main.get_by_text("pdfplumber", exact=False).first.wait_for(timeout=30_000)
    main.locator("table", has_text="Spending").first.wait_for(timeout=30_000)  # the table HTML
    main.get_by_text("The utility served its customers.").wait_for(timeout=30_000)
    main.get_by_placeholder("Words to find").fill("spending")
    main.get_by_placeholder("Words to find").press("Enter")
    expect(main.get_by_text("The utility served its customers.")).to_have_count(0, timeout=30_000)
    main.get_by_text("1 matching chunk(s)", exact=False).wait_for(timeout=30_000)
    _shot(page, artifacts, "library-document")
    _doc_shot(page, "library")

    page.get_by_text("Settings").first.click()
    with ApiClient(api.url) as client:
        mode = client.server_settings().answer.mode
    metric = main.locator("[data-testid=stMetric]", has_text="Answer mode")
    expect(metric.locator("[data-testid=stMetricValue]")).to_have_text(mode, timeout=30_000)
    main.get_by_text("Sources per answer (k)").wait_for(timeout=30_000)
    _shot(page, artifacts, "settings")
    _doc_shot(page, "settings")


def test_library_and_upload_in_the_browser(
    browser: Browser,
    ui_url: str,
    api: Seeded,  # noqa: F811
    tmp_path: Path,
    artifacts: Path,
) -> None:
    page = _open(browser, ui_url)
    page.get_by_text("Library").first.click()
    page.get_by_text("Select documents").wait_for(timeout=30_000)
    documents = page.locator("[data-testid=stMetricValue]").first
    documents.wait_for(timeout=30_000)
    assert documents.inner_text().strip() == str(len(api.docs))
    expect(page.locator("[data-testid=stDataFrame]")).to_have_count(1, timeout=30_000)
    _shot(page, artifacts, "library")
    page.get_by_text("Upload").first.click()
    bad = tmp_path / "notes.json"
    bad.write_text('{"json": "is not a document type"}')
    page.locator("input[type=file]").set_input_files([str(bad)])
    page.get_by_role("button", name="Ingest 1 file(s)").click()
    page.locator("text=unsupported file type >> visible=true").first.wait_for(timeout=30_000)
    _shot(page, artifacts, "upload")
    page.get_by_text("Jobs").first.click()
    page.get_by_text("Follow a job by id").wait_for(timeout=30_000)
    page.locator("text=unsupported file type >> visible=true").first.wait_for(timeout=30_000)
    _shot(page, artifacts, "jobs")


# --------------------------------------------------------------------------- reports


def _register(app: Celery) -> None:
    register_tasks(app)
    register_report_tasks(app)


@pytest.fixture(scope="module")
def report_ui_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The UI over a real API, broker and worker that ingested the example PDF."""
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("reports"), redis_url=None, qdrant_url=None
    )
    with Runtime(settings) as runtime:
        runtime.start_worker(_register)
        job = wait_for_job(runtime, submit(runtime, uploads_from_paths([EXAMPLE_PDF])), 600)
        assert [f.state for f in job.files] == [TaskState.SUCCEEDED], job
        with serve_app(create_app(runtime)) as url:
            yield from _serve_ui(url)


def test_report_runs_and_downloads_as_csv_in_the_browser(
    browser: Browser, report_ui_url: str, artifacts: Path
) -> None:
    page = _open(browser, report_ui_url)
    page.get_by_text("Reports").first.click()
    page.get_by_text("No reports yet").wait_for(timeout=30_000)
    page.locator("input[type=file]").set_input_files(str(EXAMPLES / "report_template.yaml"))
    page.get_by_text("Heronsgate Water - key figures").wait_for(timeout=30_000)
    run = page.get_by_role("button", name="Run report")
    expect(run).to_be_enabled(timeout=30_000)
    _shot(page, artifacts, "reports-template")
    run.click()
    main = page.locator("[data-testid=stMainBlockContainer]")
    main.get_by_text("every field is asked of every document").wait_for(timeout=30_000)
    _shot(page, artifacts, "reports-running")

    # The worker runs the template; the page polls and then shows every cited value.
    cited = main.locator("p", has_text="customers_served:")
    cited.wait_for(timeout=600_000)
    assert re.search(
        r"customers_served: 48250 customers .*heronsgate_water_2024\.pdf p\.1", (cited.inner_text())
    ), cited.inner_text()
    main.get_by_text("1 document(s) × 7 field(s)", exact=False).wait_for(timeout=10_000)
    main.locator("[data-testid=stDataFrame]").last.wait_for(timeout=30_000)  # the result table
    _shot(page, artifacts, "reports-result")

    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Download CSV").click()
    download = info.value
    assert download.suggested_filename == "heronsgate_summary.csv"
    target = artifacts / download.suggested_filename
    download.save_as(target)
    with target.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["document"] for r in rows] == [EXAMPLE_PDF.name]  # one row per document
    row = rows[0]
    assert row["customers_served"] == "48250"
    assert row["customers_served_citation"] == f"{EXAMPLE_PDF.name} p.1"
    found = [name for name in _fields(row) if row[f"{name}_status"] == "found"]
    assert len(found) >= 4, row
    for name in found:  # every value carries the file and page it was read from
        assert row[name], name
        assert re.fullmatch(rf"{re.escape(EXAMPLE_PDF.name)} p\.\d+", row[f"{name}_citation"]), name
    for name in set(_fields(row)) - set(found):
        assert row[name] == "" and row[f"{name}_reason"], name


def _fields(row: dict[str, str]) -> list[str]:
    return [c.removesuffix("_status") for c in row if c.endswith("_status")]
