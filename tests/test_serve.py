"""`lineage serve` for real: a uvicorn process on a loopback port, hit with an HTTP client."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from lineage.graph.falkordb_server import FalkorDBServer
from tests.conftest import short_tmp
from tests.seeded import LINEAGE, expectations

KEY = "e2e-key"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server():
    folder = short_tmp("lin-s-")
    port = _free_port()
    env = {**os.environ, "LINEAGE_DATA_DIR": str(folder), "LINEAGE_API_KEY": KEY}
    proc = subprocess.Popen(
        [sys.executable, "-m", "lineage.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            proc.kill()
            pytest.fail(f"lineage serve did not answer: {proc.stdout.read() if proc.stdout else ''}")
        yield base
    finally:
        # Whatever happened above, the server process and the engine it started go away.
        proc.terminate()
        proc.wait(timeout=20)
        FalkorDBServer(folder).stop()
        shutil.rmtree(folder, ignore_errors=True)


def test_serve_loads_examples_and_answers_lineage_over_http(server: str, seeds: list[Path]) -> None:
    with httpx.Client(base_url=server, timeout=30) as client:
        assert client.get("/api/health").json()["nodes"] > 100  # the bundled examples
        keys = {}
        for f in seeds:
            r = client.post(
                "/api/ingest", files={"file": (f.name, f.read_bytes(), "text/plain")}, headers={"X-API-Key": KEY}
            )
            assert r.status_code == 200, r.text
            keys[f.name] = r.json()["key"]
        for case in expectations():
            doc = client.get(f"/api/documents/{keys[case['seed']]}").json()
            for task in doc["tasks"]:
                reached = set(client.get("/api/lineage", params={"ref": task["key"]}).json()["reached"])
                assert set(case["reaches"]) <= reached and not set(case["not_reaches"]) & reached
        assert client.get("/api/documents/39/KH-UBND").json()["key"] == keys[LINEAGE["same_as"][0]["draft"]]
        home = client.get("/")
        assert home.status_code == 200 and "Truy vết chính sách" in home.text
