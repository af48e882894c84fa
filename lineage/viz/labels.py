"""Human names for documents on pages: a code when it has one, a draft in words, never a key or a
file name ("Kế hoạch (dự thảo) của UBND tỉnh Đồng Nai, 8/2025")."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

DRAFT = {"vi": "{kind} (dự thảo) của {issuer}, {month}", "en": "Draft {kind} of {issuer}, {month}"}
UNKNOWN = {"vi": "Văn bản chưa có số", "en": "Unnumbered document"}
NO_ISSUER = {"vi": "cơ quan chưa rõ", "en": "an unknown issuer"}


def doc_label(d: Any, lang: str = "vi") -> str:
    """The name of a document (a model, or a row of DOC_FIELDS) as an official would say it."""

    def get(field: str) -> Any:
        return d.get(field) if isinstance(d, Mapping) else getattr(d, field, None)

    if get("code"):
        return str(get("code"))
    if get("title") and not get("draft"):
        return str(get("title"))  # a work named without a number ("văn kiện Đại hội XIV")
    kind, issuer, date = get("type"), get("issuer"), get("date")
    if not (kind or issuer or date):
        return UNKNOWN[lang]
    words = (kind or UNKNOWN[lang]).strip()
    month = f"{int(date[5:7])}/{date[:4]}" if isinstance(date, str) and len(date) >= 7 and date[5:7].isdigit() else "?"
    return DRAFT[lang].format(
        kind=words if lang == "vi" else words.lower(), issuer=issuer or NO_ISSUER[lang], month=month
    )


_EVERY_VI = {"yearly": "hằng năm", "quarterly": "hằng quý", "monthly": "hằng tháng", "weekly": "hằng tuần"}
_MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def deadline_words(value: str | None, lang: str = "vi") -> str:
    """A deadline as the reader stores it ("2026-06-30", "2026-Q3", "2026-04", "yearly before 31/5")
    in the page's language ("30/6/2026", "quý 3/2026", "tháng 4/2026", "hằng năm, trước ngày 31/5")."""
    if not value:
        return ""
    en = lang == "en"
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value):
        y, mo, d = m.groups()
        return f"{int(d)} {_MONTHS_EN[int(mo) - 1][:3]} {y}" if en else f"{int(d)}/{int(mo)}/{y}"
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        return f"Q{m[2]} {m[1]}" if en else f"quý {m[2]}/{m[1]}"
    if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
        return f"{_MONTHS_EN[int(m[2]) - 1]} {m[1]}" if en else f"tháng {int(m[2])}/{m[1]}"
    if re.fullmatch(r"\d{4}", value):
        return value if en else f"năm {value}"
    if en:
        return value
    words = re.sub(r"\bevery (\d+) months\b", r"\1 tháng một lần", value)
    words = re.sub(r"\b(yearly|quarterly|monthly|weekly)\b", lambda m: _EVERY_VI[m[1]], words)
    words = re.sub(r"\s*\band before\b", " và trước ngày", words)
    return re.sub(r"\s+before\b", ", trước ngày", words)


_MATCHED = re.compile(
    r"number left blank in [^;]+; (?:(?P<by>.+?) cites it as|it is) (?P<code>\S+) of (?P<date>\S+): "
    r"same issuer scope \((?P<scope>[^)]*)\), same kind of number(?: \((?P<symbol>[^)]*)\))?, same month"
    r"(?: \((?P<month>[^)]*)\))?, and both carry out (?P<parents>.+)"
)

_SAID = re.compile(r"a person (?P<verb>said|confirmed) it is (?P<code>\S+): (?P<why>.*)", re.S)


def same_as_words(reason: str | None, lang: str = "vi") -> str:
    """Why a draft was matched to a numbered document, in words and without file names."""
    said = _SAID.fullmatch(reason or "")
    if said is not None:
        confirmed = said["verb"] == "confirmed"
        if lang == "en":
            verb = "confirmed that this draft is" if confirmed else "said that this draft is"
            return f"A person {verb} {said['code']}: {said['why']}"
        verb = "đã xác nhận bản dự thảo này là" if confirmed else "đã xác định bản dự thảo này là"
        return f"Cán bộ {verb} {said['code']}: {said['why']}"
    m = _MATCHED.fullmatch(reason or "")
    if m is None:
        return reason or ""
    symbol = f" ({m['symbol']})" if m["symbol"] else ""
    if lang == "en":
        return (
            f"The number was left blank; it is {m['code']} of {m['date']}: the same issuer ({m['scope']}), the "
            f"same kind of number{symbol}, the same month, and both carry out {m['parents']}."
        )
    return (
        f"Bản dự thảo để trống số; đây là {m['code']} ngày {deadline_words(m['date'])}, vì cùng cơ quan ban hành "
        f"({m['scope']}), cùng loại số{symbol}, cùng tháng ban hành và cùng thực hiện {m['parents']}."
    )


_DETAILS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (
        re.compile(r"no task found in a plan of (?P<n>[\d,]+) characters"),
        "Không tìm thấy nhiệm vụ nào trong kế hoạch dài {n} ký tự",
        "No task found in a plan of {n} characters",
    ),
    (
        re.compile(r"carries out none of what it names: (?P<codes>.+) are read as citations"),
        "Không thấy văn bản nào được thực hiện: {codes} chỉ được đọc là dẫn chiếu",
        "Carries out none of what it names: {codes} are read as citations",
    ),
    (
        re.compile(r"(?P<code>\S+) names (?P<n>\d+) documents in the graph"),
        "{code} ứng với {n} văn bản trong đồ thị",
        "{code} names {n} documents in the graph",
    ),
)


def review_words(detail: str | None, lang: str = "vi") -> str:
    """A review item's detail (the API's English) in the page's language."""
    for pattern, vi, en in _DETAILS:
        m = pattern.fullmatch(detail or "")
        if m is not None:
            return (en if lang == "en" else vi).format(**m.groupdict())
    return same_as_words(detail, lang)
