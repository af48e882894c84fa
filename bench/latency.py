"""Lineage and impact latency on the national-scale graph: in the store, through HTTP,
and an in-process breadth-first walk over the same edges as the reference.

    .venv/bin/python bench/latency.py [--scale 1.0] [--samples 1000]

Targets at ~1M nodes on the embedded engine: lineage p99 <= 1 ms in the store and
<= 5 ms through HTTP; impact median <= 3x the in-process walk.
"""

from __future__ import annotations

import argparse
import gc
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from collections import deque
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402

from bench.national import ROOTS, Plan, batches, engine  # noqa: E402
from lineage.extraction import Extraction, Header, Reference, Relation  # noqa: E402
from lineage.graph.falkordb_store import FalkorDBStore  # noqa: E402
from lineage.queries.impact import impact  # noqa: E402
from lineage.queries.lineage import trace  # noqa: E402

EDGES = "MATCH (a)-[r:PART_OF|IMPLEMENTS|BASED_ON|CITES|AMENDS|REPLACES]->(b) RETURN a.key AS s, b.key AS d"


def timed(fn: Callable[[], object], n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def report(name: str, ms: list[float]) -> float:
    ms = sorted(ms)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    med = statistics.median(ms)
    print(f"{name:<34} median {med:8.3f} ms   p99 {p99:8.3f} ms")
    return med


def bfs(adj: dict[str, list[str]], start: str, *, stop: set[str] | None = None) -> int:
    seen, queue = {start}, deque([start])
    while queue:
        node = queue.popleft()
        for nxt in adj.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                if not stop or nxt not in stop:
                    queue.append(nxt)
    return len(seen)


def settle(store: FalkorDBStore) -> None:
    """Wait out the append-only-file rewrites the bulk load set off: a forked child
    serializing a million nodes takes a core, and timing under it measures the rewrite."""
    import redis

    info = redis.Redis(unix_socket_path=str(store.socket))
    while True:
        p = info.info("persistence")
        if not (p["aof_rewrite_in_progress"] or p["aof_rewrite_scheduled"] or p["rdb_bgsave_in_progress"]):
            break
        time.sleep(0.5)
    info.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--samples", type=int, default=1000)
    args = ap.parse_args()
    with engine() as store:
        plan = Plan.scaled(args.scale)
        store.write_many(batches(plan))
        settle(store)
        rnd = random.Random(1)
        # A fresh set of tasks per measurement: one run must not warm the engine's caches for the next.
        n = args.samples
        picked = rnd.sample(plan.task_keys, 5 * n)
        sets = [picked[i * n : (i + 1) * n] for i in range(5)]
        up: dict[str, list[str]] = {}
        down: dict[str, list[str]] = {}
        for row in store.read(EDGES):
            up.setdefault(row["s"], []).append(row["d"])
            down.setdefault(row["d"], []).append(row["s"])
        roots = {f"doc:{c}@vn:2025" for c in ROOTS}
        # The plan and the reference adjacency are millions of objects of this benchmark's own;
        # frozen, the collector stops rescanning them in the middle of the timed calls.
        gc.freeze()
        print(
            f"graph: {len(plan.doc_keys):,} documents, {len(plan.task_keys):,} tasks, {sum(map(len, up.values())):,} walk edges"
        )
        it = iter(sets[0])
        report("lineage, in-process BFS", timed(lambda: bfs(up, next(it), stop=roots), n))
        for key in sets[4][:20]:  # warm the query cache and the connection
            trace(store, key, roots=ROOTS)
        it = iter(sets[1])
        report("lineage, store (trace)", timed(lambda: trace(store, next(it), roots=ROOTS), n))

        # The API in its own process, as deployed (`lineage serve` on the same engine):
        # a server thread inside this process would share its interpreter lock with the client.
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        env = {**os.environ, "LINEAGE_DATA_DIR": str(store.socket.parent), "LINEAGE_GRAPH_NAME": store.graph_name}
        web = subprocess.Popen(
            [sys.executable, "-m", "lineage.cli", "serve", "--no-examples", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        # Two clients on keep-alive connections: the standard library's, whose own cost is
        # small (the server's time, as curl or a browser would see it), and httpx, which adds
        # about half a millisecond of its own per request on this machine.
        conn = http.client.HTTPConnection("127.0.0.1", port)

        def get(key: str) -> None:
            conn.request("GET", "/api/lineage?" + urllib.parse.urlencode({"ref": key}))
            reply = conn.getresponse()
            if reply.status != 200:
                raise RuntimeError(f"GET /api/lineage?ref={key}: {reply.status} {reply.read()!r}")
            reply.read()

        for key in sets[4][20:40]:
            get(key)
        it = iter(sets[2])
        report("lineage, HTTP (http.client)", timed(lambda: get(next(it)), n))
        conn.close()
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            it = iter(sets[3])
            report(
                "lineage, HTTP (httpx)",
                timed(lambda: client.get("/api/lineage", params={"ref": next(it)}).raise_for_status(), n),
            )
        web.terminate()
        web.wait(timeout=20)

        # Impact: a new resolution amending one of the Government resolutions.
        runs = max(5, args.samples // 20)
        targets = [f"{100 + i}/NQ-CP" for i in range(len(ROOTS))]
        exs = [
            Extraction(
                source="new.txt",
                doc=Header(type="Nghị quyết", code="999/NQ-CP"),
                references=[Reference(code=t, relation=Relation.AMENDS)],
                text_sha256=f"bench{i}",
            )
            for i, t in enumerate(targets)
        ]
        it_ex = iter(exs * runs)
        walk = report(
            "impact, in-process BFS (descendants)",
            timed(lambda: bfs(down, f"doc:{next(it_ex).references[0].code}@vn:2025"), runs),
        )
        it_ex = iter(exs * runs)
        store_med = report("impact, store (first 200 listed)", timed(lambda: impact(store, next(it_ex)), runs))
        print(f"impact median / in-process walk: {store_med / walk:.1f}x")


if __name__ == "__main__":
    main()
