"""An MCP server exposing mmrag's tools (search, ask, ingest, document_status, report).

Run it with ``python -m mmrag.agents.mcp --data-dir D [--transport stdio|http]`` (or the
``mmrag mcp`` command). Tools are defined once in :mod:`mmrag.agents.tools`.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, Field

from mmrag.agents.tools import ToolOptions, ToolSpec, run_tool, tool_specs
from mmrag.platform.errors import MMRagError
from mmrag.platform.runtime import Runtime

if TYPE_CHECKING:
    from mcp.server.mcpserver import MCPServer
    from starlette.applications import Starlette

log = logging.getLogger(__name__)

Transport = Literal["stdio", "http"]
ToolRunner = Callable[[str, dict[str, Any]], BaseModel]
"""Runs a tool by name with its arguments (locally, or through a running server's API)."""

INSTRUCTIONS = (
    "mmrag answers questions from a private collection of PDFs, scans, audio and video. "
    "Use `ask` for answers with citations, `search` for raw passages, `document_status` to "
    "see what is indexed, `ingest` to index files that exist on the server, and `report` "
    "to extract the same typed fields from many documents."
)


def _signature(spec: ToolSpec) -> inspect.Signature:
    """A keyword-only signature mirroring ``spec.input_model`` (MCP derives its schema from it)."""
    params = []
    for name, field in spec.input_model.model_fields.items():
        annotation: Any = Annotated[
            (field.annotation, *field.metadata, Field(description=field.description))
        ]
        default = inspect.Parameter.empty if field.is_required() else field.default
        params.append(
            inspect.Parameter(
                name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
            )
        )
    return inspect.Signature(params, return_annotation=spec.output_model)


def local_runner(runtime: Runtime, options: ToolOptions) -> ToolRunner:
    """Run tools in this process against ``runtime``."""
    return functools.partial(_run_local, runtime, options)


def _run_local(
    runtime: Runtime, options: ToolOptions, name: str, arguments: dict[str, Any]
) -> BaseModel:
    return run_tool(runtime, name, arguments, None, options)


def _tool_function(runner: ToolRunner, spec: ToolSpec) -> Callable[..., Awaitable[BaseModel]]:
    """An async MCP tool running ``spec`` in a worker thread; mmrag errors reach the caller."""
    import anyio.to_thread
    from mcp.server.mcpserver.exceptions import ToolError

    async def tool(**arguments: Any) -> BaseModel:
        call = functools.partial(runner, spec.name, arguments)
        try:
            return await anyio.to_thread.run_sync(call)
        except MMRagError as exc:
            raise ToolError(f"{exc.code}: {exc.message}") from exc

    tool.__name__ = spec.name
    tool.__doc__ = spec.description
    tool.__signature__ = _signature(spec)  # type: ignore[attr-defined]
    return tool


def build_mcp_server(
    runtime: Runtime | None, options: ToolOptions | None = None, runner: ToolRunner | None = None
) -> MCPServer[Any]:
    """An MCP server whose tools run against ``runtime`` (which the caller opens and closes),
    or through ``runner`` (e.g. a running server's API) when given."""
    from mcp.server.mcpserver import MCPServer
    from mcp.types import ToolAnnotations

    from mmrag import __version__

    options = options or ToolOptions()
    if runner is None:
        if runtime is None:
            raise ValueError("build_mcp_server needs a runtime or a runner")
        runner = local_runner(runtime, options)
    server: MCPServer[Any] = MCPServer(
        "mmrag",
        title="mmrag",
        instructions=INSTRUCTIONS,
        version=__version__,
        log_level="WARNING",
    )
    for spec in tool_specs():
        server.add_tool(
            _tool_function(runner, spec),
            name=spec.name,
            description=spec.description,
            annotations=ToolAnnotations(
                read_only_hint=spec.read_only,
                destructive_hint=False,
                idempotent_hint=spec.idempotent,
                open_world_hint=False,
            ),
        )
    return server


def mcp_http_app(
    runtime: Runtime | None,
    options: ToolOptions | None = None,
    host: str = "127.0.0.1",
    runner: ToolRunner | None = None,
) -> Starlette:
    """An ASGI app serving the tools over streamable HTTP at ``/mcp`` (run it with uvicorn)."""
    return build_mcp_server(runtime, options, runner).streamable_http_app(host=host)


def run_mcp(
    runtime: Runtime | None,
    transport: Transport = "stdio",
    host: str = "127.0.0.1",
    port: int = 8765,
    options: ToolOptions | None = None,
    runner: ToolRunner | None = None,
) -> None:
    """Serve the tools over stdio, or over streamable HTTP at ``http://host:port/mcp``."""
    if transport == "stdio":
        build_mcp_server(runtime, options, runner).run("stdio")
    elif transport == "http":
        import uvicorn

        app = mcp_http_app(runtime, options, host, runner)
        log.warning("mmrag MCP server on http://%s:%d/mcp", host, port)
        uvicorn.run(app, host=host, port=port, log_level="warning")
    else:
        raise ValueError(f"unknown MCP transport: {transport!r} (stdio or http)")
