"""Bulk-load throughput on the embedded engine: first load and idempotent re-load.

    .venv/bin/python bench/bulk_load.py [--scale 1.0]

Prints nodes+edges per second. Target: at least 50,000 per second at ~1M nodes.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.national import Plan, batches, engine  # noqa: E402
from lineage.graph.schema import GraphBatch  # noqa: E402
from lineage.graph.store import GraphStore, counts  # noqa: E402


def load(store: GraphStore, plan: Plan) -> tuple[int, float]:
    rows = 0

    def counted() -> Iterator[GraphBatch]:
        nonlocal rows
        for batch in batches(plan):
            rows += sum(batch.size())
            yield batch

    start = time.perf_counter()
    store.write_many(counted())
    return rows, time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--scale", type=float, default=1.0, help="1.0 = 63 provinces, ~1M nodes")
    args = ap.parse_args()
    with engine() as store:
        rows, secs = load(store, Plan.scaled(args.scale))
        n, e = counts(store)
        print(f"graph: {n:,} nodes, {e:,} edges")
        print(f"first load:      {rows:,} nodes+edges in {secs:.1f}s = {rows / secs:,.0f} per second")
        rows, secs = load(store, Plan.scaled(args.scale))
        assert counts(store) == (n, e), "re-load changed the graph"
        print(f"idempotent load: {rows:,} nodes+edges in {secs:.1f}s = {rows / secs:,.0f} per second (graph unchanged)")


if __name__ == "__main__":
    main()
