"""Corrections by people: applied at once, kept apart from what the reader found, reapplied on every
reading (a newer reader too), flagged when a reading no longer holds their fact, seen by every query,
moved with a dump, and written only with the key. On every configured engine."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from lineage.api.app import create_app
from lineage.batch import ingest_files
from lineage.corrections import Change, Correction, Target
from lineage.errors import CorrectionError
from lineage.examples import example_files
from lineage.extraction import Extraction, Header, Reference, Relation
from lineage.graph.dump import batches, dump, read_lines
from lineage.graph.ingest import correct, corrections_of, ingest
from lineage.graph.store import GraphStore
from lineage.loaders.reader import ReadOptions, extract_file, extract_text
from lineage.loaders.units import UnitTable
from lineage.queries.documents import get_document
from lineage.queries.impact import impact
from lineage.queries.lineage import trace
from lineage.queries.review import REASONS, review_queue
from lineage.queries.units import portfolio
from lineage.settings import Settings
from lineage.viz.labels import review_words

KEY = "s3cret-key"
PLAN = next(f for f in example_files() if f.name.startswith("02_"))  # 45/KH-UBND of Quảng Ninh
DOC = "doc:45/KH-UBND@quang-ninh:2026"


@pytest.fixture
def graph(store: GraphStore, units: UnitTable) -> GraphStore:
    report = ingest_files(store, example_files(), units=units, options=ReadOptions())
    assert not report.errors, report.errors
    return store


def decision(target: Target, action: str, **change: str) -> Correction:
    return Correction(
        target=target, action=action, change=Change(**change), why="checked against the signed copy", by="tester"
    )  # type: ignore[arg-type]


def lead_of(store: GraphStore, ref: str) -> set[str]:
    task = next(t for t in get_document(store, DOC).tasks if t.ref == ref)
    return {u.unit for u in task.units if u.role == "lead"}


def test_a_corrected_lead_is_in_the_graph_at_once_and_says_who_stands_behind_it(
    graph: GraphStore, units: UnitTable
) -> None:
    assert lead_of(graph, "II.2") == {"Sở Tư pháp"}
    correct(
        graph,
        DOC,
        decision(Target(kind="assignment", ref="II.2", unit="Sở Tư pháp"), "correct", role="support"),
        units=units,
    )
    correct(
        graph, DOC, decision(Target(kind="assignment", ref="II.2"), "add", unit="Sở Ngoại vụ", role="lead"), units=units
    )
    task = next(t for t in get_document(graph, DOC).tasks if t.ref == "II.2")
    assert {(u.unit, u.role, u.origin) for u in task.units} == {
        ("Sở Tư pháp", "support", "corrected"),
        ("Sở Ngoại vụ", "lead", "corrected"),
    }
    mine = portfolio(graph, "so-ngoai-vu@quang-ninh", roots=["56-CT/TW"]).data
    assert any(i.ref == "II.2" and i.role == "lead" and "56-CT/TW" in i.roots for i in mine)
    confirmed = decision(Target(kind="task", ref="II.4"), "confirm")
    correct(graph, DOC, confirmed, units=units)
    assert next(t for t in get_document(graph, DOC).tasks if t.ref == "II.4").origin == "confirmed"
    assert [c.status for c in corrections_of(graph, DOC)] == ["applied"] * 3


def test_lineage_and_impact_see_a_rejected_reference(graph: GraphStore, units: UnitTable) -> None:
    decree = "64/2021/NĐ-CP"  # 45/KH-UBND is based on it; no other document says so
    amendment = Extraction(
        source="new.txt",
        doc=Header(type="Nghị định", code="99/2026/NĐ-CP"),
        references=[Reference(code=decree, relation=Relation.AMENDS)],
        text_sha256="new",
    )
    assert DOC in {i.document.key for i in impact(graph, amendment).review.items}
    task = f"{DOC}#II.1"
    assert trace(graph, task, roots=[decree]).reached == [decree]
    correct(graph, DOC, decision(Target(kind="reference", code=decree), "reject"), units=units)
    assert trace(graph, task, roots=[decree]).orphan
    assert DOC not in {i.document.key for i in impact(graph, amendment).review.items}
    assert decree not in {r.code for r in get_document(graph, DOC).references}
    # And the reverse: a person adds what the reader missed.
    correct(graph, DOC, decision(Target(kind="reference"), "add", code=decree, relation="based_on"), units=units)
    assert trace(graph, task, roots=[decree]).reached == [decree]
    assert {r.code: r.origin for r in get_document(graph, DOC).references}[decree] == "corrected"


def test_corrections_outlive_a_new_reading_and_a_newer_reader(graph: GraphStore, units: UnitTable) -> None:
    correct(graph, DOC, decision(Target(kind="task", ref="II.3"), "correct", deadline="2026-09-30"), units=units)
    correct(
        graph, DOC, decision(Target(kind="assignment", ref="II.5"), "add", unit="Sở Ngoại vụ", role="lead"), units=units
    )
    # The same file read again (as at a later ingest) and a reader that now words the items differently.
    again = extract_file(PLAN, units=units)
    newer: Extraction = again.model_copy(deep=True)
    for t in newer.tasks:
        t.text = t.text.upper()
    for ex in (again, newer):
        r = ingest(graph, ex, units=units, source_file=PLAN.name, force=True)
        assert r.stale == 0
        tasks = {t.ref: t for t in get_document(graph, DOC).tasks}
        assert tasks["II.3"].deadline == "2026-09-30" and tasks["II.3"].origin == "corrected"
        assert ("Sở Ngoại vụ", "lead") in {(u.unit, u.role) for u in tasks["II.5"].units}


def test_a_correction_whose_fact_is_gone_is_flagged_not_dropped(graph: GraphStore, units: UnitTable) -> None:
    correct(
        graph, DOC, decision(Target(kind="task", ref="II.4"), "correct", text="Xây dựng cơ sở dữ liệu"), units=units
    )
    shorter = extract_file(PLAN, units=units)
    shorter.tasks = [t for t in shorter.tasks if t.ref != "II.4"]  # a reading without that item
    r = ingest(graph, shorter, units=units, source_file=PLAN.name, force=True)
    assert r.stale == 1
    (kept,) = corrections_of(graph, DOC)
    assert kept.status == "stale" and kept.change.text == "Xây dựng cơ sở dữ liệu"
    queue = review_queue(graph, document=DOC)
    assert queue.counts["stale_correction"] == 1 and queue.items[0].reason == "stale_correction"
    assert queue.items[0].target == Target(kind="task", ref="II.4")
    with pytest.raises(CorrectionError, match=r"task \(ref II.9\): no task II.9"):
        correct(graph, DOC, decision(Target(kind="task", ref="II.9"), "reject"), units=units)


def test_the_review_queue_lists_what_needs_a_person_until_one_decides(graph: GraphStore, units: UnitTable) -> None:
    queue = review_queue(graph)
    assert queue.total == sum(queue.counts.values()) and queue.counts["lead_inherited"] > 0
    works = [i for i in queue.items if i.reason == "unnumbered_reference" and i.document == DOC]
    assert works and "Luật Thỏa thuận quốc tế năm 2020" in (works[0].detail or "")
    order = [i.reason for i in queue.items]
    assert order == sorted(order, key=REASONS.index)
    # A lead that fell to the addressees leaves the queue once a person confirms it.
    inherited = next(i for i in queue.items if i.reason == "lead_inherited")
    assert inherited.target and inherited.target.unit
    correct(graph, inherited.document, decision(inherited.target, "confirm"), units=units)
    after = review_queue(graph)
    assert after.counts["lead_inherited"] < queue.counts["lead_inherited"]
    # A task whose lead a person removed is a task without a lead, until one is named.
    correct(graph, DOC, decision(Target(kind="assignment", ref="II.2", unit="Sở Tư pháp"), "reject"), units=units)
    no_lead = [i for i in review_queue(graph).items if i.reason == "no_lead"]
    assert [(i.document, i.ref) for i in no_lead] == [(DOC, "II.2")]
    assert no_lead[0].target == Target(kind="assignment", ref="II.2")
    correct(graph, DOC, decision(no_lead[0].target, "add", unit="Sở Ngoại vụ", role="lead"), units=units)
    assert review_queue(graph).counts["no_lead"] == 0
    assert review_queue(graph, province="Quảng Ninh").total <= review_queue(graph).total
    assert all(i.document == DOC for i in review_queue(graph, document=DOC).items)


DRAFT = next(f for f in example_files() if f.name.startswith("08_"))  # 52/KH-UBND of Lâm Đồng, number left blank
CITED = "doc:52/KH-UBND@lam-dong:2026"
CITING = "doc:2214/UBND-NGV@lam-dong:2026"
NODE = (
    "MATCH (d:Document {key: $k}) RETURN d.code AS code, d.stub AS stub, d.identity AS identity, d.same_as AS same_as"
)


def draft_key(store: GraphStore) -> str:
    return str(store.read("MATCH (d:Document) WHERE d.source_file = $f RETURN d.key AS k", {"f": DRAFT.name})[0]["k"])


def cited_by_2214(store: GraphStore) -> set[str]:
    """The nodes 2214/UBND-NgV's citation of 52/KH-UBND (or of the draft) lands on."""
    rows = store.read(
        "MATCH (:Document {key: $k})-[r:CITES]->(d:Document) WHERE r.code_as_written = '52/KH-UBND' RETURN d.key AS k",
        {"k": CITING},
    )
    return {r["k"] for r in rows}


