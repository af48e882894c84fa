"""The `lineage` command, run as a user runs it."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lineage.cli import app
from lineage.graph.falkordb_server import FalkorDBServer
from tests.conftest import ROOT

runner = CliRunner()


@pytest.fixture
def data_dir(data_folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LINEAGE_DATA_DIR", str(data_folder))
    return data_folder


def test_extract_writes_one_json_per_file_and_touches_no_database(seeds, tmp_path: Path, data_dir: Path) -> None:
    result = runner.invoke(app, ["extract", *map(str, seeds[:2]), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.stem for p in tmp_path.glob("*.json")) == sorted(p.stem for p in seeds[:2])
    data = json.loads(next(tmp_path.glob("*.json")).read_text(encoding="utf-8"))
    assert {"source", "doc", "references", "tasks"} <= set(data)
    assert not (data_dir / "falkordb.sock").exists()


def test_extract_text_format(seeds) -> None:
    result = runner.invoke(app, ["extract", str(seeds[2]), "--format", "text"])
    assert result.exit_code == 0
    assert "153/NQ-CP" in result.output and "III.2" in result.output


def test_ingest_a_batch_with_a_bad_file(seeds, tmp_path: Path, cli_engine: str) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    folder = tmp_path / "docs"
    folder.mkdir()
    for f in seeds:
        shutil.copy(f, folder / f.name)
    result = runner.invoke(app, ["ingest", str(folder), str(bad)])
    assert result.exit_code == 1  # one file failed, the batch went on
    assert "empty.txt: file is empty" in result.output
    assert re.search(r"5 written, 0 unchanged, 1 failed", result.output)
    again = runner.invoke(app, ["ingest", str(folder)])
    assert again.exit_code == 0 and "0 written, 5 unchanged" in again.output
    found = runner.invoke(app, ["search", "39/KH-UBND", "--json"])
    assert found.exit_code == 0 and json.loads(found.output)["documents"][0]["same_as"]
    status = runner.invoke(app, ["status"])
    if cli_engine == "falkordb":
        assert "running" in status.output and "tcp port none" in status.output
    else:
        assert "answering" in status.output and re.search(r"graph: [1-9]\d* nodes", status.output)
    trace = runner.invoke(app, ["trace", "39/KH-UBND", "--json"])
    assert "59-NQ/TW" in json.loads(trace.output)["reached"]
    page = tmp_path / "tree.html"
    viz = runner.invoke(app, ["viz", "59-NQ/TW", "--page", "tree", "--out", str(page)])
    assert viz.exit_code == 0 and "vis.Network" in page.read_text(encoding="utf-8")
    amendment = str(ROOT / "tests/fixtures/impact/amends_153.txt")
    impact = runner.invoke(app, ["impact", amendment, "--limit", "1", "--out", str(tmp_path / "review.csv")])
    assert impact.exit_code == 0 and re.search(r"needs review: \d+ documents, \d+ tasks, \d+ units", impact.output)
    assert "more: --offset 1" in impact.output
    listed = list(csv.reader(io.StringIO((tmp_path / "review.csv").read_text(encoding="utf-8-sig"))))
    whole = json.loads(runner.invoke(app, ["impact", amendment, "--limit", "1000", "--json"]).output)
    assert len(listed) == 1 + whole["review"]["totals"]["documents"] + whole["coordinate"]["totals"]["documents"]
    assert (tmp_path / "review-units.csv").read_text(encoding="utf-8-sig").startswith("List,Province,Unit,Roles")
    refused = runner.invoke(app, ["impact", amendment, "--out", str(tmp_path / "review.pdf")])
    assert refused.exit_code == 1 and "write .xlsx or .csv" in refused.output
    if cli_engine == "falkordb":
        stop = runner.invoke(app, ["stop"])
        assert "stopped" in stop.output
        assert not FalkorDBServer(Path(os.environ["LINEAGE_DATA_DIR"])).ping()


def test_unknown_code_fails_with_a_suggestion(seeds, cli_engine: str) -> None:
    runner.invoke(app, ["ingest", *map(str, seeds)])
    result = runner.invoke(app, ["trace", "59-NQ/TU"])
    assert result.exit_code == 1 and "did you mean 59-NQ/TW" in result.output


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in app.registered_commands:
        name = command.name or command.callback.__name__.replace("_cmd", "")  # type: ignore[union-attr]
        assert f"lineage {name}" in readme, name


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from lineage.settings import Settings

    monkeypatch.setenv("LINEAGE_MAX_DEPTH", "5")
    monkeypatch.setenv("LINEAGE_ROOTS", '["57-NQ/TW"]')
    s = Settings()
    assert s.max_depth == 5 and s.roots == ["57-NQ/TW"] and s.engine == "falkordb"
    monkeypatch.setenv("LINEAGE_NEO4J_URI", "neo4j://localhost:7687")
    assert Settings().engine == "neo4j"
    assert os.environ["LINEAGE_MAX_DEPTH"] == "5"


def test_status_says_when_neo4j_does_not_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.faults import free_port

    monkeypatch.setenv("LINEAGE_NEO4J_URI", f"bolt://127.0.0.1:{free_port()}")  # nothing listens there
    result = runner.invoke(app, ["status"])
    assert result.exit_code == 1
    said = " ".join(result.output.split())
    assert "not answering" in said and "not reachable" in said, said


def test_status_says_when_the_neo4j_uri_is_not_an_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINEAGE_NEO4J_URI", "localhost:7687")  # no scheme
    result = runner.invoke(app, ["status"])
    said = " ".join(result.output.split())
    assert result.exit_code == 1 and "is not a Neo4j address" in said, said
    assert result.exception is None or isinstance(result.exception, SystemExit)
