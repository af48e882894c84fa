"""The document's own identity: issuer, number, place and date, kind, subject, signer.

The header is laid out in two columns (issuer and number on the left, motto and
place-date on the right) that PDF text often interleaves on one line, so fields
are found by their own patterns in the first lines, and the signature by its
shape in the last ones. Nothing absent is invented: a document that starts at
"Kính gửi" has no number, date or place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lineage.extraction import Header
from lineage.loaders.dates import iso
from lineage.loaders.normalize import Paragraph, fold
from lineage.loaders.references import CODE_TYPES, KINDS
from lineage.loaders.units import UnitTable

_NUMBER = re.compile(
    r"(?<!\w)Số\s*:?\s*(?P<n>\d{0,6})\s*(?P<sym>[-/]\s*[A-ZĐ][\wĐđ]*(?:\s*[-/]\s*[\wĐđ]+){0,3})", re.IGNORECASE
)
_PLACE_DATE = re.compile(
    r"(?<!\w)(?P<place>(?:TP\.\s*)?(?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]+\s+){0,3}[A-ZĐÀ-Ỹ][a-zà-ỹđ]+)\s*,\s*"
    r"ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})"
)
_MOTTO = re.compile(
    r"CỘNG\s+HÒA\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM|Độc\s+lập\s*-\s*Tự\s+do\s*-\s*Hạnh\s+phúc|"
    r"ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM|^[\s*_=.-]+$",
    re.IGNORECASE,
)
_TITLE_KINDS = {k.upper(): v for k, v in KINDS.items() if k not in {"văn bản", "chương trình hành động"}}
_TITLE_KINDS["CHƯƠNG TRÌNH HÀNH ĐỘNG"] = "Chương trình"
_AUTHORITY = re.compile(
    r"^(?:TM\.|T/M|TM|KT\.|KT|Q\.|TL\.|T/L|TUQ\.|TUQ|PHÓ\s|CHỦ\s|GIÁM\s|BÍ\s|THỦ\s|BỘ\s|CHÁNH\s|TRƯỞNG\s|"
    r"PHÓ$|CHỦ TỊCH$|GIÁM ĐỐC$|BÍ THƯ$)"
)
_NAME = re.compile(r"^(?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]*\s+){1,4}[A-ZĐÀ-Ỹ][a-zà-ỹđ]*$")
_SYMBOL_ISSUER = {"UBND": "UBND tỉnh", "TU": "Tỉnh ủy", "HĐND": "HĐND tỉnh"}
_BODY_START = re.compile(r"^(?:Kính\s+gửi|Căn\s+cứ|Thực\s+hiện|Triển\s+khai|Xét|Theo\s+đề\s+nghị|Nhằm|I\.|1\.)")


@dataclass(frozen=True)
class HeaderParts:
    header: Header
    title_paragraphs: list[int]  # indexes of the paragraphs holding the subject


def is_caps(text: str) -> bool:
    """Written in capitals (two letters at least): issuer blocks, kind titles, signature titles."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _column_segments(lines: list[str]) -> list[str]:
    return [seg.strip() for line in lines for seg in re.split(r"\s{3,}", line) if seg.strip()]