def test_a_draft_split_from_a_wrong_match_and_merged_by_a_person(graph: GraphStore, units: UnitTable) -> None:
    # The reader matched the blank-numbered draft to the 52/KH-UBND that 2214/UBND-NgV cites.
    draft = draft_key(graph)
    assert graph.read(NODE, {"k": draft})[0]["code"] == "52/KH-UBND" and cited_by_2214(graph) == {draft}
    tasks = len(get_document(graph, draft).tasks)
    assert any(i.reason == "draft_match" and i.document == draft for i in review_queue(graph).items)
    # Split: it is not that document. 2214 is read again and now cites a node of its own for 52/KH-UBND.
    split = correct(graph, draft, decision(Target(kind="identity", code="52/KH-UBND"), "reject"), units=units)
    assert split.key == draft and split.reread == (CITING,)
    assert graph.read(NODE, {"k": draft})[0] == {"code": None, "stub": False, "identity": None, "same_as": None}
    assert cited_by_2214(graph) == {CITED}
    assert graph.read(NODE, {"k": CITED})[0]["stub"] is True
    # Neither reading again undoes it, in either order of arrival.
    for f in (DRAFT, next(f for f in example_files() if f.name.startswith("09_")), DRAFT):
        ingest(graph, extract_file(f, units=units), units=units, source_file=f.name, force=True)
    assert draft_key(graph) == draft and cited_by_2214(graph) == {CITED}
    assert not any(i.reason == "draft_match" for i in review_queue(graph, document=draft).items)
    # Merge: a person says it is 52/KH-UBND after all. Its reading moves to that node; the draft node goes.
    merged = correct(
        graph, draft, decision(Target(kind="identity"), "correct", code="52/KH-UBND", date="2026-04-14"), units=units
    )
    assert merged.key == CITED
    assert graph.read("MATCH (d:Document {key: $k}) RETURN count(d) AS c", {"k": draft})[0]["c"] == 0
    node = graph.read(NODE + ", d.date AS date, d.draft AS draft", {"k": CITED})[0]
    assert node["stub"] is False and node["identity"] == "corrected" and node["draft"] is True
    assert node["date"] == "2026-04-14" and (node["same_as"] or "").startswith("a person said it is 52/KH-UBND")
    assert len(get_document(graph, CITED).tasks) == tasks and cited_by_2214(graph) == {CITED}
    assert not any(i.reason == "draft_match" for i in review_queue(graph).items)
    ingest(graph, extract_file(DRAFT, units=units), units=units, source_file=DRAFT.name, force=True)
    assert draft_key(graph) == CITED
    # Split again: the reading goes back to a draft node, and the numbered one is a stub without its text.
    correct(graph, CITED, decision(Target(kind="identity", code="52/KH-UBND"), "reject"), units=units)
    assert draft_key(graph) != CITED and len(get_document(graph, draft_key(graph)).tasks) == tasks
    stub = graph.read("MATCH (d:Document {key: $k}) RETURN d.stub AS stub, d.raw_text AS raw", {"k": CITED})[0]
    assert stub == {"stub": True, "raw": None} and cited_by_2214(graph) == {CITED}
    assert [c.target.kind for c in corrections_of(graph, draft_key(graph))] == ["identity"] * 3


