"""A graph moved through a file: `lineage dump` then `lineage load`, on FalkorDB and, when configured,
into Neo4j; the answers after the move are the answers before it."""

from __future__ import annotations

import io
import json
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lineage.batch import ingest_files
from lineage.cli import app
from lineage.errors import ReadError
from lineage.examples import example_files
from lineage.graph.dump import PAGE, batches, check, dump, read_lines
from lineage.graph.falkordb_store import FalkorDBStore
from lineage.graph.store import GraphStore, counts
from lineage.loaders.reader import ReadOptions, extract_text
from lineage.loaders.units import UnitTable
from lineage.queries.impact import impact
from lineage.queries.lineage import trace
from lineage.queries.search import search
from lineage.queries.tree import implementation_tree
from tests.conftest import FIXTURES

ROOTS = ["59-NQ/TW", "56-CT/TW"]
PLAN = FIXTURES / "impact" / "tu_implements_56.txt"


def _written(store: GraphStore, files: list[Path], units: UnitTable) -> GraphStore:
    report = ingest_files(store, files, units=units, options=ReadOptions())
    assert not report.errors, report.errors
    return store


def _dumped(store: GraphStore) -> str:
    out = io.StringIO()
    dump(store, out)
    return out.getvalue()


def _answers(store: GraphStore) -> dict[str, str]:
    """What users ask of the graph, as JSON: the lineage of every task, trees, search and an impact."""
    tasks = [r["key"] for r in store.read("MATCH (t:Task) RETURN t.key AS key ORDER BY t.key")]
    out = {f"lineage {t}": trace(store, t, roots=ROOTS).model_dump_json() for t in tasks}
    for root in ROOTS:
        out[f"tree {root}"] = implementation_tree(store, root).model_dump_json()
    out["search"] = search(store, "hợp tác quốc tế").model_dump_json()
    return out


def test_a_graph_written_to_a_file_and_read_back_is_the_same_graph_with_the_same_answers(
    falkordb_store: FalkorDBStore, store: GraphStore, seeds: list[Path], units: UnitTable, tmp_path: Path
) -> None:
    source = _written(falkordb_store, seeds + example_files(), units)
    text = _dumped(source)
    file = tmp_path / "graph.jsonl"
    file.write_text(text, encoding="utf-8")
    n, e = counts(source)
    assert check(file) == {"nodes": n, "edges": e} and n > 300 and e > 500

    for batch in batches(read_lines(file)):  # `store`: a fresh FalkorDB graph, or Neo4j when configured
        store.write(batch)
    assert counts(store) == (n, e)
    assert _dumped(store) == text  # every property of every node and edge, byte for byte
    assert _answers(store) == _answers(source)
    directive = extract_text(PLAN.read_text(encoding="utf-8"), source=PLAN.name, units=units)
    assert impact(store, directive).model_dump_json() == impact(source, directive).model_dump_json()


def test_a_dump_holds_evidence_and_identity_reasons(
    falkordb_store: FalkorDBStore, seeds: list[Path], units: UnitTable
) -> None:
    lines = [json.loads(line) for line in _dumped(_written(falkordb_store, seeds, units)).splitlines()]
    assert lines[0] == {"format": "policy-lineage-graph", "kind": "header", "version": 1}
    edges = [line for line in lines if line["kind"] == "edge"]
    assert all(e["props"].get("source") for e in edges)
    assert any(e["props"].get("sentence") for e in edges if e["rel"] == "IMPLEMENTS")  # the evidence
    assert any(line["props"].get("same_as") for line in lines if line["kind"] == "node")  # the seeds' draft


