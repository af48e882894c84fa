"""The HTTP API through FastAPI's test client, on the real embedded engine."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from lineage.api.app import create_app
from lineage.graph.falkordb_store import FalkorDBStore
from lineage.graph.store import GraphStore
from lineage.loaders.units import UnitTable
from lineage.settings import Settings
from tests.seeded import LINEAGE, expectations, load_seeds, tasks_of

KEY = "s3cret-key"
FIXTURES = Path(__file__).parent / "fixtures" / "impact"


@pytest.fixture
def client(store: GraphStore, seeds: list[Path], units: UnitTable) -> tuple[TestClient, dict[str, str]]:
    keys = load_seeds(store, seeds, units)
    settings = Settings(api_key=SecretStr(KEY), max_file_mb=0.05)
    return TestClient(create_app(settings, store=store)), keys


@pytest.mark.parametrize("case", expectations(), ids=lambda c: c["seed"][:3])
def test_lineage_expectations_hold_through_the_api(client, store, case) -> None:
    c, keys = client
    for task in tasks_of(store, keys[case["seed"]]):
        body = c.get("/api/lineage", params={"ref": task}).json()
        assert set(case["reaches"]) <= set(body["reached"])
        assert not set(case["not_reaches"]) & set(body["reached"])


def test_one_document_for_the_draft_and_39_kh_ubnd(client) -> None:
    c, keys = client
    doc = c.get("/api/documents/39/KH-UBND").json()
    assert doc["key"] == keys[LINEAGE["same_as"][0]["draft"]]
    assert doc["same_as"] and "153/NQ-CP" in doc["same_as"]
    assert {t["ref"] for t in doc["tasks"]} >= {"III.1", "III.2", "III.3"}
    assert all(r["evidence"]["sentence"] for r in doc["references"])


def test_impact_cases_through_the_api(client) -> None:
    c, keys = client
    first, second = LINEAGE["impact"]
    with (FIXTURES / "amends_153.txt").open("rb") as f:
        body = c.post("/api/impact", files={"file": ("amends_153.txt", f, "text/plain")}).json()
    review = {i["document"]["key"] for i in body["review"]["items"]}
    assert {keys[s] for s in first["affected_documents"]} <= review
    assert not {keys[s] for s in first["unaffected_documents"]} & review
    body = c.post("/api/impact", data={"text": (FIXTURES / "tu_implements_56.txt").read_text()}).json()
    assert {keys[s] for s in second["related_documents"]} <= {i["document"]["key"] for i in body["coordinate"]["items"]}


def test_impact_pages_and_downloads_through_the_api(client) -> None:
    import csv
    import io

    from openpyxl import load_workbook

    c, _ = client
    text = (FIXTURES / "amends_153.txt").read_text()
    whole = c.post("/api/impact", data={"text": text}).json()
    first = c.post("/api/impact", data={"text": text, "limit": 1}).json()
    second = c.post("/api/impact", data={"text": text, "limit": 1, "offset": 1}).json()
    assert first["review"]["totals"] == second["review"]["totals"] == whole["review"]["totals"]
    assert [first["review"]["items"][0], second["review"]["items"][0]] == whole["review"]["items"][:2]
    n_docs = whole["review"]["totals"]["documents"] + whole["coordinate"]["totals"]["documents"]
    n_units = len(whole["review"]["units"]) + len(whole["coordinate"]["units"])

    r = c.post("/api/impact/export", data={"text": text, "format": "xlsx"})
    assert r.status_code == 200 and r.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="impact-' in r.headers["content-disposition"]
    book = load_workbook(io.BytesIO(r.content))
    assert book.sheetnames == ["Văn bản", "Đơn vị"]
    docs = list(book["Văn bản"].iter_rows(values_only=True))
    assert docs[0][:4] == ("Danh sách", "Tỉnh, thành phố", "Cấp cách", "Số, ký hiệu")
    assert len(docs) == 1 + n_docs and book["Đơn vị"].max_row == 1 + n_units
    assert {row[3] for row in docs[1:]} >= {
        i["document"]["code"] for i in whole["review"]["items"] if i["document"]["code"]
    }

    r = c.post("/api/impact/export", data={"text": text, "format": "csv", "table": "units", "lang": "en"})
    assert r.headers["content-type"].startswith("text/csv") and r.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0] == ["List", "Province", "Unit", "Roles", "Tasks", "Documents"] and len(rows) == 1 + n_units
    assert c.post("/api/impact/export", data={"text": text, "format": "pdf"}).status_code == 422


def test_unknown_code_is_404_with_suggestions(client) -> None:
    c, _ = client
    r = c.get("/api/documents/59-NQ/TU")
    assert r.status_code == 404
    assert "59-NQ/TW" in r.json()["suggestions"]
    assert c.get("/api/lineage", params={"ref": "nothing-here"}).status_code == 404


def test_422_names_the_field(client) -> None:
    c, _ = client
    r = c.get("/api/documents", params={"year": "twenty"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["query", "year"]
    r = c.post("/api/impact", data={})
    assert r.status_code == 422 and "file" in str(r.json()["detail"])


def test_writes_need_the_key(client) -> None:
    c, _ = client
    text = (FIXTURES / "tu_implements_56.txt").read_text()
    assert c.post("/api/ingest", data={"text": text}).status_code == 401
    assert c.post("/api/ingest", data={"text": text}, headers={"X-API-Key": "wrong"}).status_code == 401
    r = c.post("/api/ingest", data={"text": text, "name": "tu.txt"}, headers={"X-API-Key": KEY})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "written" and body["code"] == "1200-CV/TU" and body["tasks"] == 2
    assert c.get("/api/documents/1200-CV/TU").status_code == 200
    assert c.delete("/api/documents/1200-CV/TU").status_code == 401
    assert c.delete("/api/documents/1200-CV/TU", headers={"X-API-Key": KEY}).status_code == 204


def test_upload_limits_and_types(client) -> None:
    c, _ = client
    big = ("Kính gửi: Sở Ngoại vụ.\n" * 5000).encode()
    r = c.post("/api/ingest", files={"file": ("big.txt", big)}, headers={"X-API-Key": KEY})
    assert r.status_code == 413 and "big.txt" in r.json()["detail"]
    r = c.post("/api/ingest", files={"file": ("x.xlsx", b"PK..")}, headers={"X-API-Key": KEY})
    assert r.status_code == 415
    r = c.post("/api/ingest", files={"file": ("empty.txt", b"  ")}, headers={"X-API-Key": KEY})
    assert r.status_code == 422 and "empty.txt" in r.json()["detail"]


def test_read_key_closes_reads(store) -> None:
    settings = Settings(api_key=SecretStr(KEY), read_key=SecretStr("reader"))
    c = TestClient(create_app(settings, store=store))
    assert c.get("/api/search", params={"q": "59"}).status_code == 401
    assert c.get("/api/search", params={"q": "59"}, headers={"X-API-Key": "reader"}).status_code == 200
    assert c.get("/api/health").status_code == 200


def test_engine_down_is_503_not_500() -> None:
    import shutil

    from lineage.graph.falkordb_server import FalkorDBServer
    from tests.conftest import short_tmp

    folder = short_tmp("lin-d-")
    try:
        store = FalkorDBStore.open(folder, graph="x")
        store.ensure_schema()
        c = TestClient(create_app(Settings(), store=store), raise_server_exceptions=False)
        assert c.get("/api/health").status_code == 200
        FalkorDBServer(folder).stop()  # the engine goes away under a running app
        r = c.get("/api/search", params={"q": "59-NQ/TW"})
        assert r.status_code == 503
        assert "Traceback" not in r.text and "unavailable" in r.json()["detail"]
        page = c.get("/")  # a person at the home page gets a page saying what to do
        assert page.status_code == 503 and page.headers["content-type"].startswith("text/html")
        assert "Cơ sở dữ liệu đồ thị không hoạt động" in page.text and "lineage serve" in page.text
    finally:
        FalkorDBServer(folder).stop()
        shutil.rmtree(folder, ignore_errors=True)


def test_export_node_link_and_graphml(client) -> None:
    c, _ = client
    body = c.get("/api/export", params={"ref": "39/KH-UBND"}).json()
    keys = {n["key"] for n in body["nodes"]}
    assert body["edges"] and all(e["src"] in keys and e["dst"] in keys for e in body["edges"])
    r = c.get("/api/export", params={"format": "graphml", "limit": 10})
    assert r.status_code == 200 and r.text.startswith("<?xml") and int(r.headers["X-Left-Out"]) > 0


def test_openapi_describes_every_route(client) -> None:
    c, _ = client
    paths = c.get("/openapi.json").json()["paths"]
    for p in (
        "/api/lineage",
        "/api/tree",
        "/api/impact",
        "/api/ingest",
        "/api/search",
        "/api/export",
        "/api/documents/{ref}",
        "/api/units/{ref}/portfolio",
        "/api/gaps",
        "/api/tasks/due",
        "/api/health",
    ):
        assert p in paths, p


def test_no_dependency_blocks_a_worker_thread() -> None:
    """FastAPI runs a plain `def` dependency in the thread pool: one thread hop each per
    request, which was most of a lineage request's time. Dependencies stay `async def`."""
    import inspect

    from fastapi.dependencies.models import Dependant
    from fastapi.routing import APIRoute

    def calls(d: Dependant) -> list[object]:
        return [c for sub in d.dependencies for c in (sub.call, *calls(sub)) if c is not None]

    app = create_app(Settings())
    blocking = {
        f"{route.path}: {getattr(call, '__name__', call)}"
        for route in app.routes
        if isinstance(route, APIRoute)
        for call in calls(route.dependant)
        if inspect.isfunction(call) and not inspect.iscoroutinefunction(call)
    }
    assert not blocking


def test_marks_cut_a_text_into_pieces_that_join_back() -> None:
    from lineage.api.outline import segments

    text = "Căn cứ A; căn cứ B. Thực hiện C."
    pieces = segments(text, [(0, 19, "căn cứ A"), (0, 19, "căn cứ B"), (20, 32, "thực hiện C")])
    assert pieces == [("Căn cứ A; căn cứ B.", "căn cứ A; căn cứ B"), (" ", None), ("Thực hiện C.", "thực hiện C")]
    overlapping = segments(text, [(0, 19, "a"), (15, 25, "b"), (30, 99, "c")])
    assert "".join(p for p, _ in overlapping) == text  # nothing doubled, nothing lost
    assert [w for _, w in overlapping] == ["a", "b", None, "c"]
