"""A synthetic national-scale policy graph: the centre, ministries and 63 provinces.

Shape, per province: a Party plan and a people's committee plan under each
central root, follow-up letters and decisions under them, each with tasks
assigned to the province's departments and communes. About 16,000 nodes per
province, so ~1M nodes nationally at scale 1.0. Written through the same
GraphStore.write path as ingest (UNWIND-batched MERGE).
"""

from __future__ import annotations

import random
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from lineage.graph.falkordb_server import FalkorDBServer
from lineage.graph.falkordb_store import FalkorDBStore
from lineage.graph.schema import GraphBatch, Label, Rel
from lineage.graph.store import GraphStore, counts
from lineage.settings import Settings

ROOTS = ["59-NQ/TW", "56-CT/TW", "57-NQ/TW", "66-NQ/TW", "68-NQ/TW"]
DEPARTMENTS = [
    "Sở Ngoại vụ",
    "Sở Tài chính",
    "Sở Tư pháp",
    "Sở Công Thương",
    "Sở Xây dựng",
    "Sở Nội vụ",
    "Sở Y tế",
    "Sở Khoa học và Công nghệ",
    "Sở Nông nghiệp và Môi trường",
    "Sở Giáo dục và Đào tạo",
    "Công an tỉnh",
    "Bộ Chỉ huy Quân sự tỉnh",
    "Văn phòng UBND tỉnh",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Thanh tra tỉnh",
]


@dataclass
class Plan:
    """How big the graph is: provinces and, per province, documents and tasks."""

    provinces: int = 63
    communes: int = 100
    letters_per_root: int = 450
    tasks_per_doc: int = 6
    letter_depth: int = 4  # letters answering letters, at most this deep under the plan
    seed: int = 7
    doc_keys: list[str] = field(default_factory=list)
    task_keys: list[str] = field(default_factory=list)

    @classmethod
    def scaled(cls, scale: float) -> Plan:
        """Fewer provinces, each of the same shape: scale 1.0 is the whole country."""
        return cls(provinces=max(1, round(63 * min(scale, 1.0))))


def _doc(batch: GraphBatch, key: str, code: str, kind: str, scope: str, level: str) -> None:
    batch.node(
        Label.DOCUMENT,
        key,
        {
            "code": code,
            "code_key": code,
            "kind": kind,
            "scope": scope,
            "level": level,
            "stub": False,
            "draft": False,
            "year": "2026",
            "search": code.lower(),
            "province": None if scope == "vn" else f"Tỉnh {scope}",
        },
    )


