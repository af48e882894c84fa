"""Partners named in a task: foreign governments and localities, organisations,
markets and agreements (thỏa thuận quốc tế, FTA). Each pattern is one rule; a new
phrasing is a new line here."""

from __future__ import annotations

import re

COUNTRIES = (
    "Hàn Quốc|Nhật Bản|Trung Quốc|Hoa Kỳ|Mỹ|Lào|Campuchia|Thái Lan|Singapore|Ấn Độ|Úc|Australia|Nga|Liên bang Nga|"
    "Pháp|Đức|Anh|Canada|Cuba|Indonesia|Malaysia|Philippines|Đài Loan|Israel|Hà Lan|Italia|New Zealand|Liên minh châu Âu|EU|"
    "ASEAN|Trung Đông|Mông Cổ|Myanmar|Brunei|Thụy Sĩ|Bỉ|Ba Lan|Séc|Hungary|UAE|Ả Rập Xê Út|Qatar"
)
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "agreement",
        re.compile(
            r"(?:các\s+)?hiệp\s+định\s+thương\s+mại\s+tự\s+do(?:\s+thế\s+hệ\s+mới)?(?:\s*\((?:FTA|FTAs)\))?", re.I
        ),
    ),
    ("agreement", re.compile(r"\b(?:CPTPP|EVFTA|RCEP|UKVFTA|VKFTA|AIFTA)\b")),
    ("market", re.compile(rf"thị\s+trường\s+(?:{COUNTRIES})", re.I)),
    ("market", re.compile(r"(?:sản\s+phẩm\s+)?Halal")),
    ("country", re.compile(rf"(?<=\s)(?:{COUNTRIES})(?=[\s,.;)])")),
    ("organisation", re.compile(r"(?:các\s+)?tập\s+đoàn\s+(?:đa\s+quốc\s+gia|công\s+nghệ\s+lớn)", re.I)),
    ("partner", re.compile(r"(?:các\s+)?đối\s+tác\s+(?:nước\s+ngoài|tiềm\s+năng|lớn|truyền\s+thống|quốc\s+tế)", re.I)),
    ("organisation", re.compile(r"(?:các\s+)?tổ\s+chức\s+phi\s+chính\s+phủ\s+nước\s+ngoài", re.I)),
    ("agreement", re.compile(r"(?:các\s+)?(?:bản\s+ghi\s+nhớ|thỏa\s+thuận\s+(?:quốc\s+tế|hợp\s+tác))", re.I)),
]


def find_partners(text: str) -> list[tuple[str, str]]:
    """(kind, name) of every partner named in `text`, in order, without repeats."""
    found: dict[str, str] = {}
    spans: list[tuple[int, int]] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if any(s <= m.start() < e for s, e in spans):
                continue
            spans.append((m.start(), m.end()))
            name = re.sub(r"^(?:các|Các)\s+", "", m.group().strip())
            found.setdefault(name, kind)
    return [(k, n) for n, k in found.items()]
