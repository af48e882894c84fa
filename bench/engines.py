"""The engines side by side: load, lineage and impact on each configured engine in one run, with ratios.

    .venv/bin/python bench/engines.py [--scale 0.1] [--samples 500]
    LINEAGE_NEO4J_URI=bolt://localhost:7687 LINEAGE_NEO4J_PASSWORD=... .venv/bin/python bench/engines.py

The embedded FalkorDB always; Neo4j when the settings name an empty Neo4j 5 database, skipped (and
said) otherwise. Per engine: first load and idempotent re-load (nodes+edges per second), lineage of
random tasks (median, p99) and the impact of an amendment of a Government resolution (median, the
200 of each list, with the exact totals). The embedded engine is timed at rest (see latency.py's settle). Printed
last: each figure of every other engine as a ratio to the embedded one's.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bulk_load import load  # noqa: E402
from bench.latency import settle, timed  # noqa: E402
from bench.national import ROOTS, Plan, engines  # noqa: E402
from lineage.extraction import Extraction, Header, Reference, Relation  # noqa: E402
from lineage.graph.falkordb_store import FalkorDBStore  # noqa: E402
from lineage.graph.store import GraphStore  # noqa: E402
from lineage.queries.impact import impact  # noqa: E402
from lineage.queries.lineage import trace  # noqa: E402
from lineage.settings import Settings  # noqa: E402

# (figure, unit, higher is better)
FIGURES = (
    ("first load", "rows/s", True),
    ("idempotent re-load", "rows/s", True),
    ("lineage median", "ms", False),
    ("lineage p99", "ms", False),
    ("impact median", "ms", False),
)


def measure(store: GraphStore, scale: float, samples: int) -> tuple[dict[str, float], Plan]:
    out: dict[str, float] = {}
    plan = Plan.scaled(scale)  # its keys are filled in as it is written
    rows, secs = load(store, plan)
    out["first load"] = rows / secs
    rows, secs = load(store, Plan.scaled(scale))
    out["idempotent re-load"] = rows / secs
    if isinstance(store, FalkorDBStore):
        settle(store)
    tasks = random.Random(1).sample(plan.task_keys, samples + 20)
    for key in tasks[:20]:  # warm the connection and the query cache
        trace(store, key, roots=ROOTS)
    it = iter(tasks[20:])
    ms = sorted(timed(lambda: trace(store, next(it), roots=ROOTS), samples))
    out["lineage median"] = statistics.median(ms)
    out["lineage p99"] = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    amendment = Extraction(
        source="new.txt",
        doc=Header(type="Nghị quyết", code="999/NQ-CP"),
        references=[Reference(code="100/NQ-CP", relation=Relation.AMENDS)],
        text_sha256="bench",
    )
    impact(store, amendment)
    out["impact median"] = statistics.median(timed(lambda: impact(store, amendment), max(5, samples // 50)))
    return out, plan


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=0.1, help="1.0 = 63 provinces, ~1M nodes")
    ap.add_argument("--samples", type=int, default=500, help="lineage calls timed per engine")
    args = ap.parse_args()
    results: dict[str, dict[str, float]] = {}
    for name, opened in engines(Settings()):
        with opened as store:
            results[name], plan = measure(store, args.scale, args.samples)
    names = list(results)
    print(f"graph at scale {args.scale}: {len(plan.doc_keys):,} documents, {len(plan.task_keys):,} tasks")
    print(f"{'':<22}" + "".join(f"{n:>28}" for n in names))
    for figure, unit, _ in FIGURES:
        print(f"{figure + ' (' + unit + ')':<22}" + "".join(f"{results[n][figure]:>28,.2f}" for n in names))
    base = names[0]
    for other in names[1:]:
        print(f"\n{other} against {base} (above 1: {base} is better)")
        for figure, _, higher in FIGURES:
            a, b = results[base][figure], results[other][figure]
            print(f"  {figure:<20} {(a / b if higher else b / a):6.2f}x")


if __name__ == "__main__":
    main()
