"""Impact at national scale, totals included, against the walk of everything below.

    .venv/bin/python bench/impact.py [--scale 1.0] [--runs 5]

On the national graph (bench/national.py) the amendment of a Government resolution reaches about
28,000 documents and 170,000 tasks at scale 1.0. Timed per engine (the embedded one always, Neo4j
when configured): the in-process breadth-first walk of all its descendants over the same edges held
in a Python dict (latency.py's reference, the baseline of the target), the store's own walk of them
(`walk.descendants`, one query a level), and `impact()` with its exact totals (documents, tasks,
units per province and role) and a page of 200 of each list, on the skeleton held in the process
(queries/skeleton.py). Target: impact within 1.5x the in-process walk, on the embedded engine.
Also printed: what reading the whole skeleton costs (once a process, or when it is far behind) and
the memory it takes, and a one-document write followed by impact, which catches up on that document.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bulk_load import load  # noqa: E402
from bench.latency import EDGES, bfs, settle, timed  # noqa: E402
from bench.national import Plan, engines  # noqa: E402
from lineage.extraction import Extraction, Header, Reference, Relation  # noqa: E402
from lineage.graph.falkordb_store import FalkorDBStore  # noqa: E402
from lineage.graph.schema import GraphBatch, Label, NodeRow, Rel  # noqa: E402
from lineage.graph.store import GraphStore  # noqa: E402
from lineage.queries.impact import impact  # noqa: E402
from lineage.queries.skeleton import Skeleton, stamp  # noqa: E402
from lineage.queries.walk import descendants  # noqa: E402
from lineage.settings import Settings  # noqa: E402

AMENDED = "100/NQ-CP"
AMENDMENT = Extraction(
    source="new.txt",
    doc=Header(type="Nghị quyết", code="999/NQ-CP"),
    references=[Reference(code=AMENDED, relation=Relation.AMENDS)],
    text_sha256="bench",
)


def measure(store: GraphStore, runs: int) -> None:
    """The three timings on one loaded engine, printed."""
    start = {f"doc:{AMENDED}@vn:2025": "Document"}
    down: dict[str, list[str]] = {}
    for row in store.read(EDGES):
        down.setdefault(row["d"], []).append(row["s"])
    bfs_ms = statistics.median(timed(lambda: bfs(down, next(iter(start))), runs))

    def walk() -> int:
        reached, _ = descendants(store, start, include_cites=True, max_depth=8, limit=10**7)
        return len(reached)

    below = walk()
    n = impact(store, AMENDMENT).review.totals
    print(
        f"  below {AMENDED}: {below:,} nodes; impact totals: {n.documents:,} documents, {n.tasks:,} tasks, "
        f"{n.units:,} units, {len(n.by_province)} provinces, {len(n.by_role)} province-role groups"
    )
    walk_ms = statistics.median(timed(walk, runs))
    gc.collect()
    before = _rss()
    t = time.perf_counter()
    held = Skeleton.read(store, stamp(store))
    read_s = time.perf_counter() - t
    gc.collect()
    print(
        f"  the skeleton: {len(held.keys):,} documents, {len(held.esrc):,} edges between them, read whole in "
        f"{read_s:.1f} s; the process grew by {(_rss() - before) / 2**20:,.0f} MB"
    )
    del held
    impact(store, AMENDMENT)  # the skeleton is read once, then held
    impact_ms = statistics.median(timed(lambda: impact(store, AMENDMENT), runs))

    def after_a_write() -> None:
        store.write(_one_more_plan())
        impact(store, AMENDMENT)

    caught_ms = statistics.median(timed(after_a_write, runs))
    print(f"  a one-document write, then impact (the skeleton catches up on that document): {caught_ms:,.0f} ms")
    print(f"  in-process walk of all descendants: {bfs_ms:,.0f} ms (median of {runs})")
    print(f"  the store's walk of all descendants: {walk_ms:,.0f} ms")
    print(
        f"  impact, totals included: {impact_ms:,.0f} ms = {impact_ms / bfs_ms:.1f}x the in-process walk "
        f"(target 1.5x), {impact_ms / walk_ms:.2f}x the store's walk"
    )


def _rss() -> int:
    """Resident bytes of this process."""
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")


_written = 0


def _one_more_plan() -> GraphBatch:
    """A new plan implementing the amended resolution, with a task, as an ingest writes it."""
    global _written
    _written += 1
    key = f"doc:{_written}/KH-BENCH@vn:2026"
    batch = GraphBatch(replace=[key])
    batch.documents.append(NodeRow(key, {"key": key, "code": f"{_written}/KH-BENCH", "stub": False}))
    batch.node(Label.TASK, f"{key}#1", {"ref": "1", "doc_key": key, "text": "..."})
    batch.edge(Rel.IMPLEMENTS, (Label.DOCUMENT, key), (Label.DOCUMENT, f"doc:{AMENDED}@vn:2025"), source=key)
    batch.edge(Rel.PART_OF, (Label.TASK, f"{key}#1"), (Label.DOCUMENT, key), source=key)
    return batch


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0, help="1.0 = 63 provinces, ~1M nodes")
    ap.add_argument("--runs", type=int, default=5, help="timed runs of each")
    args = ap.parse_args()
    for name, opened in engines(Settings()):
        with opened as store:
            rows, secs = load(store, Plan.scaled(args.scale))
            print(f"{name}: loaded {rows:,} rows in {secs:.0f} s")
            if isinstance(store, FalkorDBStore):
                settle(store)
            measure(store, args.runs)


if __name__ == "__main__":
    main()
