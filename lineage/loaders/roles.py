"""Roles: who leads, supports, advises or is reported to, in one item's own text.

A unit's role comes from the words before the list it stands in and the words after
it: "Giao X" or X at the start of a clause (its subject) lead; "phối hợp (với) Y"
supports; "báo cáo / gửi về / tham mưu Z": Z is reported to; after "của", "với", "tại"
a unit is only mentioned. Units listed together ("X, Y và Z") share a role.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from lineage.loaders.normalize import fold
from lineage.loaders.unit_shapes import NOUN as _COLLECTIVE_NOUN
from lineage.loaders.unit_shapes import STOP_WORDS
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
    r"^\s*(?:\(|,\s*)?(?:chủ\s+trì|là\s+cơ\s+quan\s+(?:chủ\s+trì|đầu\s+mối|thường\s+trực)|là\s+đầu\s+mối|căn\s+cứ|"
    r"chịu\s+trách\s+nhiệm|có\s+trách\s+nhiệm|theo\s+(?:chức\s+năng|thẩm\s+quyền|nhiệm\s+vụ|phạm\s+vi)|"
    r"trong\s+phạm\s+vi\s+chức\s+năng|:)"
)
# Verbs a subject takes at the head of its clause ("..., các Sở, ngành ... triển khai"): the clause's doer.
_LEAD_VERB = re.compile(
    r"^\s*(?:chủ\s+trì|căn\s+cứ|tổng\s+hợp|chịu|có\s+trách|thực\s+hiện|triển\s+khai|chủ\s+động|tiếp\s+tục|xây\s+dựng|"
    r"theo\s+dõi|hướng\s+dẫn|rà\s+soát|tham\s+mưu|kịp\s+thời|khẩn\s+trương|nghiên\s+cứu|tập\s+trung|tăng\s+cường|"
    r"đẩy\s+mạnh|đẩy\s+nhanh|phối\s+hợp|tổ\s+chức|bố\s+trí|cân\s+đối|hỗ\s+trợ|quyết\s+liệt|phát\s+huy|tích\s+cực|"
    r"nghiêm\s+túc|thường\s+xuyên|kiểm\s+tra|giám\s+sát|đôn\s+đốc|chỉ\s+đạo|tham\s+gia|bảo\s+đảm|đảm\s+bảo|huy\s+động|"
    r"hoàn\s+thành|hoàn\s+thiện|cung\s+cấp|tiếp\s+nhận|quản\s+lý|ban\s+hành|xem\s+xét|đăng\s+ký|ưu\s+tiên|làm\s+việc|"
    r"nâng\s+cao|chuẩn\s+bị|đề\s+xuất|tuyên\s+truyền|vận\s+động|phổ\s+biến|lãnh\s+đạo|duy\s+trì|phân\s+bổ|xử\s+lý|"
    r"khắc\s+phục|điều\s+chỉnh|tạo\s+điều\s+kiện|sớm|cần|phải|ngay|rà|quán\s+triệt|sử\s+dụng|nắm\s+chắc|chấp\s+hành|"
    r"theo\s+chức\s+năng|theo\s+thẩm\s+quyền|:)"
)
# After "phối hợp với", whoever is named is a partner, whatever the words ("lực lượng quân đội, công an",
# "doanh nghiệp, viện nghiên cứu, trường đại học"): the nouns of bodies that open such a name.
_SLOT = re.compile(r"phối\s+hợp(?:\s+chặt\s+chẽ)?(?:\s+(?:với|cùng))?\s+")
_SLOT_NOUN = re.compile(
    r"(?:lực\s+lượng|công\s+an|quân\s+đội|ngành|doanh\s+nghiệp|viện|trường|cơ\s+quan|đơn\s+vị|tổ\s+chức|hội|đoàn|"
    r"chính\s+quyền|mặt\s+trận|trung\s+tâm|hệ\s+thống|báo|đài|cơ\s+sở|nhà\s+trường|cộng\s+đồng|chủ\s+đầu\s+tư|"
    r"nhà\s+đầu\s+tư|nhà\s+thầu|chi\s+cục|cục|phòng|ban)(?!\w)"
)
_SLOT_WORD = re.compile(r"[ \t]+([^\W\d_]+|\d+)")
_SLOT_SEP = re.compile(r"[ \t]*(?:,|và|,[ \t]*và)[ \t]+")
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


_CLAUSE_BREAK = re.compile(r"[.;:]\s")


def assign_roles(text: str, units: list[UnitMention], *, origin: int) -> Roles:
    """Roles of the units named in one item's own text (`origin` is the text's offset)."""
    folded = fold(text)
    units = sorted(units + _slot_units(text, folded, units, origin=origin), key=lambda u: u.start)
    roles = Roles()
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(folded)]
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
        inner = _in_brackets(folded, units, e, origin=origin)
        if inner and group[-1].collective:
            # "Các cơ quan đăng ký đầu tư (Sở Tài chính, Ban quản lý ...)": the bodies the bracket names.
            group = group[:-1] + inner
        prefix = folded[max(0, s - 60) : s]
        at = bisect_right(breaks, s) - 1
        clause = folded[breaks[at] if at >= 0 else 0 : s]
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


def _slot_units(text: str, folded: str, units: list[UnitMention], *, origin: int) -> list[UnitMention]:
    """The partners named after "phối hợp với" that no unit reader took, each as written."""
    starts = {u.start - origin for u in units}
    spans = [(u.start - origin, u.end - origin) for u in units]
    out: list[UnitMention] = []
    for m in _SLOT.finditer(folded):
        pos = m.end()
        while pos not in starts and not any(a <= pos < b for a, b in spans):
            noun = _SLOT_NOUN.match(folded, pos)
            if not noun:
                break
            end, words = noun.end(), 0
            while words < 4 and (w := _SLOT_WORD.match(folded, end)) and w.group(1) not in STOP_WORDS:
                if w.start(1) in starts:
                    break
                end, words = w.end(), words + 1
            name = re.sub(r"\s+", " ", text[pos:end])
            out.append(
                UnitMention(
                    origin + pos,
                    origin + end,
                    name[:1].upper() + name[1:],
                    "collective",
                    "province",
                    None,
                    True,
                    from_table=False,
                )
            )
            sep = _SLOT_SEP.match(folded, end)
            if not sep:
                break
            pos = sep.end()
    return out


_BRACKET = re.compile(r"\s*\(([^()]{3,400})\)")


def _in_brackets(folded: str, units: list[UnitMention], end: int, *, origin: int) -> list[UnitMention]:
    """The units a bracket right after a collective lists, when it lists nothing else."""
    m = _BRACKET.match(folded, end)
    if not m:
        return []
    lo, hi = m.start(1), m.end(1)
    inside = [u for u in units if lo <= u.start - origin and u.end - origin <= hi]
    covered = sum(u.end - u.start for u in inside)
    return inside if inside and covered >= 0.6 * (hi - lo) else []


_HEADING_HEAD = re.compile(
    r"(?:sở|bộ|ubnd|ủy\s+ban|uỷ\s+ban|ban(?!\s+hành)|cơ\s+quan|đơn\s+vị|các|lực\s+lượng|doanh\s+nghiệp|"
    r"tổ\s+chức(?=\s*(?:,|và|chính|xã|thành|đoàn|hội))|hội(?!\s+(?:nghị|thảo|thi|đàm|chợ))|công\s+ty|"
    r"tập\s+đoàn|tổng\s+công\s+ty|trung\s+tâm|văn\s+phòng|cục|chi\s+cục|viện|trường(?!\s+hợp)|báo(?!\s+cáo)|đài|"
    r"hệ\s+thống|cổng|mặt\s+trận|liên\s+(?:hiệp|đoàn|minh)|tất\s+cả|công\s+an|chính\s+quyền|ngân\s+hàng|quỹ|kho\s+bạc|"
    r"thuế|đoàn(?!\s+kết))(?!\w)"
)
_SUBJECT_END = re.compile(
    r"\s(?:khẩn\s+trương|chủ\s+trì|chịu\s+trách\s+nhiệm|có\s+trách\s+nhiệm|tiếp\s+tục|chủ\s+động|tập\s+trung|"
    r"thực\s+hiện|triển\s+khai|phối\s+hợp|căn\s+cứ|theo\s+chức\s+năng|khẩn\s+cấp|nghiêm\s+túc|quyết\s+liệt|"
    r"tăng\s+cường|đẩy\s+mạnh|đẩy\s+nhanh|rà\s+soát|kiểm\s+tra|hướng\s+dẫn|tổ\s+chức|xây\s+dựng|bố\s+trí|ưu\s+tiên)(?!\w)"
)
_DUTY = re.compile(r"\s(?:có|chịu)\s+trách\s+nhiệm(?!\w)")
_ASKING = re.compile(r"^(?:đề\s+nghị|giao|yêu\s+cầu)\s+")


def heading_unit(text: str, units: list[UnitMention], *, origin: int) -> UnitMention | None:
    """An item headed by a body the unit readers do not know ("3. Cơ quan chủ trì giải quyết thủ tục đầu
    tư dự án", "13. Đề nghị các doanh nghiệp viễn thông (VNPT, ...): ..."): the heading, as written."""
    stripped = text.rstrip()
    colon = stripped.find(":")
    duty = _DUTY.search(fold(stripped[:240]))
    if 0 < colon <= 160 and not (duty and duty.start() < colon):
        span_end = colon
    elif len(stripped) <= 160 and not re.search(r"[.;]", stripped[:-1]) and not stripped.endswith("."):
        span_end = len(stripped)  # a heading: the whole of it names the body
    elif duty and not re.search(r"[.;:]", stripped[: duty.start()]):
        span_end = duty.start()  # "Các cơ quan được phân công chủ trì ... có trách nhiệm ...": all before the duty
    else:
        # "Cơ quan thanh tra khẩn trương hoàn thành ...": the subject before the clause's verb.
        verb = _SUBJECT_END.search(fold(stripped[:200]))
        if verb is None or verb.start() == 0:
            return None
        span_end = verb.start()
    folded = fold(stripped[:span_end])
    start = 0
    asking = _ASKING.match(folded)
    if asking:
        start = asking.end()
    if not _HEADING_HEAD.match(folded, start) or (
        folded.startswith("các", start) and not _COLLECTIVE_NOUN.match(folded, start + 4)
    ):
        return None  # "Các bước đánh giá", "Các nội dung ...": no body
    head = re.sub(r"\s*\([^()]*\)\s*$", "", stripped[start:span_end]).strip(" *-,")
    if not head or len(head.split()) > 16 or re.search(r"[.;]", head) or not any(c.islower() for c in head):
        return None  # a heading in capitals is a section's ("TỔ CHỨC THỰC HIỆN")
    lo, hi = origin + start, origin + start + len(head)
    if any(u.start == lo for u in units) and span_end not in (colon, len(stripped)):
        return None  # a known body opens the sentence: it is the subject
    covered = sum(min(u.end, hi) - max(u.start, lo) for u in units if u.start < hi and u.end > lo)
    if covered >= 0.6 * len(head):
        return None
    return UnitMention(lo, hi, head[:1].upper() + head[1:], "collective", "province", None, True, from_table=False)
