"""The ingestion modules import each other without a circle (lazy imports included).

The graph is read from the source with :mod:`ast` (nothing is imported), over every module of
``mmrag.ingestion`` and its subpackages; absolute and relative imports both count, and
``from mmrag.ingestion.pdf import workers`` counts as an import of the submodule.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import mmrag.ingestion
from mmrag.ingestion.extractors import EXTRACTORS
from tests import import_graph
from tests.import_graph import Graph
from tests.import_graph import cycle as _cycle

pytestmark = pytest.mark.unit

PACKAGE = "mmrag.ingestion"
ROOT = Path(mmrag.ingestion.__file__).parent


def _graph(root: Path = ROOT, package: str = PACKAGE) -> Graph:
    return import_graph.graph(root, package)


def _reachable(graph: Graph, start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _short(name: str) -> str:
    return name.removeprefix(f"{PACKAGE}.")


def test_the_graph_sees_the_subpackages() -> None:
    graph = _graph()
    pipeline = f"{PACKAGE}.pdf.pipeline"
    expected = {f"{PACKAGE}.pdf.text_layer", f"{PACKAGE}.base", f"{PACKAGE}.chunking"}
    assert expected <= graph[pipeline]
    assert f"{PACKAGE}.pdf.workers" in graph[pipeline]  # a lazy import inside a method
    assert f"{PACKAGE}.ocr.engine" in graph[f"{PACKAGE}.pdf.workers"]
    assert len(graph) > 30


def test_no_import_circle_among_ingestion_modules() -> None:
    graph = _graph()
    assert _cycle(graph) is None, " -> ".join(map(_short, _cycle(graph) or []))


def _stage_graph(graph: Graph) -> Graph:
    """The graph between stages: a subpackage (``pdf``, ``ocr``, ...) or a top-level module."""

    def stage(name: str) -> str:
        return name.split(".")[2] if name.count(".") >= 2 else name

    stages: Graph = {}
    for name, targets in graph.items():
        here = stage(name)
        stages.setdefault(here, set()).update(stage(t) for t in targets if stage(t) != here)
    return stages


def test_no_import_circle_among_ingestion_stages() -> None:
    """The subpackages layer too: e.g. ``ocr`` never imports ``pdf``, which imports ``ocr``."""
    stages = _stage_graph(_graph())
    assert {"pdf", "ocr", "charts", "media", "images", "documents", "tasks"} <= set(stages)
    assert "ocr" in stages["pdf"] and "charts" in stages["pdf"]
    assert _cycle(stages) is None, " -> ".join(_cycle(stages) or [])


STAGE_ORDER = (
    "base",
    "tables",
    "table_reading",
    "chunking",
    "ocr",
    "charts",
    "pdf",
    "images",
    "documents",
    "media",
    "extractors",
    "indexing",
    "tasks",
    "sync",
)
"""The layout the README lists: each stage imports only stages before it."""


def test_stages_import_only_the_stages_before_them() -> None:
    stages = _stage_graph(_graph())
    stages.pop(PACKAGE)  # the package's own __init__
    assert sorted(stages) == sorted(STAGE_ORDER), "a new stage: place it in STAGE_ORDER + README"
    upward = {
        stage: sorted(t for t in targets if STAGE_ORDER.index(t) >= STAGE_ORDER.index(stage))
        for stage, targets in stages.items()
    }
    assert {stage: targets for stage, targets in upward.items() if targets} == {}


SHARED = ("base", "tables", "table_reading", "chunking")


def test_shared_modules_import_no_stage() -> None:
    """``base``, ``tables``, ``table_reading`` and ``chunking`` sit under every pipeline: they
    import no stage but the shared modules before them."""
    stages = _stage_graph(_graph())
    beyond = {name: stages[name] - set(SHARED[:i]) for i, name in enumerate(SHARED)}
    assert {name: targets for name, targets in beyond.items() if targets} == {}


def test_chart_readers_share_the_toolkit_not_each_other() -> None:
    graph = _graph()
    bars, scatter, axes = (f"{PACKAGE}.charts.{name}" for name in ("bars", "scatter", "axes"))
    assert axes in graph[bars] and axes in graph[scatter]
    assert bars not in graph[scatter] and scatter not in graph[bars]


def test_pipelines_never_import_the_registry() -> None:
    graph = _graph()
    modules = import_graph.modules(ROOT, PACKAGE)
    registry = f"{PACKAGE}.extractors"
    assert sorted(n for n, targets in graph.items() if registry in targets) == [f"{PACKAGE}.tasks"]
    for module, class_name in EXTRACTORS.values():
        assert module in modules, f"the registry names a missing module: {module}"
        assert registry not in _reachable(graph, module), module
        assert f"class {class_name}" in modules[module].read_text(), (module, class_name)


def test_subpackage_inits_import_nothing() -> None:
    """Importing ``mmrag.ingestion.ocr.base`` must not load the OCR engine, and so on."""
    modules = import_graph.modules(ROOT, PACKAGE)
    graph = _graph()
    assert {
        n: graph[n] for n, p in modules.items() if import_graph.is_package(p) and graph[n]
    } == {}


def test_cycle_finder_finds_a_circle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_graph_reads_relative_and_submodule_imports(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "top.py").write_text("from pkg.sub import a\n")
    (pkg / "sub" / "a.py").write_text("def f():\n    from .b import g\n")
    (pkg / "sub" / "b.py").write_text("from ..top import x\nimport pkg.sub\n")
    graph = _graph(pkg, "pkg")
    assert graph["pkg.top"] == {"pkg.sub.a"}
    assert graph["pkg.sub.a"] == {"pkg.sub.b"}
    assert graph["pkg.sub.b"] == {"pkg.top", "pkg.sub"}
    assert _cycle(graph) == ["pkg.sub.a", "pkg.sub.b", "pkg.top", "pkg.sub.a"]
