"""Shared fixtures: a real embedded engine for the session, a fresh graph per test,
and the same store contract on Neo4j when LINEAGE_NEO4J_URI is set."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from lineage.graph.falkordb_server import FalkorDBServer
from lineage.graph.falkordb_store import FalkorDBStore
from lineage.graph.store import GraphStore
from lineage.loaders.units import UnitTable

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTIFACTS = ROOT / "test-artifacts"


def short_tmp(prefix: str) -> Path:
    """A short temporary folder: unix socket paths must stay under ~100 characters."""
    return Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))


@pytest.fixture(scope="session", autouse=True)
def _a_data_folder_of_their_own() -> Iterator[None]:
    """Settings made in tests write (the audit log, ...) into a folder of the session, never the
    project's ./data, which the server uses."""
    folder = short_tmp("lin-d-")
    os.environ["LINEAGE_DATA_DIR"] = str(folder)
    yield
    os.environ.pop("LINEAGE_DATA_DIR", None)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def data_folder() -> Iterator[Path]:
    """A data folder of the test's own (short: the engine's socket lives in it); an engine started
    there is stopped and the folder removed afterwards."""
    folder = short_tmp("lin-t-")
    yield folder
    FalkorDBServer(folder).stop()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def units() -> UnitTable:
    return UnitTable.load()


@pytest.fixture(scope="session")
def engine_dir() -> Iterator[Path]:
    """One embedded FalkorDB for the session, in its own data folder."""
    folder = short_tmp("lin-")
    server = FalkorDBServer(folder)
    server.start()
    yield folder
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def falkordb_store(engine_dir: Path) -> Iterator[FalkorDBStore]:
    """A fresh, empty graph of its own for each test, dropped afterwards."""
    store = FalkorDBStore.open(engine_dir, graph=f"t_{uuid.uuid4().hex[:10]}")
    store.ensure_schema()
    yield store
    store.drop()
    store.close()


def _neo4j_connect() -> GraphStore:
    from lineage.graph.neo4j_store import Neo4jStore

    return Neo4jStore.connect(
        os.environ["LINEAGE_NEO4J_URI"],
        user=os.environ.get("LINEAGE_NEO4J_USER", "neo4j"),
        password=os.environ.get("LINEAGE_NEO4J_PASSWORD", ""),
        database=os.environ.get("LINEAGE_NEO4J_DATABASE", "neo4j"),
    )


def _neo4j_store() -> GraphStore:
    store = _neo4j_connect()
    if store.read("MATCH (n) RETURN count(n) AS c")[0]["c"]:
        store.close()
        pytest.fail("refusing to run the contract tests on a Neo4j database that holds data: give an empty one")
    store.ensure_schema()
    return store


@pytest.fixture(params=["falkordb", "neo4j"])
def store(request: pytest.FixtureRequest, engine_dir: Path) -> Iterator[GraphStore]:
    """A fresh graph on every engine: FalkorDB always, Neo4j when configured (the store contract, the
    queries, the API and a dump's round trip use it)."""
    if request.param == "neo4j":
        if not os.environ.get("LINEAGE_NEO4J_URI"):
            pytest.skip(NEO4J_SKIP)
        neo = _neo4j_store()
        yield neo
        neo.clear()
        neo.close()
        return
    fs = FalkorDBStore.open(engine_dir, graph=f"t_{uuid.uuid4().hex[:10]}")
    fs.ensure_schema()
    yield fs
    fs.drop()
    fs.close()


NEO4J_SKIP = "on Neo4j too when LINEAGE_NEO4J_URI (and _USER, _PASSWORD) names an empty Neo4j 5 database: not set"


@pytest.fixture(params=["falkordb", "neo4j"])
def cli_engine(request: pytest.FixtureRequest, data_folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The `lineage` command on every engine, through its settings as a user sets them: the embedded
    one in a data folder of its own, and Neo4j when configured (an empty database, emptied after)."""
    monkeypatch.setenv("LINEAGE_DATA_DIR", str(data_folder))
    if request.param == "falkordb":
        monkeypatch.delenv("LINEAGE_NEO4J_URI", raising=False)
        yield "falkordb"
        return
    if not os.environ.get("LINEAGE_NEO4J_URI"):
        pytest.skip(NEO4J_SKIP)
    _neo4j_store().close()  # refuses a database that holds data
    yield "neo4j"
    neo = _neo4j_connect()
    neo.clear()
    neo.close()


@pytest.fixture(scope="session")
def seeds() -> list[Path]:
    files = sorted(SEEDS.glob("*.txt"))
    if not files:
        pytest.skip(f"seed documents not found in {SEEDS}")
    return files
