"""Normalization: what PDFs and word processors do to text, undone."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from lineage.loaders.normalize import canonical_tones, fold, normalize, strip_diacritics
from lineage.loaders.reader import extract_text
from lineage.loaders.units import UnitTable

VIET = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"


def test_codes_broken_across_lines_are_joined() -> None:
    text, _ = normalize("triển khai Chỉ thị số 56-\nCT/TW ngày 24/12/2025 và Kế hoạch số 39/KH-\nUBND.")
    assert "56-CT/TW" in text and "39/KH-UBND" in text


def test_page_numbers_inside_sentences_disappear() -> None:
    text, paras = normalize("1. Các đơn vị đề xuất các\n\n\n2\n\n\nbiện pháp tháo gỡ vướng mắc.")
    assert len(paras) == 1
    assert "các biện pháp" in text


def test_a_hyphen_at_line_start_is_not_a_bullet() -> None:
    _, paras = normalize("3. Đẩy mạnh hội nhập về chính trị\n- an ninh sâu rộng.\n- Các sở thực hiện.")
    assert [p.text[:8] for p in paras] == ["3. Đẩy m", "- Các sở"]


def test_decomposed_text_and_old_tone_marks_read_the_same() -> None:
    units = UnitTable.load()
    plain = "Kính gửi: Sở Ngoại vụ.\n1. Sở Ngoại vụ chủ trì, phối hợp với Uỷ ban nhân dân các xã, phường thực hiện.\n"
    nfd = unicodedata.normalize("NFD", plain)
    a = extract_text(plain, source="a.txt", units=units)
    b = extract_text(nfd, source="b.txt", units=units)
    assert a.tasks[0].lead == b.tasks[0].lead == ["Sở Ngoại vụ"]
    assert a.tasks[0].support == b.tasks[0].support == ["UBND các xã, phường"]


def test_tone_placement_and_diacritics() -> None:
    assert canonical_tones("hoà bình, uỷ ban, quý, thuỷ") == "hòa bình, ủy ban, quý, thủy"
    assert strip_diacritics("Nghị quyết Đảng") == "nghi quyet dang"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(VIET + VIET.upper() + " \n\t-/.,;:()0123456789"))))
def test_normalization_is_idempotent(raw: str) -> None:
    once, _ = normalize(raw)
    twice, _ = normalize(once)
    assert once == twice
    assert len(fold(once)) == len(once)


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_the_reader_never_crashes_on_arbitrary_text(raw: str) -> None:
    ex = extract_text(raw, source="x.txt", units=UnitTable.load())
    for ref in ex.references:
        if ref.evidence:
            assert 0 <= ref.evidence.start <= ref.evidence.end <= len(ex.text)


def test_seeds_read_the_same_through_pdf_damage(seeds, units: UnitTable) -> None:
    """Re-wrapped at another width (breaking inside codes), decomposed, old tone marks,
    doubled spaces and en dashes: the same references, tasks and header."""
    import re
    import textwrap

    old = {"òa": "oà", "óa": "oá", "ủy": "uỷ", "úy": "uý", "Ủy": "Uỷ"}
    for f in seeds:
        raw = f.read_text(encoding="utf-8")
        clean = extract_text(raw, source=f.name, units=units)
        _, paras = normalize(raw)
        damaged = "\n".join(line for p in paras for line in textwrap.wrap(p.text, width=57))
        for a, b in old.items():
            damaged = re.sub(a + r"(?!\w)", b, damaged)
        damaged = unicodedata.normalize("NFD", damaged.replace(" ", "  ").replace("-", "–"))
        got = extract_text(damaged, source=f.name, units=units)
        assert {(r.code, r.relation) for r in got.references} == {(r.code, r.relation) for r in clean.references}
        assert {(t.ref, tuple(t.lead), tuple(t.support)) for t in got.tasks} == {
            (t.ref, tuple(t.lead), tuple(t.support)) for t in clean.tasks
        }
        assert (got.doc.code, got.doc.issuer, got.doc.date, got.doc.signer) == (
            clean.doc.code,
            clean.doc.issuer,
            clean.doc.date,
            clean.doc.signer,
        )