def test_a_confirmed_match_leaves_the_queue_and_a_numbered_text_has_no_draft_identity(
    graph: GraphStore, units: UnitTable
) -> None:
    draft = draft_key(graph)
    correct(graph, draft, decision(Target(kind="identity", code="52/KH-UBND"), "confirm"), units=units)
    assert graph.read(NODE, {"k": draft})[0]["identity"] == "confirmed" and cited_by_2214(graph) == {draft}
    assert not any(i.reason == "draft_match" for i in review_queue(graph).items)
    with pytest.raises(CorrectionError, match="carries its own number, 45/KH-UBND"):
        correct(graph, DOC, decision(Target(kind="identity", code="46/KH-UBND"), "reject"), units=units)


PLAN_WITH_A_NEW_UNIT = """ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH
Số: 12/KH-UBND
Quảng Ninh, ngày 5 tháng 3 năm 2026
KẾ HOẠCH
Về xúc tiến thương mại năm 2026
I. NHIỆM VỤ
1. Trung tâm Xúc tiến Thương mại Vịnh Hạ Long chủ trì tổ chức hội chợ quốc tế, hoàn thành trước ngày 30/6/2026.
2. Sở Công Thương chủ trì hướng dẫn doanh nghiệp tham gia hội chợ.
"""


def test_a_unit_the_table_does_not_know_waits_for_a_person(graph: GraphStore, units: UnitTable) -> None:
    ex = extract_text(PLAN_WITH_A_NEW_UNIT, source="kh12.txt", units=units)
    key = ingest(graph, ex, units=units).key
    unknown = [i for i in review_queue(graph, document=key).items if i.reason == "unknown_unit"]
    assert [(i.ref, (i.unit or "")[:31]) for i in unknown] == [("I.1", "Trung tâm Xúc tiến Thương mại V")]
    assert unknown[0].target and unknown[0].target.unit
    correct(graph, key, decision(unknown[0].target, "confirm"), units=units)
    assert not [i for i in review_queue(graph, document=key).items if i.reason == "unknown_unit"]


