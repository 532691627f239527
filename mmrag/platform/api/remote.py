"""A small client of a running mmrag server's REST API, for the CLI and the MCP server.

It speaks JSON over the standard library's HTTP client (the CLI's fast path imports nothing
heavy) and turns the API's problem+json answers back into the :mod:`mmrag.platform.errors`
exception the server raised, so callers handle a remote error like a local one.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from mmrag.platform import errors
from mmrag.platform.server_file import TENANT_HEADER, TOKEN_HEADER, ServerInfo, live_server

PING_PATH = "/v1/local/ping"


def _error_classes() -> dict[str, type[errors.MMRagError]]:
    found: dict[str, type[errors.MMRagError]] = {}
    stack: list[type[errors.MMRagError]] = [errors.MMRagError]
    while stack:
        cls = stack.pop()
        found.setdefault(cls.code, cls)
        stack.extend(cls.__subclasses__())
    return found


class RemoteServer:
    """Calls to the server recorded in a data dir, as its local (token-holding) client."""

    def __init__(self, info: ServerInfo, tenant: str | None = None, timeout_s: float = 600.0):
        self.info = info
        self.tenant = tenant
        self.timeout_s = timeout_s
        self.last_ping: dict[str, Any] = {}

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        params: dict[str, Any] | None = None,
        timeout_s: float | None = None,
    ) -> Any:
        """``method path`` with a JSON body; the decoded JSON answer, or the mapped error."""
        url = self.info.url.rstrip("/") + path
        if params:
            query = {k: v for k, v in params.items() if v is not None}
            url += "?" + urllib.parse.urlencode(query, doseq=True)
        headers = {TOKEN_HEADER: self.info.token, "Accept": "application/json"}
        if self.tenant:
            headers[TENANT_HEADER] = self.tenant
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=timeout_s or self.timeout_s) as response:
                payload = response.read()
        except urllib.error.HTTPError as exc:
            raise _problem(exc) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise errors.ServiceUnavailable(
                f"the mmrag server at {self.info.url} (pid {self.info.pid}) did not answer: "
                f"{reason}"
            ) from None
        return json.loads(payload) if payload else None

    def ping(self, timeout_s: float = 2.0) -> dict[str, Any]:
        """The server's own description (pid, data dir, documents of the tenant)."""
        answer: dict[str, Any] = self.call("GET", PING_PATH, timeout_s=timeout_s)
        self.last_ping = answer
        return answer


def _problem(exc: urllib.error.HTTPError) -> errors.MMRagError:
    try:
        body = json.loads(exc.read() or b"{}")
    except ValueError:
        body = {}
    detail = body.get("detail") if isinstance(body, dict) else None
    if not isinstance(detail, str):
        detail = json.dumps(detail) if detail else f"HTTP {exc.code}"
    code = str(body.get("type", "")) if isinstance(body, dict) else ""
    cls = _error_classes().get(code)
    if cls is None:
        cls = {401: errors.Unauthorized, 404: errors.NotFound, 422: errors.InputError}.get(
            exc.code, errors.ServiceUnavailable if exc.code >= 500 else errors.InputError
        )
    error = cls(detail)
    error.code = code or cls.code
    return error


def connect(data_dir: Path, tenant: str | None = None) -> RemoteServer | None:
    """The live server of ``data_dir`` as a client, or ``None`` when none answers with its token."""
    info = live_server(data_dir)
    if info is None:
        return None
    remote = RemoteServer(info, tenant)
    try:
        pong = remote.ping()
    except errors.MMRagError:
        return None
    if pong.get("pid") != info.pid:  # another server took the port: not ours
        return None
    return remote
