"""Named accounts with roles: every write route refuses a caller below its role, the write key still
acts as an admin, the audit log names the person, and the accounts file keeps no secret in clear."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from fastapi.testclient import TestClient
from pydantic import SecretStr
from typer.testing import CliRunner

from lineage.accounts import Accounts, add
from lineage.api.app import create_app
from lineage.cli import app as cli
from lineage.graph.store import GraphStore
from lineage.settings import Settings

PLAN = (Path(__file__).parent / "fixtures" / "impact" / "tu_implements_56.txt").read_text(encoding="utf-8")
KEY = "write-k3y"


def _client(store: GraphStore, tmp_path: Path) -> tuple[TestClient, dict[str, str]]:
    users = tmp_path / "users.json"
    tokens = {role: add(users, f"an-{role}", role, "mật khẩu dài") for role in ("reader", "editor", "admin")}  # type: ignore[arg-type]
    settings = Settings(data_dir=tmp_path, users_file=users, api_key=SecretStr(KEY))
    return TestClient(create_app(settings, store=store)), tokens


def _as(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_roles_are_enforced_on_every_write(falkordb_store: GraphStore, tmp_path: Path) -> None:
    c, tokens = _client(falkordb_store, tmp_path)
    # An editor ingests; a reader may not; nobody, or a wrong token, is told to sign in.
    assert c.post("/api/ingest", data={"text": PLAN}, headers=_as(tokens["reader"])).status_code == 403
    assert c.post("/api/ingest", data={"text": PLAN}).status_code == 401
    assert c.post("/api/ingest", data={"text": PLAN}, headers=_as("not-a-token")).status_code == 401
    written = c.post("/api/ingest", data={"text": PLAN}, headers=_as(tokens["editor"]))
    assert written.status_code == 200, written.text
    key = written.json()["key"]
    correction = {
        "document": key,
        "target": {"kind": "task", "ref": "1"},
        "action": "confirm",
        "why": "read it myself",
    }
    assert c.post("/api/corrections", json=correction, headers=_as(tokens["reader"])).status_code == 403
    assert c.post("/api/corrections", json=correction, headers=_as(tokens["editor"])).status_code in (201, 422)
    # Deleting and reading the audit log are an admin's; the write key is one.
    assert c.delete(f"/api/documents/{key}", headers=_as(tokens["editor"])).status_code == 403
    assert c.get("/api/audit", headers=_as(tokens["editor"])).status_code == 403
    audit = c.get("/api/audit", headers=_as(tokens["admin"])).json()["data"]
    assert [e["by"] for e in audit if e["action"] == "ingest"] == ["an-editor"]  # the person, not a key
    assert c.delete(f"/api/documents/{key}", headers={"X-API-Key": KEY}).status_code == 204
    # Reads stay open to all (no read key set), with or without an account.
    assert c.get("/api/search", params={"q": "56-CT/TW"}, headers=_as(tokens["reader"])).status_code == 200


def test_a_read_key_lets_accounts_read(falkordb_store: GraphStore, tmp_path: Path) -> None:
    users = tmp_path / "users.json"
    token = add(users, "lan", "reader", None)
    c = TestClient(
        create_app(Settings(data_dir=tmp_path, users_file=users, read_key=SecretStr("r")), store=falkordb_store)
    )
    assert c.get("/api/search", params={"q": "x"}).status_code == 401
    assert c.get("/api/search", params={"q": "x"}, headers=_as(token)).status_code == 200


def test_the_accounts_file_holds_hashes_only(tmp_path: Path, monkeypatch) -> None:
    users = tmp_path / "users.json"
    monkeypatch.setenv("LINEAGE_USERS_FILE", str(users))
    runner = CliRunner()
    r = runner.invoke(cli, ["user", "lan", "--role", "editor"], input="mật khẩu dài\nmật khẩu dài\n")
    assert r.exit_code == 0, r.output
    token = r.output.rsplit(": ", 1)[1].strip()
    text = users.read_text(encoding="utf-8")
    assert "mật khẩu dài" not in text and token not in text and "$argon2" in text
    assert stat.S_IMODE(users.stat().st_mode) == 0o600
    accounts = Accounts.load(users)
    assert accounts.by_token(token).name == "lan"  # type: ignore[union-attr]
    assert accounts.by_password("lan", "mật khẩu dài") is not None
    assert accounts.by_password("lan", "sai") is None and accounts.by_password("ai", "mật khẩu dài") is None
    listed = json.loads(runner.invoke(cli, ["users", "--json"]).output)
    assert listed == [{"name": "lan", "role": "editor", "password": True, "token": True}]
    assert runner.invoke(cli, ["user", "x", "--role", "boss", "--no-password"]).exit_code == 1
