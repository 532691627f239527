"""docker-compose.yml is valid Compose and every mmrag command it runs exists.

``docker-compose config`` (Debian's docker-compose, installed by scripts/system-deps.sh; no
Docker engine needed) validates the file against the Compose schema; the topology is checked
structurally and each service's `mmrag ...` command is parsed by the real CLI (``--help``).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from mmrag.cli import app

pytestmark = pytest.mark.unit

COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE.read_text())
    assert isinstance(data, dict)
    return data


def test_compose_config_validates() -> None:
    tool = shutil.which("docker-compose")
    if tool is None:
        pytest.skip("docker-compose is not installed (scripts/system-deps.sh installs it)")
    for profile_args in ([], ["--profile", "gpu"]):
        done = subprocess.run(
            [tool, "-f", str(COMPOSE), *profile_args, "config", "-q"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr


def test_topology_has_every_role(compose: dict[str, Any]) -> None:
    services = compose["services"]
    for name in ("redis", "qdrant", "api", "beat", "ui", "vllm"):
        assert name in services
    assert any(name.startswith("worker") for name in services)
    assert services["vllm"]["profiles"] == ["gpu"]


def test_references_resolve(compose: dict[str, Any]) -> None:
    services = compose["services"]
    volumes = set(compose.get("volumes") or {})
    for name, service in services.items():
        assert "image" in service or "build" in service, name
        depends = service.get("depends_on") or []
        for target in depends if isinstance(depends, list) else depends.keys():
            assert target in services, f"{name} depends on unknown {target}"
        for mount in service.get("volumes") or []:
            source = mount.split(":", 1)[0]
            assert source.startswith((".", "/")) or source in volumes, f"{name}: {source}"


def test_mmrag_commands_exist(compose: dict[str, Any]) -> None:
    runner = CliRunner()
    for name, service in compose["services"].items():
        command = service.get("command")
        if not command or command[0] != "mmrag":
            continue
        result = runner.invoke(app, [*command[1:], "--help"])
        assert result.exit_code == 0, f"{name}: {command}: {result.output}"
        scale_out = service.get("environment") or {}
        if name != "ui":
            assert scale_out.get("MMRAG_REDIS_URL", "").startswith("redis://"), name
