"""A local GGUF chat model run in-process by llama.cpp (``xllamacpp``), shaped like LLMClient.

It offers what the answer graph uses of :class:`mmrag.agents.llm.LLMClient` (``chat``,
``stream_chat``, ``.model``), so one code path serves a local model and a vLLM server. The
model is loaded on the first call, once per process (:func:`shared_local_model`); llama.cpp
runs one request at a time here, so calls are serialised by a lock (API clients asking at
once wait their turn). Output can be constrained by a GBNF grammar.

Lives in agents (not platform): only the answering stages use it.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from mmrag.platform.errors import ModelUnavailable

log = logging.getLogger(__name__)

_DONE = object()
_MODELS: dict[tuple[str, int, int], LocalChatModel] = {}
_MODELS_LOCK = threading.Lock()


class LocalChatModel:
    """Chat with a GGUF model in this process; errors become :class:`ModelUnavailable`."""

    accepts_images = False
    accepts_grammar = True  # ``stream_chat(..., grammar=GBNF)`` constrains the reply

    def __init__(
        self, path: Path, threads: int = 1, ctx: int = 2048, max_tokens: int = 256
    ) -> None:
        if not path.is_file():
            raise ModelUnavailable(
                f"no local model at {path}: run `mmrag models install` (or set "
                "MMRAG_LOCAL_MODEL to a GGUF file)"
            )
        self.path = path
        self.model = path.name
        self.threads = threads
        self.ctx = ctx
        self.max_tokens = max_tokens
        self._server: Any = None
        self._lock = threading.Lock()  # one generation at a time (and one load)
        self._local = threading.local()

    @property
    def last_usage(self) -> dict[str, Any]:
        """Token counts and timings of this thread's last call (``prompt_n``, ``predicted_n``...)."""
        usage: dict[str, Any] = getattr(self._local, "usage", {})
        return usage

    def chat(
        self,
        messages: Sequence[dict[str, Any]],
        images: Sequence[object] | None = None,
        *,
        max_tokens: int | None = None,
        temperature: float | None = None,
        grammar: str | None = None,
    ) -> str:
        """The assistant's reply (images are ignored: the model reads text only)."""
        return "".join(
            self.stream_chat(
                messages, images, max_tokens=max_tokens, temperature=temperature, grammar=grammar
            )
        )

    def stream_chat(
        self,
        messages: Sequence[dict[str, Any]],
        images: Sequence[object] | None = None,
        *,
        max_tokens: int | None = None,
        temperature: float | None = None,
        grammar: str | None = None,
    ) -> Iterator[str]:
        """Yield the reply's pieces as llama.cpp generates them."""
        body: dict[str, Any] = {
            "messages": [_text_only(m) for m in messages],
            "max_tokens": max_tokens or self.max_tokens,
            "temperature": 0.0 if temperature is None else temperature,
            "stream": True,
        }
        if grammar:
            body["grammar"] = grammar
        pieces: queue.Queue[object] = queue.Queue()
        stop = threading.Event()  # the consumer went away: drop what is still generated

        def on_chunk(chunk: dict[str, Any]) -> None:
            if not stop.is_set():
                pieces.put(chunk)

        def run() -> None:
            try:
                with self._lock:
                    server = self._load()
                    server.handle_chat_completions(body, on_chunk)
            except Exception as exc:  # reported to the consumer, which raises it
                pieces.put(exc)
            finally:
                pieces.put(_DONE)

        self._local.usage = {}
        worker = threading.Thread(target=run, name="mmrag-local-llm", daemon=True)
        worker.start()
        try:
            while (item := pieces.get()) is not _DONE:
                if isinstance(item, ModelUnavailable):
                    raise item
                if isinstance(item, Exception):
                    raise ModelUnavailable(f"the local model {self.model} failed: {item}")
                assert isinstance(item, dict)
                if "error" in item:
                    error = item["error"]
                    message = error.get("message") if isinstance(error, dict) else error
                    raise ModelUnavailable(f"the local model {self.model} failed: {message}")
                if "timings" in item:
                    self._local.usage = {**item.get("usage", {}), **item["timings"]}
                for choice in item.get("choices") or []:
                    content = (choice.get("delta") or {}).get("content")
                    if content:
                        yield content
        finally:
            stop.set()

    def _load(self) -> Any:
        """The llama.cpp server object, created on first use (called under the lock)."""
        if self._server is not None:
            return self._server
        try:
            import xllamacpp
        except ImportError as exc:
            raise ModelUnavailable(
                "the local model needs the xllamacpp package: pip install xllamacpp"
            ) from exc
        params = xllamacpp.CommonParams()
        params.model.path = str(self.path)
        params.n_ctx = self.ctx
        params.n_parallel = 1
        params.verbosity = -1
        params.cpuparams.n_threads = self.threads
        params.cpuparams_batch.n_threads = self.threads
        log.info("loading local model", extra={"path": str(self.path), "threads": self.threads})
        try:
            self._server = xllamacpp.Server(params)
        except Exception as exc:
            raise ModelUnavailable(f"cannot load the local model {self.path}: {exc}") from exc
        return self._server


def shared_local_model(path: Path, threads: int = 1, ctx: int = 2048) -> LocalChatModel:
    """The process's model for ``path`` (one instance per file and settings; loaded lazily)."""
    key = (str(path.resolve()), threads, ctx)
    with _MODELS_LOCK:
        model = _MODELS.get(key)
        if model is None:
            model = LocalChatModel(path, threads, ctx)
            _MODELS[key] = model
        return model


def _text_only(message: dict[str, Any]) -> dict[str, Any]:
    """A message with image parts removed (content as plain text)."""
    content = message.get("content")
    if isinstance(content, list):
        text = "\n".join(p.get("text", "") for p in content if p.get("type") == "text")
        return {**message, "content": text}
    return dict(message)