PLAN_READ_THINLY = """ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH
Số: 13/KH-UBND
Quảng Ninh, ngày 6 tháng 3 năm 2026
KẾ HOẠCH
Về hội nhập quốc tế năm 2026
Năm 2025, tỉnh đã sơ kết Chỉ thị số 56-CT/TW ngày 24/12/2025 của Ban Bí thư trên địa bàn.
Các sở, ngành tiếp tục quán triệt và tổ chức thực hiện nghiêm túc trong năm 2026.
"""


def test_a_plan_read_without_tasks_or_parent_waits_for_a_person(graph: GraphStore, units: UnitTable) -> None:
    key = ingest(graph, extract_text(PLAN_READ_THINLY, source="kh13.txt", units=units), units=units).key
    unsure = [i for i in review_queue(graph, document=key).items if i.reason == "low_confidence"]
    assert len(unsure) == 2 and re.fullmatch(r"no task found in a plan of \d+ characters", unsure[0].detail or "")
    assert unsure[1].detail == "carries out none of what it names: 56-CT/TW are read as citations"
    assert unsure[1].target == Target(kind="reference", code="56-CT/TW")
    assert review_queue(graph).items[0].reason == "low_confidence"  # before every task-level reason
    assert not [i for i in review_queue(graph, document=DOC).items if i.reason == "low_confidence"]
    correct(graph, key, decision(unsure[1].target, "correct", relation="implements"), units=units)
    assert not [i for i in review_queue(graph, document=key).items if i.reason == "low_confidence"]
    assert [r.relation for r in get_document(graph, key).references if r.code == "56-CT/TW"] == ["IMPLEMENTS"]


