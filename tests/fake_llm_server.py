"""A small, real OpenAI-compatible HTTP server for tests (``POST /v1/chat/completions``).

It answers deterministically *from the prompt*: it reads the numbered evidence lines
(``[n] ...``) and the ``Question:`` line of the last user message, and replies with the evidence
sentence that shares the most words with the question, followed by its ``[n]`` marker; with no
overlap it replies ``NOT_FOUND``. Without an evidence block it echoes a short description of
what it received (used by ``describe_image``). Streaming (SSE) and injected failures are supported.
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_EVIDENCE = re.compile(r"^\[(\d+)\][^\n]*\n(.*?)(?=^\[\d+\]|^Question:|\Z)", re.M | re.S)
_WORD = re.compile(r"[a-z0-9]+")
_STOP = {"the", "a", "an", "of", "in", "on", "at", "to", "is", "was", "what", "which", "how"}


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def _text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    return "\n".join(p.get("text", "") for p in content or [] if p.get("type") == "text")


def answer_from_prompt(messages: list[dict[str, Any]]) -> str:
    """The fake model's reply for ``messages``."""
    user = next((m for m in reversed(messages) if m.get("role") == "user"), {})
    prompt = _text_of(user.get("content"))
    match = re.search(r"^Question:\s*(.+)$", prompt, re.M)
    if not match:
        n_images = sum(
            1
            for p in user.get("content") or []
            if isinstance(p, dict) and p.get("type") == "image_url"
        )
        return f"An image ({n_images} attached). Prompt words: {len(_words(prompt))}."
    question = _words(match.group(1))
    best: tuple[int, str, str] = (0, "", "")
    for ev in _EVIDENCE.finditer(prompt):
        for sentence in re.split(r"(?<=[.!?])\s+|\n", ev.group(2)):
            overlap = len(question & _words(sentence))
            if sentence.strip() and overlap > best[0]:
                best = (overlap, ev.group(1), sentence.strip())
    if best[0] == 0:
        return "NOT_FOUND"
    return f"{best[2]} [{best[1]}]"


class FakeLLMServer:
    """Run with ``with FakeLLMServer() as srv: srv.url``; ``srv.requests`` holds request bodies."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.fail_next: list[int] = []  # HTTP statuses to return for the next requests
        self.delay_s = 0.0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """Base URL for an OpenAI client (``.../v1``)."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def __enter__(self) -> FakeLLMServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        """Shut the server down and free its port."""
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                owner.requests.append(body)
                if not self.path.endswith("/chat/completions"):
                    self._json(404, {"error": {"message": "not found", "type": "not_found"}})
                    return
                if owner.fail_next:
                    status = owner.fail_next.pop(0)
                    self._json(status, {"error": {"message": "injected", "type": "server_error"}})
                    return
                time.sleep(owner.delay_s)
                reply = answer_from_prompt(body.get("messages", []))
                if body.get("stream"):
                    self._stream(body.get("model", "fake"), reply)
                else:
                    self._json(200, _completion(body.get("model", "fake"), reply))

            def _json(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, model: str, reply: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                pieces = re.findall(r"\S+\s*", reply) or [""]
                for i, piece in enumerate(pieces):
                    last = i == len(pieces) - 1
                    chunk = _chunk(model, piece, "stop" if last else None)
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
                self.close_connection = True

        return Handler


def _completion(model: str, reply: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": reply},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _chunk(model: str, piece: str, finish: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": finish}],
    }
