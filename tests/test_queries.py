"""Lineage, impact, tree, units and gaps on the seeds, against ../shared/gold/lineage.json."""

from __future__ import annotations

from pathlib import Path

import pytest

from lineage.errors import NotFound
from lineage.graph.store import GraphStore
from lineage.loaders.reader import extract_file
from lineage.loaders.units import UnitTable
from lineage.queries import skeleton
from lineage.queries.gaps import due
from lineage.queries.impact import impact
from lineage.queries.lineage import trace
from lineage.queries.search import search
from lineage.queries.tree import implementation_tree
from lineage.queries.units import portfolio
from tests.seeded import LINEAGE, expectations, load_seeds, tasks_of

FIXTURES = Path(__file__).parent / "fixtures" / "impact"
EXAMPLES = Path(__file__).parent.parent / "lineage" / "examples"
ROOTS = ["59-NQ/TW", "56-CT/TW"]


@pytest.fixture
def seeded(store: GraphStore, seeds: list[Path], units: UnitTable) -> tuple[GraphStore, dict[str, str]]:
    return store, load_seeds(store, seeds, units)


@pytest.mark.parametrize("case", expectations(), ids=lambda c: c["seed"][:3])
def test_every_task_reaches_what_it_must_and_nothing_else(seeded, case) -> None:
    store, keys = seeded
    tasks = tasks_of(store, keys[case["seed"]])
    assert tasks
    for task in tasks:
        result = trace(store, task, roots=LINEAGE["roots"])
        assert set(case["reaches"]) <= set(result.reached), (task, result.reached)
        assert not set(case["not_reaches"]) & set(result.reached), (task, result.reached)
        for chain in result.chains:
            assert all(h.sentence for h in chain.hops if h.rel != "PART_OF"), chain


def test_chains_rank_strong_before_weak_and_short_before_long(seeded) -> None:
    store, keys = seeded
    chains = trace(store, keys["002_ace18e2e41af0835.txt"], roots=ROOTS).chains
    order = [(c.strength, len(c.hops)) for c in chains]
    assert order == sorted(order)
    assert chains[0].strength == 0


def test_a_document_unlinked_to_any_root_is_an_orphan(seeded) -> None:
    store, keys = seeded
    result = trace(store, keys["004_66873536631078e1.txt"], roots=["57-NQ/TW"])
    assert result.orphan and not result.chains


def test_unknown_codes_are_errors_with_suggestions(seeded) -> None:
    store, _ = seeded
    with pytest.raises(NotFound) as info:
        trace(store, "59-NQ/TU", roots=ROOTS)
    assert "59-NQ/TW" in info.value.suggestions


def test_impact_of_an_amendment_of_153(seeded, units: UnitTable) -> None:
    store, keys = seeded
    case = LINEAGE["impact"][0]
    report = impact(store, extract_file(FIXTURES / "amends_153.txt", units=units))
    affected = {i.document.key for i in report.review.items}
    assert {keys[s] for s in case["affected_documents"]} <= affected
    assert not {keys[s] for s in case["unaffected_documents"]} & affected
    names = {u.unit for u in report.review.units}
    assert set(case["affected_units_include"]) <= names
    assert all(i.why for i in report.review.items)


def test_impact_totals_are_exact_whatever_the_page(seeded, units: UnitTable) -> None:
    store, _ = seeded
    ex = extract_file(FIXTURES / "amends_153.txt", units=units)
    whole = impact(store, ex, limit=10_000)
    assert whole.review.totals.documents >= 2 and whole.coordinate.totals.documents >= 1
    for part in (whole.review, whole.coordinate):
        n = part.totals
        keys = [i.document.key for i in part.items]
        assert n.documents == len(keys) == len(set(keys))
        assert sum(p.documents for p in n.by_province) == n.documents
        assert sum(p.tasks for p in n.by_province) == n.tasks
        # Counted again here, from the assignments themselves.
        rows = store.read(
            "UNWIND $keys AS k MATCH (t:Task) WHERE t.doc_key = k OPTIONAL MATCH (t)-[r:ASSIGNED_TO]->(u:Unit) "
            "RETURN t.key AS task, u.key AS unit, u.province AS province, r.role AS role",
            {"keys": keys},
        )
        assert n.tasks == len({r["task"] for r in rows})
        assigned = [r for r in rows if r["unit"]]
        assert n.units == len(part.units) == len({r["unit"] for r in assigned})
        for u in part.units:
            assert u.tasks == len({r["task"] for r in assigned if r["unit"] == u.unit_key})
        for g in n.by_role:
            mine = [r for r in assigned if r["province"] == g.province and r["role"] == g.role]
            assert (g.units, g.tasks) == (len({r["unit"] for r in mine}), len({r["task"] for r in mine}))
        for item in part.items:  # the whole chain, every hop naming where it goes, up to `via`
            assert item.why and item.why[-1].dst_code == item.via
            assert [h.src for h in item.why[1:]] == [h.dst for h in item.why[:-1]]
    # One item a page: the same totals on every page, and the pages make up the whole list in order.
    pages = [impact(store, ex, offset=o, limit=1) for o in range(whole.review.totals.documents)]
    assert all(p.review.totals == whole.review.totals and len(p.review.items) == 1 for p in pages)
    assert [p.review.items[0].document.key for p in pages] == [i.document.key for i in whole.review.items]
    assert not impact(store, ex, offset=whole.review.totals.documents, limit=5).review.items


