"""Celery beat schedule from configuration: periodic reports and folder syncs.

The schedules file is ``$MMRAG_SCHEDULES_FILE`` or ``<data_dir>/schedules.yaml`` (YAML or JSON)::

    schedules:
      - name: weekly-water
        task: report                      # or sync_folder
        cron: "0 6 * * 1"                 # m h dom mon dow (or @hourly/@daily/@weekly/@monthly)
        args: {template: water.yaml, out_dir: "reports/{name}/{date}"}
      - name: inbox
        task: sync_folder
        every_s: 300
        args: {folder: /srv/inbox}

A top-level list (without ``schedules:``) works too. Relative paths in ``args`` are relative to
the schedules file. The platform only knows task *names*; the implementations are registered
by the worker's entry point.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from mmrag.platform.errors import InputError
from mmrag.platform.safe_yaml import YamlRefused, load_yaml
from mmrag.platform.settings import Settings

#: Task names (the contract with the workers that implement them).
TASK_RUN_REPORT = "mmrag.run_report"
TASK_SYNC_FOLDER = "mmrag.sync_folder"
TASK_BY_KIND = {"report": TASK_RUN_REPORT, "sync_folder": TASK_SYNC_FOLDER}

SCHEDULES_ENV = "MMRAG_SCHEDULES_FILE"
MAX_SCHEDULES_BYTES = 1024 * 1024
_CRON_ALIASES = {
    "@hourly": "0 * * * *",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@weekly": "0 0 * * 0",
    "@monthly": "0 0 1 * *",
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
}


class ScheduleError(InputError):
    """A schedules file that cannot be used; the message names the entry and the problem."""

    code = "invalid_schedule"


class ScheduleEntry(BaseModel):
    """One periodic task: what to run, when, with which arguments."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[A-Za-z0-9_.:-]+$", max_length=100)
    task: Literal["report", "sync_folder"]
    cron: str | None = None
    every_s: float | None = Field(default=None, gt=0)
    args: dict[str, Any] = Field(default_factory=dict)
    queue: str = "light"
    enabled: bool = True

    @model_validator(mode="after")
    def _one_timing(self) -> ScheduleEntry:
        if (self.cron is None) == (self.every_s is None):
            raise ValueError("give exactly one of 'cron' or 'every_s'")
        if self.task == "report" and not self.args.get("template"):
            raise ValueError("a report schedule needs args.template (a template file)")
        if self.task == "sync_folder" and not self.args.get("folder"):
            raise ValueError("a sync_folder schedule needs args.folder")
        if self.cron is not None:
            crontab_from(self.cron)  # raises ValueError with the reason
        return self


class SchedulesFile(BaseModel):
    """The parsed file."""

    model_config = ConfigDict(extra="forbid")

    schedules: list[ScheduleEntry] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique(self) -> SchedulesFile:
        names = [e.name for e in self.schedules]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"duplicate schedule names: {', '.join(dupes)}")
        return self


def schedules_path(settings: Settings) -> Path:
    """``$MMRAG_SCHEDULES_FILE`` (or a ``schedules_file`` setting), else the data dir's file."""
    configured = getattr(settings, "schedules_file", None) or os.environ.get(SCHEDULES_ENV)
    if configured:
        return Path(str(configured)).expanduser()
    return settings.data_dir / "schedules.yaml"


def crontab_from(expr: str) -> Any:
    """A Celery ``crontab`` from ``"m h dom mon dow"`` or an alias such as ``@daily``."""
    from celery.schedules import crontab

    text = _CRON_ALIASES.get(expr.strip().lower(), expr.strip())
    parts = text.split()
    if len(parts) != 5:
        raise ValueError(f"cron {expr!r} must have 5 fields: minute hour day month weekday")
    minute, hour, dom, month, dow = parts
    try:
        return crontab(
            minute=minute, hour=hour, day_of_month=dom, month_of_year=month, day_of_week=dow
        )
    except Exception as exc:  # celery raises ParseException / ValueError
        raise ValueError(f"cron {expr!r}: {exc}") from exc


def load_schedules(path: Path) -> list[ScheduleEntry]:
    """Entries of ``path``; a missing file means no schedules (aliases and huge files refused)."""
    if not path.is_file():
        return []
    try:
        data = load_yaml(path.read_bytes(), max_bytes=MAX_SCHEDULES_BYTES)
    except YamlRefused as exc:
        raise ScheduleError(f"schedules file {path}: {exc.message}") from None
    if data is None:
        return []
    if isinstance(data, list):
        data = {"schedules": data}
    try:
        entries = SchedulesFile.model_validate(data).schedules
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"])
            problems.append(f"{_entry_label(loc, data)}: {err['msg']}")
        raise ScheduleError(f"schedules file {path}: " + "; ".join(problems)) from exc
    return [_resolve_paths(e, path.parent) for e in entries]


def _entry_label(loc: str, data: Any) -> str:
    match = re.match(r"schedules\.(\d+)", loc)
    if match and isinstance(data, dict):
        items = data.get("schedules") or []
        i = int(match.group(1))
        if i < len(items) and isinstance(items[i], dict) and items[i].get("name"):
            return f"schedules.{i} ({items[i]['name']})" + loc[match.end() :]
    return loc or "file"


