"""Where the two engines' Cypher differs, named and kept in one place.

Measured differences that matter here:
- schema: FalkorDB creates unique constraints with its own GRAPH.CONSTRAINT
  command (on top of an exact-match index) and has no `IF NOT EXISTS`; Neo4j
  uses CREATE CONSTRAINT / CREATE INDEX ... IF NOT EXISTS (neomodel installs them);
- FalkorDB has no `EXISTS { }` subqueries (pattern predicates work) and allows
  `shortestPath` only in WITH/RETURN: the queries here use neither;
- variable-length walks: FalkorDB enumerates paths, so descendants are walked
  level by level (one query per level, visited set in Python) on both engines;
- parameters: the FalkorDB client writes them into the query text (a CYPHER header), where a NUL
  character ends the query; text has its control characters removed before it reaches a store
  (`normalize.clean_chars`, for documents and for what the API is asked).
Everything else (UNWIND-batched MERGE, OPTIONAL MATCH, collect(DISTINCT), list
comprehensions) is one text for both.
"""

from __future__ import annotations

from enum import StrEnum

from lineage.graph.schema import EDGE_SOURCE, NODE_INDEXES, SOURCE_INDEXED, Label


class Dialect(StrEnum):
    FALKORDB = "falkordb"
    NEO4J = "neo4j"


def index_statements(dialect: Dialect) -> list[str]:
    """Index DDL for the schema's node keys, indexed properties and edge sources."""
    guard = " IF NOT EXISTS" if dialect is Dialect.NEO4J else ""
    out = []
    if dialect is Dialect.FALKORDB:  # on Neo4j, neomodel installs node constraints and indexes
        for label in Label:
            for prop in ("key", *NODE_INDEXES.get(label, ())):
                out.append(f"CREATE INDEX FOR (n:{label.value}) ON (n.{prop})")
    for rel in SOURCE_INDEXED:
        name = f" idx_{rel.value.lower()}_{EDGE_SOURCE}" if dialect is Dialect.NEO4J else ""
        out.append(f"CREATE INDEX{name}{guard} FOR ()-[r:{rel.value}]-() ON (r.{EDGE_SOURCE})")
    return out
