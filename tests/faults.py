"""Faults for real: the engine or `lineage serve` killed with SIGKILL at random moments while documents
are written, then restarted, and the graph checked against one written without faults. Used by
tests/test_faults.py (small) and scripts/faults.py (1,000 documents, the figures of the README).

What must hold after every kill: each document whose write was acknowledged (an audit entry for the
CLI, a 200 for the API) is in the graph whole; no document is there in part; and ingesting again
completes, after which the graph equals the one written without faults and a further run writes nothing.
A document may be whole but never acknowledged: the engine killed after its write reached the disk and
before it replied; the writer saw an error, and the next run found the document unchanged.
"""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench.extract import document
from lineage.audit import FILE as AUDIT_FILE
from lineage.batch import ingest_files
from lineage.graph.falkordb_server import FalkorDBServer
from lineage.graph.falkordb_store import FalkorDBStore
from lineage.graph.store import GraphStore
from lineage.loaders.reader import ReadOptions
from lineage.loaders.units import UnitTable

KEY = "faults-key"
GRAPH = "lineage"  # the graph the CLI and the server use by default

SHAPE = "MATCH (n) RETURN labels(n)[0] AS what, count(n) AS c"
EDGES = "MATCH ()-[r]->() RETURN type(r) AS what, count(r) AS c"
TASKS_PER_DOCUMENT = (
    "MATCH (d:Document) WHERE d.stub = false OPTIONAL MATCH (t:Task) WHERE t.doc_key = d.key "
    "RETURN d.key AS key, count(t) AS tasks"
)


@dataclass
class Outcome:
    kills: int = 0
    runs: int = 0
    acknowledged: int = 0  # at the end; may be one short of `whole` (below)
    whole: int = 0  # documents whole in the graph at the last check
    lost: list[str] = field(default_factory=list)  # acknowledged, then missing or not whole
    partial: list[str] = field(default_factory=list)  # in the graph, not whole
    differs: dict[str, tuple[int, int]] = field(default_factory=dict)  # label/type: (got, wanted)
    rewritten: int = 0  # documents the last run wrote again (must be 0)

    @property
    def ok(self) -> bool:
        return not (self.lost or self.partial or self.differs or self.rewritten)


def write_documents(folder: Path, n: int, seed: int = 1) -> list[Path]:
    """`n` generated plans and letters (bench/extract.py), each a file."""
    rnd = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(1, n + 1):
        f = folder / f"cv{i:05d}.txt"
        f.write_text(document(rnd, 1000 + i), encoding="utf-8")
        files.append(f)
    return files


def reference(engine: Path, files: list[Path]) -> tuple[dict[str, int], dict[str, int]]:
    """The graph's shape, and each document's task count, written without faults (its own graph)."""
    store = FalkorDBStore.open(engine, graph="reference")
    try:
        store.ensure_schema()
        ingest_files(store, files, units=UnitTable.load(), options=ReadOptions())
        return graph_shape(store), _tasks(store)
    finally:
        store.drop()
        store.close()


def graph_shape(store: GraphStore) -> dict[str, int]:
    rows = store.read(SHAPE) + [{"what": f"-{r['what']}-", "c": r["c"]} for r in store.read(EDGES)]
    return {r["what"]: int(r["c"]) for r in rows}


def _tasks(store: GraphStore) -> dict[str, int]:
    return {r["key"]: int(r["tasks"]) for r in store.read(TASKS_PER_DOCUMENT)}


def check(engine: Path, acknowledged: set[str], wanted_tasks: dict[str, int], out: Outcome) -> None:
    """Acknowledged documents whole, no document in part (the engine must run)."""
    store = FalkorDBStore.open(engine, graph=GRAPH, start=False)
    try:
        store.ensure_schema()  # what the CLI does first: a graph killed before it existed reads as empty
        have = _tasks(store)
    finally:
        store.close()
    out.lost += [k for k in sorted(acknowledged) if k not in have or have[k] != wanted_tasks.get(k)]
    out.partial += [k for k, n in have.items() if n != wanted_tasks.get(k)]
    out.whole = sum(n == wanted_tasks.get(k) for k, n in have.items())


def compare(engine: Path, shape: dict[str, int], out: Outcome) -> None:
    store = FalkorDBStore.open(engine, graph=GRAPH, start=False)
    try:
        got = graph_shape(store)
    finally:
        store.close()
    out.differs = {k: (got.get(k, 0), shape.get(k, 0)) for k in set(got) | set(shape) if got.get(k) != shape.get(k)}


def _env(data: Path) -> dict[str, str]:
    # The upload threads are one client to the server (one address): let them all upload at once.
    return {**os.environ, "LINEAGE_DATA_DIR": str(data), "LINEAGE_API_KEY": KEY, "LINEAGE_UPLOADS_PER_CLIENT": "64"}


def cli(data: Path, *args: str) -> subprocess.Popen[str]:
    """`lineage ARGS` on the data folder; its output goes to `cli.log` there (a pipe nobody reads
    would fill up and block it)."""
    with open(data / "cli.log", "a", encoding="utf-8") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "lineage.cli", *args],
            env=_env(data),
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )


def cli_output(data: Path) -> str:
    """The end of what the CLI runs on the data folder printed."""
    return (data / "cli.log").read_text(encoding="utf-8")[-3000:]