def test_review_details_read_in_the_pages_language() -> None:
    detail = "no task found in a plan of 1,234 characters"
    assert review_words(detail) == "Không tìm thấy nhiệm vụ nào trong kế hoạch dài 1,234 ký tự"
    assert review_words(detail, "en") == "No task found in a plan of 1,234 characters"
    assert review_words("56-CT/TW names 2 documents in the graph") == "56-CT/TW ứng với 2 văn bản trong đồ thị"
    assert review_words("a person said it is 52/KH-UBND: đã đối chiếu", "en") == (
        "A person said that this draft is 52/KH-UBND: đã đối chiếu"
    )


def test_corrections_move_with_a_dump(
    graph: GraphStore, units: UnitTable, falkordb_store: GraphStore, tmp_path: Path
) -> None:
    correct(graph, DOC, decision(Target(kind="reference", code="15-KH/TU"), "confirm"), units=units)
    out = io.StringIO()
    dump(graph, out)
    path = tmp_path / "graph.jsonl"
    path.write_text(out.getvalue(), encoding="utf-8")
    target = falkordb_store  # from whichever engine to the embedded one
    target.write_many(batches(read_lines(path)))
    assert corrections_of(target, DOC) == corrections_of(graph, DOC)
    mine = [r for r in get_document(target, DOC).references if r.evidence.source == DOC]  # not what others state
    assert {r.code: r.origin for r in mine}["15-KH/TU"] == "confirmed"


def test_corrections_through_the_api_need_the_key(graph: GraphStore) -> None:
    c = TestClient(create_app(Settings(api_key=SecretStr(KEY)), store=graph))
    body = {
        "document": "45/KH-UBND",
        "target": {"kind": "assignment", "ref": "II.2", "unit": "Sở Tư pháp"},
        "action": "correct",
        "change": {"role": "support"},
        "why": "the signed copy says so",
    }
    assert c.post("/api/corrections", json=body).status_code == 401
    assert c.post("/api/corrections", json=body, headers={"X-API-Key": "wrong"}).status_code == 401
    r = c.post("/api/corrections", json=body, headers={"X-API-Key": KEY})
    assert r.status_code == 201, r.text
    assert r.json()["correction"]["by"] != "anonymous" and r.json()["document"] == DOC
    listed = c.get("/api/corrections", params={"document": "45/KH-UBND"}).json()
    assert listed[0]["document"] == DOC and listed[0]["corrections"][0]["why"] == body["why"]
    missing = {**body, "target": {"kind": "task", "ref": "IX.9"}, "action": "reject"}
    bad = c.post("/api/corrections", json=missing, headers={"X-API-Key": KEY})
    assert bad.status_code == 422 and "no task IX.9" in bad.json()["detail"]
    assert c.post("/api/corrections", json={**body, "why": ""}, headers={"X-API-Key": KEY}).status_code == 422
    for nul in ({**body, "document": "45/KH\x00"}, {**body, "why": "the signed\x00 copy"}):  # no 503 from the engine
        assert c.post("/api/corrections", json=nul, headers={"X-API-Key": KEY}).status_code == 422
    queue = c.get("/api/review", params={"province": "Quảng Ninh"}).json()
    assert set(queue["counts"]) >= {"no_lead", "stale_correction"} and queue["total"] >= len(queue["items"])
    audit = c.get("/api/audit", headers={"X-API-Key": KEY}).json()
    assert any(e["action"] == "correct" and e["document"] == DOC for e in audit["data"])
    split = {
        "document": "52/KH-UBND",
        "target": {"kind": "identity", "code": "52/KH-UBND"},
        "action": "reject",
        "why": "another plan's draft",
    }
    moved = c.post("/api/corrections", json=split, headers={"X-API-Key": KEY}).json()
    assert moved["document"].startswith("draft:") and moved["reread"] == [CITING] and moved["unread"] == []


