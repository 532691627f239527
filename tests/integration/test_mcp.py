"""mmrag's tools through real MCP client sessions (in-process, HTTP, stdio) and as OpenAI specs."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from mcp import Client, StdioServerParameters

from mmrag.agents.mcp import build_mcp_server, mcp_http_app
from mmrag.agents.tools import ToolOptions, call_tool, openai_function_specs, tool_specs
from mmrag.ingestion.tasks import register_tasks
from mmrag.platform.errors import InputError, NotFound
from mmrag.platform.runtime import Runtime
from mmrag.platform.settings import Settings
from tests.servers import serve_app

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "heronsgate_water_2024.pdf"
QUESTION = "How many customers did Heronsgate Water serve in 2024?"
TOOL_NAMES = {"search", "ask", "ingest", "document_status", "report"}
TEMPLATE = {
    "name": "water",
    "fields": [
        {
            "name": "customers",
            "question": "How many customers did the utility serve?",
            "type": "number",
            "units": ["customers"],
        },
        {"name": "employees", "question": "How many employees does it have?", "type": "number"},
    ],
}


def _structured(result: Any) -> dict[str, Any]:
    assert not result.is_error, result.content
    data: dict[str, Any] = result.structured_content
    # the text block carries the same JSON for clients that ignore structured content
    assert json.loads(result.content[0].text) == data
    return data


def _cites_page_1(citations: list[dict[str, Any]]) -> bool:
    return any(c["file"] == EXAMPLE.name and c["page"] == 1 for c in citations)


async def _session(runtime: Runtime, outside: Path) -> dict[str, Any]:
    server = build_mcp_server(runtime, ToolOptions(allowed_roots=[REPO / "examples"]))
    out: dict[str, Any] = {}
    async with Client(server) as client:
        listed = await client.list_tools()
        out["tools"] = {t.name: t for t in listed.tools}
        out["ingest"] = _structured(await client.call_tool("ingest", {"paths": [str(EXAMPLE)]}))
        out["status"] = _structured(await client.call_tool("document_status", {}))
        job_id = out["ingest"]["job_id"]
        out["job"] = _structured(await client.call_tool("document_status", {"job_id": job_id}))
        out["search"] = _structured(await client.call_tool("search", {"query": QUESTION, "k": 3}))
        out["ask"] = _structured(await client.call_tool("ask", {"question": QUESTION}))
        out["bad_path"] = await client.call_tool(
            "ingest", {"paths": [str(REPO / "examples" / "missing.pdf"), str(outside)]}
        )
        out["bad_args"] = await client.call_tool("search", {"query": QUESTION, "k": 0})
        out["report"] = _structured(await client.call_tool("report", {"template": TEMPLATE}))
        out["bad_report"] = await client.call_tool(
            "report", {"template": TEMPLATE, "template_path": str(outside)}
        )
    return out


async def _http_session(url: str) -> tuple[set[str], dict[str, Any]]:
    async with Client(url) as client:
        names = {t.name for t in (await client.list_tools()).tools}
        search = _structured(await client.call_tool("search", {"query": QUESTION, "k": 1}))
    return names, search


def _over_http(runtime: Runtime) -> tuple[set[str], dict[str, Any]]:
    """Serve the streamable-HTTP app on a free port and run a client session against it."""
    with serve_app(mcp_http_app(runtime)) as url:
        return asyncio.run(_http_session(f"{url}/mcp"))


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir with no runtime open on it (the embedded index allows one process)."""
    return tmp_path_factory.mktemp("mcp") / "data"


@pytest.fixture(scope="module")
def session(data_dir: Path) -> dict[str, Any]:
    """One in-process MCP client session against a fresh runtime that ingests the example."""
    outside = data_dir.parent / "outside.pdf"
    outside.write_bytes(EXAMPLE.read_bytes())
    with Runtime(Settings(data_dir=data_dir)) as runtime:
        runtime.start_worker(register_tasks)
        out = asyncio.run(_session(runtime, outside))
        out["http"] = _over_http(runtime)
        return out


