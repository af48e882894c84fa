"""The graph's skeleton held in the process, for impact: what lies below a document, and the totals
of its tasks and units, at the speed of a walk over a Python dict.

Impact at national scale reaches tens of thousands of documents. Asking the engine for them level by
level and for their totals costs seconds (round trips, and the client parsing every row); a walk
over integer arrays costs milliseconds. So the skeleton keeps, by document number: its key, code,
province and task count, its assignments folded four ways (a unit once per task it has a part in;
each unit once; each unit and role once; each province-role group once per task), and the edges
between documents, ranked once by `walk.strongest_first`. Evidence and document details are still
read from the engine, for the one page of items shown.

It is used only as the graph's current state. Every write bumps a stamp on the graph's `Meta` node
and notes the documents it touches (writes.py), in its own transaction; a skeleton behind the stamp
reads again only those documents (the whole graph when it is too far behind, or the graph was
cleared). The stamp is in the graph, so writes from another process (a CLI ingest beside the server)
are seen too. A skeleton is never changed once handed out: catching up makes a new one.
"""

from __future__ import annotations

import copy
import gc
import threading
import weakref
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from lineage.graph.schema import Rel
from lineage.graph.store import GraphStore, Row
from lineage.graph.writes import KEPT_CHANGES
from lineage.queries.models import Hop
from lineage.queries.walk import edge_order

STAMP = "MATCH (m:Meta {key: 'meta:stamp'}) RETURN m.epoch AS epoch, m.version AS version"
CHANGES = (
    "MATCH (c:Meta) WHERE c.key STARTS WITH 'meta:change:' AND c.version > $since "
    "RETURN c.version AS version, c.docs AS docs"
)
_DOC = "d.key AS key, d.code AS code, d.province AS province"
_EDGE = "a.key AS src, b.key AS dst, type(r) AS rel, r.source AS source, r.start AS start, r.confidence AS confidence"
_RELS = "IMPLEMENTS|BASED_ON|AMENDS|REPLACES|CITES"
_ASSIGNED = "t.doc_key AS doc, t.key AS task, u.key AS unit, u.name AS name, u.province AS province, r.role AS role"
# The whole graph.
ALL_DOCS = f"MATCH (d:Document) RETURN {_DOC}"
ALL_EDGES = f"MATCH (a:Document)-[r:{_RELS}]->(b:Document) RETURN {_EDGE}"
ALL_TASKS = "MATCH (t:Task) RETURN t.doc_key AS doc, count(t) AS tasks"
ALL_ASSIGNED = f"MATCH (t:Task)-[r:ASSIGNED_TO]->(u:Unit) RETURN {_ASSIGNED}"
# Every unit, read again on catching up: a unit's name is the one its last writer gave it, whatever
# that document said of it (an addressee, a copy), so any write may change it.
ALL_UNITS = "MATCH (u:Unit) RETURN u.key AS key, u.name AS name, u.province AS province"
# Some documents: theirs, and the edges they state (off their own node, or chains between others).
DOCS = f"UNWIND $keys AS k MATCH (d:Document {{key: k}}) RETURN {_DOC}"
EDGES = (
    f"UNWIND $keys AS k MATCH (a:Document {{key: k}})-[r:{_RELS}]->(b:Document) WHERE r.source = k RETURN {_EDGE} "
    # Unlabelled ends: with (a:Document) FalkorDB scans every document before the index on `source`.
    f"UNION UNWIND $keys AS k MATCH (a)-[r:IMPLEMENTS {{source: k}}]->(b) RETURN {_EDGE}"
)
TASKS = "UNWIND $keys AS k MATCH (t:Task) WHERE t.doc_key = k RETURN k AS doc, count(t) AS tasks"
ASSIGNED = f"UNWIND $keys AS k MATCH (t:Task)-[r:ASSIGNED_TO]->(u:Unit) WHERE t.doc_key = k RETURN {_ASSIGNED}"
EVIDENCE = (
    "UNWIND $hops AS h MATCH (a:Document {key: h.src})-[r]->(b:Document {key: h.dst}) "
    "WHERE type(r) = h.rel AND r.source = h.source "
    "RETURN h.src AS src, h.dst AS dst, h.rel AS rel, h.source AS source, r.sentence AS sentence, r.end AS end"
)
# Catching up on more documents than this reads the whole graph instead.
CATCH_UP = 5_000
ROLE_SLOTS = 16  # a (unit, role) pair is one int: unit * ROLE_SLOTS + role
_EMPTY: tuple[int, ...] = ()
_CITES = Rel.CITES.value
# An edge: its order (`walk.edge_order`, computed once), then src, dst, rel, source, start, confidence.
Edge = tuple[tuple[Any, ...], str, str, str, str, Any, Any]


