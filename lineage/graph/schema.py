"""The schema of record: node labels, relationship types, keys and indexes.

No database import here. The engines adapt to this module: FalkorDB creates its
indexes and constraints from it, the Neo4j engine derives its neomodel classes
from it. Labels and types reach Cypher only through these enums.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from lineage.extraction import Relation


class Label(StrEnum):
    DOCUMENT = "Document"
    TASK = "Task"
    UNIT = "Unit"
    PARTNER = "Partner"
    PERSON = "Person"


class Rel(StrEnum):
    IMPLEMENTS = "IMPLEMENTS"
    BASED_ON = "BASED_ON"
    CITES = "CITES"
    PROPOSED_BY = "PROPOSED_BY"
    AMENDS = "AMENDS"
    REPLACES = "REPLACES"
    ISSUED_BY = "ISSUED_BY"
    SIGNED_BY = "SIGNED_BY"
    ADDRESSED_TO = "ADDRESSED_TO"
    COPIED_TO = "COPIED_TO"
    PART_OF = "PART_OF"
    ASSIGNED_TO = "ASSIGNED_TO"
    INVOLVES = "INVOLVES"


RELATION_TYPES: dict[Relation, Rel] = {
    Relation.IMPLEMENTS: Rel.IMPLEMENTS,
    Relation.BASED_ON: Rel.BASED_ON,
    Relation.CITES: Rel.CITES,
    Relation.PROPOSED_BY: Rel.PROPOSED_BY,
    Relation.AMENDS: Rel.AMENDS,
    Relation.REPLACES: Rel.REPLACES,
}


class DocKind(StrEnum):
    """Kinds of document, by issuer and type (Document.kind)."""

    POLITBURO_RESOLUTION = "politburo_resolution"  # Nghị quyết của Bộ Chính trị (59-NQ/TW)
    CENTRAL_RESOLUTION = "central_resolution"  # Nghị quyết Hội nghị Trung ương
    SECRETARIAT_DIRECTIVE = "secretariat_directive"  # Chỉ thị của Ban Bí thư (56-CT/TW)
    PARTY_CONCLUSION = "party_conclusion"  # Kết luận (KL/TW)
    NATIONAL_ASSEMBLY_RESOLUTION = "national_assembly_resolution"  # 250/2025/QH15
    LAW = "law"
    GOVERNMENT_RESOLUTION = "government_resolution"  # 153/NQ-CP
    DECREE = "decree"  # Nghị định
    PRIME_MINISTER_DIRECTIVE = "prime_minister_directive"  # CT-TTg
    NOTICE = "notice"  # Thông báo (56/TB-VPCP)
    PARTY_PLAN = "party_plan"  # 111-KH/TU
    PROVINCIAL_PLAN = "provincial_plan"  # 39/KH-UBND
    PROGRAMME = "programme"  # Chương trình
    DECISION = "decision"  # Quyết định
    LETTER = "letter"  # Công văn / Văn bản
    REPORT = "report"
    OTHER = "other"


class UnitLevel(StrEnum):
    """Administrative rank, top to bottom: the rows of a lineage page."""

    PARTY_CENTRE = "party_centre"
    NATIONAL_ASSEMBLY = "national_assembly"
    GOVERNMENT = "government"
    MINISTRY = "ministry"
    PROVINCE = "province"
    DEPARTMENT = "department"
    COMMUNE = "commune"
    COLLECTIVE = "collective"
    FOREIGN = "foreign"


LEVEL_RANK: dict[str, int] = {level.value: i for i, level in enumerate(UnitLevel)}

# Every node has a unique `key`; these extra properties are indexed for lookups.
NODE_INDEXES: dict[Label, tuple[str, ...]] = {
    # text_sha256 and source_file: every ingest asks whether a text or a file is known already.
    Label.DOCUMENT: ("code_key", "scope", "symbol_key", "text_sha256", "source_file"),
    Label.TASK: ("doc_key",),
    Label.UNIT: ("name",),
    Label.PARTNER: ("name",),
    Label.PERSON: ("name",),
}
# Every edge records the document whose text states it; re-ingest deletes by it. Edges
# stated between two other documents (chains) are found through an index on `source`;
# the rest hang off the stating document or its tasks, so they need none.
EDGE_SOURCE = "source"
SOURCE_INDEXED: tuple[Rel, ...] = (Rel.IMPLEMENTS,)


@dataclass
class NodeRow:
    key: str
    props: dict[str, Any]


@dataclass
class EdgeRow:
    src: str
    dst: str
    source: str
    role: str = ""
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
class GraphBatch:
    """Nodes and edges to write in one transaction.

    `replace` names documents whose earlier facts (edges they state, their tasks)
    are removed in the same transaction, so a changed file leaves nothing stale.
    `documents` are those whose own text is written: their properties are replaced.
    `stubs` are documents only mentioned: created when missing, never overwritten.
    `vacate` names documents whose text is no longer theirs (deleted, or read as another
    document): they become stubs that keep only their number, and go when nothing touches them.
    """

    nodes: dict[Label, list[NodeRow]] = field(default_factory=dict)
    documents: list[NodeRow] = field(default_factory=list)
    stubs: list[NodeRow] = field(default_factory=list)
    edges: dict[tuple[Rel, Label, Label], list[EdgeRow]] = field(default_factory=dict)
    replace: list[str] = field(default_factory=list)
    vacate: list[str] = field(default_factory=list)

    def node(self, label: Label, key: str, props: dict[str, Any]) -> None:
        rows = self.nodes.setdefault(label, [])
        rows.append(NodeRow(key, {"key": key, **props}))

    def edge(
        self, rel: Rel, src: tuple[Label, str], dst: tuple[Label, str], *, source: str, role: str = "", **props: Any
    ) -> None:
        self.edges.setdefault((rel, src[0], dst[0]), []).append(EdgeRow(src[1], dst[1], source, role, props))

    def size(self) -> tuple[int, int]:
        nodes = sum(len(v) for v in self.nodes.values()) + len(self.documents) + len(self.stubs)
        return nodes, sum(len(v) for v in self.edges.values())
