"""The ingestion modules import each other without a circle (lazy imports included)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import mmrag.ingestion

pytestmark = pytest.mark.unit

PACKAGE = "mmrag.ingestion"


def _graph() -> dict[str, set[str]]:
    root = Path(mmrag.ingestion.__file__).parent
    names = {p.stem for p in root.glob("*.py") if p.stem != "__init__"}
    graph: dict[str, set[str]] = {}
    for name in names:
        tree = ast.parse((root / f"{name}.py").read_text())
        targets: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module.startswith(f"{PACKAGE}."):
                    targets.add(node.module.split(".")[2])
                elif node.module == PACKAGE:
                    targets.update(a.name for a in node.names)
            elif isinstance(node, ast.Import):
                targets.update(
                    a.name.split(".")[2] for a in node.names if a.name.startswith(f"{PACKAGE}.")
                )
        graph[name] = {t for t in targets if t in names and t != name}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_no_import_circle_in_ingestion() -> None:
    graph = _graph()
    assert "extractors" in graph and graph["pdf_pipeline"]
    assert _cycle(graph) is None, _cycle(graph)


def test_pipelines_never_import_the_registry() -> None:
    graph = _graph()
    assert [name for name, targets in graph.items() if "extractors" in targets] == ["tasks"]


def test_cycle_finder_finds_a_circle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None
