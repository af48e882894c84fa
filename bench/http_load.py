"""The API under concurrent clients: requests per second and latency at 1, 4 and 16 clients.

    .venv/bin/python bench/http_load.py [--seconds 10] [--national 0.2]

`lineage serve` runs in its own process on the bundled examples (and, with --national, on the
national-scale graph of bench/national.py at that scale, in a second run). Each client is a process
of its own with one keep-alive connection (threads in one process would measure the client's
interpreter lock), sending one kind of request as fast as it is answered. Printed per request kind
and number of clients: requests/s, p50 and p99 in ms, and errors (any status but 200).

Then 16 clients read lineage, tree and search (a third each) while `lineage ingest` writes 1,000
generated documents into the same graph: p50, p99 and errors per request kind.

Targets: throughput at 16 clients at least that at 4; p99 at 16 clients under 50 ms; a document's
lineage at 1 client under 2 ms (p50); no error during the ingest.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.extract import document  # noqa: E402
from bench.latency import serve  # noqa: E402
from bench.national import Plan, batches, engine  # noqa: E402
from lineage.batch import ingest_files  # noqa: E402
from lineage.examples import example_files  # noqa: E402
from lineage.graph.falkordb_store import FalkorDBStore  # noqa: E402
from lineage.loaders.reader import ReadOptions  # noqa: E402
from lineage.loaders.units import UnitTable  # noqa: E402

CLIENTS = (1, 4, 16)
EXAMPLE_READS = (
    ("lineage of 45/KH-UBND", "/api/lineage?ref=45/KH-UBND"),
    ("tree of 59-NQ/TW", "/api/tree?ref=59-NQ/TW"),
    ("search 'hợp tác quốc tế'", "/api/search?" + urllib.parse.urlencode({"q": "hợp tác quốc tế"})),
)


def _client(args: tuple[int, str, float, float]) -> tuple[list[float], int]:
    """One client: GET `url` from `start` (a shared clock) for `seconds`; latencies (s) and errors."""
    port, url, start, seconds = args
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies: list[float] = []
    errors = 0
    while time.time() < start:
        time.sleep(0.001)
    end = start + seconds
    while (t := time.perf_counter()) and time.time() < end:
        try:
            conn.request("GET", url)
            reply = conn.getresponse()
            reply.read()
            ok = reply.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        latencies.append(time.perf_counter() - t)
        errors += not ok
    conn.close()
    return latencies, errors


def _report(name: str, n: int, seconds: float, results: list[tuple[list[float], int]]) -> float:
    """Print requests/s, p50, p99 and errors of `n` clients' results; return requests/s."""
    latencies = sorted(x for lat, _ in results for x in lat)
    errors = sum(e for _, e in results)
    rate = len(latencies) / seconds
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(0.99 * (len(latencies) - 1))] * 1000
    print(f"  {name:<34} {n:>2} clients: {rate:7.0f} req/s  p50 {p50:6.1f} ms  p99 {p99:6.1f} ms  errors {errors}")
    return rate


def measure(port: int, name: str, url: str, seconds: float) -> dict[int, float]:
    """Print and return requests/s per number of clients."""
    rates = {}
    for n in CLIENTS:
        _client((port, url, 0.0, 0.5))  # warm the server's caches for this request
        with multiprocessing.Pool(n) as pool:
            start = time.time() + 0.5
            results = pool.map(_client, [(port, url, start, seconds)] * n)
        rates[n] = _report(name, n, seconds, results)
    verdict = "at least" if rates[16] >= rates[4] else "BELOW"
    print(f"  {'':<34} throughput at 16 clients is {verdict} that at 4")
    return rates


def during_ingest(store: FalkorDBStore, port: int, seconds: float, docs: int = 1000) -> None:
    """16 clients, a third per request kind, while `lineage ingest` writes `docs` documents."""
    with tempfile.TemporaryDirectory(prefix="lin-h-", dir="/tmp") as tmp:
        rnd = random.Random(1)
        for i in range(docs):
            Path(tmp, f"cv{i:05d}.txt").write_text(document(rnd, 5000 + i), encoding="utf-8")
        env = {**os.environ, "LINEAGE_DATA_DIR": str(store.socket.parent), "LINEAGE_GRAPH_NAME": store.graph_name}
        ingest = subprocess.Popen(
            [sys.executable, "-m", "lineage.cli", "ingest", tmp],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        kinds = [EXAMPLE_READS[i % len(EXAMPLE_READS)] for i in range(16)]
        with multiprocessing.Pool(16) as pool:
            start = time.time() + 1.0  # the ingest is under way by then
            results = pool.map(_client, [(port, url, start, seconds) for _, url in kinds])
        still_running = ingest.poll() is None
        _, err = ingest.communicate(timeout=900)
    print(
        f"while lineage ingest wrote {docs} documents (exit {ingest.returncode}, running throughout: {still_running})"
    )
    for name, _ in EXAMPLE_READS:
        mine = [r for r, (kind, _) in zip(results, kinds, strict=True) if kind == name]
        _report(name, len(mine), seconds, mine)
    if ingest.returncode:
        print(err.decode(errors="replace")[-500:])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=10.0, help="per measurement")
    ap.add_argument("--national", type=float, default=0.0, help="also on the national graph at this scale")
    args = ap.parse_args()
    with engine("lineage") as store:
        ingest_files(store, example_files(), units=UnitTable.load(), options=ReadOptions())
        print("bundled examples")
        with serve(store, roots=None) as port:
            for name, url in EXAMPLE_READS:
                measure(port, name, url, args.seconds)
            during_ingest(store, port, args.seconds)
    if args.national:
        with engine() as store:
            plan = Plan.scaled(args.national)
            store.write_many(batches(plan))
            print(
                f"national graph at scale {args.national}: {len(plan.doc_keys):,} documents, {len(plan.task_keys):,} tasks"
            )
            with serve(store) as port:
                task = urllib.parse.quote(plan.task_keys[len(plan.task_keys) // 2])
                measure(port, "lineage of a task", f"/api/lineage?ref={task}", args.seconds)
                measure(port, "tree of a root", f"/api/tree?ref={plan.doc_keys[0]}&limit=200", args.seconds)


if __name__ == "__main__":
    main()
