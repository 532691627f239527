"""docker-compose.yml is valid Compose and every mmrag command it runs exists.

``docker-compose config`` (Debian's docker-compose, installed by scripts/system-deps.sh; no
Docker engine needed) validates the file against the Compose schema; the topology is checked
structurally and each service's `mmrag ...` command is parsed by the real CLI (``--help``).
"""

from __future__ import annotations

import os
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
DOCKERFILE = Path(__file__).resolve().parents[2] / "infra" / "Dockerfile"
#: What an operator must set; compose refuses to start without them (``${VAR:?...}``).
REQUIRED_ENV = {
    "MMRAG_REDIS_PASSWORD": "redis-pw",
    "MMRAG_QDRANT_API_KEY": "qdrant-key",
    "MMRAG_SECRET_KEY": "task-signing-key",
}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE.read_text())
    assert isinstance(data, dict)
    return data


def _compose_config(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    tool = shutil.which("docker-compose")
    if tool is None:
        pytest.skip("docker-compose is not installed (scripts/system-deps.sh installs it)")
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MMRAG_")}
    return subprocess.run(
        [tool, "-f", str(COMPOSE), *args, "config"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**clean, **env},
    )


def test_compose_config_validates() -> None:
    for profile_args in ([], ["--profile", "gpu"]):
        done = _compose_config(*profile_args, env=REQUIRED_ENV)
        assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("missing", sorted(REQUIRED_ENV))
def test_compose_refuses_to_start_without_its_secrets(missing: str) -> None:
    env = {k: v for k, v in REQUIRED_ENV.items() if k != missing}
    done = _compose_config(env=env)
    assert done.returncode != 0 and missing in done.stderr


def test_only_the_api_and_ui_are_published(compose: dict[str, Any]) -> None:
    services = compose["services"]
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"api", "ui"}
    for name in ("redis", "qdrant", "vllm"):
        assert "ports" not in services[name], f"{name} must stay internal"


def test_api_keys_are_required_unless_disabled(compose: dict[str, Any]) -> None:
    env = compose["services"]["api"]["environment"]
    assert env["MMRAG_AUTH"] == "${MMRAG_AUTH:-required}"
    assert env["MMRAG_API_KEYS"] == "${MMRAG_API_KEYS:-}"  # no default key


def test_backing_services_need_credentials(compose: dict[str, Any]) -> None:
    services = compose["services"]
    qdrant_key = services["qdrant"]["environment"]["QDRANT__SERVICE__API_KEY"]
    assert qdrant_key.startswith("${MMRAG_QDRANT_API_KEY:?")
    redis_command = " ".join(services["redis"]["command"])
    assert "--requirepass" in redis_command and '--rename-command CONFIG ""' in redis_command
    for name, service in services.items():
        command = service.get("command") or []
        if command[:1] != ["mmrag"]:
            continue
        env = service["environment"]
        assert env["MMRAG_QDRANT_API_KEY"].startswith("${MMRAG_QDRANT_API_KEY:?"), name
        assert env["MMRAG_SECRET_KEY"].startswith("${MMRAG_SECRET_KEY:?"), name
        assert "${MMRAG_REDIS_PASSWORD:?" in env["MMRAG_REDIS_URL"], name


def test_healthchecks(compose: dict[str, Any]) -> None:
    services = compose["services"]
    for name in ("redis", "qdrant", "api", "ui", "vllm"):
        assert services[name].get("healthcheck", {}).get("test"), f"{name} has no healthcheck"
    assert "/healthz" in " ".join(services["api"]["healthcheck"]["test"])
    for name, service in services.items():
        depends = service.get("depends_on") or {}
        if isinstance(depends, dict):
            for target in ("redis", "qdrant"):
                if target in depends:
                    assert depends[target]["condition"] == "service_healthy", name


def test_image_runs_as_a_non_root_user() -> None:
    lines = [line.strip() for line in DOCKERFILE.read_text().splitlines()]
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users, "the image runs as root"
    assert users[-1].split(":")[0] not in ("root", "0")


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
