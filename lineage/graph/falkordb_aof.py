"""The embedded engine's append-only file after a crash: what the engine said of it as it started,
and the repair of a damaged one.

A crash in the middle of a write leaves a cut last command; the engine drops it as it loads
(`aof-load-truncated`, on by default) and says so in its log: that is reported, never silent. A file
damaged anywhere else stops the engine from starting; nothing is loaded or changed, and `repair`
keeps a copy of the files, then cuts the file at its last whole command with the engine's own tool
(redis-check-aof, which is redis-server under its second name).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from lineage.errors import DamagedStore

AOF_DIR = "appendonlydir"
MANIFEST = "appendonly.aof.manifest"
_DAMAGED = re.compile(
    r"Bad file format reading the append only file|Unrecoverable error reading the append only file|"
    r"Unexpected end of file reading the append only file|FATAL AOF MANIFEST|Invalid AOF manifest|"
    r"The AOF manifest file is invalid|Can't open the append-only file|is not valid\. Use the --fix",
    re.IGNORECASE,
)
_TRUNCATED = re.compile(r"Truncating the AOF (\S+) at offset (\d+)")


def damage(log: str, data_dir: Path) -> DamagedStore | None:
    """The error to raise when the engine's log (of this start) says its files are damaged."""
    line = next((ln for ln in log.splitlines() if _DAMAGED.search(ln)), None)
    if line is None:
        return None
    said = line.split(" # ", 1)[-1].strip()
    return DamagedStore(
        f"the graph engine did not start: its append-only file in {data_dir / AOF_DIR} is damaged "
        f"(the engine says: {said}). Nothing was loaded and nothing was changed. Run `lineage repair` to keep "
        "a copy of the files and cut the file at its last whole write (later writes are lost), "
        "or put back the data folder from a backup."
    )


def truncations(log: str) -> list[str]:
    """What the engine dropped from a file that a crash cut short, one sentence each."""
    return [
        f"the engine's append-only file {m.group(1)} ended in the middle of a write (a crash); the engine "
        f"dropped that unfinished write, from byte {m.group(2)} on, and loaded everything before it"
        for m in _TRUNCATED.finditer(log)
    ]


@dataclass(frozen=True)
class Repair:
    backup: Path
    output: str  # what the engine's tool said
    repaired: bool


def repair(data_dir: Path, server: str) -> Repair:
    """Copy the append-only files aside, then let the engine's tool cut them at the last whole command."""
    folder = data_dir / AOF_DIR
    if not (folder / MANIFEST).exists():
        raise DamagedStore(f"no append-only file to repair in {folder}")
    backup = data_dir / f"{AOF_DIR}.damaged-{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}"
    shutil.copytree(folder, backup)
    done = subprocess.run(
        ["redis-check-aof", "--fix", str(folder / MANIFEST)],
        executable=server,
        input="y\n",
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = (done.stdout + done.stderr).strip()
    return Repair(backup=backup, output=output, repaired=done.returncode == 0 and "valid" in output.splitlines()[-1])