@dataclass(frozen=True)
class GroupTotal:
    province: str | None
    role: str
    units: int
    tasks: int


@dataclass(frozen=True)
class UnitTotals:
    """Per unit number: tasks, documents; the (unit, role) pairs; and the province-role groups."""

    tasks: Counter[int]
    documents: Counter[int]
    pairs: set[int]
    groups: list[GroupTotal]


@dataclass
class Skeleton:
    """Documents by number (a document gone keeps its number, with no key), what their tasks hold,
    and the edges between them by rank (strongest first)."""

    stamp: tuple[str | None, int]
    keys: list[str | None] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)
    codes: list[str | None] = field(default_factory=list)
    provinces: list[str | None] = field(default_factory=list)
    tasks: list[int] = field(default_factory=list)
    unit_task: list[tuple[int, ...]] = field(default_factory=list)
    unit_doc: list[tuple[int, ...]] = field(default_factory=list)
    unit_role: list[tuple[int, ...]] = field(default_factory=list)
    group_task: list[tuple[int, ...]] = field(default_factory=list)
    by_key: list[int] = field(default_factory=list)  # a document's place in key order
    edges: list[Edge] = field(default_factory=list)  # every edge between documents, in order
    sorted_keys: list[str] = field(default_factory=list)
    # The edges by rank; and per document those into it, as (source document, CITES * ranks + rank).
    into: list[tuple[tuple[int, int], ...]] = field(default_factory=list)
    esrc: list[int] = field(default_factory=list)
    edst: list[int] = field(default_factory=list)
    ecites: list[int] = field(default_factory=list)
    erel: list[str] = field(default_factory=list)
    esource: list[str] = field(default_factory=list)
    estart: list[int | None] = field(default_factory=list)
    econf: list[float | None] = field(default_factory=list)
    units: dict[str, int] = field(default_factory=dict)
    unit_keys: list[str] = field(default_factory=list)
    unit_names: list[str] = field(default_factory=list)
    unit_provinces: list[str | None] = field(default_factory=list)
    roles: dict[str, int] = field(default_factory=dict)
    groups: dict[tuple[str | None, int], int] = field(default_factory=dict)
    group_of: dict[int, int] = field(default_factory=dict)  # (unit, role) -> its province-role group

    @classmethod
    def read(cls, store: GraphStore, stamp: tuple[str | None, int]) -> Skeleton:
        """The whole graph's skeleton."""
        sk = cls(stamp)
        with _no_collection():
            docs = sk._put_documents(store.read(ALL_DOCS), ())
            sk._put_tasks(store.read(ALL_TASKS), docs)
            sk._put_assignments(store.read(ALL_ASSIGNED), docs)
            sk._put_edges(store.read(ALL_EDGES), None)
            sk._rank()
        return sk

    def caught_up(self, store: GraphStore, touched: Iterable[str], stamp: tuple[str | None, int]) -> Skeleton:
        """A new skeleton: this one with the documents `touched` read again."""
        sk = copy.copy(self)
        for name in _CHANGED_IN_PLACE:  # what catching up writes into: the rest it makes anew
            setattr(sk, name, copy.copy(getattr(self, name)))
        sk.stamp = stamp
        keys = sorted(set(touched))
        with _no_collection():
            docs = sk._put_documents(store.read(DOCS, {"keys": keys}), keys)
            sk._put_tasks(store.read(TASKS, {"keys": keys}), docs)
            sk._put_assignments(store.read(ASSIGNED, {"keys": keys}), docs)
            sk._put_edges(store.read(EDGES, {"keys": keys}), set(keys))
            for r in store.read(ALL_UNITS):
                sk._unit(r["key"], r["name"], r["province"])
            sk._rank()
        return sk

    def _put_documents(self, rows: list[Row], asked: Iterable[str]) -> list[int]:
        """Write these documents' rows; those `asked` for and not found are gone. Their numbers."""
        found = set()
        out = []
        for r in rows:
            key = str(r["key"])
            found.add(key)
            d = self.index.get(key)
            if d is None:
                d = self.index[key] = len(self.keys)
                self.keys.append(key)
                self.codes.append(None)
                self.provinces.append(None)
                self.tasks.append(0)
                for folded in (self.unit_task, self.unit_doc, self.unit_role, self.group_task):
                    folded.append(_EMPTY)
            self.codes[d], self.provinces[d] = r["code"], r["province"]
            out.append(d)
        for key in set(asked) - found:
            d = self.index.pop(key, None)
            if d is not None:
                self.keys[d], self.tasks[d] = None, 0
                for folded in (self.unit_task, self.unit_doc, self.unit_role, self.group_task):
                    folded[d] = _EMPTY
        return out

    def _put_tasks(self, rows: list[Row], docs: list[int]) -> None:
        for d in docs:
            self.tasks[d] = 0
        for r in rows:
            found = self.index.get(r["doc"])
            if found is not None:
                self.tasks[found] = int(r["tasks"])

    def _put_assignments(self, rows: list[Row], docs: list[int]) -> None:
        """Fold these documents' assignments (every one of theirs is among `rows`)."""
        held: dict[int, list[tuple[str, int, int]]] = {d: [] for d in docs}
        for r in rows:
            d = self.index.get(r["doc"])
            if d is None or d not in held:
                continue
            held[d].append((r["task"], self._unit(r["unit"], r["name"], r["province"]), self._role(r["role"])))
        for d, items in held.items():
            pairs = {(t, u) for t, u, _ in items}
            self.unit_task[d] = tuple(u for _, u in pairs) or _EMPTY
            self.unit_doc[d] = tuple({u for _, u in pairs}) or _EMPTY
            self.unit_role[d] = tuple({u * ROLE_SLOTS + role for _, u, role in items}) or _EMPTY
            for _, u, role in items:
                self.group_of[u * ROLE_SLOTS + role] = self._group(self.unit_provinces[u], role)
            grouped = {(t, self._group(self.unit_provinces[u], role)) for t, u, role in items}
            self.group_task[d] = tuple(g for _, g in grouped) or _EMPTY

    def _unit(self, key: str, name: str, province: str | None) -> int:
        u = self.units.get(key)
        if u is None:
            u = self.units[key] = len(self.unit_keys)
            self.unit_keys.append(key)
            self.unit_names.append(name)
            self.unit_provinces.append(province)
        else:
            self.unit_names[u], self.unit_provinces[u] = name, province
        return u

    def _role(self, role: str) -> int:
        if role not in self.roles:
            if len(self.roles) == ROLE_SLOTS:
                raise ValueError(f"more than {ROLE_SLOTS} roles in the graph: {sorted(self.roles)}")
            self.roles[role] = len(self.roles)
        return self.roles[role]

    def _group(self, province: str | None, role: int) -> int:
        return self.groups.setdefault((province, role), len(self.groups))

    def _put_edges(self, rows: list[Row], sources: set[str] | None) -> None:
        """The edges these sources state now, in place of those they stated (`sources` None: every
        edge of the graph). Caught up, the list is sorted already but for the new ones at its end,
        which Python's sort merges in linear time."""
        edges = [] if sources is None else [e for e in self.edges if e[4] not in sources]
        for r in rows:
            src, dst, rel, source, start, conf = r["src"], r["dst"], r["rel"], r["source"], r["start"], r["confidence"]
            edges.append((edge_order(rel, conf, source, src, dst, start), src, dst, rel, source, start, conf))
        edges.sort()
        self.edges = edges

    def _rank(self) -> None:
        """Number the edges strongest first (`walk.strongest_first`), once for all walks; and the
        documents in key order."""
        index = self.index
        edges = [e for e in self.edges if e[1] in index and e[2] in index]
        self.esrc, self.edst = [index[e[1]] for e in edges], [index[e[2]] for e in edges]
        self.erel, self.esource = [e[3] for e in edges], [e[4] for e in edges]
        self.estart, self.econf = [e[5] for e in edges], [e[6] for e in edges]
        self.ecites = [int(rel == _CITES) for rel in self.erel]
        ranks = len(edges) or 1
        into: list[list[tuple[int, int]]] = [[] for _ in self.keys]
        for rank, (s, d, cites) in enumerate(zip(self.esrc, self.edst, self.ecites, strict=True)):
            into[d].append((s, cites * ranks + rank))
        self.into = [tuple(e) if e else () for e in into]
        known = set(self.sorted_keys)
        self.sorted_keys = [k for k in self.sorted_keys if k in index] + [k for k in index if k not in known]
        self.sorted_keys.sort()
        self.by_key = [0] * len(self.keys)
        for place, key in enumerate(self.sorted_keys):
            self.by_key[index[key]] = place

    def key(self, d: int) -> str:
        """The key of a document that is there (a walk reaches no other)."""
        key = self.keys[d]
        assert key is not None, d
        return key

    def walk(
        self, start: Iterable[str], *, max_depth: int, limit: int
    ) -> tuple[dict[int, tuple[int, int]], list[list[int]], bool]:
        """Every document below `start`, as walk.descendants finds it (documents only, CITES included):
        number -> (depth, rank of the edge that reached it); the documents of each depth; and whether
        `limit` cut the walk. Of the edges reaching a document at its depth, the one whose chain has
        the fewest CITES hops, then the strongest."""
        ranks = len(self.esrc) or 1
        weak = {self.index[k]: 0 for k in start if k in self.index}
        seen = set(weak)
        reached: dict[int, tuple[int, int]] = {}
        frontier = list(weak)
        levels: list[list[int]] = []
        truncated = False
        into = self.into
        for depth in range(1, max_depth + 1):
            if not frontier or truncated:
                break
            best: dict[int, int] = {}
            for d in frontier:
                base = weak[d] * ranks
                for s, rank in into[d]:
                    if s in seen:
                        continue
                    k = base + rank  # fewest CITES first, then the edge's rank
                    b = best.get(s)
                    if b is None or k < b:
                        best[s] = k
            chosen = list(best.items())
            if len(chosen) > limit - len(reached):
                chosen.sort(key=lambda item: item[1])
                chosen = chosen[: limit - len(reached)]
                truncated = True
            for s, k in chosen:
                w, e = divmod(k, ranks)
                seen.add(s)
                reached[s] = (depth, e)
                weak[s] = w
            frontier = [s for s, _ in chosen]
            levels.append(frontier)
        return reached, levels, truncated

    def unit_totals(self, docs: list[int]) -> UnitTotals:
        """Every unit assigned a task of `docs`: per unit number, its tasks, documents and (unit, role)
        pairs; and per (province, role), how many units have the role and in how many tasks."""
        tasks = Counter(chain.from_iterable(map(self.unit_task.__getitem__, docs)))
        documents = Counter(chain.from_iterable(map(self.unit_doc.__getitem__, docs)))
        pairs = set(chain.from_iterable(map(self.unit_role.__getitem__, docs)))
        members = Counter(map(self.group_of.__getitem__, pairs))
        in_tasks = Counter(chain.from_iterable(map(self.group_task.__getitem__, docs)))
        role_names = {no: role for role, no in self.roles.items()}
        groups = [
            GroupTotal(province, role_names[no], members[g], in_tasks[g])
            for (province, no), g in self.groups.items()
            if g in in_tasks
        ]
        return UnitTotals(tasks, documents, pairs, groups)

    def roles_of(self, unit: int, pairs: set[int]) -> list[str]:
        """The roles a unit has among `pairs` (unit_totals'), by name."""
        return [role for role, no in self.roles.items() if unit * ROLE_SLOTS + no in pairs]

    def hops(self, store: GraphStore, ranks: Iterable[int]) -> dict[int, Hop]:
        """The edges of these ranks as hops, with their evidence read from the engine."""
        wanted = sorted(set(ranks))
        asked = [
            {
                "src": self.key(self.esrc[e]),
                "dst": self.key(self.edst[e]),
                "rel": self.erel[e],
                "source": self.esource[e],
            }
            for e in wanted
        ]
        rows = store.read(EVIDENCE, {"hops": asked}) if asked else []
        said = {(r["src"], r["dst"], r["rel"], r["source"]): r for r in rows}
        out = {}
        for e, a in zip(wanted, asked, strict=True):
            r = said.get((a["src"], a["dst"], a["rel"], a["source"]), {})
            out[e] = Hop(
                src=str(a["src"]),
                src_label="Document",
                rel=self.erel[e],
                dst=str(a["dst"]),
                dst_label="Document",
                src_code=self.codes[self.esrc[e]],
                source=self.esource[e],
                sentence=r.get("sentence"),
                start=self.estart[e],
                end=r.get("end"),
                confidence=self.econf[e],
            )
        return out


