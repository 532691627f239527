"""API hygiene on a real app: offline docs, one question field, schedules per tenant, local routes.

The app runs in-process (Starlette's test client) over an embedded runtime; nothing is ingested.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from mmrag import __version__
from mmrag.application import create_server_app
from mmrag.platform.runtime import Runtime
from mmrag.platform.server_file import TENANT_HEADER, TOKEN_HEADER
from mmrag.platform.settings import Settings

pytestmark = pytest.mark.integration

TOKEN = "per-start-token"


@pytest.fixture()
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    data = tmp_path / "data"
    data.mkdir()
    (tmp_path / "t.yaml").write_text("name: t\nfields: [{name: a, question: A?, type: text}]\n")
    (data / "schedules.yaml").write_text(
        "schedules:\n"
        f"  - {{name: mine, task: report, every_s: 60, args: {{template: {tmp_path}/t.yaml}}}}\n"
        f"  - {{name: theirs, task: sync_folder, every_s: 60, args: {{folder: {tmp_path}, "
        "tenant: beta}}\n"
    )
    monkeypatch.delenv("MMRAG_SCHEDULES_FILE", raising=False)
    settings = Settings(data_dir=data, api_keys="ka:alpha,kb:beta", tenant="alpha")
    with Runtime(settings) as runtime, TestClient(create_server_app(runtime, TOKEN)) as http:
        yield http


def test_docs_and_redoc_reference_only_this_server(client: TestClient) -> None:
    for page in ("/docs", "/redoc"):
        response = client.get(page)
        assert response.status_code == 200 and "text/html" in response.headers["content-type"]
        html = response.text
        external = re.findall(r"""(?:src|href)=["']?(https?:)?//[^"' >]+""", html)
        assert not external, (page, external)
        assert "cdn" not in html.lower() and "googleapis" not in html
        assets = re.findall(r"""(?:src|href)=["']?(/docs-assets[^"' >]*)""", html)
        assert assets, page
        for asset in assets:
            got = client.get(asset)
            assert got.status_code == 200 and len(got.content) > 1000, asset
            assert b"cdn.redoc.ly" not in got.content, asset
    assert client.get("/openapi.json").json()["info"]["version"] == __version__


def test_query_takes_question_and_the_old_query_field(client: TestClient) -> None:
    headers = {"X-API-Key": "ka"}
    for body in ({"question": "reservoir", "k": 1}, {"query": "reservoir", "k": 1}):
        response = client.post("/v1/query", json=body, headers=headers)
        assert response.status_code == 200, response.text
        assert response.json() == []
    schema = client.get("/openapi.json").json()["components"]["schemas"]["QueryRequest"]
    assert "question" in schema["properties"]
    assert client.post("/v1/query", json={"k": 1}, headers=headers).status_code == 422


def test_schedules_are_listed_per_tenant(client: TestClient) -> None:
    assert client.get("/v1/schedules").status_code == 401
    alpha = client.get("/v1/schedules", headers={"X-API-Key": "ka"}).json()
    beta = client.get("/v1/schedules", headers={"X-API-Key": "kb"}).json()
    assert [(s["name"], s["task"], s["last_run"]) for s in alpha] == [("mine", "report", None)]
    assert [s["name"] for s in beta] == ["theirs"]


def test_local_routes_need_the_token(client: TestClient) -> None:
    assert client.get("/v1/local/ping").status_code == 401
    assert client.get("/v1/local/ping", headers={TOKEN_HEADER: "wrong"}).status_code == 401
    ok = client.get("/v1/local/ping", headers={TOKEN_HEADER: TOKEN, TENANT_HEADER: "beta"})
    assert ok.status_code == 200 and ok.json()["documents"] == 0
    # the token also stands in for an API key on the public routes, for the tenant it names
    docs = client.get("/v1/documents", headers={TOKEN_HEADER: TOKEN, TENANT_HEADER: "beta"})
    assert docs.status_code == 200 and docs.json() == []
    assert "/v1/local/ping" not in client.get("/openapi.json").json()["paths"]


def test_version_flag() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "mmrag.cli", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == f"mmrag {__version__}"


def test_docs_render_in_chromium_with_the_network_cut(tmp_path: Path) -> None:
    """Swagger UI and ReDoc draw the API in headless Chromium that may reach only this server."""
    import shutil

    from playwright.sync_api import sync_playwright

    from mmrag.application import start_api_thread

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).is_file():
        pytest.skip("chromium is not installed (apt-get install chromium)")
    with Runtime(Settings(data_dir=tmp_path / "data")) as runtime:
        api = start_api_thread(create_server_app(runtime), "127.0.0.1", 0)
        base = f"http://127.0.0.1:{api.port}"
        blocked: list[str] = []
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=chromium, args=["--headless", "--no-sandbox"]
                )
                page = browser.new_page()

                def only_local(route: Any) -> None:
                    if route.request.url.startswith(base):
                        route.continue_()
                    else:
                        blocked.append(route.request.url)
                        route.abort()

                page.route("**/*", only_local)
                page.goto(f"{base}/docs")
                page.wait_for_selector('.opblock-summary-path[data-path="/v1/ask"]', timeout=60_000)
                page.goto(f"{base}/redoc")
                page.wait_for_selector('h2:has-text("List Schedules")', timeout=60_000)
                browser.close()
        finally:
            api.stop()
    # Both pages drew the API from local assets, without one request leaving this server.
    assert blocked == []