def test_a_bad_file_is_named_with_its_line_and_nothing_is_read(tmp_path: Path) -> None:
    wrong = tmp_path / "notes.jsonl"
    wrong.write_text('{"kind": "header", "format": "something else", "version": 1}\n', encoding="utf-8")
    with pytest.raises(ReadError, match=r"notes\.jsonl.*not a policy-lineage-graph file"):
        check(wrong)
    cut = tmp_path / "cut.jsonl"
    cut.write_text(
        '{"kind": "header", "format": "policy-lineage-graph", "version": 1}\n'
        '{"kind": "node", "label": "Unit", "key": "so-ngoai-vu@dong-nai", "props": {"name": "Sở Ngoại vụ"}}\n'
        '{"kind": "node", "label": "Unit", "key": "so-tu-p',
        encoding="utf-8",
    )
    with pytest.raises(ReadError, match=r"cut\.jsonl.*line 3"):
        check(cut)
    header = '{"kind": "header", "format": "policy-lineage-graph", "version": 1}\n'
    node = '{"kind": "node", "label": "Document", "key": "doc:a", "props": {}}\n'
    loose = header + node + '{"kind": "edge", "rel": "CITES", "src_label": "Document", "src": "doc:a", '
    loose += '"dst_label": "Document", "dst": "doc:b", "props": {"source": "doc:a", "role": ""}}\n'
    (tmp_path / "loose.jsonl").write_text(loose, encoding="utf-8")
    with pytest.raises(ReadError, match=r"loose\.jsonl.*names Document 'doc:b', which the file does not hold"):
        check(tmp_path / "loose.jsonl")
    (tmp_path / "twice.jsonl").write_text(header + node + node, encoding="utf-8")
    with pytest.raises(ReadError, match="given twice"):
        check(tmp_path / "twice.jsonl")
    (tmp_path / "latin1.jsonl").write_bytes(
        b'{"kind": "header", "format": "policy-lineage-graph", "version": 1}\n\xe9\n'
    )
    with pytest.raises(ReadError, match="not UTF-8"):
        check(tmp_path / "latin1.jsonl")


@pytest.fixture
def cli_graph(data_folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LINEAGE_DATA_DIR", str(data_folder))
    monkeypatch.setenv("LINEAGE_GRAPH_NAME", f"m_{uuid.uuid4().hex[:8]}")
    return data_folder


def test_lineage_dump_and_load(
    cli_graph: Path, seeds: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", *map(str, seeds)]).exit_code == 0
    file = tmp_path / "graph.jsonl"
    dumped = runner.invoke(app, ["dump", str(file)])
    assert dumped.exit_code == 0, dumped.output
    assert not file.with_name("graph.jsonl.partial").exists()

    refused = runner.invoke(app, ["load", str(file)])  # the same, non-empty graph
    assert refused.exit_code == 1 and "--force" in refused.output

    monkeypatch.setenv("LINEAGE_GRAPH_NAME", f"m_{uuid.uuid4().hex[:8]}")
    broken = tmp_path / "broken.jsonl"
    lines = file.read_text(encoding="utf-8").splitlines()
    broken.write_text("\n".join(lines[:5] + ['{"kind": "edge", "rel": "KNOWS"}'] + lines[5:]), encoding="utf-8")
    bad = runner.invoke(app, ["load", str(broken)])
    assert bad.exit_code == 1 and "broken.jsonl" in bad.output and "line 6" in bad.output
    status = runner.invoke(app, ["status"])
    assert "0 nodes, 0 edges" in status.output  # nothing of the broken file was written

    loaded = runner.invoke(app, ["load", str(file)])
    assert loaded.exit_code == 0, loaded.output
    assert json.loads(runner.invoke(app, ["search", "39/KH-UBND", "--json"]).output)["documents"][0]["same_as"]
    again = tmp_path / "again.jsonl"
    assert runner.invoke(app, ["dump", str(again)]).exit_code == 0
    assert again.read_bytes() == file.read_bytes()
    audit = json.loads(runner.invoke(app, ["audit", "--json"]).output)
    assert audit[0]["action"] == "load" and audit[0]["file"] == "graph.jsonl" and audit[0]["counts"]["nodes"] > 0


def test_a_load_the_engine_stops_halfway_says_what_stays_and_how_to_finish(cli_graph: Path, tmp_path: Path) -> None:
    # A map is no property value FalkorDB takes: the file reads well, and its second batch fails.
    header = '{"kind": "header", "format": "policy-lineage-graph", "version": 1}\n'
    nodes = [
        json.dumps({"kind": "node", "label": "Unit", "key": f"u{i:05d}", "props": {"name": "x"}}) for i in range(PAGE)
    ]
    nodes.append(json.dumps({"kind": "node", "label": "Unit", "key": "u99999", "props": {"name": {"a": 1}}}))
    file = tmp_path / "graph.jsonl"
    file.write_text(header + "\n".join(nodes) + "\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["load", str(file)])
    said = " ".join(result.output.split())
    assert result.exit_code == 1, said
    assert f"stopped after {PAGE} of {PAGE + 1}" in said and "lineage load --force" in said, said
    assert f"{PAGE} nodes" in " ".join(runner.invoke(app, ["status"]).output.split())
    audit = json.loads(runner.invoke(app, ["audit", "--json"]).output)
    assert audit[0]["action"] == "load" and audit[0]["counts"] == {"rows": PAGE}
