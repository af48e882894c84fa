"""Partners named in a task: foreign governments and localities, organisations,
markets and agreements (thỏa thuận quốc tế, FTA). Each pattern is one rule; a new
phrasing is a new line here."""

from __future__ import annotations

import re

COUNTRIES = frozenset(
    [
        "Hàn Quốc",
        "Nhật Bản",
        "Trung Quốc",
        "Hoa Kỳ",
        "Mỹ",
        "Lào",
        "Campuchia",
        "Thái Lan",
        "Singapore",
        "Ấn Độ",
        "Úc",
        "Australia",
        "Nga",
        "Liên bang Nga",
        "Pháp",
        "Đức",
        "Anh",
        "Canada",
        "Cuba",
        "Indonesia",
        "Malaysia",
        "Philippines",
        "Đài Loan",
        "Israel",
        "Hà Lan",
        "Italia",
        "New Zealand",
        "Liên minh châu Âu",
        "EU",
        "ASEAN",
        "Trung Đông",
        "Mông Cổ",
        "Myanmar",
        "Brunei",
        "Thụy Sĩ",
        "Bỉ",
        "Ba Lan",
        "Séc",
        "Hungary",
        "UAE",
        "Ả Rập Xê Út",
        "Qatar",
    ]
)
_LONGEST = max(len(c.split()) for c in COUNTRIES)
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "agreement",
        re.compile(
            r"(?:các\s+)?hiệp\s+định\s+thương\s+mại\s+tự\s+do(?:\s+thế\s+hệ\s+mới)?(?:\s*\((?:FTA|FTAs)\))?", re.I
        ),
    ),
    ("agreement", re.compile(r"\b(?:CPTPP|EVFTA|RCEP|UKVFTA|VKFTA|AIFTA)\b")),
    ("market", re.compile(r"thị\s+trường\s+(?:[A-ZĐÀ-Ỹ]\w*(?:\s+[A-ZĐÀ-Ỹ]\w*)*)")),
    ("market", re.compile(r"(?:sản\s+phẩm\s+)?Halal")),
    ("organisation", re.compile(r"(?:các\s+)?tập\s+đoàn\s+(?:đa\s+quốc\s+gia|công\s+nghệ\s+lớn)", re.I)),
    ("partner", re.compile(r"(?:các\s+)?đối\s+tác\s+(?:nước\s+ngoài|tiềm\s+năng|lớn|truyền\s+thống|quốc\s+tế)", re.I)),
    ("organisation", re.compile(r"(?:các\s+)?tổ\s+chức\s+phi\s+chính\s+phủ\s+nước\s+ngoài", re.I)),
    ("agreement", re.compile(r"(?:các\s+)?(?:bản\s+ghi\s+nhớ|thỏa\s+thuận\s+(?:quốc\s+tế|hợp\s+tác))", re.I)),
]
_CAPITALISED_RUN = re.compile(r"(?<!\w)[A-ZĐÀ-ỸẢ-Ỹ][\w]*(?:\s+[A-ZĐÀ-ỸẢ-Ỹ][\w]*)*")


def find_partners(text: str) -> list[tuple[str, str]]:
    """(kind, name) of every partner named in `text`, in order, without repeats."""
    found: dict[str, str] = {}
    taken: list[tuple[int, int]] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if not any(s <= m.start() < e for s, e in taken):
                taken.append((m.start(), m.end()))
                found.setdefault(re.sub(r"^(?:các|Các)\s+", "", m.group().strip()), kind)
    # Countries: look capitalised runs up in the list, longest first.
    for run in _CAPITALISED_RUN.finditer(text):
        if any(s <= run.start() < e for s, e in taken):
            continue
        words = run.group().split()
        i = 0
        while i < len(words):
            for n in range(min(_LONGEST, len(words) - i), 0, -1):
                name = " ".join(words[i : i + n])
                if name in COUNTRIES:
                    found.setdefault(name, "country")
                    i += n
                    break
            else:
                i += 1
    return [(k, n) for n, k in found.items()]