def batches(plan: Plan, *, rows: int = 50_000) -> Iterator[GraphBatch]:
    """The graph as a stream of batches of about `rows` nodes+edges each."""
    rnd = random.Random(plan.seed)
    batch = GraphBatch()
    size = 0

    def flush() -> Iterator[GraphBatch]:
        nonlocal batch, size
        if size:
            yield batch
        batch, size = GraphBatch(), 0

    for code in ROOTS:
        _doc(batch, f"doc:{code}@vn:2025", code, "politburo_resolution", "vn", "party_centre")
        plan.doc_keys.append(f"doc:{code}@vn:2025")
        size += 1
    for i, code in enumerate(ROOTS):
        gov = f"doc:{100 + i}/NQ-CP@vn:2025"
        _doc(batch, gov, f"{100 + i}/NQ-CP", "government_resolution", "vn", "government")
        batch.edge(
            Rel.IMPLEMENTS,
            (Label.DOCUMENT, gov),
            (Label.DOCUMENT, f"doc:{code}@vn:2025"),
            source=gov,
            sentence=f"Chương trình hành động thực hiện Nghị quyết số {code}",
            confidence=0.9,
        )
        size += 2
    yield from flush()
    for p in range(plan.provinces):
        scope = f"p{p:02d}"
        units = [f"u:{d}@{scope}" for d in DEPARTMENTS] + [f"u:xa{c}@{scope}" for c in range(plan.communes)]
        for u in units:
            name = u.split(":", 1)[1].split("@")[0]
            batch.node(Label.UNIT, u, {"name": name, "level": "department", "province": f"Tỉnh {scope}"})
        size += len(units)
        for r, code in enumerate(ROOTS):
            party = f"doc:{10 + r}-KH/TU@{scope}:2026"
            local = f"doc:{20 + r}/KH-UBND@{scope}:2026"
            _doc(batch, party, f"{10 + r}-KH/TU", "party_plan", scope, "province")
            _doc(batch, local, f"{20 + r}/KH-UBND", "provincial_plan", scope, "province")
            batch.edge(
                Rel.IMPLEMENTS,
                (Label.DOCUMENT, party),
                (Label.DOCUMENT, f"doc:{code}@vn:2025"),
                source=party,
                sentence="Kế hoạch thực hiện",
                confidence=0.9,
            )
            batch.edge(
                Rel.IMPLEMENTS,
                (Label.DOCUMENT, local),
                (Label.DOCUMENT, party),
                source=local,
                sentence="Thực hiện Kế hoạch",
                confidence=0.9,
            )
            batch.edge(
                Rel.BASED_ON,
                (Label.DOCUMENT, local),
                (Label.DOCUMENT, f"doc:{100 + r}/NQ-CP@vn:2025"),
                source=local,
                sentence="Căn cứ Nghị quyết",
                confidence=0.95,
            )
            size += 5
            # (key, depth under the plan): a task is then 3 to letter_depth + 3 hops below its root,
            # within the default depth limit of lineage, as real follow-up letters are.
            parents = [(local, 0)]
            for n in range(plan.letters_per_root):
                letter = f"doc:{1000 + r * 1000 + n}/UBND-TH@{scope}:2026"
                _doc(batch, letter, letter[4:].split("@")[0], "letter", scope, "province")
                parent, depth = rnd.choice(parents)
                rel = Rel.IMPLEMENTS if rnd.random() < 0.7 else Rel.CITES
                batch.edge(
                    rel,
                    (Label.DOCUMENT, letter),
                    (Label.DOCUMENT, parent),
                    source=letter,
                    sentence="Thực hiện văn bản",
                    confidence=0.9 if rel is Rel.IMPLEMENTS else 0.5,
                )
                size += 2
                plan.doc_keys.append(letter)
                if depth + 1 < plan.letter_depth and rnd.random() < 0.3:
                    parents.append((letter, depth + 1))
                for t in range(plan.tasks_per_doc):
                    task = f"{letter}#{t + 1}"
                    plan.task_keys.append(task)
                    batch.node(Label.TASK, task, {"ref": str(t + 1), "doc_key": letter, "summary": "Nhiệm vụ"})
                    batch.edge(Rel.PART_OF, (Label.TASK, task), (Label.DOCUMENT, letter), source=letter)
                    batch.edge(
                        Rel.ASSIGNED_TO,
                        (Label.TASK, task),
                        (Label.UNIT, rnd.choice(units[:15])),
                        source=letter,
                        role="lead",
                        sentence="Giao ... chủ trì",
                    )
                    batch.edge(
                        Rel.ASSIGNED_TO,
                        (Label.TASK, task),
                        (Label.UNIT, rnd.choice(units)),
                        source=letter,
                        role="support",
                        sentence="phối hợp",
                    )
                    size += 4
                if size >= rows:
                    yield from flush()
        yield from flush()


@contextmanager
def engine(graph: str = "national") -> Iterator[FalkorDBStore]:
    """A fresh embedded engine in a temporary folder, stopped and removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="lin-b-", dir="/tmp"))
    server = FalkorDBServer(folder)
    server.start()
    try:
        store = FalkorDBStore.open(folder, graph=graph)
        store.ensure_schema()
        yield store
        store.close()
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def neo4j_engine(settings: Settings) -> Iterator[GraphStore]:
    """The Neo4j database the settings name, which must be empty; emptied again afterwards."""
    from lineage.graph.neo4j_store import Neo4jStore

    store = Neo4jStore.connect(
        settings.neo4j_uri or "",
        user=settings.neo4j_user,
        password=settings.neo4j_password.get_secret_value(),
        database=settings.neo4j_database,
    )
    try:
        if any(counts(store)):
            raise SystemExit(
                f"the Neo4j database {settings.neo4j_database!r} holds data: give the benchmark an empty one"
            )
        store.ensure_schema()
        yield store
        store.clear()
    finally:
        store.close()


def engines(settings: Settings) -> Iterator[tuple[str, AbstractContextManager[GraphStore]]]:
    """Every engine the benchmarks can run on here: the embedded one always, Neo4j when the settings
    name one (said when they do not)."""
    yield "FalkorDB (embedded)", engine()
    if settings.neo4j_uri:
        yield f"Neo4j ({settings.neo4j_uri})", neo4j_engine(settings)
    else:
        print("Neo4j: skipped, LINEAGE_NEO4J_URI (and _USER, _PASSWORD) of an empty Neo4j 5 database is not set")
