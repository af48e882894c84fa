"""Partners named in a task: foreign governments and localities, organisations,
markets and agreements (thỏa thuận quốc tế, FTA). Each pattern is one rule; a new
phrasing is a new line here."""

from __future__ import annotations

import re

from lineage.loaders.normalize import fold

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
# Matched on the folded (lower-case, same-length) text, so names are sliced from the original.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "agreement",
        re.compile(r"(?:các\s+)?hiệp\s+định\s+thương\s+mại\s+tự\s+do(?:\s+thế\s+hệ\s+mới)?(?:\s*\((?:fta|ftas)\))?"),
    ),
    ("agreement", re.compile(r"\b(?:cptpp|evfta|rcep|ukvfta|vkfta|aifta)\b")),
    ("market", re.compile(r"(?:sản\s+phẩm\s+)?halal")),
    ("organisation", re.compile(r"(?:các\s+)?tập\s+đoàn\s+(?:đa\s+quốc\s+gia|công\s+nghệ\s+lớn)")),
    ("partner", re.compile(r"(?:các\s+)?đối\s+tác\s+(?:nước\s+ngoài|tiềm\s+năng|lớn|truyền\s+thống|quốc\s+tế)")),
    ("organisation", re.compile(r"(?:các\s+)?tổ\s+chức\s+phi\s+chính\s+phủ\s+nước\s+ngoài")),
    ("agreement", re.compile(r"(?:các\s+)?(?:bản\s+ghi\s+nhớ|thỏa\s+thuận\s+(?:quốc\s+tế|hợp\s+tác))")),
]
_COUNTRY_NAMES = "|".join(sorted(map(re.escape, COUNTRIES), key=len, reverse=True))
_COUNTRY = re.compile(rf"(?<!\w)(?:{_COUNTRY_NAMES})(?!\w)")
_MARKET = re.compile(r"thị\s+trường\s+(?=[A-ZĐÀ-Ỹ])")
# A foreign locality with its country in brackets: "tỉnh Kampong Cham (Vương quốc Campuchia)".
_LOCALITY = re.compile(
    r"(?<!\w)(?:tỉnh\s+bang|tỉnh|thành\s+phố|thủ\s+đô|bang|vùng|quận|huyện|châu)\s+"
    r"(?P<place>[^\W\d_]+(?:[ \t-]+[^\W\d_]+){0,4})\s*\(\s*"
    r"(?:(?:Vương\s+quốc|Cộng\s+hòa(?:\s+Dân\s+chủ\s+Nhân\s+dân)?|Liên\s+bang|Nhà\s+nước|nước)\s+)?"
    rf"(?P<country>{_COUNTRY_NAMES})\s*\)"
)


# A rule runs only where its word occurs: a substring test is far cheaper than a scan.
_TRIGGERS = (
    "hiệp định",
    "cptpp",
    "evfta",
    "rcep",
    "ukvfta",
    "vkfta",
    "aifta",
    "halal",
    "tập đoàn",
    "đối tác",
    "phi chính phủ",
    "ghi nhớ",
    "thỏa thuận",
)


def find_partners(text: str) -> list[tuple[str, str]]:
    """(kind, name) of every partner named in `text`, in order, without repeats."""
    folded = fold(text)
    found: dict[str, str] = {}
    taken: list[tuple[int, int]] = []
    if not any(t in folded for t in _TRIGGERS) and not any(c in text for c in COUNTRIES):
        return []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(folded):
            if not any(s <= m.start() < e for s, e in taken):
                taken.append((m.start(), m.end()))
                found.setdefault(re.sub(r"^(?:các|Các)\s+", "", text[m.start() : m.end()].strip()), kind)
    present = [c for c in COUNTRIES if c in text]
    for m in _LOCALITY.finditer(text) if present and "(" in text else ():
        place = m.group("place").split()
        if all(w[0].isupper() for w in place):
            taken.append((m.start(), m.end()))
            found.setdefault(f"{' '.join(place)} ({m.group('country')})", "locality")
    for m in _COUNTRY.finditer(text) if present else ():
        if any(s <= m.start() < e for s, e in taken):
            continue
        market = _MARKET.search(text, max(0, m.start() - 14), m.start() + 1)
        if market and market.end() == m.start():
            found.setdefault(text[market.start() : m.end()], "market")
        else:
            found.setdefault(m.group(), "country")
    return [(k, n) for n, k in found.items()]