def test_impact_lists_the_directives_own_province_first(seeded, units: UnitTable) -> None:
    store, _ = seeded
    load_seeds(store, sorted(EXAMPLES.glob("[0-9]*")), units)  # documents of many provinces under 153/NQ-CP
    ex = extract_file(FIXTURES / "amends_153.txt", units=units)
    default = impact(store, ex).review
    own = next(i.document.province for i in reversed(default.items) if i.document.province)
    assert default.items[0].document.province != own  # so that putting it first changes the order
    local = ex.model_copy(update={"doc": ex.doc.model_copy(update={"province": own})})
    report = impact(store, local)
    assert report.review.totals.by_province[0].province == own
    seen = [i.document.province == own for i in report.review.items]
    assert seen[0] and seen == sorted(seen, reverse=True)  # all of its own, then the rest
    assert report.review.units[0].province == own
    depths = [i.depth for i in report.review.items if i.document.province != own]
    assert depths == sorted(depths)  # the rest nearest first
    a, b = report.review.totals, default.totals
    assert (a.documents, a.tasks, a.units) == (b.documents, b.tasks, b.units)
    assert sorted(a.by_province, key=repr) == sorted(b.by_province, key=repr)  # only the order moved


def test_impact_of_a_party_letter_implementing_56(seeded, units: UnitTable) -> None:
    store, keys = seeded
    case = LINEAGE["impact"][1]
    report = impact(store, extract_file(FIXTURES / "tu_implements_56.txt", units=units))
    related = {i.document.key for i in report.coordinate.items}
    assert {keys[s] for s in case["related_documents"]} <= related
    assert set(case["affected_units_include"]) <= {u.unit for u in report.coordinate.units}
    assert not report.review.items and report.review.totals.documents == 0


def test_implementation_tree_and_portfolio(seeded) -> None:
    store, keys = seeded
    tree = implementation_tree(store, "153/NQ-CP")
    assert keys["002_ace18e2e41af0835.txt"] in {n.key for n in tree.nodes}
    sngv = portfolio(store, "Sở Ngoại vụ", roots=ROOTS)
    assert sngv.count >= 3
    assert {"lead"} <= {i.role for i in sngv.data}
    assert any("56-CT/TW" in i.roots for i in sngv.data)


def test_search_is_tolerant(seeded) -> None:
    store, _ = seeded
    for q in ("59-NQ/TW", "59 - nq/tw", "59–NQ/TW", "59nqtw"):
        assert [d.code for d in search(store, q).documents][:1] == ["59-NQ/TW"], q
    for q in ("nghi quyet 59", "Nghị quyết 59"):  # by number and kind: first, before what cites it
        first = search(store, q).documents[0]
        assert (first.code, first.match) == ("59-NQ/TW", "words_code"), q
    cited_by = search(store, "Nghị quyết 59").documents[1:]
    assert cited_by and all(d.match != "words_code" for d in cited_by)
    assert "Sở Ngoại vụ" in {u.name for u in search(store, "so ngoai vu").units}
    assert "Sở Ngoại vụ" in {u.name for u in search(store, "Sở NgV", units=UnitTable.load()).units}  # an alias


def test_deadlines_in_a_range_overdue_first(seeded) -> None:
    import datetime as dt

    store, _ = seeded
    tasks = due(store, start="2026-01-01", end="2026-12-31", today=dt.date(2026, 4, 1))
    assert tasks and tasks[0].deadline == "2026-03-05" and tasks[0].overdue


