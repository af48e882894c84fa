"""The embedded engine: FalkorDB over a unix socket in the data folder."""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lineage.errors import EngineError, EngineUnavailable, WriteError
from lineage.graph.dialect import Dialect, index_statements
from lineage.graph.falkordb_server import FalkorDBServer
from lineage.graph.schema import GraphBatch, Label
from lineage.graph.store import Row
from lineage.graph.writes import write_query


class FalkorDBStore:
    """A GraphStore on one named graph of an embedded FalkorDB server."""

    dialect = Dialect.FALKORDB

    def __init__(self, socket: Path, *, graph: str) -> None:
        import redis
        from falkordb import FalkorDB

        self._errors: tuple[type[Exception], ...] = (redis.ConnectionError, redis.TimeoutError, OSError)
        self._response_error = redis.ResponseError
        self.socket = socket
        self.graph_name = graph
        try:
            self._db = FalkorDB(unix_socket_path=str(socket))
        except self._errors as exc:
            raise EngineUnavailable(f"FalkorDB at {socket} is not reachable: {exc}") from exc
        self._graph = self._db.select_graph(graph)

    @classmethod
    def open(cls, data_dir: Path, *, graph: str, port: int = 0, start: bool = True) -> FalkorDBStore:
        """Connect to the server of `data_dir`, starting it first when `start` and none runs."""
        server = FalkorDBServer(data_dir, port=port)
        if start:
            server.start()
        elif not server.ping():
            raise EngineUnavailable(f"no FalkorDB server runs in {server.data_dir} (start it with `lineage serve`)")
        return cls(server.socket, graph=graph)

    def write(self, batch: GraphBatch) -> None:
        query, params = write_query(batch)
        try:
            self._graph.query(query, params)
        except self._errors as exc:
            raise EngineUnavailable(f"FalkorDB at {self.socket} is not reachable: {exc}") from exc
        except self._response_error as exc:
            raise WriteError(f"FalkorDB refused the write, nothing was kept: {exc}") from exc

    def write_many(self, batches: Iterable[GraphBatch]) -> int:
        """Write batches in order, each in its own transaction, building the next query text
        (parameters serialized in Python) while the engine runs the current one; returns
        the number of batches. Bulk loads spend about a third of their time building."""
        texts: queue.Queue[str | None] = queue.Queue(maxsize=2)
        failure: list[BaseException] = []

        def build() -> None:
            try:
                for batch in batches:
                    query, params = write_query(batch)
                    # The client's own serialization of $parameters, done here ahead of time.
                    texts.put(self._graph._build_params_header(params) + query)
            except BaseException as exc:  # handed to the writing thread below
                failure.append(exc)
            finally:
                texts.put(None)

        builder = threading.Thread(target=build, daemon=True)
        builder.start()
        written = 0
        try:
            while (text := texts.get()) is not None:
                self._graph.query(text)
                written += 1
        except self._errors as exc:
            raise EngineUnavailable(f"FalkorDB at {self.socket} is not reachable: {exc}") from exc
        except self._response_error as exc:
            raise WriteError(f"FalkorDB refused batch {written + 1}; earlier batches are kept: {exc}") from exc
        finally:
            builder.join(timeout=1)
        if failure:
            raise failure[0]
        return written

    def read(self, query: str, params: dict[str, Any] | None = None) -> list[Row]:
        try:
            result = self._graph.ro_query(query, params)
        except self._errors as exc:
            raise EngineUnavailable(f"FalkorDB at {self.socket} is not reachable: {exc}") from exc
        except self._response_error as exc:
            raise EngineError(f"FalkorDB query failed: {exc}") from exc
        # Maps come back as OrderedDicts, which are dicts: no copy into plain ones (a
        # recursive copy of every value was a fifth of a lineage query's time).
        names = [h[1] for h in result.header]
        return [dict(zip(names, row, strict=True)) for row in result.result_set]

    def ensure_schema(self) -> None:
        try:
            existing = {(str(r[0]), str(a)) for r in self._graph.list_indices().result_set for a in r[1]}
        except self._response_error:
            existing = set()  # a graph that does not exist yet has no indexes
        except self._errors as exc:
            raise EngineUnavailable(f"FalkorDB at {self.socket} is not reachable: {exc}") from exc
        for statement in index_statements(self.dialect):
            label, prop = _index_target(statement)
            if (label, prop) in existing:
                continue
            try:
                self._graph.query(statement)
            except self._response_error as exc:
                if "already indexed" not in str(exc):
                    raise EngineError(f"could not create index ({statement}): {exc}") from exc
        for label in Label:
            try:
                self._graph.create_node_unique_constraint(label.value, "key")
            except self._response_error as exc:
                if "already exists" not in str(exc).lower():
                    raise EngineError(f"could not create unique constraint on {label.value}.key: {exc}") from exc

    def clear(self) -> None:
        try:
            self._graph.query("MATCH (n) DETACH DELETE n")
        except self._response_error as exc:
            raise EngineError(f"could not clear graph {self.graph_name}: {exc}") from exc

    def drop(self) -> None:
        """Delete the whole named graph, indexes included (tests use one graph each)."""
        with contextlib.suppress(self._response_error):
            self._graph.delete()

    def close(self) -> None:
        self._db.connection.close()


def _index_target(statement: str) -> tuple[str, str]:
    """(label or type, property) of an index statement made by `index_statements`."""
    inside = statement.split("FOR", 1)[1]
    label = inside.split(":", 1)[1].split(")", 1)[0].split("]", 1)[0].strip()
    prop = statement.rsplit(".", 1)[1].rstrip(")")
    return label, prop