def test_decisions_exported_from_one_graph_import_into_another(
    graph: GraphStore, falkordb_store: GraphStore, units: UnitTable
) -> None:
    correct(
        graph,
        DOC,
        decision(Target(kind="assignment", ref="II.2", unit="Sở Tư pháp"), "correct", role="support"),
        decision(Target(kind="task", ref="II.3"), "correct", deadline="2026-09-30"),
        units=units,
    )
    source = TestClient(create_app(Settings(api_key=SecretStr(KEY)), store=graph))
    exported = source.get("/api/corrections").json()
    assert [len(e["corrections"]) for e in exported] == [2]
    ingest_files(falkordb_store, example_files(), units=units, options=ReadOptions())  # the same archive, read again
    target = TestClient(create_app(Settings(api_key=SecretStr(KEY)), store=falkordb_store))
    assert target.post("/api/corrections/import", json=exported).status_code == 401
    r = target.post("/api/corrections/import", json=exported, headers={"X-API-Key": KEY}).json()
    assert r == {"applied": 2, "kept": 0, "refused": []}
    assert corrections_of(falkordb_store, DOC) == corrections_of(graph, DOC)  # ids, people, times and all
    tasks = {t.ref: t for t in get_document(falkordb_store, DOC).tasks}
    assert tasks["II.3"].deadline == "2026-09-30" and lead_of(falkordb_store, "II.2") == set()
    again = target.post("/api/corrections/import", json=exported, headers={"X-API-Key": KEY}).json()
    assert again == {"applied": 0, "kept": 2, "refused": []}
    # A document whose decisions do not fit takes none of them.
    wrong = [{**exported[0], "corrections": [{**c, "id": f"x{i}"} for i, c in enumerate(exported[0]["corrections"])]}]
    wrong[0]["corrections"][1]["target"] = {"kind": "task", "ref": "IX.9"}
    r = target.post("/api/corrections/import", json=wrong, headers={"X-API-Key": KEY}).json()
    assert r["applied"] == 0 and r["refused"][0]["document"] == DOC and "no task IX.9" in r["refused"][0]["problem"]
    assert len(corrections_of(falkordb_store, DOC)) == 2


def test_a_rejected_task_takes_its_sub_items_and_nothing_else() -> None:
    from lineage.corrections import apply
    from lineage.extraction import Task

    refs = [("II.1", None), ("II.1.a", "II.1"), ("II.1.a.1", "II.1.a"), ("II.10", None), ("II.10.a", "II.10")]
    ex = Extraction(source="x", doc=Header(), tasks=[Task(ref=r, parent=p, text=r) for r, p in refs])
    out, (c,) = apply(ex, [decision(Target(kind="task", ref="II.1"), "reject")])
    assert [t.ref for t in out.tasks] == ["II.10", "II.10.a"] and c.status == "applied"
    assert [t.ref for t in ex.tasks] == [r for r, _ in refs]  # the reading itself is left as it was
