"""Client for any OpenAI-compatible chat endpoint (vLLM, llama.cpp server, OpenAI), with images."""

from __future__ import annotations

import base64
import logging
import random
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, Field

from mmrag.platform.errors import ModelUnavailable, ServiceUnavailable
from mmrag.platform.settings import Settings

log = logging.getLogger(__name__)

T = TypeVar("T")
ImageInput = bytes | str | Path
Message = dict[str, Any]

DESCRIBE_PROMPT = (
    "Describe this image for a search index: transcribe every title, label, legend entry and "
    "number you can read, then state what it shows in one or two sentences. Do not guess."
)


class LLMOptions(BaseModel):
    """Retries and sampling for chat calls."""

    max_retries: int = Field(default=3, ge=0)  # extra attempts on 5xx / 429 / connection errors
    backoff_s: float = Field(default=0.5, ge=0)  # first wait; doubles each retry (with jitter)
    backoff_max_s: float = Field(default=8.0, ge=0)
    temperature: float = 0.0
    max_tokens: int = Field(default=512, ge=1)


class LLMClient:
    """Chat with an OpenAI-compatible server; errors become :class:`ServiceUnavailable`."""

    def __init__(
        self,
        url: str,
        model: str,
        api_key: str = "EMPTY",
        timeout_s: float = 120.0,
        options: LLMOptions | None = None,
    ) -> None:
        from openai import OpenAI

        self.url = normalize_base_url(url)
        self.model = model
        self.options = options or LLMOptions()
        self._client = OpenAI(
            base_url=self.url, api_key=api_key or "EMPTY", timeout=timeout_s, max_retries=0
        )

    @classmethod
    def from_settings(
        cls, settings: Settings, options: LLMOptions | None = None
    ) -> LLMClient | None:
        """A client for ``MMRAG_LLM_URL``; None when no LLM is configured."""
        if not settings.llm_url:
            return None
        return cls(
            settings.llm_url,
            settings.llm_model,
            settings.llm_api_key,
            settings.llm_timeout_s,
            options,
        )

    def chat(
        self,
        messages: Sequence[Message],
        images: Sequence[ImageInput] | None = None,
        *,
        max_tokens: int | None = None,
        temperature: float | None = None,
    ) -> str:
        """The assistant's reply; ``images`` are attached to the last user message."""
        payload = with_images(messages, images or [])

        def call() -> str:
            resp = self._client.chat.completions.create(
                model=self.model,
                messages=payload,  # type: ignore[arg-type]
                max_tokens=max_tokens or self.options.max_tokens,
                temperature=self.options.temperature if temperature is None else temperature,
            )
            if not resp.choices:
                return ""
            return resp.choices[0].message.content or ""

        return self._with_retries(call)

    def stream_chat(
        self,
        messages: Sequence[Message],
        images: Sequence[ImageInput] | None = None,
        *,
        max_tokens: int | None = None,
        temperature: float | None = None,
    ) -> Iterator[str]:
        """Yield the reply as it is generated (SSE); retries only before the first token."""
        payload = with_images(messages, images or [])

        def open_stream() -> Any:
            return self._client.chat.completions.create(
                model=self.model,
                messages=payload,  # type: ignore[arg-type]
                max_tokens=max_tokens or self.options.max_tokens,
                temperature=self.options.temperature if temperature is None else temperature,
                stream=True,
            )

        stream = self._with_retries(open_stream)
        try:
            for chunk in stream:
                if chunk.choices and chunk.choices[0].delta.content:
                    yield chunk.choices[0].delta.content
        except Exception as exc:
            raise self._translate(exc) from exc
        finally:
            stream.close()

    def describe_image(self, image: ImageInput, prompt: str = DESCRIBE_PROMPT) -> str:
        """A text description of one image (chart region, figure, video frame)."""
        return self.chat([{"role": "user", "content": prompt}], [image]).strip()

    def close(self) -> None:
        """Release the HTTP connection pool."""
        self._client.close()

    # ------------------------------------------------------------ retries and errors

    def _with_retries(self, call: Callable[[], T]) -> T:
        attempt = 0
        while True:
            try:
                return call()
            except Exception as exc:
                if not _retryable(exc) or attempt >= self.options.max_retries:
                    raise self._translate(exc) from exc
                wait = min(self.options.backoff_max_s, self.options.backoff_s * 2**attempt)
                wait *= 0.75 + 0.5 * random.random()
                log.warning(
                    "LLM call failed, retrying",
                    extra={"url": self.url, "attempt": attempt + 1, "wait_s": round(wait, 2)},
                )
                time.sleep(wait)
                attempt += 1

    def _translate(self, exc: Exception) -> Exception:
        import openai

        if isinstance(exc, openai.NotFoundError):
            return ModelUnavailable(
                f"the LLM server at {self.url} does not serve model {self.model!r}: {exc}"
            )
        if isinstance(exc, openai.APIConnectionError):  # includes timeouts
            return ServiceUnavailable(f"the LLM server at {self.url} cannot be reached: {exc}")
        if isinstance(exc, openai.APIStatusError):
            return ServiceUnavailable(
                f"the LLM server at {self.url} failed (HTTP {exc.status_code}): {exc.message}"
            )
        if isinstance(exc, openai.OpenAIError):
            return ServiceUnavailable(f"the LLM call to {self.url} failed: {exc}")
        return exc


def _retryable(exc: Exception) -> bool:
    import openai

    if isinstance(exc, openai.APIConnectionError):
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code >= 500 or exc.status_code in {408, 409, 429}
    return False


def normalize_base_url(url: str) -> str:
    """``http://host:8000`` -> ``http://host:8000/v1`` (a path, when given, is kept)."""
    from urllib.parse import urlsplit

    url = url.rstrip("/")
    return url + "/v1" if urlsplit(url).path in {"", "/"} else url


def image_data_url(image: ImageInput) -> str:
    """A ``data:`` URL for PNG/JPEG/WebP/GIF bytes or a local image file."""
    data = image if isinstance(image, bytes) else Path(image).read_bytes()
    return f"data:{image_mime(data)};base64,{base64.b64encode(data).decode('ascii')}"


def image_mime(data: bytes) -> str:
    """The MIME type of image bytes, from their magic number (PNG when unknown)."""
    if data[:3] == b"\xff\xd8\xff":
        return "image/jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[:6] in {b"GIF87a", b"GIF89a"}:
        return "image/gif"
    return "image/png"


def with_images(messages: Sequence[Message], images: Sequence[ImageInput]) -> list[Message]:
    """Copy ``messages`` with ``images`` added as ``image_url`` parts of the last user message."""
    out = [dict(m) for m in messages]
    if not images:
        return out
    idx = max((i for i, m in enumerate(out) if m.get("role") == "user"), default=-1)
    if idx < 0:
        out.append({"role": "user", "content": []})
        idx = len(out) - 1
    content = out[idx].get("content")
    parts: list[dict[str, Any]] = (
        [{"type": "text", "text": content}] if isinstance(content, str) else list(content or [])
    )
    parts.extend({"type": "image_url", "image_url": {"url": image_data_url(img)}} for img in images)
    out[idx]["content"] = parts
    return out
