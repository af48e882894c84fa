"""The reader on real documents nobody here wrote (../shared/corpus): the 22 of corpus/dev scored
by ../shared/eval/score.py against a careful reader's extraction, and the 446 crawled ones of
corpus/raw read without a crash."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from lineage.loaders.reader import extract_file
from lineage.loaders.units import UnitTable
from tests.conftest import SHARED

CORPUS = SHARED / "corpus"
DEV = CORPUS / "dev"
RAW = CORPUS / "raw"


def _need(folder: Path) -> list[Path]:
    files = sorted(p for p in folder.glob("*") if p.is_file())
    if not files:
        pytest.skip(f"{folder} not found: the real-document tests need ../shared/corpus beside the project")
    return files


def test_the_dev_corpus_reads_as_a_careful_reader_does(units: UnitTable, tmp_path: Path) -> None:
    for path in _need(DEV / "docs"):
        data = extract_file(path, units=units).model_dump(mode="json", exclude={"text"})
        (tmp_path / f"{path.stem}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, str(SHARED / "eval" / "score.py"), "--gold", str(DEV / "gold"), "--pred", str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    f1 = {
        m.group(1): float(m.group(2))
        for m in re.finditer(r"^(\w[\w ]*?)\s+P [\d.]+\s+R [\d.]+\s+F1 ([\d.]+)", out, re.M)
    }
    overall = float(re.search(r"overall F1 ([\d.]+)", out).group(1))  # type: ignore[union-attr]
    assert overall >= 0.90, out
    assert f1["task lead"] >= 0.90, out
    # Headings, the procedures a decision publishes and a regulation's standing rules are no tasks (0.772 before).
    assert f1["tasks found"] >= 0.93, out


def test_every_crawled_document_reads_without_a_crash(units: UnitTable) -> None:
    """Portal pages, bare documents, laws, decrees, procedures and Q&A articles alike: each gives an
    extraction (a header, references and tasks where it has them), never an exception."""
    files = _need(RAW)
    assert len(files) >= 400
    with_tasks = 0
    for path in files:
        ex = extract_file(path, units=units)
        assert ex.text, path.name
        with_tasks += bool(ex.tasks)
    assert with_tasks >= len(files) // 3  # a third at least assign work (plans, decisions, dispatches)
