"""The API under generated requests (tests/generated_requests.py): every operation, with the write
key, on the seeds' graph. No answer is a 5xx, or a status or body the OpenAPI does not publish."""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr

from lineage.api.app import create_app
from lineage.graph.store import GraphStore
from lineage.loaders.units import UnitTable
from lineage.settings import Settings
from tests.generated_requests import send_generated
from tests.seeded import load_seeds

KEY = "generated-requests-key"


def test_generated_requests_get_no_server_error_and_answers_keep_the_schema(
    falkordb_store: GraphStore, seeds: list[Path], units: UnitTable
) -> None:
    load_seeds(falkordb_store, seeds, units)
    app = create_app(Settings(api_key=SecretStr(KEY), uploads_per_client=64), store=falkordb_store)
    report = send_generated(app, KEY, examples=15)
    assert not report.failures, "\n\n".join(f"{op}\n{why}" for op, why in report.failures.items())
    assert report.total >= 200, report.requests
