"""Graph page generation time for 100, 1,000 and 5,000 nodes.

.venv/bin/python bench/pages.py
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lineage.queries.subgraph import GEdge, GNode, Subgraph  # noqa: E402
from lineage.viz.render import Page, render  # noqa: E402


def graph(n: int, rnd: random.Random) -> Subgraph:
    nodes = []
    for i in range(n):
        label = rnd.choice(["Document", "Task", "Task", "Unit"])
        props = (
            {"code": f"{i}/KH-UBND", "kind": "provincial_plan", "level": "province"}
            if label == "Document"
            else {"ref": str(i), "summary": "Nhiệm vụ"}
            if label == "Task"
            else {"name": f"Đơn vị {i}", "level": "department"}
        )
        nodes.append(GNode(key=f"n{i}", label=label, props=props))
    edges = [
        GEdge(
            src=f"n{i}",
            dst=f"n{rnd.randrange(n)}",
            rel=rnd.choice(["IMPLEMENTS", "CITES", "PART_OF"]),
            sentence="Thực hiện Kế hoạch",
        )
        for i in range(n)
    ]
    return Subgraph(nodes=nodes, edges=edges)


def main() -> None:
    rnd = random.Random(5)
    for n in (100, 1_000, 5_000):
        sub = graph(n, rnd)
        times = []
        for _ in range(5):
            t = time.perf_counter()
            html = render(sub, Page(title=f"{n} nút"))
            times.append(time.perf_counter() - t)
        print(
            f"{n:>5} nodes, {len(sub.edges):>5} edges: median {statistics.median(times) * 1000:7.1f} ms, "
            f"{len(html) / 1e6:.2f} MB of HTML"
        )


if __name__ == "__main__":
    main()
