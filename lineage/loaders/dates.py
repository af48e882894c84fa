"""Dates as the genre writes them, to ISO strings.

"24/01/2025", "24-01-2025", "ngày 24 tháng 01 năm 2025", and headers with the
day or month left blank ("ngày    tháng 8 năm 2025" -> "2025-08"). Deadlines add
"trước ngày 05/3/2026" and recurring forms ("định kỳ hàng năm trước ngày 31/5",
"trước ngày 15/12 hằng năm").
"""

from __future__ import annotations

import datetime as dt
import re

# Day and month may be blank in a header; the year never is.
WORDY_DATE = re.compile(r"ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})", re.IGNORECASE)
NUMERIC_DATE = re.compile(r"(?<![\d/])(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})(?!\d)")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


def iso(day: str | None, month: str | None, year: str) -> str | None:
    """ISO date from parts; partial when day or month is blank; None when impossible."""
    if not month:
        return year
    m = int(month)
    if not 1 <= m <= 12:
        return None
    if not day:
        return f"{year}-{m:02d}"
    try:
        return dt.date(int(year), m, int(day)).isoformat()
    except ValueError:
        return None


def first_date(text: str) -> tuple[str | None, re.Match[str] | None]:
    """The first full or header-style date in `text`."""
    candidates = [m for m in (WORDY_DATE.search(text), NUMERIC_DATE.search(text)) if m]
    if not candidates:
        return None, None
    m = min(candidates, key=lambda c: c.start())
    return iso(m.group("d"), m.group("m"), m.group("y")), m


_DEADLINE = re.compile(
    r"(?:trước|chậm\s+nhất|hạn\s+chót|hoàn\s+thành|xong|đến|thời\s+hạn|thời\s+gian)[^.;]{0,25}?"
    r"(?:ngày\s*)?(?P<date>\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})",
    re.IGNORECASE,
)
# The day the work itself happens is its deadline: "khởi công dự án ... vào ngày 19 tháng 12 năm 2025",
# "tổ chức lễ khánh thành ... vào ngày 19/12/2025". Not what was done ("đã tổ chức ... vào ngày").
_ON_THE_DAY = re.compile(
    r"(?<!đã )(?<!được )(?:khởi\s+công|khánh\s+thành|thông\s+xe|tổ\s+chức\s+lễ|đưa\s+vào\s+(?:khai\s+thác|sử\s+dụng|vận\s+hành))"
    r"[^.;]{0,100}?\svào\s+ngày\s*(?P<date>\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})",
    re.IGNORECASE,
)
_MONTH_DEADLINE = re.compile(
    r"(?:trước|trong|hoàn\s+thành\s+trong|chậm\s+nhất|thời\s+(?:gian|hạn)[^:;.]{0,20}:)\s+(?:tháng\s+(?P<m>\d{1,2})\s*(?:/|năm)\s*(?P<y>\d{4})|"
    r"quý\s+(?P<q>I{1,3}|IV|[1-4])\s*(?:/|năm)\s*(?P<qy>\d{4}))",
    re.IGNORECASE,
)
# "Định kỳ hằng năm ..." anywhere; a bare "Hằng năm" only where a sentence or item starts
# ("kế hoạch ... hằng năm" describes the plan, it sets no deadline).
_RECURRING = re.compile(
    r"(?P<every>định\s+kỳ\s+(?:hàng|hằng)\s+(?P<unit>năm|quý|tháng|tuần)|"
    r"(?:^|[.;:]\s+|^[-+]\s*|^\w{1,5}[.)]\s*)(?:hàng|hằng)\s+(?P<unit2>năm|quý|tháng|tuần)|"
    r"định\s+kỳ\s+(?P<n>\d+|sáu|06)\s+tháng)"
    r"(?P<rest>[^.;]{0,80})",
    re.IGNORECASE | re.MULTILINE,
)
# The date first, the period after: "trước ngày 15/12 hằng năm", "trước ngày 25 hằng tháng".
_DATE_THEN_EVERY = re.compile(
    r"trước\s+ngày\s+(?P<when>\d{1,2}(?:\s*/\s*\d{1,2})?(?:\s*(?:,|và)\s*(?:ngày\s+)?\d{1,2}(?:\s*/\s*\d{1,2})?)*)"
    r"(?!\s*/)\s*,?\s+(?:của\s+)?(?:hàng|hằng)\s+"
    r"(?P<unit>năm|quý|tháng|tuần)(?!\w)",
    re.IGNORECASE,
)
_EVERY = {"năm": "yearly", "quý": "quarterly", "tháng": "monthly", "tuần": "weekly"}


# "từ ngày 01/01/2026 đến ngày 31/10/2026": a period. Its end is a deadline only when a
# "Thời gian (thực hiện)" / "Thời hạn" label introduces it; otherwise it is what a report covers.
_SPAN = re.compile(
    r"(?P<label>(?:thời\s+(?:gian|hạn)[^.;:]{0,25}:?\s*))?từ\s+(?:ngày\s+)?\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?\s*"
    r"(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?(?P<end>\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4})",
    re.IGNORECASE,
)


def deadline(text: str) -> str | None:
    """The deadline a task states: an ISO date, a month or quarter, or a recurring rule
    written in English ("yearly before 31/5 and before 15/11")."""
    for span in _SPAN.finditer(text):
        if span.group("label"):
            return first_date(span.group("end"))[0]
    text = _SPAN.sub(lambda s: " " * len(s.group()), text)
    for rule in (_DEADLINE, _ON_THE_DAY):  # a stated deadline first, then the day the work happens
        m = rule.search(text)
        if m:
            value, _ = first_date(m.group("date") if "tháng" not in m.group("date") else "ngày " + m.group("date"))
            if value:
                return value
    m2 = _MONTH_DEADLINE.search(text)
    if m2:
        if m2.group("m"):
            return iso(None, m2.group("m"), m2.group("y"))
        return f"{m2.group('qy')}-Q{_ROMAN.get(m2.group('q').upper(), 0) or int(m2.group('q'))}"
    d = _DATE_THEN_EVERY.search(text)
    if d:
        return _recurring(_EVERY[d.group("unit").lower()], re.findall(r"\d{1,2}(?:\s*/\s*\d{1,2})?", d.group("when")))
    r = _RECURRING.search(text)
    if r:
        unit = r.group("unit") or r.group("unit2")
        every = _EVERY[unit.lower()] if unit else "every 6 months"
        return _recurring(every, re.findall(r"trước\s+ngày\s+(\d{1,2}\s*/\s*\d{1,2})", r.group("rest"), re.IGNORECASE))
    return None


def _recurring(every: str, days: list[str]) -> str:
    """A recurring rule in English: "yearly", "yearly before 31/5 and before 15/11"."""
    return " ".join([every, " and ".join("before " + day.replace(" ", "") for day in days)]).strip()
