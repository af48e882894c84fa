"""Every write needs the key and is recorded; every read (pages and static files too) obeys the read key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from lineage.api.app import create_app
from lineage.graph.store import GraphStore
from lineage.settings import Settings

PLAN = (Path(__file__).parent / "fixtures" / "impact" / "tu_implements_56.txt").read_text(encoding="utf-8")
WRITE, READ = "write-k3y", "read-k3y"


def _app(store: GraphStore, folder: Path, **keys: str) -> tuple[TestClient, Path]:
    settings = Settings(data_dir=folder, **{k: SecretStr(v) for k, v in keys.items()})
    return TestClient(create_app(settings, store=store)), folder


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "59-NQ/TW", path)


def test_every_write_route_needs_the_key(falkordb_store: GraphStore, tmp_path: Path) -> None:
    app_client, _ = _app(falkordb_store, tmp_path, api_key=WRITE)
    paths = app_client.get("/openapi.json").json()["paths"]
    writes = [
        (method.upper(), path)
        for path, operations in paths.items()
        for method in operations
        if method in {"post", "put", "patch", "delete"} and path not in {"/api/impact", "/api/impact/export"}
    ]
    assert {("POST", "/api/ingest"), ("DELETE", "/api/documents/{ref}"), ("POST", "/api/corrections")} <= set(writes)
    for method, path in writes:
        r = app_client.request(method, _concrete(path), data={"text": PLAN})
        assert r.status_code in (401, 403), (method, path, r.status_code)
    # impact (and its download) reads with the read key; it writes only with the write key
    r = app_client.post("/api/impact", data={"text": PLAN, "write": "true"})
    assert r.status_code == 401
    assert app_client.get("/api/audit").status_code == 401
    no_key_app, _ = _app(falkordb_store, tmp_path)
    assert no_key_app.post("/api/ingest", data={"text": PLAN}).status_code == 403


def test_a_read_key_guards_pages_static_files_and_the_api(falkordb_store: GraphStore, tmp_path: Path) -> None:
    c, _ = _app(falkordb_store, tmp_path, api_key=WRITE, read_key=READ)
    for path in (
        "/",
        "/search?q=59",
        "/impact",
        "/api/search?q=59",
        "/static/graph/graph.js",
        "/static/vis/vis-network.min.js",
    ):
        assert c.get(path).status_code == 401, path
        assert c.get(path, headers={"X-API-Key": READ}).status_code == 200, path
        assert c.get(path, headers={"X-API-Key": WRITE}).status_code == 200, path


def test_each_write_is_recorded_with_the_file_its_hash_and_what_it_wrote(
    falkordb_store: GraphStore, tmp_path: Path
) -> None:
    c, folder = _app(falkordb_store, tmp_path, api_key=WRITE)
    w = {"X-API-Key": WRITE}
    ingested = c.post("/api/ingest", files={"file": ("ke-hoach-56.txt", PLAN.encode())}, headers=w).json()
    assert c.post("/api/impact", data={"text": PLAN, "write": "true"}, headers=w).status_code == 200
    assert c.delete(f"/api/documents/{ingested['key']}", headers=w).status_code == 204
    log = c.get("/api/audit", headers=w).json()
    assert [e["action"] for e in log["data"]] == ["delete", "impact-write", "ingest"]
    first = log["data"][-1]
    assert first["file"] == "ke-hoach-56.txt" and len(first["sha256"]) == 64
    assert first["counts"]["tasks"] == ingested["tasks"] > 0
    assert first["by"].startswith("key:") and WRITE not in (folder / "audit.log").read_text()
    assert log["data"][0]["document"] == ingested["key"]


@pytest.mark.parametrize("limit", [1, 2])
def test_the_audit_limit(falkordb_store: GraphStore, tmp_path: Path, limit: int) -> None:
    c, _ = _app(falkordb_store, tmp_path, api_key=WRITE)
    for name in ("a.txt", "b.txt"):
        c.post(
            "/api/ingest",
            files={"file": (name, PLAN.replace("Kế hoạch", f"Kế hoạch {name}").encode())},
            headers={"X-API-Key": WRITE},
        )
    assert len(c.get("/api/audit", params={"limit": limit}, headers={"X-API-Key": WRITE}).json()["data"]) == limit
