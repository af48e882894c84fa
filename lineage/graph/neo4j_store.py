"""Neo4j at scale (server, cluster or Aura), through the `neo4j` driver; neomodel
installs the constraints and indexes its classes (derived from the schema) declare."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lineage.errors import EngineError, EngineUnavailable, WriteError
from lineage.graph.dialect import Dialect, index_statements
from lineage.graph.schema import GraphBatch
from lineage.graph.store import Row
from lineage.graph.writes import write_query

META_UNIQUE = "CREATE CONSTRAINT meta_key IF NOT EXISTS FOR (m:Meta) REQUIRE m.key IS UNIQUE"


class Neo4jStore:
    """A GraphStore on a Neo4j database."""

    dialect = Dialect.NEO4J

    def __init__(self, driver: Any, *, database: str) -> None:
        self._driver = driver
        self.database = database

    @classmethod
    def connect(cls, uri: str, *, user: str, password: str, database: str) -> Neo4jStore:
        import neo4j

        try:
            driver = neo4j.GraphDatabase.driver(uri, auth=(user, password))
        except (neo4j.exceptions.ConfigurationError, ValueError) as exc:  # "localhost:7687": no scheme
            raise EngineError(
                f"LINEAGE_NEO4J_URI {uri!r} is not a Neo4j address (bolt://, neo4j://, neo4j+s://): {exc}"
            ) from exc
        try:
            driver.verify_connectivity()
        except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.AuthError, OSError) as exc:
            driver.close()
            raise EngineUnavailable(f"Neo4j at {uri} is not reachable: {exc}") from exc
        return cls(driver, database=database)

    def server_agent(self) -> str:
        """What the server says it is ("Neo4j/5.13.0"), asked over the connection."""
        import neo4j

        try:
            return str(self._driver.get_server_info().agent)
        except (neo4j.exceptions.ServiceUnavailable, OSError) as exc:
            raise EngineUnavailable(f"Neo4j is not reachable: {exc}") from exc

    def write(self, batch: GraphBatch) -> None:
        import neo4j

        query, params = write_query(batch)
        try:
            with self._driver.session(database=self.database) as session:
                session.execute_write(lambda tx: tx.run(query, params).consume())
        except neo4j.exceptions.ServiceUnavailable as exc:
            raise EngineUnavailable(f"Neo4j is not reachable: {exc}") from exc
        except neo4j.exceptions.Neo4jError as exc:
            raise WriteError(f"Neo4j refused the write, nothing was kept: {exc}") from exc

    def write_many(self, batches: Iterable[GraphBatch]) -> int:
        written = 0
        for batch in batches:
            self.write(batch)
            written += 1
        return written

    def read(self, query: str, params: dict[str, Any] | None = None) -> list[Row]:
        import neo4j

        try:
            with self._driver.session(database=self.database) as session:
                rows: list[Row] = session.execute_read(lambda tx: [r.data() for r in tx.run(query, params or {})])
                return rows
        except neo4j.exceptions.ServiceUnavailable as exc:
            raise EngineUnavailable(f"Neo4j is not reachable: {exc}") from exc
        except neo4j.exceptions.Neo4jError as exc:
            raise EngineError(f"Neo4j query failed: {exc}") from exc

    def ensure_schema(self) -> None:
        from lineage.graph.neo4j_models import install

        install(self._driver, database=self.database)
        with self._driver.session(database=self.database) as session:
            for statement in index_statements(self.dialect):
                session.run(statement).consume()
            # The graph's stamp (writes.BUMP): one node, even when two first writes race to MERGE it.
            # FalkorDB runs writes one at a time and needs no such rule.
            session.run(META_UNIQUE).consume()

    def clear(self) -> None:
        with self._driver.session(database=self.database) as session:
            session.run("MATCH (n) DETACH DELETE n").consume()

    def close(self) -> None:
        self._driver.close()
