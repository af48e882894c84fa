"""Readers during writes, and writers side by side, for real: `lineage serve` answering 16 clients
while a `lineage ingest` runs, and two `lineage ingest` of overlapping folders at once. The figures
at 1, 4 and 16 clients are bench/http_load.py's."""

from __future__ import annotations

import shutil
import threading
import time
import urllib.parse
from pathlib import Path

import httpx
import pytest

from lineage.batch import ingest_files
from lineage.examples import example_files
from lineage.graph.falkordb_server import FalkorDBServer
from lineage.graph.falkordb_store import FalkorDBStore
from lineage.loaders.reader import ReadOptions
from lineage.loaders.units import UnitTable
from tests.faults import GRAPH, cli, cli_output, free_port, graph_shape, serve_api, write_documents

pytestmark = pytest.mark.slow

DUPLICATES = "MATCH (n) WITH labels(n)[0] AS label, n.key AS key, count(n) AS c WHERE c > 1 RETURN label, key, c"


def _copy(files: list[Path], folder: Path) -> Path:
    folder.mkdir(parents=True)
    for f in files:
        shutil.copy(f, folder / f.name)
    return folder


def test_two_ingests_of_overlapping_folders_at_once_leave_one_node_per_thing(data_folder: Path) -> None:
    files = example_files() + write_documents(data_folder / "generated", 40)
    half = len(files) // 2
    first = _copy(files[: half + 10], data_folder / "a")
    second = _copy(list(reversed(files[half - 10 :])), data_folder / "b")  # the overlap, met in the other order
    FalkorDBServer(data_folder).start()
    runs = [cli(data_folder, "ingest", str(first)), cli(data_folder, "ingest", str(second))]
    assert [r.wait(timeout=600) for r in runs] == [0, 0], cli_output(data_folder)
    store = FalkorDBStore.open(data_folder, graph=GRAPH, start=False)
    reference = FalkorDBStore.open(data_folder, graph="one-at-a-time", start=False)
    try:
        assert store.read(DUPLICATES) == []
        reference.ensure_schema()
        ingest_files(reference, files, units=UnitTable.load(), options=ReadOptions())
        assert graph_shape(store) == graph_shape(reference)
    finally:
        reference.drop()
        store.close()
        reference.close()


def test_sixteen_readers_get_answers_while_a_bulk_ingest_runs(data_folder: Path) -> None:
    docs = data_folder / "docs"
    write_documents(docs, 150)
    port = free_port()
    server = serve_api(data_folder, port)
    urls = [
        "/api/lineage?ref=45/KH-UBND",
        "/api/tree?ref=59-NQ/TW",
        "/api/search?" + urllib.parse.urlencode({"q": "hợp tác"}),
    ]
    failures: list[str] = []
    latencies: list[float] = []
    stop = threading.Event()

    def reader(i: int) -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            while not stop.is_set():
                url = urls[i % len(urls)]
                t = time.perf_counter()
                try:
                    r = client.get(url)
                    if r.status_code != 200:
                        failures.append(f"{url}: {r.status_code} {r.text[:200]}")
                except httpx.HTTPError as exc:
                    failures.append(f"{url}: {exc!r}")
                latencies.append(time.perf_counter() - t)

    try:
        # What the readers read: the examples, written before the bulk ingest starts.
        ingest_examples = cli(data_folder, "ingest", *map(str, example_files()))
        assert ingest_examples.wait(timeout=300) == 0, cli_output(data_folder)
        threads = [threading.Thread(target=reader, args=(i,)) for i in range(16)]
        for t in threads:
            t.start()
        bulk = cli(data_folder, "ingest", str(docs))
        assert bulk.wait(timeout=600) == 0, cli_output(data_folder)
        stop.set()
        for t in threads:
            t.join()
    finally:
        stop.set()
        server.terminate()
        server.wait(timeout=30)
    assert not failures, failures[:5]
    assert len(latencies) > 100
