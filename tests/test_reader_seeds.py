"""The reader on the five seeds, scored by ../shared/eval/score.py against the gold."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from lineage.cli import app
from tests.conftest import GOLD, SHARED


def test_seed_extraction_meets_the_bar(seeds: list[Path], tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["extract", *map(str, seeds), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    score = subprocess.run(
        [
            sys.executable,
            str(SHARED / "eval" / "score.py"),
            "--gold",
            str(GOLD),
            "--pred",
            str(tmp_path),
            "--min",
            "0.95",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    out = score.stdout
    assert score.returncode == 0, out
    f1 = {
        m.group(1).strip(): float(m.group(2))
        for m in re.finditer(r"^(\w[\w ]*?)\s+P [\d.]+\s+R [\d.]+\s+F1 ([\d.]+)", out, re.M)
    }
    assert f1["references"] == 1.0, out
    assert f1["task lead"] >= 0.95, out
    assert float(re.search(r"overall F1 ([\d.]+)", out).group(1)) >= 0.95  # type: ignore[union-attr]
