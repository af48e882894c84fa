"""One schema of record: the Neo4j classes and the FalkorDB indexes both come from graph/schema.py."""

from __future__ import annotations

from lineage.graph.dialect import Dialect, index_statements
from lineage.graph.neo4j_models import node_classes
from lineage.graph.schema import NODE_INDEXES, SOURCE_INDEXED, Label


def test_neomodel_classes_match_the_schema() -> None:
    classes = node_classes()
    assert set(classes) == set(Label)
    for label, cls in classes.items():
        assert cls.__label__ == label.value
        props = dict(cls.defined_properties(aliases=False, rels=False))
        assert props["key"].unique_index
        for name in NODE_INDEXES[label]:
            assert props[name].index, (label, name)


def test_falkordb_indexes_cover_every_key_and_indexed_property() -> None:
    statements = index_statements(Dialect.FALKORDB)
    for label in Label:
        for prop in ("key", *NODE_INDEXES[label]):
            assert f"CREATE INDEX FOR (n:{label.value}) ON (n.{prop})" in statements
    for rel in SOURCE_INDEXED:
        assert f"CREATE INDEX FOR ()-[r:{rel.value}]-() ON (r.source)" in statements


def test_neo4j_node_indexes_come_from_neomodel_only() -> None:
    # neomodel installs the classes' unique constraints and indexes; a second, differently
    # named index on the same property would be refused by Neo4j.
    assert all(s.startswith("CREATE INDEX") and "()-[r:" in s for s in index_statements(Dialect.NEO4J))


def test_neo4j_statements_are_guarded() -> None:
    assert all("IF NOT EXISTS" in s for s in index_statements(Dialect.NEO4J))
