"""The dependency direction holds: ingestion and agents import only platform; nothing imports ui."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

PACKAGE = Path(__file__).resolve().parents[2] / "mmrag"

# subpackage -> mmrag subpackages it may import
ALLOWED = {
    "platform": {"platform"},
    "ingestion": {"platform", "ingestion"},
    "agents": {"platform", "agents"},
    "ui": {"ui"},
}


def _mmrag_imports(path: Path) -> set[str]:
    """The mmrag subpackages a module imports (``mmrag.x.y`` -> ``x``)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "mmrag" and len(parts) > 1:
                found.add(parts[1])
    return found


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports_only_what_it_may(layer: str) -> None:
    violations = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        bad = _mmrag_imports(path) - ALLOWED[layer] - {"__init__"}
        bad.discard("__version__")
        if bad:
            violations.append(f"{path.relative_to(PACKAGE)} imports {sorted(bad)}")
    assert not violations, "layer violations:\n" + "\n".join(violations)


def test_nothing_outside_ui_imports_ui() -> None:
    # Only the composition root (cli.py) may touch mmrag.ui, to start the UI process.
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "ui" in _mmrag_imports(path)
        and path.relative_to(PACKAGE).parts[0] not in ("ui", "cli.py")
    ]
    assert offenders == []


def test_checker_sees_a_violation(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "from mmrag.ingestion.pdf.text_layer import x\nimport mmrag.platform.models\n"
    )
    assert _mmrag_imports(module) == {"ingestion", "platform"}
