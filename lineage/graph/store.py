"""The one seam between the project and a graph engine.

Everything above `graph/` talks to a `GraphStore`; the engines (`falkordb_store`,
`neo4j_store`) implement it and nothing depends the other way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol

from lineage.graph.dialect import Dialect
from lineage.graph.schema import GraphBatch

if TYPE_CHECKING:
    from lineage.settings import Settings

Row = dict[str, Any]


class GraphStore(Protocol):
    """A graph engine, as the rest of the project sees it."""

    dialect: Dialect

    def write(self, batch: GraphBatch) -> None:
        """Write a batch in one transaction: all of it, or none of it and a WriteError."""

    def write_many(self, batches: Iterable[GraphBatch]) -> int:
        """Write batches in order, each in its own transaction (bulk loads); returns how many."""

    def read(self, query: str, params: dict[str, Any] | None = None) -> list[Row]:
        """Run a read-only query; rows as dicts keyed by the RETURN names."""

    def ensure_schema(self) -> None:
        """Create the indexes and unique constraints of `graph.schema`, idempotently."""

    def clear(self) -> None:
        """Delete every node and edge of this graph."""

    def close(self) -> None: ...


def open_store(settings: Settings, *, start: bool = True) -> GraphStore:
    """The engine the settings select: Neo4j when a URI is set, else embedded FalkorDB
    (started in the data folder unless one already runs there)."""
    if settings.neo4j_uri:
        from lineage.graph.neo4j_store import Neo4jStore

        store: GraphStore = Neo4jStore.connect(
            settings.neo4j_uri,
            user=settings.neo4j_user,
            password=settings.neo4j_password.get_secret_value(),
            database=settings.neo4j_database,
        )
    else:
        from lineage.graph.falkordb_store import FalkorDBStore

        store = FalkorDBStore.open(settings.data_dir, graph=settings.graph_name, port=settings.engine_port, start=start)
    store.ensure_schema()
    return store


def counts(store: GraphStore) -> tuple[int, int]:
    """(nodes, edges) of the whole graph (its stamp, the Meta node, is not of it)."""
    n = store.read("MATCH (n) WHERE NOT n:Meta RETURN count(n) AS c")[0]["c"]
    e = store.read("MATCH ()-[r]->() RETURN count(r) AS c")[0]["c"]
    return int(n), int(e)
