"""Signed task claims: a worker runs only the tasks that an mmrag process with the secret sent.

Every task message carries an HMAC-SHA256 (header ``mmrag_claim``) over its name, positional and
keyword arguments (which hold the tenant, directly or as a job-store row that names it). The
secret is ``MMRAG_SECRET_KEY`` (set the same value on every process of a scale-out deployment)
or, when unset, ``<data_dir>/secret.key``, generated once with mode 0600. A message without a
valid claim (a local process talking to the broker, a message altered in Redis) is refused
before the task body runs, so it reads and writes nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
from pathlib import Path
from typing import Any

from celery import Celery, Task

from mmrag.platform.errors import Unauthorized
from mmrag.platform.settings import Settings

log = logging.getLogger(__name__)

#: The message header that holds the claim.
CLAIM_HEADER = "mmrag_claim"
_SECRET_FILE = "secret.key"


class ForgedTask(Unauthorized):
    """A task message without a valid claim; it is refused, never run."""

    code = "forged_task"


def load_secret(settings: Settings) -> bytes:
    """The signing secret: ``MMRAG_SECRET_KEY``, else the data dir's key file (made once, 0600)."""
    if settings.secret_key:
        return settings.secret_key.encode()
    path = settings.data_dir / _SECRET_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_secret(path)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_hex(32))
    return _read_secret(path)


def _read_secret(path: Path) -> bytes:
    text = path.read_text(encoding="ascii").strip()
    if len(text) < 32:  # another process is writing it right now, or it was truncated
        import time

        time.sleep(0.1)
        text = path.read_text(encoding="ascii").strip()
    if len(text) < 32:
        raise Unauthorized(f"the task signing key {path} is empty or too short")
    return text.encode()


def _canonical(name: str, args: Any, kwargs: Any) -> bytes:
    """The signed bytes: JSON of (name, args, kwargs) as the worker will decode them."""
    return json.dumps(
        [name, list(args or ()), dict(kwargs or {})],
        sort_keys=True,
        separators=(",", ":"),
        default=str,
        ensure_ascii=True,
    ).encode()


def sign_claim(secret: bytes, name: str, args: Any, kwargs: Any) -> str:
    """The claim for a task message."""
    return hmac.new(secret, _canonical(name, args, kwargs), hashlib.sha256).hexdigest()


def verify_claim(secret: bytes, name: str, args: Any, kwargs: Any, claim: object) -> bool:
    """Whether ``claim`` signs exactly this task name and these arguments."""
    if not isinstance(claim, str):
        return False
    return hmac.compare_digest(claim, sign_claim(secret, name, args, kwargs))


class ClaimedTask(Task):  # type: ignore[misc]
    """A task that runs only when its message carries a valid claim (or is called in-process)."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        request = self.request
        in_process = getattr(request, "called_directly", True) or getattr(
            request, "is_eager", False
        )
        if not in_process:
            claim = getattr(request, CLAIM_HEADER, None)
            secret: bytes = self.app.mmrag_secret
            if not verify_claim(secret, self.name, args, kwargs, claim):
                log.warning(
                    "refused a task message without a valid claim",
                    extra={"task": self.name, "task_id": getattr(request, "id", None)},
                )
                raise ForgedTask(
                    f"task {self.name} refused: its message has no valid signature "
                    "(every process must share MMRAG_SECRET_KEY or the data dir's secret.key)"
                )
        return super().__call__(*args, **kwargs)


class SignedCelery(Celery):  # type: ignore[misc]
    """A Celery app whose every sent task carries a claim signed with ``secret``."""

    def __init__(self, *args: Any, secret: bytes, **kwargs: Any) -> None:
        kwargs.setdefault("task_cls", ClaimedTask)
        super().__init__(*args, **kwargs)
        self.mmrag_secret = secret

    def send_task(self, name: str, args: Any = None, kwargs: Any = None, **options: Any) -> Any:
        """Send ``name`` like Celery does, with the claim header added."""
        headers = dict(options.pop("headers", None) or {})
        headers[CLAIM_HEADER] = sign_claim(self.mmrag_secret, name, args, kwargs)
        return super().send_task(name, args, kwargs, headers=headers, **options)