@contextmanager
def _no_collection() -> Iterator[None]:
    """No cyclic garbage collection while a skeleton is built: its hundreds of thousands of new
    tuples would set off full collections that scan them all (a tenth of a catch-up's time), and a
    skeleton holds no cycles to collect."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


_CHANGED_IN_PLACE = (
    "keys", "codes", "provinces", "tasks", "unit_task", "unit_doc", "unit_role", "group_task", "index",
    "units", "roles", "groups", "group_of", "unit_keys", "unit_names", "unit_provinces",
)  # fmt: skip
_CACHE: weakref.WeakKeyDictionary[GraphStore, Skeleton] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def stamp(store: GraphStore) -> tuple[str | None, int]:
    rows = store.read(STAMP)
    return (rows[0]["epoch"], int(rows[0]["version"])) if rows else (None, 0)


def current(store: GraphStore) -> Skeleton:
    """The skeleton of the graph as it is now: the one held; or, if writes came since, that one with
    the documents they touched read again; or the whole graph read again, when the graph is another
    (cleared since) or the notes of what was touched no longer reach back far enough."""
    with _LOCK:
        now = stamp(store)
        sk = _CACHE.get(store)
        if sk is not None and sk.stamp == now:
            return sk
        if sk is not None and sk.stamp[0] == now[0] and now[1] - sk.stamp[1] < KEPT_CHANGES:
            notes = store.read(CHANGES, {"since": sk.stamp[1]})
            versions = {int(n["version"]) for n in notes}
            touched = set(chain.from_iterable(n["docs"] or () for n in notes))
            newest = max(versions, default=sk.stamp[1])
            if versions == set(range(sk.stamp[1] + 1, newest + 1)) and len(touched) <= CATCH_UP:
                sk = sk.caught_up(store, touched, (now[0], newest))
                _CACHE[store] = sk
                return sk
        # Read from the stamp seen before it: a write during the reading is caught up with next time.
        sk = Skeleton.read(store, now)
        _CACHE[store] = sk
        return sk