def test_mcp_client_session_ingests_searches_and_answers(session: dict[str, Any]) -> None:
    out = session

    tools = out["tools"]
    assert set(tools) == TOOL_NAMES
    assert tools["ask"].input_schema["required"] == ["question"]
    assert tools["search"].output_schema is not None
    assert tools["ingest"].annotations.read_only_hint is False

    ingest = out["ingest"]
    assert ingest["finished"] and ingest["state"] == "succeeded", ingest
    assert ingest["files"][0]["filename"] == EXAMPLE.name and ingest["files"][0]["chunks"] > 0
    assert [d["filename"] for d in out["status"]["documents"]] == [EXAMPLE.name]
    assert out["status"]["documents"][0]["pages"] == 2
    assert out["job"]["job"]["job_id"] == ingest["job_id"]

    results = out["search"]["results"]
    assert 1 <= len(results) <= 3
    assert results[0]["citation"] == f"{EXAMPLE.name} p.1"
    assert "48,250" in results[0]["text"]

    answer = out["ask"]
    assert answer["found"] is True
    assert "48,250" in answer["answer"]
    assert _cites_page_1(answer["citations"]), answer["citations"]

    http_names, http_search = out["http"]
    assert http_names == TOOL_NAMES
    assert http_search["results"][0]["citation"] == f"{EXAMPLE.name} p.1"

    bad = out["bad_path"]
    assert bad.is_error
    message = bad.content[0].text
    assert "missing.pdf: no such file or folder on the server" in message
    assert "outside the folders this server reads from" in message
    assert out["bad_args"].is_error and "k" in out["bad_args"].content[0].text

    report = out["report"]
    assert [row["filename"] for row in report["rows"]] == [EXAMPLE.name]
    cells = report["rows"][0]["fields"]
    assert cells["customers"]["status"] == "found", cells
    assert cells["customers"]["value"] == 48250
    assert cells["customers"]["citation"] == f"{EXAMPLE.name} p.1"
    assert cells["employees"]["status"] != "found" and cells["employees"]["reason"]
    assert report["counts"]["customers"]["found"] == 1
    assert Path(report["files"]["csv"]).is_file()
    assert out["bad_report"].is_error
    assert "exactly one of template_path or template" in out["bad_report"].content[0].text


def test_openai_specs_are_valid_json_schema_matching_the_tools() -> None:
    specs = openai_function_specs()
    assert {s["function"]["name"] for s in specs} == TOOL_NAMES
    validators = {}
    for spec in specs:
        assert spec["type"] == "function"
        params = spec["function"]["parameters"]
        assert spec["function"]["description"]
        jsonschema.Draft202012Validator.check_schema(params)
        assert params["type"] == "object" and "$defs" not in json.dumps(params)
        validators[spec["function"]["name"]] = jsonschema.Draft202012Validator(params)
    ok = {
        "search": {"query": "reservoir", "k": 3, "modalities": ["text", "table"]},
        "ask": {"question": "Why?", "thread_id": "t1"},
        "ingest": {"paths": ["/data/a.pdf"]},
        "document_status": {},
        "report": {"template_path": "/srv/t.yaml", "source_ids": ["a"]},
    }
    bad = {
        "search": {"query": "x", "modalities": ["smell"]},
        "ask": {"k": 2},
        "ingest": {"paths": []},
        "document_status": {"job_id": "j", "extra": 1},
        "report": {"template": "not an object"},
    }
    for name, validator in validators.items():
        assert not list(validator.iter_errors(ok[name])), name
        assert list(validator.iter_errors(bad[name])), name


def test_call_tool_dispatch_is_json_and_rejects_clearly(
    session: dict[str, Any], data_dir: Path
) -> None:
    with Runtime(Settings(data_dir=data_dir)) as runtime:
        _call_tool_checks(runtime)


def _call_tool_checks(runtime: Runtime) -> None:
    status = call_tool(runtime, "document_status", {})
    assert json.loads(json.dumps(status)) == status
    assert [d["filename"] for d in status["documents"]] == [EXAMPLE.name]
    hits = call_tool(runtime, "search", {"query": QUESTION, "k": 2, "modalities": ["text"]})
    assert hits["results"] and {r["modality"] for r in hits["results"]} == {"text"}
    with pytest.raises(NotFound, match="no tool named 'delete_everything'"):
        call_tool(runtime, "delete_everything", {})
    with pytest.raises(InputError, match="question"):
        call_tool(runtime, "ask", {})
    with pytest.raises(InputError, match="URLs are not fetched"):
        call_tool(runtime, "ingest", {"paths": ["https://example.com/a.pdf"]})
    with pytest.raises(NotFound):
        call_tool(runtime, "document_status", {"job_id": "not-a-job"})
    with pytest.raises(InputError, match=r"cannot report: /no/such\.yaml: no such file"):
        call_tool(runtime, "report", {"template_path": "/no/such.yaml"})
    with pytest.raises(InputError, match="fields"):
        call_tool(runtime, "report", {"template": {"name": "empty", "fields": []}})
    assert len(tool_specs()) == len(openai_function_specs())


async def _stdio_session(data_dir: Path) -> tuple[set[str], dict[str, Any], dict[str, Any]]:
    """A client that spawns ``python -m mmrag.cli mcp`` and talks to it over stdio."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "mmrag.cli", "mcp", "--data-dir", str(data_dir)],
        env=env,
        cwd=str(REPO),
    )
    async with Client(params, read_timeout_seconds=120) as client:
        names = {t.name for t in (await client.list_tools()).tools}
        ingest = _structured(await client.call_tool("ingest", {"paths": [str(EXAMPLE)]}))
        answer = _structured(await client.call_tool("ask", {"question": QUESTION, "k": 3}))
    return names, ingest, answer


def test_stdio_transport_in_a_subprocess(session: dict[str, Any], data_dir: Path) -> None:
    # same data dir as the in-process session (closed by now): the unchanged file is skipped
    names, ingest, answer = asyncio.run(_stdio_session(data_dir))
    assert names == TOOL_NAMES
    assert ingest["finished"] and ingest["skipped"] == 1, ingest
    assert answer["found"] and _cites_page_1(answer["citations"]), answer
