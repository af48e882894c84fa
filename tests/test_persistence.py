"""Acknowledged means durable: a clean restart and a kill -9 of the engine lose nothing."""

from __future__ import annotations

import os
import shutil
import signal
import time

import pytest

from lineage.graph.falkordb_server import FalkorDBServer
from lineage.graph.falkordb_store import FalkorDBStore
from lineage.graph.ingest import ingest
from lineage.graph.store import counts
from lineage.loaders.reader import extract_file
from lineage.loaders.units import UnitTable
from tests.conftest import short_tmp

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("how", ["clean stop", "kill -9"])
def test_ingested_documents_survive(how: str, seeds, units: UnitTable) -> None:
    folder = short_tmp("lin-p-")
    server = FalkorDBServer(folder)
    try:
        assert server.start()
        store = FalkorDBStore.open(folder, graph="g")
        store.ensure_schema()
        for f in seeds:
            ingest(store, extract_file(f, units=units), units=units)
        written = counts(store)
        store.close()
        pid = server.pid()
        assert pid is not None
        if how == "kill -9":
            os.kill(pid, signal.SIGKILL)  # right after the acknowledged ingest
            deadline = time.monotonic() + 10
            while server.pid() is not None and time.monotonic() < deadline:
                time.sleep(0.05)
        else:
            assert server.stop()
        assert not server.ping()
        assert server.start()  # a new process, reading the append-only file
        again = FalkorDBStore.open(folder, graph="g", start=False)
        assert counts(again) == written
        assert again.read("MATCH (d:Document) WHERE d.code_key = '39/KH-UBND' RETURN d.same_as AS s")[0]["s"]
        again.close()
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def test_a_second_process_reuses_the_running_engine() -> None:
    folder = short_tmp("lin-r-")
    try:
        first, second = FalkorDBServer(folder), FalkorDBServer(folder)
        assert first.start() is True
        assert second.start() is False
        assert first.pid() == second.pid()
    finally:
        FalkorDBServer(folder).stop()
        shutil.rmtree(folder, ignore_errors=True)
