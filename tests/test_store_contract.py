"""The GraphStore contract, on the real embedded engine (and Neo4j when configured)."""

from __future__ import annotations

import pytest

from lineage.errors import WriteError
from lineage.graph.ingest import delete_document, ingest
from lineage.graph.schema import GraphBatch, Label, Rel
from lineage.graph.store import GraphStore, counts
from lineage.loaders.reader import extract_file, extract_text
from lineage.loaders.units import UnitTable

LETTER = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NINH
Số: 512/UBND-NC
V/v triển khai Chỉ thị số 56-CT/TW
Quảng Ninh, ngày 12 tháng 3 năm 2026
Kính gửi: Sở Ngoại vụ.
Thực hiện Chỉ thị số 56-CT/TW ngày 24/12/2025 của Ban Bí thư về tăng cường sự lãnh đạo của Đảng đối với công tác ký kết, thực hiện các cam kết quốc tế, UBND tỉnh yêu cầu:
1. Sở Ngoại vụ chủ trì, phối hợp với Sở Tư pháp rà soát các thỏa thuận quốc tế, báo cáo UBND tỉnh trước ngày 30/6/2026.
2. Công an tỉnh phối hợp thẩm định các đoàn vào./.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn Hùng
"""


def test_ingest_twice_changes_nothing(store: GraphStore, seeds, units: UnitTable) -> None:
    for f in seeds:
        ingest(store, extract_file(f, units=units), units=units)
    first = counts(store)
    again = [ingest(store, extract_file(f, units=units), units=units).status for f in seeds]
    assert again == ["unchanged"] * len(seeds)
    assert counts(store) == first
    assert first[0] > 50 and first[1] > 100


def test_one_node_for_the_draft_and_its_citation_in_either_order(store: GraphStore, seeds, units: UnitTable) -> None:
    draft = next(f for f in seeds if f.name.startswith("002"))
    citing = next(f for f in seeds if f.name.startswith("000"))
    for order in ([draft, citing], [citing, draft]):
        store.clear()
        for f in order:
            ingest(store, extract_file(f, units=units), units=units)
        rows = store.read(
            "MATCH (d:Document) WHERE d.code_key = '39/KH-UBND' OR d.source_file = $f "
            "RETURN d.key AS key, d.code AS code, d.same_as AS why",
            {"f": draft.name},
        )
        assert len(rows) == 1, rows
        assert rows[0]["code"] == "39/KH-UBND"
        assert "153/NQ-CP" in rows[0]["why"]


def test_changed_file_replaces_its_facts(store: GraphStore, units: UnitTable) -> None:
    ingest(store, extract_text(LETTER, source="qn.txt", units=units), units=units, source_file="qn.txt")
    before = store.read("MATCH (t:Task)-[r:ASSIGNED_TO]->(u:Unit) RETURN u.name AS u, r.role AS role")
    assert {"u": "Sở Tư pháp", "role": "support"} in before
    changed = LETTER.replace("phối hợp với Sở Tư pháp", "phối hợp với Sở Nội vụ").replace(
        "2. Công an tỉnh phối hợp thẩm định các đoàn vào./.", ""
    )
    r = ingest(store, extract_text(changed, source="qn.txt", units=units), units=units, source_file="qn.txt")
    assert r.status == "written"
    after = store.read("MATCH (t:Task)-[r:ASSIGNED_TO]->(u:Unit) RETURN u.name AS u, r.role AS role")
    assert {"u": "Sở Nội vụ", "role": "support"} in after
    assert {"u": "Sở Tư pháp", "role": "support"} not in after
    assert store.read("MATCH (t:Task) RETURN count(t) AS c")[0]["c"] == 1
    assert len(store.read("MATCH (d:Document) WHERE d.code_key = '512/UBND-NC' RETURN d.key AS k")) == 1


def test_a_write_that_fails_halfway_leaves_nothing(store: GraphStore) -> None:
    batch = GraphBatch()
    for i in range(50):
        batch.node(Label.DOCUMENT, f"doc:{i}", {"code": f"{i}-NQ/TW"})
    batch.edge(Rel.CITES, (Label.DOCUMENT, "doc:1"), (Label.DOCUMENT, "doc:2"), source="doc:1")
    # The last edge carries a map as a property value: both engines refuse it at run time.
    batch.edge(Rel.CITES, (Label.DOCUMENT, "doc:2"), (Label.DOCUMENT, "doc:3"), source="doc:2", bad={"nested": 1})
    with pytest.raises(WriteError):
        store.write(batch)
    assert counts(store) == (0, 0)


CITING = LETTER.replace("Số: 512/UBND-NC", "Số: 600/UBND-NC").replace(
    "Thực hiện Chỉ thị số 56-CT/TW ngày 24/12/2025", "Thực hiện Văn bản số 512/UBND-NC ngày 12/3/2026 của UBND tỉnh"
)


def test_delete_keeps_a_cited_document_as_a_stub_and_drops_an_uncited_one(store: GraphStore, units: UnitTable) -> None:
    r = ingest(store, extract_text(LETTER, source="qn.txt", units=units), units=units)
    citing = ingest(store, extract_text(CITING, source="qn2.txt", units=units), units=units)
    delete_document(store, r.key)
    row = store.read(
        "MATCH (d:Document {key: $k}) RETURN d.stub AS stub, d.raw_text AS raw, d.text AS text, d.code AS code",
        {"k": r.key},
    )[0]
    assert row == {"stub": True, "raw": None, "text": "", "code": "512/UBND-NC"}  # its text is gone, its number stays
    tasks = store.read("MATCH (t:Task) RETURN t.doc_key AS d")
    assert {t["d"] for t in tasks} == {citing.key}
    assert store.read("MATCH ()-[r {source: $k}]->() RETURN count(r) AS c", {"k": r.key})[0]["c"] == 0
    delete_document(store, citing.key)  # nothing cites it: nothing of it is left
    assert store.read("MATCH (d:Document {key: $k}) RETURN count(d) AS c", {"k": citing.key})[0]["c"] == 0
    assert store.read("MATCH (d:Document {key: $k}) RETURN count(d) AS c", {"k": r.key})[0]["c"] == 0


def test_every_edge_keeps_its_evidence(store: GraphStore, seeds, units: UnitTable) -> None:
    for f in seeds:
        ingest(store, extract_file(f, units=units), units=units)
    rows = store.read(
        "MATCH ()-[r:IMPLEMENTS|BASED_ON|CITES|PROPOSED_BY]->(:Document) "
        "RETURN r.source AS source, r.sentence AS sentence, r.start AS start, r.end AS end"
    )
    assert rows
    assert all(r["source"] and r["sentence"] and r["end"] > r["start"] for r in rows)
