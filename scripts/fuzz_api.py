"""The API under generated requests, the long run (the short one is tests/test_api_generated.py).

    .venv/bin/python scripts/fuzz_api.py [--examples 150] [--run 1]

Starts an embedded engine in a temporary folder, loads the bundled examples, and sends up to
`--examples` requests generated from the app's OpenAPI to each operation (schemathesis, with the
write key: deletes and ingests included). Prints the requests per operation, the statuses, and each
operation's first failure: a 5xx, a status the OpenAPI does not publish, or a body off its schema.
Exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pydantic import SecretStr  # noqa: E402

from lineage.api.app import create_app  # noqa: E402
from lineage.batch import ingest_files  # noqa: E402
from lineage.examples import example_files  # noqa: E402
from lineage.graph.falkordb_server import FalkorDBServer  # noqa: E402
from lineage.graph.store import open_store  # noqa: E402
from lineage.loaders.reader import ReadOptions  # noqa: E402
from lineage.loaders.units import UnitTable  # noqa: E402
from lineage.settings import Settings  # noqa: E402
from tests.generated_requests import send_generated  # noqa: E402

KEY = "fuzz-api-key"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=150, help="generated requests per operation, at most")
    ap.add_argument("--run", type=int, default=1, help="seed of the generation")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="lin-fuzz-", dir="/tmp") as tmp:
        settings = Settings(data_dir=Path(tmp), api_key=SecretStr(KEY), uploads_per_client=64)
        store = open_store(settings)
        try:
            ingest_files(store, example_files(), units=UnitTable.load(), options=ReadOptions(), by="fuzz")
            started = time.perf_counter()
            report = send_generated(create_app(settings, store=store), KEY, examples=args.examples, run=args.run)
            took = time.perf_counter() - started
        finally:
            store.close()
            FalkorDBServer(Path(tmp)).stop()
    for op, n in sorted(report.requests.items()):
        print(f"  {n:>5}  {op}")
    statuses = ", ".join(f"{code}: {n}" for code, n in sorted(report.statuses.items()))
    print(f"{report.total} requests to {len(report.requests)} operations in {took:.0f} s; statuses {statuses}")
    server_errors = sum(n for code, n in report.statuses.items() if code >= 500)
    print(f"{server_errors} answers 5xx; {len(report.failures)} operations with a failure")
    for op, why in report.failures.items():
        print(f"\n{op}\n{why}")
    sys.exit(1 if report.failures else 0)


if __name__ == "__main__":
    main()
