"""Lineage and impact latency on the national-scale graph: in the store, through HTTP,
and an in-process breadth-first walk over the same edges as the reference.

    .venv/bin/python bench/latency.py [--scale 1.0] [--samples 1000]

Targets at ~1M nodes on the embedded engine: lineage p99 <= 1 ms in the store and
<= 5 ms through HTTP; impact median <= 3x the in-process walk. Impact is also timed
through HTTP, the posted text read as an upload is.
"""

from __future__ import annotations

import argparse
import gc
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402

from bench.national import ROOTS, Plan, batches, engine  # noqa: E402
from lineage.extraction import Extraction, Header, Reference, Relation  # noqa: E402
from lineage.graph.falkordb_server import FalkorDBServer  # noqa: E402
from lineage.graph.falkordb_store import FalkorDBStore  # noqa: E402
from lineage.queries.impact import impact  # noqa: E402
from lineage.queries.lineage import trace  # noqa: E402
from lineage.queries.models import Lineage  # noqa: E402

EDGES = "MATCH (a)-[r:PART_OF|IMPLEMENTS|BASED_ON|CITES|AMENDS|REPLACES]->(b) RETURN a.key AS s, b.key AS d"


def timed(fn: Callable[[], object], n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def strongest(result: Lineage) -> int:
    """Hops of the strongest chain, 0 for an orphan."""
    return len(result.chains[0].hops) if result.chains else 0


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


def settle(store: FalkorDBStore, *, quiet: float = 35.0, limit: float = 600.0) -> float:
    """Wait until the engine is at rest after the bulk load; returns the seconds waited.

    Two kinds of background work follow a load, each in a forked child that takes a core
    and, through copy-on-write, slows the parent: rewrites of the append-only file, and the
    garbage collection of the engine's indexes (most likely left by MERGE by key, then SET of
    the other indexed properties), which forks every 30 s while there is garbage. Timing under
    either measures them, not lineage: wait for `quiet` seconds with no child and no rewrite
    pending."""
    import redis

    engine_pid = FalkorDBServer(store.socket.parent).pid()
    info = redis.Redis(unix_socket_path=str(store.socket))
    started = still = time.monotonic()
    while time.monotonic() - still < quiet and time.monotonic() - started < limit:
        p = info.info("persistence")
        busy = p["aof_rewrite_in_progress"] or p["aof_rewrite_scheduled"] or p["rdb_bgsave_in_progress"]
        if busy or children(engine_pid):
            still = time.monotonic()
        time.sleep(0.5)
    info.close()
    return time.monotonic() - started


def children(pid: int | None) -> list[int]:
    """Processes whose parent is `pid` (Linux /proc)."""
    if pid is None:
        return []
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # ended while being read
        if int(text[text.rindex(")") + 2 :].split()[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--samples", type=int, default=1000)
    args = ap.parse_args()
    with engine() as store:
        plan = Plan.scaled(args.scale)
        store.write_many(batches(plan))
        print(f"engine at rest {settle(store):.0f} s after the load (append-only rewrites, index GC)")
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
        # Only the strongest chain's length is kept (an int, which the collector does not track):
        # a thousand results kept alive make full collections that land inside the timed calls.
        hops: list[int] = []
        report("lineage, store (trace)", timed(lambda: hops.append(strongest(trace(store, next(it), roots=ROOTS))), n))
        reached = sorted(h for h in hops if h)
        print(
            f"  reached a root: {len(reached)} of {len(hops)} tasks; hops of the strongest chain: "
            f"median {statistics.median(reached):g}, {reached[0]} to {reached[-1]}"
        )
        if len(reached) < len(hops):
            raise SystemExit("some sampled tasks reached no root: the figures would mix misses with chains")

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
        store_med = report("impact, store (totals, 200 listed)", timed(lambda: impact(store, next(it_ex)), runs))
        print(f"impact median / in-process walk: {store_med / walk:.1f}x")

        with serve(store) as port:
            # Two clients on keep-alive connections: the standard library's, whose own cost is
            # small (the server's time, as curl or a browser would see it), and httpx, which adds
            # about half a millisecond of its own per request on this machine.
            conn = http.client.HTTPConnection("127.0.0.1", port)
            bodies: list[bytes] = []

            def get(key: str) -> None:
                bodies.append(request(conn, "GET", "/api/lineage?" + urllib.parse.urlencode({"ref": key})))

            for key in sets[4][20:40]:
                get(key)
            bodies.clear()
            it = iter(sets[2])
            report("lineage, HTTP (http.client)", timed(lambda: get(next(it)), n))
            orphans = sum(json.loads(b)["orphan"] for b in bodies)
            if orphans:
                raise SystemExit(f"{orphans} lineage replies through HTTP were orphans")
            with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
                it = iter(sets[3])
                report(
                    "lineage, HTTP (httpx)",
                    timed(lambda: client.get("/api/lineage", params={"ref": next(it)}).raise_for_status(), n),
                )

            # Impact through the API reads the posted text as a user's upload is read.
            forms = [urllib.parse.urlencode({"text": AMENDING.format(code=t)}) for t in targets]
            replies: list[bytes] = []

            def post(form: str) -> None:
                headers = {"Content-Type": "application/x-www-form-urlencoded"}
                replies.append(request(conn, "POST", "/api/impact", form, headers))

            it_form = iter(forms * runs)
            report("impact, HTTP (totals, 200 listed)", timed(lambda: post(next(it_form)), runs))
            conn.close()
            first = json.loads(replies[0])
            if not (first["targets"] and first["targets"][0]["known"] and first["review"]["totals"]["documents"]):
                raise SystemExit(f"impact through HTTP found nothing to review: {first['targets']}")


# A new Government resolution, in the genre, amending one of the generated ones.
AMENDING = """CHÍNH PHỦ
Số: 999/NQ-CP
Hà Nội, ngày 10 tháng 4 năm 2026
NGHỊ QUYẾT
Sửa đổi, bổ sung một số nội dung của Nghị quyết số {code} ngày 15/3/2025 của Chính phủ
Điều 1. Sửa đổi, bổ sung một số nội dung của Nghị quyết số {code} ngày 15/3/2025 của Chính phủ.
Điều 2. Các Bộ, Ủy ban nhân dân các tỉnh, thành phố chịu trách nhiệm thi hành Nghị quyết này./.
"""


def request(
    conn: http.client.HTTPConnection,
    method: str,
    url: str,
    body: str | None = None,
    headers: dict[str, str] | None = None,
) -> bytes:
    conn.request(method, url, body, headers or {})
    reply = conn.getresponse()
    data = reply.read()
    if reply.status != 200:
        raise RuntimeError(f"{method} {url}: {reply.status} {data!r}")
    return data


@contextmanager
def serve(store: FalkorDBStore, *, roots: list[str] | None = ROOTS) -> Iterator[int]:
    """The API in its own process, as deployed (`lineage serve` on the same engine): a server
    thread inside this process would share its interpreter lock with the client. `roots` None
    keeps the server's own (the bundled examples' roots)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        **os.environ,
        "LINEAGE_DATA_DIR": str(store.socket.parent),
        "LINEAGE_GRAPH_NAME": store.graph_name,
    }
    if roots is not None:
        env["LINEAGE_ROOTS"] = json.dumps(roots)  # the generated graph's five roots, as an operator would set them
    web = subprocess.Popen(
        [sys.executable, "-m", "lineage.cli", "serve", "--no-examples", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1)
                break
            except httpx.HTTPError:
                if web.poll() is not None:
                    raise SystemExit(f"lineage serve exited with {web.returncode}") from None
                time.sleep(0.1)
        yield port
    finally:
        web.terminate()
        web.wait(timeout=20)


if __name__ == "__main__":
    main()
