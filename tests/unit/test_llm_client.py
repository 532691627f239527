"""LLMClient against a real local OpenAI-compatible server (tests/fake_llm_server.py)."""

from __future__ import annotations

import base64
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from mmrag.agents.llm import LLMClient, LLMOptions, image_mime, normalize_base_url
from mmrag.platform.errors import ModelUnavailable, ServiceUnavailable
from mmrag.platform.settings import Settings
from tests.fake_llm_server import FakeLLMServer

pytestmark = pytest.mark.unit

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 16
PROMPT = (
    "Evidence:\n[1] report.pdf p.2 (text)\nThe survey lasted 31 days. It used a boat.\n\n"
    "[2] call.mp3 00:30-00:45 (audio)\nTideway Mechanical will inspect the pump on Friday.\n\n"
    "Question: Who will inspect the pump?"
)
FAST = LLMOptions(max_retries=2, backoff_s=0.01, backoff_max_s=0.05)


@pytest.fixture()
def server() -> Iterator[FakeLLMServer]:
    with FakeLLMServer() as srv:
        yield srv


@pytest.fixture()
def client(server: FakeLLMServer) -> Iterator[LLMClient]:
    llm = LLMClient(server.url, "fake-vlm", timeout_s=5, options=FAST)
    yield llm
    llm.close()


def test_chat_answers_from_the_prompt(client: LLMClient, server: FakeLLMServer) -> None:
    reply = client.chat([{"role": "user", "content": PROMPT}])
    assert reply == "Tideway Mechanical will inspect the pump on Friday. [2]"
    assert server.requests[0]["model"] == "fake-vlm"
    assert server.requests[0]["temperature"] == 0.0


def test_stream_chat_yields_pieces(client: LLMClient) -> None:
    pieces = list(client.stream_chat([{"role": "user", "content": PROMPT}]))
    assert len(pieces) > 3
    assert "".join(pieces) == "Tideway Mechanical will inspect the pump on Friday. [2]"


def test_images_become_data_url_parts(
    client: LLMClient, server: FakeLLMServer, tmp_path: Path
) -> None:
    jpg = tmp_path / "frame.jpg"
    jpg.write_bytes(JPEG)
    client.chat(
        [{"role": "system", "content": "sys"}, {"role": "user", "content": PROMPT}], [PNG, jpg]
    )
    content = server.requests[0]["messages"][1]["content"]
    assert content[0] == {"type": "text", "text": PROMPT}
    urls = [p["image_url"]["url"] for p in content if p["type"] == "image_url"]
    assert urls[0] == "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert urls[1].startswith("data:image/jpeg;base64,")
    assert server.requests[0]["messages"][0] == {"role": "system", "content": "sys"}


def test_describe_image(client: LLMClient, server: FakeLLMServer) -> None:
    text = client.describe_image(PNG, "Describe the chart.")
    assert text.startswith("An image (1 attached)")
    assert server.requests[0]["messages"][0]["content"][1]["type"] == "image_url"


def test_retries_on_server_errors(client: LLMClient, server: FakeLLMServer) -> None:
    server.fail_next = [500, 503]
    reply = client.chat([{"role": "user", "content": PROMPT}])
    assert reply.endswith("[2]")
    assert len(server.requests) == 3


def test_gives_up_after_retries(client: LLMClient, server: FakeLLMServer) -> None:
    server.fail_next = [500, 500, 500, 500]
    with pytest.raises(ServiceUnavailable, match="HTTP 500"):
        client.chat([{"role": "user", "content": "hi"}])
    assert len(server.requests) == 3  # one try + max_retries=2


def test_client_errors_are_not_retried(client: LLMClient, server: FakeLLMServer) -> None:
    server.fail_next = [404]
    with pytest.raises(ModelUnavailable, match="fake-vlm"):
        client.chat([{"role": "user", "content": "hi"}])
    assert len(server.requests) == 1


def test_unreachable_server_is_a_clear_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    llm = LLMClient(f"http://127.0.0.1:{port}", "m", timeout_s=2, options=FAST)
    started = time.perf_counter()
    with pytest.raises(ServiceUnavailable, match="cannot be reached"):
        llm.chat([{"role": "user", "content": "hi"}])
    with pytest.raises(ServiceUnavailable):
        list(llm.stream_chat([{"role": "user", "content": "hi"}]))
    assert time.perf_counter() - started < 10


def test_settings_and_helpers() -> None:
    assert LLMClient.from_settings(Settings(llm_url=None)) is None
    llm = LLMClient.from_settings(Settings(llm_url="http://h:8000", llm_model="m"))
    assert llm is not None and llm.url == "http://h:8000/v1" and llm.model == "m"
    assert normalize_base_url("http://h/api/v1/") == "http://h/api/v1"
    assert image_mime(PNG) == "image/png"
    assert image_mime(JPEG) == "image/jpeg"
