"""What every route module of the REST API shares: the tenant dependency, problem responses and
request limits.

The app (:mod:`mmrag.platform.api.app`) and the route modules (reports, chunks, threads,
schedules, settings) import this module and never each other's, so the package has no import
circle.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader
from pydantic import BaseModel, Field

from mmrag.platform.api.local import local_tenant
from mmrag.platform.errors import Unauthorized
from mmrag.platform.server_file import TOKEN_HEADER

# --------------------------------------------------------------------------- limits

#: Longest question or query, in characters.
MAX_QUESTION_CHARS = 4000
#: Most evidence passages ``POST /v1/ask`` may ask for.
MAX_ASK_K = 50
#: Most hits ``POST /v1/query`` may ask for.
MAX_QUERY_K = 100
#: Most document ids one request may name.
MAX_SOURCE_IDS = 1000
#: Largest page of chunks one request returns.
MAX_CHUNK_PAGE = 200

# --------------------------------------------------------------------------- problem responses

PROBLEM_JSON = "application/problem+json"


class Problem(BaseModel):
    """An error as problem details (RFC 9457), sent as ``application/problem+json``."""

    type: str = Field(description="Stable error code, e.g. not_found or limit_exceeded.")
    title: str
    detail: str


PROBLEM_TEXT = {
    400: "The body could not be parsed (not UTF-8 JSON, or broken multipart).",
    401: "Missing or unknown API key.",
    404: "No such resource for the caller's tenant.",
    413: "A configured limit (body size, files per request, bytes per file) was exceeded.",
    422: "The request does not match the schema (the input is not echoed back).",
    503: "A backing service (broker, index) is unavailable; a retry may succeed.",
}
"""What each problem status means, as the OpenAPI spec describes it."""


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the problem responses a route can give."""
    schema = Problem.model_json_schema()
    return {
        status: {
            "description": PROBLEM_TEXT[status],
            "content": {PROBLEM_JSON: {"schema": schema}},
        }
        for status in statuses
    }


# --------------------------------------------------------------------------- tenant (auth)

_API_KEY = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    description="Selects the tenant (required when the server has API keys configured).",
)


def tenant_of(request: Request, x_api_key: Annotated[str | None, Security(_API_KEY)] = None) -> str:
    """The caller's tenant from ``X-API-Key`` (the default tenant when no keys are configured).

    A local client holding the server's per-start token acts for the tenant it names.
    """
    settings = request.app.state.settings
    if request.headers.get(TOKEN_HEADER):  # a local client of this server (the CLI, MCP)
        return local_tenant(request)
    keys: dict[str, str] = settings.tenants_by_key()
    if not keys:
        return str(settings.tenant)
    if x_api_key is None or x_api_key not in keys:
        raise Unauthorized("missing or unknown API key (header X-API-Key)")
    return keys[x_api_key]


Tenant = Annotated[str, Depends(tenant_of)]
"""A route parameter holding the caller's tenant (401 problem when the key is wrong)."""
