"""Faults, the long run (the short one is tests/test_faults.py): SIGKILL of the engine during
`lineage ingest` of 1,000 documents, and of `lineage serve` during uploads of them.

    .venv/bin/python scripts/faults.py [--docs 1000] [--kills 10] [--seed 1]

Prints, per scenario: documents, kills, runs, documents acknowledged and whole in the graph at the end
(a document written as the engine died is whole but unacknowledged), acknowledged documents lost or
not whole, documents in the graph in part, differences from the graph written without faults, and
documents a last run wrote again (all four must be 0). Exits 1 otherwise.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lineage.graph.falkordb_server import FalkorDBServer  # noqa: E402
from tests.faults import Outcome, kill_engine_during_ingest, kill_serve_during_uploads, write_documents  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--kills", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    failed = False
    for name, scenario in (
        ("engine SIGKILLed during lineage ingest", kill_engine_during_ingest),
        ("lineage serve SIGKILLed during uploads (4 clients)", kill_serve_during_uploads),
    ):
        data = Path(tempfile.mkdtemp(prefix="lin-k-", dir="/tmp"))
        try:
            docs = data / "docs"
            write_documents(docs, args.docs, seed=args.seed)
            started = time.perf_counter()
            out: Outcome = scenario(data, docs, kills=args.kills, seed=args.seed)
            took = time.perf_counter() - started
        finally:
            FalkorDBServer(data).stop()
            shutil.rmtree(data, ignore_errors=True)
        print(
            f"{name}: {args.docs} documents, {out.kills} kills, {out.runs} runs, {took:.0f} s; "
            f"{out.acknowledged} acknowledged, {out.whole} whole in the graph; lost {len(out.lost)}, in part {len(out.partial)}, "
            f"differences from the graph written without faults {len(out.differs)}, written again {out.rewritten}"
        )
        for what in (out.lost[:5], out.partial[:5], list(out.differs.items())[:5]):
            if what:
                print("  ", what)
        failed = failed or not out.ok or out.whole != args.docs
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