def _acknowledged(data: Path) -> set[str]:
    """The documents the CLI said it wrote: its audit log, flushed before it goes on."""
    try:
        lines = (data / AUDIT_FILE).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return set()
    entries = [json.loads(line) for line in lines]
    return {e["document"] for e in entries if e["action"] == "ingest" and e.get("document")}


def _begin(
    data: Path, docs: Path, seed: int
) -> tuple[random.Random, list[Path], FalkorDBServer, dict[str, int], dict[str, int]]:
    """What each scenario starts from: its random moments, the files, the engine running, and the
    graph written without faults (its shape, and each document's task count)."""
    files = sorted(docs.glob("*.txt"))
    server = FalkorDBServer(data)
    server.start()
    shape, wanted = reference(data, files)
    return random.Random(seed), files, server, shape, wanted


def kill_engine_during_ingest(data: Path, docs: Path, *, kills: int, seed: int = 1) -> Outcome:
    """`lineage ingest` of the folder, the engine SIGKILLed at a random moment of each run, `kills` times;
    then ingest again until a run completes, and once more."""
    rnd, files, server, shape, wanted = _begin(data, docs, seed)
    out = Outcome()
    expected_seconds = 2.0 + 0.02 * len(files)  # start-up, then about 50 documents a second
    while out.kills < kills and out.runs < 5 * kills:  # a run may end before its kill comes
        run = cli(data, "ingest", str(docs))
        out.runs += 1
        time.sleep(rnd.uniform(0.5, expected_seconds))
        pid = server.pid()
        if run.poll() is None and pid is not None:
            os.kill(pid, signal.SIGKILL)
            out.kills += 1
        run.wait(timeout=600)
        _wait_gone(server)
        server.start()
        check(data, _acknowledged(data), wanted, out)
    _finish(data, docs, server, shape, wanted, out)
    return out


def _finish(
    data: Path, docs: Path, server: FalkorDBServer, shape: dict[str, int], wanted: dict[str, int], out: Outcome
) -> None:
    """Ingest until a run completes; the graph then equals the reference, and one more run writes nothing."""
    for _ in range(3):
        out.runs += 1
        if cli(data, "ingest", str(docs)).wait(timeout=900) == 0:
            break
    acknowledged = _acknowledged(data)
    out.acknowledged = len(acknowledged)
    check(data, acknowledged, wanted, out)
    compare(data, shape, out)
    before = _audit_lines(data)
    out.runs += 1
    cli(data, "ingest", str(docs)).wait(timeout=900)
    out.rewritten = _audit_lines(data) - before


def _audit_lines(data: Path) -> int:
    try:
        return len((data / AUDIT_FILE).read_text(encoding="utf-8").splitlines())
    except FileNotFoundError:
        return 0


def _wait_gone(server: FalkorDBServer, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while server.pid() is not None and time.monotonic() < deadline:
        time.sleep(0.05)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_api(data: Path, port: int) -> subprocess.Popen[str]:
    proc = cli(data, "serve", "--no-examples", "--host", "127.0.0.1", "--port", str(port))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"lineage serve did not answer: {cli_output(data)}")


def kill_serve_during_uploads(data: Path, docs: Path, *, kills: int, clients: int = 4, seed: int = 1) -> Outcome:
    """Uploads of the folder's documents from `clients` threads to `lineage serve`, the server SIGKILLed
    at a random moment, `kills` times, restarted each time; then every document uploaded again."""
    rnd, files, server, shape, wanted = _begin(data, docs, seed)
    out = Outcome()
    acknowledged: set[str] = set()
    port = free_port()
    while out.kills < kills and out.runs < 5 * kills:  # a run may end before its kill comes
        proc = serve_api(data, port)
        out.runs += 1
        done = _upload_all(port, files, clients, acknowledged, [])
        time.sleep(rnd.uniform(0.2, 0.02 * len(files) / clients + 0.5))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            out.kills += 1
        proc.wait(timeout=30)
        done.wait(timeout=120)
        check(data, acknowledged, wanted, out)
    proc = serve_api(data, port)
    try:
        _upload_all(port, files, clients, acknowledged, []).wait(timeout=900)
        out.acknowledged = len(acknowledged)
        check(data, acknowledged, wanted, out)
        compare(data, shape, out)
        written: list[str] = []
        _upload_all(port, files, clients, set(), written).wait(timeout=900)
        out.rewritten = len(written)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return out


def _upload_all(
    port: int, files: list[Path], clients: int, acknowledged: set[str], written: list[str]
) -> threading.Event:
    """Post the files from `clients` threads, setting the event when all are done or the server is gone.
    A 200 is an acknowledgement: its document goes in `acknowledged`, and in `written` if it was written
    rather than found unchanged."""
    done = threading.Event()
    queue = list(files)
    lock = threading.Lock()

    def worker() -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            while True:
                with lock:
                    if not queue:
                        return
                    f = queue.pop()
                try:
                    r = client.post(
                        "/api/ingest",
                        files={"file": (f.name, f.read_bytes(), "text/plain")},
                        headers={"X-API-Key": KEY},
                    )
                except httpx.HTTPError:
                    return  # the server is gone: what is left is not acknowledged
                if r.status_code != 200:
                    raise RuntimeError(f"{f.name}: {r.status_code} {r.text[:300]}")
                body = r.json()
                with lock:
                    acknowledged.add(body["key"])
                    if body["status"] == "written":
                        written.append(body["key"])

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()

    def join() -> None:
        for t in threads:
            t.join()
        done.set()

    threading.Thread(target=join, daemon=True).start()
    return done
