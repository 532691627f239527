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


def _tool_function(
    runtime: Runtime, spec: ToolSpec, options: ToolOptions
) -> Callable[..., Awaitable[BaseModel]]:
    """An async MCP tool running ``spec`` in a worker thread; mmrag errors reach the caller."""
    import anyio.to_thread
    from mcp.server.mcpserver.exceptions import ToolError

    async def tool(**arguments: Any) -> BaseModel:
        call = functools.partial(run_tool, runtime, spec.name, arguments, None, options)
        try:
            return await anyio.to_thread.run_sync(call)
        except MMRagError as exc:
            raise ToolError(f"{exc.code}: {exc.message}") from exc

    tool.__name__ = spec.name
    tool.__doc__ = spec.description
    tool.__signature__ = _signature(spec)  # type: ignore[attr-defined]
    return tool


def build_mcp_server(runtime: Runtime, options: ToolOptions | None = None) -> MCPServer[Any]:
    """An MCP server whose tools run against ``runtime`` (which the caller opens and closes)."""
    from mcp.server.mcpserver import MCPServer
    from mcp.types import ToolAnnotations

    from mmrag import __version__

    options = options or ToolOptions()
    server: MCPServer[Any] = MCPServer(
        "mmrag",
        title="mmrag",
        instructions=INSTRUCTIONS,
        version=__version__,
        log_level="WARNING",
    )
    for spec in tool_specs():
        server.add_tool(
            _tool_function(runtime, spec, options),
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
    runtime: Runtime, options: ToolOptions | None = None, host: str = "127.0.0.1"
) -> Starlette:
    """An ASGI app serving the tools over streamable HTTP at ``/mcp`` (run it with uvicorn)."""
    return build_mcp_server(runtime, options).streamable_http_app(host=host)


def run_mcp(
    runtime: Runtime,
    transport: Transport = "stdio",
    host: str = "127.0.0.1",
    port: int = 8765,
    options: ToolOptions | None = None,
) -> None:
    """Serve the tools over stdio, or over streamable HTTP at ``http://host:port/mcp``."""
    if transport == "stdio":
        build_mcp_server(runtime, options).run("stdio")
    elif transport == "http":
        import uvicorn

        app = mcp_http_app(runtime, options, host)
        log.warning("mmrag MCP server on http://%s:%d/mcp", host, port)
        uvicorn.run(app, host=host, port=port, log_level="warning")
    else:
        raise ValueError(f"unknown MCP transport: {transport!r} (stdio or http)")
