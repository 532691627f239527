"""mmrag as a whole, the REST API and the report packages import their modules without a circle.

Every import counts, top-level or inside a function (a function-level import only hides a
circle), absolute or relative. The API's route modules share ``deps`` and never import ``app``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.import_graph import cycle as _cycle
from tests.import_graph import graph

pytestmark = pytest.mark.unit

MMRAG = Path(__file__).resolve().parents[2] / "mmrag"
PACKAGES = {
    "mmrag": MMRAG,
    "mmrag.platform.api": MMRAG / "platform" / "api",
    "mmrag.agents.reports": MMRAG / "agents" / "reports",
}


def _graph(root: Path, package: str) -> dict[str, set[str]]:
    """Module -> the modules of the same package it imports, by short name (``__init__``)."""

    def short(name: str) -> str:
        return "__init__" if name == package else name[len(package) + 1 :]

    return {short(n): {short(t) for t in ts} for n, ts in graph(root, package).items()}


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


def test_entry_points_import_no_heavy_library() -> None:
    """The CLI, the worker's task modules, the agent graph and reports import in a fraction of
    a second: models and heavy libraries load on first use, never at import time (a stemmer
    set computed at import once pulled in NLTK and SciPy, two seconds per process)."""
    code = (
        "import sys\n"
        "import mmrag.cli, mmrag.application, mmrag.agents.graph, mmrag.ingestion.tasks\n"
        "import mmrag.agents.reports\n"
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == []


HEAVY = (
    "nltk",
    "scipy",
    "torch",
    "sentence_transformers",
    "cv2",
    "onnxruntime",
    "unstructured",
    "pypdfium2",
    "faster_whisper",
    "qdrant_client",
)