def _resolve_paths(entry: ScheduleEntry, base: Path) -> ScheduleEntry:
    args = dict(entry.args)
    for key in ("template", "folder", "out_dir"):
        value = args.get(key)
        if isinstance(value, str) and value and not Path(value).expanduser().is_absolute():
            args[key] = str((base / value).resolve())
        elif isinstance(value, str):
            args[key] = str(Path(value).expanduser())
    return entry.model_copy(update={"args": args})


def task_kwargs(entry: ScheduleEntry, settings: Settings) -> dict[str, Any]:
    """The keyword arguments the named task receives."""
    args = dict(entry.args)
    if entry.task == "report":
        out_dir = args.get("out_dir") or str(
            settings.data_dir / "reports" / entry.name / "{timestamp}"
        )
        kwargs: dict[str, Any] = {
            "template_path": args["template"],
            "source_ids": args.get("source_ids"),
            "out_dir": out_dir,
        }
        if args.get("tenant"):
            kwargs["tenant"] = args["tenant"]
        return kwargs
    return args


def beat_schedule(settings: Settings, path: Path | None = None) -> dict[str, dict[str, Any]]:
    """The ``app.conf.beat_schedule`` mapping for the enabled entries of the schedules file."""
    schedule: dict[str, dict[str, Any]] = {}
    for entry in load_schedules(path or schedules_path(settings)):
        if not entry.enabled:
            continue
        when: Any = (
            crontab_from(entry.cron)
            if entry.cron is not None
            else timedelta(seconds=entry.every_s or 0)
        )
        schedule[entry.name] = {
            "task": TASK_BY_KIND[entry.task],
            "schedule": when,
            "kwargs": task_kwargs(entry, settings),
            "options": {"queue": entry.queue},
        }
    return schedule


def configure_beat(app: Any, settings: Settings, path: Path | None = None) -> int:
    """Install the schedule on ``app`` (beat state under ``<data_dir>/run``); returns its size."""
    schedule = beat_schedule(settings, path)
    settings.run_dir.mkdir(parents=True, exist_ok=True)
    app.conf.beat_schedule = schedule
    app.conf.beat_schedule_filename = str(settings.run_dir / "celerybeat-schedule")
    return len(schedule)


def start_embedded_beat(app: Any, settings: Settings, max_interval: float = 5.0) -> Any:
    """Run beat on a thread of this process (embedded mode); ``.stop()`` the returned service."""
    from celery.beat import EmbeddedService

    configure_beat(app, settings)
    service = EmbeddedService(
        app,
        max_interval=max_interval,
        schedule_filename=app.conf.beat_schedule_filename,
        thread=True,
    )
    service.start()
    return service


def format_out_dir(pattern: str, name: str, now: datetime | None = None) -> str:
    """Fill ``{name}``, ``{date}`` (2025-01-31) and ``{timestamp}`` (20250131T060000Z)."""
    now = now or datetime.now(UTC)
    return pattern.format(
        name=name, date=now.strftime("%Y-%m-%d"), timestamp=now.strftime("%Y%m%dT%H%M%SZ")
    )


def confine_out_dir(settings: Settings, out_dir: Path) -> Path:
    """``out_dir`` resolved, if it lies in the data dir or the schedules file's folder.

    A report task writes only where the operator's configuration points: never to a path chosen
    by whoever could put a message on the queue.
    """
    target = out_dir.expanduser().resolve()
    roots = [settings.data_dir.expanduser().resolve()]
    roots.append(schedules_path(settings).expanduser().resolve().parent)
    if any(target == root or root in target.parents for root in roots):
        return target
    raise InputError(
        "report output folder refused: it must lie in the data dir or the schedules file's folder"
    )


def entry_for_task(
    settings: Settings, task_name: str, kwargs: dict[str, Any], path: Path | None = None
) -> ScheduleEntry | None:
    """The schedule entry that sends ``task_name`` with ``kwargs`` (``None``: not scheduled)."""
    try:
        entries = load_schedules(path or schedules_path(settings))
    except ScheduleError:
        return None
    for entry in entries:
        if TASK_BY_KIND[entry.task] == task_name and task_kwargs(entry, settings) == kwargs:
            return entry
    return None


def entry_named(settings: Settings, name: str, path: Path | None = None) -> ScheduleEntry:
    """The entry called ``name``; :class:`~mmrag.platform.errors.NotFound` names the known ones."""
    from mmrag.platform.errors import NotFound

    file = path or schedules_path(settings)
    entries = load_schedules(file)
    for entry in entries:
        if entry.name == name:
            return entry
    known = ", ".join(e.name for e in entries) or "none"
    raise NotFound(f"no schedule named {name!r} in {file} (schedules: {known})")


def entry_tenant(entry: ScheduleEntry, settings: Settings) -> str:
    """The tenant an entry's task works for (``args.tenant``, else the default tenant)."""
    return str(entry.args.get("tenant") or settings.tenant)
