"""Units: the alias table, a user's additions, and names read by their shape."""

from __future__ import annotations

from pathlib import Path

import pytest

from lineage.errors import ReadError
from lineage.loaders.reader import extract_text
from lineage.loaders.units import UnitTable

LETTER = """Kính gửi: Sở Công Thương; Trung tâm Xúc tiến Đầu tư.
Thực hiện Kế hoạch số 45/KH-UBND ngày 10/02/2026 của UBND tỉnh, UBND tỉnh yêu cầu:
1. Giao TTXT chủ trì, phối hợp với Sở Ngoại vụ tổ chức đoàn xúc tiến đầu tư tại Nhật Bản./.
"""


def test_a_users_alias_file_extends_the_table(tmp_path: Path) -> None:
    extra = tmp_path / "units.toml"
    extra.write_text(
        '[[unit]]\nname = "Trung tâm Xúc tiến Đầu tư tỉnh"\nlevel = "department"\nscope = "province"\n'
        'aliases = ["TTXT", "Trung tâm Xúc tiến Đầu tư"]\n',
        encoding="utf-8",
    )
    plain = extract_text(LETTER, source="x.txt", units=UnitTable.load())
    extended = extract_text(LETTER, source="x.txt", units=UnitTable.load(extra))
    assert plain.tasks[0].lead_inherited  # "TTXT" means nothing without the user's alias
    assert extended.tasks[0].lead == ["Trung tâm Xúc tiến Đầu tư tỉnh"]
    assert extended.tasks[0].support == ["Sở Ngoại vụ"]
    assert extended.recipients == ["Sở Công Thương", "Trung tâm Xúc tiến Đầu tư tỉnh"]


def test_a_broken_alias_file_is_named(tmp_path: Path) -> None:
    extra = tmp_path / "bad.toml"
    extra.write_text("[[unit]\nname = ", encoding="utf-8")
    with pytest.raises(ReadError, match="bad.toml"):
        UnitTable.load(extra)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Giám đốc Công an tỉnh", "Công an tỉnh"),
        ("Chủ tịch Ủy ban nhân dân các xã, phường", "UBND các xã, phường"),
        ("Uỷ ban nhân dân tỉnh Bình Phước", "UBND tỉnh Bình Phước"),
        ("Ban Thường vụ Tỉnh ủy", "Ban Thường vụ Tỉnh ủy Đồng Nai"),
        ("Sở Văn hóa, Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch"),
        ("Vụ trưởng Vụ Hợp tác quốc tế", "Vụ Hợp tác quốc tế"),
        ("Ủy ban nhân dân thành phố Hà Nội", "UBND thành phố Hà Nội"),
        ("Ủy ban nhân dân thành phố Biên Hòa", "UBND thành phố Biên Hòa"),
        ("Trường Đại học Thái Nguyên", "Trường Đại học Thái Nguyên"),
        ("Ủy ban nhân dân các xã biên giới", "UBND các xã biên giới"),
        ("UBND các xã, phường ven biển", "UBND các xã, phường ven biển"),
        ("Đảng đoàn Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Đảng đoàn Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"),
        # The words after a collective are often the sentence's verb, not a qualifier.
        ("UBND các xã, phường nghiêm túc thực hiện", "UBND các xã, phường"),
    ],
)
def test_unit_names_resolve(text: str, name: str) -> None:
    found = UnitTable.load().resolve(text, province="Đồng Nai")
    assert found is not None and found.name == name


def test_in_case_is_no_school() -> None:
    found = UnitTable.load().find("Trường hợp cần thiết, Sở Ngoại vụ báo cáo", province="Đồng Nai")
    assert [u.name for u in found] == ["Sở Ngoại vụ"]


def test_lead_after_a_unit_is_a_verb() -> None:
    text = "Đảng ủy Ủy ban nhân dân tỉnh lãnh đạo Ủy ban nhân dân tỉnh xây dựng kế hoạch"
    found = UnitTable.load().find(text, province="An Giang")
    assert [(u.name, text[u.start : u.end]) for u in found] == [
        ("Đảng ủy UBND tỉnh An Giang", "Đảng ủy Ủy ban nhân dân tỉnh"),
        ("UBND tỉnh An Giang", "Ủy ban nhân dân tỉnh"),
    ]
