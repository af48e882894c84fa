"""neomodel classes for Neo4j, derived from `graph.schema` (never written by hand),
so the constraints Neo4j enforces are the schema's: a unique `key` on every label
and an index on each property the schema indexes."""

from __future__ import annotations

import io
import logging
from functools import cache
from typing import Any

from lineage.graph.schema import NODE_INDEXES, Label

log = logging.getLogger("lineage.engine")


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
    """Install the classes' constraints and indexes on the driver's database.

    Idempotent: a rule that exists already is left as it is. neomodel (7.0) writes the server's
    "EquivalentSchemaRuleAlreadyExists" for each one to sys.stdout even when quiet, which broke
    `--json` output; what it writes goes to the debug log instead."""
    from neomodel import db, get_config

    get_config().database_name = database
    db.set_connection(driver=driver)
    said = io.StringIO()
    for cls in node_classes().values():
        db.install_labels(cls, quiet=True, stdout=said)
    if said.getvalue():
        log.debug("neomodel, installing the schema: %s", said.getvalue().strip())
