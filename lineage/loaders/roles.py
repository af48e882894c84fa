"""Roles: who leads, supports, advises or is reported to, in one item's own text.

A unit's role comes from the words before the list it stands in and the words after
it: "Giao X" or X at the start of a clause (its subject) lead; "phối hợp (với) Y"
supports; "báo cáo / gửi về / tham mưu Z": Z is reported to; after "của", "với", "tại"
a unit is only mentioned. Units listed together ("X, Y và Z") share a role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lineage.loaders.normalize import fold
from lineage.loaders.units import UnitMention

_NONE_BEFORE = re.compile(
    r"(?:của|với|cho|qua|tại|từ|giữa|thuộc|trong|đến|là|thành\s+lập|ở|đối\s+với|và|hoặc|gồm|như|trên|dưới|"
    r"gửi|bởi|do|theo|về|cùng\s+với|để|lãnh\s+đạo|các|kiện\s+toàn)\s*$"
)
_SUPPORT_BEFORE = re.compile(r"phối\s+hợp(?:\s+chặt\s+chẽ)?(?:\s+(?:với|cùng))?\s*:?\s*$")
_REPORT_BEFORE = re.compile(
    r"(?:báo\s+cáo(?:\s+kết\s+quả[^,;]{0,40}?)?(?:\s+(?:về|cho|lên|gửi))?|tham\s+mưu(?:\s+cho)?|kiến\s+nghị(?:\s+với)?|"
    r"đề\s+xuất(?:\s+với)?|trình|gửi(?:\s+(?:báo\s+cáo|kết\s+quả)[^,;.]{0,40}?)?\s+(?:về|đến|tới))\s*$"
)
# "gửi về Sở Ngoại vụ để tổng hợp, báo cáo UBND tỉnh": whom the receiver reports to, not the task.
_RECEIVER_PURPOSE = re.compile(r"\sđể\s")
_LEAD_BEFORE = re.compile(
    r"(?:(?:^|\s)(?:giao(?:\s+cho)?(?:\s+đồng\s+chí)?|đề\s+nghị|yêu\s+cầu|phân\s+công)|chủ\s+trì\s*:|thực\s+hiện\s*:)\s*$"
)
_LEAD_AFTER = re.compile(
    r"^\s*(?:\(|,\s*)?(?:chủ\s+trì|là\s+cơ\s+quan\s+(?:chủ\s+trì|đầu\s+mối)|căn\s+cứ|chịu\s+trách\s+nhiệm|"
    r"có\s+trách\s+nhiệm|:)"
)
_LEAD_VERB = re.compile(
    r"^\s*(?:chủ\s+trì|căn\s+cứ|tổng\s+hợp|chịu|có\s+trách|thực\s+hiện|triển\s+khai|chủ\s+động|tiếp\s+tục|xây\s+dựng|"
    r"theo\s+dõi|hướng\s+dẫn|rà\s+soát|tham\s+mưu|kịp\s+thời|khẩn\s+trương|nghiên\s+cứu|tập\s+trung|tăng\s+cường|"
    r"đẩy\s+mạnh|phối\s+hợp|tổ\s+chức|bố\s+trí|cân\s+đối|hỗ\s+trợ|:)"
)
_LIST_GAP = re.compile(r"^\s*(?:[,;/]\s*|\s+và\s+|\s+cùng\s+)?(?:và\s+)?$")
# Between two units of one list, the rest of a name the reader did not take ("các Ban Xây dựng Đảng và
# Ủy ban ...", "... khu vực II, Kho bạc ..."): capitalised words and numbers, then the list's separator.
_NAME_GAP = re.compile(
    r"^(?:[ \t]+(?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*|khu[ \t]+vực|\d+)){1,5}[ \t]*(?:[,;/][ \t]*(?:và[ \t]+)?|[ \t]+và[ \t]+)$"
)


@dataclass
class Roles:
    lead: list[UnitMention] = field(default_factory=list)
    support: list[UnitMention] = field(default_factory=list)
    report_to: list[UnitMention] = field(default_factory=list)
    advise: list[UnitMention] = field(default_factory=list)


def assign_roles(text: str, units: list[UnitMention], *, origin: int) -> Roles:
    """Roles of the units named in one item's own text (`origin` is the text's offset)."""
    folded = fold(text)
    roles = Roles()
    lists: list[list[UnitMention]] = []
    last_end = 0
    for u in units:
        s = u.start - origin
        if lists and (_LIST_GAP.match(folded[last_end:s]) or _NAME_GAP.match(text[last_end:s])):
            lists[-1].append(u)
        else:
            lists.append([u])
        last_end = u.end - origin
    for group in lists:
        s = group[0].start - origin
        e = group[-1].end - origin
        prefix = folded[max(0, s - 60) : s]
        clause = re.split(r"[.;:]\s", folded[:s])[-1]
        after = folded[e : e + 40]
        if _SUPPORT_BEFORE.search(prefix):
            roles.support += group
        elif _REPORT_BEFORE.search(prefix):
            if roles.report_to and _RECEIVER_PURPOSE.search(folded[roles.report_to[-1].end - origin : s]):
                continue
            roles.report_to += group
        elif _LEAD_BEFORE.search(prefix):
            roles.lead += group
        elif _NONE_BEFORE.search(prefix):
            continue
        elif _LEAD_AFTER.match(after) and not re.match(r"^\s*được", after):
            roles.lead += group
            if re.match(r"^\s*(?:chủ\s+trì\s*,\s*)?tham\s+mưu", after):
                roles.advise += group
        elif not clause.strip(" ,-–+") or (re.search(r"[,:]\s*$", prefix) and _LEAD_VERB.match(after)):
            roles.lead += group
    return roles