@pytest.mark.parametrize("draft_first", [True, False])
def test_a_walk_keeps_the_chain_with_fewest_cites_whatever_order_the_edges_were_written_in(
    store: GraphStore, draft_first: bool
) -> None:
    from lineage.graph.schema import GraphBatch, Label, Rel
    from lineage.queries.walk import descendants

    batch = GraphBatch()
    for key in ("doc:root", "doc:plan", "doc:a-draft", "doc:letter"):
        batch.node(Label.DOCUMENT, key, {"stub": False})
    doc = Label.DOCUMENT
    via_draft = [
        (Rel.CITES, (doc, "doc:a-draft"), (doc, "doc:root")),
        (Rel.CITES, (doc, "doc:letter"), (doc, "doc:a-draft")),
    ]
    via_plan = [
        (Rel.BASED_ON, (doc, "doc:plan"), (doc, "doc:root")),
        (Rel.CITES, (doc, "doc:letter"), (doc, "doc:plan")),
    ]
    for rel, src, dst in via_draft + via_plan if draft_first else via_plan + via_draft:
        batch.edge(rel, src, dst, source=src[1], sentence="...", confidence=0.8)
    store.write(batch)
    reached, _ = descendants(store, {"doc:root": "Document"}, include_cites=True, max_depth=3, limit=10, tasks=False)
    depth, hop = reached["doc:letter"]
    assert (depth, hop.rel, hop.dst) == (2, "CITES", "doc:plan")  # CITES + BASED_ON, not two CITES
    sk = skeleton.current(store)  # impact's walk, over the skeleton held in the process: the same rule
    held, _, _ = sk.walk(["doc:root"], max_depth=3, limit=10)
    depth, edge = held[sk.index["doc:letter"]]
    assert (depth, sk.erel[edge], sk.keys[sk.edst[edge]]) == (2, "CITES", "doc:plan")


PLAN_UNDER_39 = """ỦY BAN NHÂN DÂN
TỈNH ĐỒNG NAI
Số: 77/KH-UBND
Đồng Nai, ngày 10 tháng 9 năm 2025
KẾ HOẠCH
Triển khai hội nhập quốc tế trên địa bàn tỉnh
Thực hiện Kế hoạch số 39/KH-UBND ngày 06 tháng 8 năm 2025 của UBND tỉnh về thực hiện Nghị quyết số 153/NQ-CP, \
UBND tỉnh ban hành kế hoạch như sau:
1. Sở Ngoại vụ chủ trì rà soát các thỏa thuận quốc tế, hoàn thành trước ngày 30/11/2025.
2. Sở Tư pháp chủ trì thẩm định các thỏa thuận quốc tế mới.
"""


def test_impact_sees_every_write_to_the_graph_from_any_process(
    falkordb_store: GraphStore, engine_dir: Path, seeds: list[Path], units: UnitTable
) -> None:
    from lineage.graph.falkordb_store import FalkorDBStore
    from lineage.graph.ingest import ingest
    from lineage.graph.schema import GraphBatch
    from lineage.loaders.reader import extract_text

    load_seeds(falkordb_store, seeds, units)
    ex = extract_file(FIXTURES / "amends_153.txt", units=units)
    before = impact(falkordb_store, ex, limit=1000).review
    held = skeleton.current(falkordb_store)
    assert skeleton.current(falkordb_store) is held  # nothing written since: the same one
    # Another process's connection to the same graph writes a plan under 39/KH-UBND (under 153/NQ-CP).
    assert isinstance(falkordb_store, FalkorDBStore)
    other = FalkorDBStore.open(engine_dir, graph=falkordb_store.graph_name)
    try:
        new = ingest(other, extract_text(PLAN_UNDER_39, source="kh77.txt", units=units), units=units)
    finally:
        other.close()
    after = impact(falkordb_store, ex, limit=1000).review
    assert after.totals.documents == before.totals.documents + 1 and after.totals.tasks == before.totals.tasks + 2
    assert new.key in {i.document.key for i in after.items} and skeleton.current(falkordb_store) is not held
    # A graph cleared and written again counts its writes from 1 again: its epoch tells them apart.
    falkordb_store.clear()
    falkordb_store.write(GraphBatch(replace=["doc:x"]))
    first = skeleton.stamp(falkordb_store)
    falkordb_store.clear()
    falkordb_store.write(GraphBatch(replace=["doc:x"]))
    assert skeleton.stamp(falkordb_store)[1] == first[1] == 1 and skeleton.stamp(falkordb_store) != first


def test_a_skeleton_caught_up_on_writes_answers_as_one_read_whole(seeded, units: UnitTable) -> None:
    from lineage.graph.ingest import delete_document, ingest
    from lineage.loaders.reader import extract_text

    store, _ = seeded
    directives = [extract_file(FIXTURES / name, units=units) for name in ("amends_153.txt", "tu_implements_56.txt")]
    impact(store, directives[0])  # the skeleton, read whole
    held = skeleton.current(store)
    # Writes of every kind: new documents, a document read again as another, a deletion.
    load_seeds(store, sorted(EXAMPLES.glob("[0-9]*")), units)
    ingest(store, extract_text(PLAN_UNDER_39, source="kh77.txt", units=units), units=units)
    ingest(store, extract_text(PLAN_UNDER_39.replace("77/KH", "78/KH"), source="kh77.txt", units=units), units=units)
    delete_document(store, "doc:45/KH-UBND@quang-ninh:2026")
    caught = [impact(store, d, limit=1000).model_dump_json() for d in directives]
    assert skeleton.current(store).stamp[0] == held.stamp[0] and skeleton.current(store) is not held
    skeleton._CACHE.pop(store)  # the same graph, read whole
    assert [impact(store, d, limit=1000).model_dump_json() for d in directives] == caught
