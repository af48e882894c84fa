"""Faults for real (tests/faults.py): SIGKILL of the engine during `lineage ingest`, SIGKILL of
`lineage serve` during uploads, and restarts on a cut, a damaged and an emptied append-only file.
The long runs, with 1,000 documents, are scripts/faults.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lineage.audit import AuditLog
from lineage.errors import DamagedStore
from lineage.graph.falkordb_aof import AOF_DIR
from lineage.graph.falkordb_server import FalkorDBServer
from lineage.graph.falkordb_store import FalkorDBStore
from lineage.graph.ingest import ingest
from lineage.graph.store import counts
from lineage.loaders.reader import extract_file
from lineage.loaders.units import UnitTable
from tests.faults import kill_engine_during_ingest, kill_serve_during_uploads, write_documents

pytestmark = pytest.mark.slow


def test_the_engine_killed_during_an_ingest_loses_no_acknowledged_document(data_folder: Path) -> None:
    docs = data_folder / "docs"
    write_documents(docs, 50)
    out = kill_engine_during_ingest(data_folder, docs, kills=2)
    assert out.kills == 2
    assert out.whole == 50 and out.acknowledged >= 50 - out.kills
    assert out.ok, out


def test_the_server_killed_during_uploads_loses_no_acknowledged_document(data_folder: Path) -> None:
    docs = data_folder / "docs"
    write_documents(docs, 60, seed=2)
    out = kill_serve_during_uploads(data_folder, docs, kills=2)
    assert out.kills == 2
    assert out.whole == 60 and out.acknowledged == 60  # the last round's 200s say so for every one
    assert out.ok, out


def _written_graph(data_folder: Path, seeds: list[Path], units: UnitTable) -> tuple[FalkorDBServer, tuple[int, int]]:
    server = FalkorDBServer(data_folder)
    server.start()
    store = FalkorDBStore.open(data_folder, graph="g")
    store.ensure_schema()
    for f in seeds:
        ingest(store, extract_file(f, units=units), units=units)
        AuditLog(data_folder).record("ingest", by="test", file=f.name)
    shape = counts(store)
    store.close()
    server.stop()
    return server, shape


def _incr_file(data_folder: Path) -> Path:
    return next((data_folder / AOF_DIR).glob("*.incr.aof"))


def test_a_write_cut_by_a_crash_is_dropped_by_the_engine_and_said(data_folder: Path, seeds: list[Path], units) -> None:
    server, (nodes, _) = _written_graph(data_folder, seeds, units)
    aof = _incr_file(data_folder)
    aof.write_bytes(aof.read_bytes()[:-25])  # the last write, cut in the middle
    assert server.start()
    assert server.notices and "ended in the middle of a write" in server.notices[0]
    store = FalkorDBStore.open(data_folder, graph="g", start=False)
    assert 0 < counts(store)[0] <= nodes  # the writes before the cut are there
    store.close()


def test_a_damaged_file_stops_the_engine_with_what_to_do_and_repair_starts_it(data_folder: Path, seeds, units) -> None:
    server, (nodes, _) = _written_graph(data_folder, seeds, units)
    aof = _incr_file(data_folder)
    damaged = bytearray(aof.read_bytes())
    command = damaged.index(b"\r\n*", len(damaged) // 3) + 2  # a command in the middle of the file
    damaged[command : command + 2] = b"##"  # its header, so that the file cannot be read past it
    aof.write_bytes(bytes(damaged))
    with pytest.raises(DamagedStore, match="lineage repair") as refused:
        server.start(timeout=10)
    assert str(data_folder / AOF_DIR) in str(refused.value)
    done = server.repair()
    assert done.repaired and done.backup.is_dir()
    assert server.start()
    store = FalkorDBStore.open(data_folder, graph="g", start=False)
    assert 0 < counts(store)[0] <= nodes
    store.close()


def test_an_emptied_data_folder_is_never_a_silent_empty_graph(data_folder: Path, seeds, units) -> None:
    server, _ = _written_graph(data_folder, seeds, units)
    shutil.rmtree(data_folder / AOF_DIR)
    with pytest.raises(DamagedStore, match="emptied or removed"):
        server.start()
    assert not server.ping()  # not left running empty for the next process to use
