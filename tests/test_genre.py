"""The reader on documents written here in the genre (other provinces, a ministry, Party
committees, a decision, an amendment, a draft, a task table, PDF and DOCX forms),
against the expected extraction beside them (tests/fixtures/expected)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from lineage.examples import example_files
from lineage.loaders.reader import extract_file, extract_text
from lineage.loaders.units import UnitTable
from tests.conftest import SHARED

EXPECTED = Path(__file__).parent / "fixtures" / "expected"
FILES = example_files()


def test_at_least_twelve_documents_with_pdf_and_docx_forms() -> None:
    assert len(FILES) >= 12
    assert {f.suffix for f in FILES} >= {".txt", ".pdf", ".docx"}
    assert {f.stem for f in FILES} == {p.stem for p in EXPECTED.glob("*.json")}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem[:2])
def test_document_reads_as_expected(path: Path, units: UnitTable) -> None:
    want = json.loads((EXPECTED / f"{path.stem}.json").read_text(encoding="utf-8"))
    got = extract_file(path, units=units)
    for field in ("type", "code", "issuer", "date", "signer", "signer_title"):
        assert getattr(got.doc, field) == want["doc"][field], field
    assert {(r.code, r.relation.value) for r in got.references if r.code} == {
        (r["code"], r["relation"]) for r in want["references"]
    }
    assert {(r.code, r.issuer) for r in got.references if r.code} >= {
        (r["code"], r["issuer"]) for r in want["references"]
    }
    assert sorted(got.recipients) == sorted(want["recipients"])
    chains = {(r.code, c) for r in got.references for c in r.implements}
    assert chains == {(r["code"], c) for r in want["references"] for c in r.get("implements", [])}
    tasks = {t.ref: t for t in got.tasks}
    for t in want["tasks"]:
        assert t["ref"] in tasks, t["ref"]
        assert sorted(tasks[t["ref"]].lead) == sorted(t["lead"]), t["ref"]
        assert sorted(tasks[t["ref"]].support) == sorted(t["support"]), t["ref"]
        assert tasks[t["ref"]].deadline == t["deadline"], t["ref"]
        if "report_to" in t:
            assert sorted(tasks[t["ref"]].report_to) == sorted(t["report_to"]), t["ref"]
        if "partners" in t:
            assert sorted(tasks[t["ref"]].partners) == sorted(t["partners"]), t["ref"]


def test_the_shared_scorer_agrees(tmp_path: Path, units: UnitTable) -> None:
    scorer = SHARED / "eval" / "score.py"
    if not scorer.exists():
        pytest.skip(f"{scorer} not found")
    for path in FILES:
        data = extract_file(path, units=units).model_dump(mode="json", exclude={"text"})
        (tmp_path / f"{path.stem}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, str(scorer), "--gold", str(EXPECTED), "--pred", str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert float(re.search(r"overall F1 ([\d.]+)", out).group(1)) >= 0.95, out  # type: ignore[union-attr]


OPENING_LIST = """ỦY BAN NHÂN DÂN
TỈNH NGHỆ AN
Số: 90/KH-UBND
Nghệ An, ngày 12 tháng 11 năm 2025
KẾ HOẠCH
Triển khai đợt thi đua trên địa bàn tỉnh
Thực hiện Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng; Chỉ thị số 45-CT/TW ngày 14 tháng 4 năm
2025 của Bộ Chính trị về đại hội đảng bộ các cấp; Quyết định số 2437/QĐ-TTg ngày 04 tháng 11 năm 2025 của Thủ tướng
Chính phủ ban hành Kế hoạch triển khai đợt thi đua;
Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:
1. Sở Nội vụ chủ trì hướng dẫn các đơn vị tổ chức phong trào thi đua.
Báo cáo kết quả thực hiện Chỉ thị số 41-CT/TW ngày 26/12/2024 của Bộ Chính trị theo quy định.
"""


def test_an_openings_list_carries_its_verb_past_an_item_without_a_number(units: UnitTable) -> None:
    """ "Thực hiện A; B; C": the verb governs every item, the first one unnumbered or not; a document
    the text names further on, outside the opening, is only cited."""
    got = extract_text(OPENING_LIST, source="kh90.txt", units=units)
    relations = {r.code: r.relation.value for r in got.references if r.code}
    assert relations == {"45-CT/TW": "implements", "2437/QĐ-TTg": "implements", "41-CT/TW": "cites"}


GROUPED = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NINH
Số: 515/UBND-NC
V/v triển khai hội nhập quốc tế năm 2026
Quảng Ninh, ngày 12 tháng 3 năm 2026
Kính gửi: Các sở, ban, ngành tỉnh.
Thực hiện Chỉ thị số 56-CT/TW ngày 24/12/2025 của Ban Bí thư, UBND tỉnh yêu cầu:
1. Về hội nhập kinh tế quốc tế
a) Sở Công Thương chủ trì hướng dẫn doanh nghiệp tận dụng các hiệp định thương mại tự do.
b) Sở Ngoại vụ chủ trì tổ chức hội nghị xúc tiến đầu tư.
2. Sở Tư pháp chủ trì rà soát các thỏa thuận quốc tế, báo cáo trước ngày 30/6/2026.
3. Tăng cường công tác thông tin đối ngoại, báo cáo UBND tỉnh trước ngày 15/12/2026.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn Hùng
"""


def test_a_heading_that_names_no_unit_over_items_that_do_is_no_task(units: UnitTable) -> None:
    """ "1. Về hội nhập kinh tế quốc tế" heads a) and b), which name their leads: the heading is no task of
    its own (the addressees would otherwise lead it), and they sit where it sat. An item that names no
    unit and heads nothing still falls to the addressees."""
    got = extract_text(GROUPED, source="cv515.txt", units=units)
    assert [(t.ref, t.parent, t.lead) for t in got.tasks] == [
        ("1.a", None, ["Sở Công Thương"]),
        ("1.b", None, ["Sở Ngoại vụ"]),
        ("2", None, ["Sở Tư pháp"]),
        ("3", None, ["Các sở, ban, ngành"]),
    ]
