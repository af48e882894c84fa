"""What is not an official document, or not sent as the API expects, gets a clear answer and writes
nothing: in the API, the impact page and the CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from typer.testing import CliRunner

from lineage.api.app import create_app
from lineage.cli import app
from lineage.graph.falkordb_server import FalkorDBServer
from lineage.graph.store import GraphStore
from lineage.settings import Settings
from tests.conftest import short_tmp

KEY = "k3y"
PLAN = (Path(__file__).parent / "fixtures" / "impact" / "tu_implements_56.txt").read_text(encoding="utf-8")
W = {"X-API-Key": KEY}


@pytest.fixture
def client(falkordb_store: GraphStore) -> TestClient:
    return TestClient(create_app(Settings(api_key=SecretStr(KEY)), store=falkordb_store))


def _size(store: GraphStore) -> int:
    return int(store.read("MATCH (n) RETURN count(n) AS c")[0]["c"])


def test_a_text_that_is_no_document_is_refused_and_writes_nothing(
    client: TestClient, falkordb_store: GraphStore
) -> None:
    before = _size(falkordb_store)
    r = client.post("/api/ingest", data={"text": "hello world"}, headers=W)
    assert r.status_code == 422, r.text
    assert "not an official document" in r.json()["detail"]
    assert _size(falkordb_store) == before
    r = client.post("/api/impact", data={"text": "hello world"})
    assert r.status_code == 422 and "not an official document" in r.json()["detail"]
    r = client.post("/api/ingest", data={"text": "hello world", "force": "true"}, headers=W)
    assert r.status_code == 200 and _size(falkordb_store) > before


def test_the_impact_page_says_why_in_vietnamese_and_keeps_the_text(client: TestClient) -> None:
    r = client.post("/impact", data={"text": "hello world"})
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert "không phải là một văn bản hành chính" in r.text and "hello world" in r.text
    r = client.post("/impact", data={})
    assert r.status_code == 422 and "Hãy chọn một tệp" in r.text


def test_a_json_body_is_told_to_send_a_form(client: TestClient) -> None:
    r = client.post("/api/ingest", json={"text": PLAN}, headers=W)
    assert r.status_code == 415 and "multipart/form-data" in r.json()["detail"]


def test_a_form_field_in_the_query_string_is_named(client: TestClient) -> None:
    r = client.post("/api/impact?write=true", data={"text": PLAN})
    assert r.status_code == 422, r.text
    assert r.json()["detail"][0]["loc"] == ["query", "write"]


def test_documents_known_only_from_citations_list_without_error(client: TestClient) -> None:
    assert client.post("/api/ingest", data={"text": PLAN}, headers=W).status_code == 200
    for params in ({}, {"stub": "true"}, {"stub": "false"}):
        r = client.get("/api/documents", params=params)
        assert r.status_code == 200, r.text
    stubs = client.get("/api/documents", params={"stub": "true"}).json()["data"]
    assert stubs and all(d["stub"] and d["draft"] is False for d in stubs)


def test_upload_errors_name_the_users_file_not_a_server_path(client: TestClient) -> None:
    r = client.post("/api/impact", files={"file": ("cong-van.pdf", b"%PDF-1.4 broken")})
    assert r.status_code == 422
    assert "cong-van.pdf" in r.json()["detail"] and "/tmp" not in r.text


runner = CliRunner()


@pytest.fixture
def data_dir(monkeypatch: pytest.MonkeyPatch):
    folder = short_tmp("lin-b-")
    monkeypatch.setenv("LINEAGE_DATA_DIR", str(folder))
    yield folder
    FalkorDBServer(folder).stop()
    shutil.rmtree(folder, ignore_errors=True)


def test_a_folder_of_non_documents_lists_what_it_skipped_and_writes_no_junk(tmp_path: Path, cli_engine: str) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "readme.md").write_text("# Notes\n\nThings to remember.\n", encoding="utf-8")
    (folder / "logo.png").write_bytes(b"\x89PNG")
    (folder / ".hidden.txt").write_text("x", encoding="utf-8")
    (folder / "ke-hoach.txt").write_text(PLAN, encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(folder)])
    assert result.exit_code == 1, result.output
    assert "logo.png" in result.output and "not a document type" in result.output
    assert ".hidden.txt" in result.output
    assert "readme.md" in result.output and "not an official document" in result.output
    assert "1 written" in result.output
    listed = runner.invoke(app, ["search", "Notes", "--json"])
    assert "readme" not in listed.output
    forced = runner.invoke(app, ["ingest", str(folder / "readme.md"), "--force"])
    assert forced.exit_code == 0 and "1 written" in forced.output, forced.output


def test_an_unknown_format_exits_2(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text(PLAN, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(doc), "--format", "xml"])
    assert result.exit_code == 2


def test_stop_refuses_while_a_server_uses_the_engine(data_dir: Path) -> None:
    server = FalkorDBServer(data_dir)
    server.start()
    with server.serving("http://127.0.0.1:9/"):
        refused = runner.invoke(app, ["stop"])
        assert refused.exit_code == 1 and "in use by lineage serve" in refused.output
        assert server.ping()
    assert runner.invoke(app, ["stop"]).exit_code == 0
    assert not server.ping()