def read_header(
    raw_lines: list[str],
    paras: list[Paragraph],
    tail_lines: list[str],
    *,
    units: UnitTable,
    province: str | None,
    issuer: str | None,
) -> HeaderParts:
    """Header fields from the first lines and the paragraphs, signer from the last lines.

    `province` and `issuer` are what the user supplied for documents without a header.
    """
    head_text = re.sub(r"\s+", " ", " ".join(raw_lines))
    h = Header()
    num = _NUMBER.search(head_text)
    if num:
        sym = re.sub(r"\s+", "", num.group("sym")).lstrip("/-")
        sep = num.group("sym").lstrip()[0]
        h.symbol = sym
        h.code = f"{num.group('n')}{sep}{sym}" if num.group("n") else None
    pd = _PLACE_DATE.search(head_text)
    if pd:
        words = pd.group("place").split()
        while words and not words[0][0].isupper():
            words.pop(0)
        h.place = " ".join(words) or None
        h.date = iso(pd.group("d"), pd.group("m"), pd.group("y"))
    h.province = province or (units.province_of(h.place) if h.place else None)

    # Issuer block: capitalised segments above the number / subject, left column first.
    block: list[str] = []
    for seg in _column_segments(raw_lines):
        if _NUMBER.match(seg) or seg.startswith(("V/v", "Về việc")) or _BODY_START.match(seg):
            break
        if _MOTTO.search(seg) or _PLACE_DATE.search(seg) or seg.upper() in _TITLE_KINDS:
            continue
        if is_caps(seg):
            block.append(seg)
    tail = _column_segments(tail_lines)
    signer_title, signer = _signature(tail)
    h.signer, h.signer_title = signer, signer_title
    found = units.find(" ".join(block), province=h.province) if block else []
    if found:
        prov = next((u.province for u in found if u.province), None)
        h.province = h.province or prov
        found = units.find(" ".join(block), province=h.province)
        unit = found[-1]
        h.issuer = unit.name
        if unit.level == "department" and h.province and "tỉnh" not in fold(unit.name):
            h.issuer = f"{unit.name} tỉnh {h.province}"
    if h.issuer and signer_title and re.search(r"T/?M\.?\s+BAN\s+THƯỜNG\s+VỤ", signer_title) and "Tỉnh ủy" in h.issuer:
        h.issuer = h.issuer.replace("Tỉnh ủy", "Ban Thường vụ Tỉnh ủy", 1)

    # Kind and subject.
    title_idx: list[int] = []
    for i, p in enumerate(paras[:30]):
        if p.text.startswith(("V/v", "Về việc")):
            h.subject = p.text
            title_idx = [i]
            break
        kind = _TITLE_KINDS.get(re.sub(r"\s+", " ", p.text.upper()).strip())
        if kind and is_caps(p.text):
            h.type = kind
            # The title is the paragraph after the kind (often "Thực hiện ..."), or a run
            # of capitalised lines ("TRIỂN KHAI THỰC HIỆN CHỈ THỊ SỐ 56-CT/TW").
            j = i + 1
            while (
                j < len(paras)
                and j < i + 6
                and not re.match(r"^(?:Kính\s+gửi|Căn\s+cứ|[-_*=.\s]+$)", paras[j].text)
                and not _MOTTO.search(paras[j].text)
                and (j == i + 1 or not _BODY_START.match(paras[j].text))
            ):
                title_idx.append(j)
                if not is_caps(paras[j].text):
                    break
                j += 1
            h.subject = " ".join(paras[k].text for k in title_idx) or None
            break
    if h.type is None:
        if h.subject and h.subject.startswith(("V/v", "Về việc")):
            h.type = "Công văn"
        elif h.symbol:
            token = re.split(r"[-/]", h.symbol)[0].upper()
            h.type = CODE_TYPES.get(token) or "Công văn"
        elif any(p.text.startswith("Kính gửi") for p in paras[:40]):
            h.type = "Công văn"

    if h.issuer is None:
        h.issuer = issuer or _speaker(paras, units=units, province=h.province) or _from_symbol(h.symbol, h.province)
    return HeaderParts(header=h, title_paragraphs=title_idx)


_COPY_LINE = re.compile(r"^[-+•]\s*\S")


def _signature(tail: list[str]) -> tuple[str | None, str | None]:
    name_at = None
    for i in range(len(tail) - 1, -1, -1):
        seg = re.sub(r"\s*\(?(?:đã\s+ký|Đã\s+ký)\)?\s*", "", tail[i]).strip()
        if _NAME.match(seg) and all(w[0].isupper() for w in seg.split()):
            name_at = i
            break
    if name_at is None:
        return None, None
    titles: list[str] = []
    j = name_at - 1
    while j >= 0 and "NƠI NHẬN" not in tail[j].upper():
        if is_caps(tail[j]) or _AUTHORITY.match(tail[j]):
            titles.insert(0, tail[j])
        elif not _COPY_LINE.match(tail[j]):
            break
        # A copy line ("- Như trên;") beside the title, in the other column of the same line, is passed over.
        j -= 1
    name = re.sub(r"\s*\(?(?:đã\s+ký|Đã\s+ký)\)?\s*", "", tail[name_at]).strip()
    return (re.sub(r"\s+", " ", " ".join(titles)) or None), re.sub(r"\s+", " ", name)


def _speaker(paras: list[Paragraph], *, units: UnitTable, province: str | None) -> str | None:
    """The body that speaks in the opening: "Chủ tịch UBND tỉnh yêu cầu ..."."""
    for p in paras[:40]:
        for u in units.find(p.text, province=province):
            rel = fold(p.text)[u.end : u.end + 30]
            if re.match(r"^\s*(?:yêu\s+cầu|đề\s+nghị|có\s+ý\s+kiến|ban\s+hành|chỉ\s+đạo|thông\s+báo|giao)", rel):
                return u.name
    return None


def _from_symbol(symbol: str | None, province: str | None) -> str | None:
    if not symbol:
        return None
    for token in re.split(r"[-/]", symbol):
        base = _SYMBOL_ISSUER.get(token.upper())
        if base:
            return f"{base} {province}" if province else base
    return None
