"""YAML (and JSON, a subset of it) from untrusted text: bounded before anything is built.

``yaml.safe_load`` builds only plain types, but it follows aliases: a few hundred bytes of
nested ``*alias`` references ("billion laughs") stand for billions of nodes, which anything that
walks the result (validation, an error message that renders the input) expands. Here the text
is refused when it is over a byte limit, uses an alias or anchor, nests too deep or has too
many nodes, all while composing, before a Python object exists. Error messages name the
problem and its line, never the input.
"""

from __future__ import annotations

from typing import Any

import yaml

from mmrag.platform.errors import InputError

MAX_DEPTH = 32
MAX_NODES = 100_000
_MAX_MESSAGE = 200


class YamlRefused(InputError):
    """Text that is not accepted as YAML/JSON: unparsable, too big, too deep, or with aliases."""

    code = "invalid_yaml"


class YamlTooComplex(YamlRefused):
    """Over a bound (bytes, depth, values) or with aliases: refused unread."""


class _Limit(yaml.MarkedYAMLError):  # type: ignore[misc]
    """A bound was hit while composing (carries the position)."""


class _BoundedLoader(yaml.SafeLoader):  # type: ignore[misc]
    """SafeLoader whose composer refuses aliases/anchors and counts depth and nodes."""

    def __init__(self, stream: str, max_depth: int, max_nodes: int) -> None:
        super().__init__(stream)
        self._max_depth, self._max_nodes = max_depth, max_nodes
        self._depth = self._nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Limit(problem="aliases (*name) are not allowed", problem_mark=event.start_mark)
        if getattr(event, "anchor", None) is not None:
            raise _Limit(problem="anchors (&name) are not allowed", problem_mark=event.start_mark)
        self._nodes += 1
        if self._nodes > self._max_nodes:
            raise _Limit(
                problem=f"more than {self._max_nodes} values", problem_mark=event.start_mark
            )
        self._depth += 1
        if self._depth > self._max_depth:
            raise _Limit(
                problem=f"nested deeper than {self._max_depth} levels",
                problem_mark=event.start_mark,
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _where(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    return f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""


def _problem(exc: yaml.YAMLError) -> str:
    """The problem, without quoting the input."""
    text = str(getattr(exc, "problem", None) or getattr(exc, "reason", None) or type(exc).__name__)
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 3] + "..."


def load_yaml(
    text: str | bytes,
    max_bytes: int,
    max_depth: int = MAX_DEPTH,
    max_nodes: int = MAX_NODES,
) -> Any:
    """Parse one YAML/JSON document within the limits; ``YamlRefused`` says why not."""
    size = len(text.encode("utf-8", "replace") if isinstance(text, str) else text)
    if size > max_bytes:
        raise YamlTooComplex(f"refused: {size} bytes, over the limit of {max_bytes}")
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise YamlRefused(f"not UTF-8 text (byte {exc.start})") from None
    loader: _BoundedLoader | None = None
    try:
        loader = _BoundedLoader(text, max_depth, max_nodes)  # checks the characters first
        return loader.get_single_data()
    except _Limit as exc:
        raise YamlTooComplex(f"refused{_where(exc)}: {_problem(exc)}") from None
    except yaml.YAMLError as exc:
        raise YamlRefused(f"not valid YAML{_where(exc)}: {_problem(exc)}") from None
    except (ValueError, RecursionError) as exc:  # e.g. an integer with too many digits
        raise YamlRefused(f"a value cannot be read: {type(exc).__name__}") from None
    finally:
        if loader is not None:
            loader.dispose()
