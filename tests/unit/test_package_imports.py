"""The REST API and report packages import their own modules without a circle.

Every import counts, top-level or inside a function (a function-level import only hides a
circle), absolute or relative. The API's route modules share ``deps`` and never import ``app``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

MMRAG = Path(__file__).resolve().parents[2] / "mmrag"
PACKAGES = {
    "mmrag.platform.api": MMRAG / "platform" / "api",
    "mmrag.agents.reports": MMRAG / "agents" / "reports",
}


def _module_imports(path: Path, package: str) -> set[str]:
    """The modules of ``package`` (by short name) that the module at ``path`` imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    prefix = package + "."
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(
                a.name[len(prefix) :].split(".")[0] for a in node.names if a.name.startswith(prefix)
            )
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:  # relative: resolved against the package the module is in
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - (node.level - 1)])
                module = f"{base}.{module}" if base and module else base or module
            if module == package:  # from package import a, b: a and b may be modules
                found.update(a.name for a in node.names)
            elif module.startswith(prefix):
                found.add(module[len(prefix) :].split(".")[0])
    return found


def _graph(root: Path, package: str) -> dict[str, set[str]]:
    """Module -> the modules of the same package it imports (``__init__`` included)."""
    names = {p.stem for p in root.glob("*.py")}
    return {
        name: {t for t in _module_imports(root / f"{name}.py", package) if t in names and t != name}
        for name in names
    }


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle of ``graph`` as a path that ends where it starts, or None."""
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


@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_no_import_circle(package: str) -> None:
    graph = _graph(PACKAGES[package], package)
    assert len(graph) >= 5 and any(graph.values())  # the package was read, imports were seen
    assert _cycle(graph) is None, _cycle(graph)


def test_api_route_modules_share_deps_and_never_import_the_app() -> None:
    graph = _graph(PACKAGES["mmrag.platform.api"], "mmrag.platform.api")
    importers_of_app = sorted(name for name, targets in graph.items() if "app" in targets)
    assert importers_of_app == []
    for routes in ("reports", "chunks", "threads", "schedules", "info"):
        assert "deps" in graph[routes], routes
        assert routes in graph["app"], routes  # included by the app with include_router


def test_a_function_level_import_circle_is_found(tmp_path: Path) -> None:
    # The shape the API had: app imports reports inside create_app, reports imports app.
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "app.py").write_text("def create_app():\n    from pkg.reports import routes\n")
    (pkg / "reports.py").write_text("from pkg.app import problems\n")
    (pkg / "deps.py").write_text("from . import app\nfrom .. import other\n")
    graph = _graph(pkg, "pkg")
    assert graph == {"__init__": set(), "app": {"reports"}, "reports": {"app"}, "deps": {"app"}}
    assert _cycle(graph) == ["app", "reports", "app"]


def test_cycle_finder() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None
