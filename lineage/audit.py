"""The audit log: every write to the graph, who made it and what it wrote or removed.

One JSON object a line in `audit.log` in the data folder, appended and flushed to disk before the
write is acknowledged: time (UTC), action (ingest, delete, impact-write, load), by (which key: its
fingerprint, never the key; or "cli"), the file's name and sha256, the document key and counts.
Read back with `GET /api/audit` (write key) or `lineage audit`.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

FILE = "audit.log"


class AuditEntry(BaseModel):
    time: str
    action: str
    by: str
    file: str | None = None
    sha256: str | None = None
    document: str | None = None
    counts: dict[str, int] = Field(default_factory=dict)


def fingerprint(key: str) -> str:
    """Which key made a write, without the key: "key:" and the first 12 hex of its sha256."""
    return "key:" + hashlib.sha256(key.encode()).hexdigest()[:12]


def file_sha256(path: Path) -> str:
    """The sha256 of a file, read in chunks (a graph dump can be large)."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def audit_writes(folder: Path) -> int:
    """How many writes the audit log of a data folder records (0 when it has none)."""
    try:
        with open(folder / FILE, "rb") as f:
            return sum(1 for line in f if line.strip())
    except FileNotFoundError:
        return 0


class AuditLog:
    """Appends entries to the data folder's audit log; safe across threads and processes (O_APPEND)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / FILE
        self._lock = threading.Lock()

    def record(
        self,
        action: str,
        *,
        by: str,
        file: str | None = None,
        sha256: str | None = None,
        document: str | None = None,
        counts: dict[str, int] | None = None,
    ) -> AuditEntry:
        entry = AuditEntry(
            time=datetime.now(UTC).isoformat(timespec="seconds"),
            action=action,
            by=by,
            file=file,
            sha256=sha256,
            document=document,
            counts=counts or {},
        )
        line = (entry.model_dump_json() + "\n").encode("utf-8")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, line)
                os.fsync(fd)
            finally:
                os.close(fd)
        return entry

    def entries(self, *, limit: int = 100) -> list[AuditEntry]:
        """The last `limit` entries, newest first."""
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        out: list[AuditEntry] = []
        for line in reversed(lines):
            try:
                data: dict[str, Any] = json.loads(line)
                out.append(AuditEntry(**data))
            except (ValueError, TypeError):
                continue  # a line cut by a crash: the rest still reads
            if len(out) >= limit:
                break
        return out
