"""Example documents shipped with the project: written here, in the genre, for the demo server."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from lineage.loaders.files import SUFFIXES


def example_files() -> list[Path]:
    folder = Path(str(resources.files("lineage.examples")))
    return sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.name != "__init__.py")
