"""neomodel classes for Neo4j, derived from `graph.schema` (never written by hand),
so the constraints Neo4j enforces are the schema's: a unique `key` on every label
and an index on each property the schema indexes."""

from __future__ import annotations

from functools import cache
from typing import Any

from lineage.graph.schema import NODE_INDEXES, Label


@cache
def node_classes() -> dict[Label, type[Any]]:
    from neomodel import StringProperty, StructuredNode

    classes: dict[Label, type[Any]] = {}
    for label in Label:
        attrs: dict[str, Any] = {"__label__": label.value, "key": StringProperty(unique_index=True, required=True)}
        for prop in NODE_INDEXES.get(label, ()):
            attrs[prop] = StringProperty(index=True)
        classes[label] = type(f"Neo4j{label.value}", (StructuredNode,), attrs)
    return classes


def install(driver: Any, *, database: str) -> None:
    """Install the classes' constraints and indexes on the driver's database."""
    from neomodel import db, get_config

    get_config().database_name = database
    db.set_connection(driver=driver)
    for cls in node_classes().values():
        db.install_labels(cls)
