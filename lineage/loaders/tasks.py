"""Tasks: the items of a document (`items.py`), and who does what in each (`roles.py`).

A unit's role in an item comes from the
words before the list it stands in: "Giao X", X at the start of the item, or X
at a clause start followed by a verb lead; "phối hợp (với) Y" supports;
"báo cáo / tham mưu / kiến nghị Z" is reported to; after "của", "với", "tại"
a unit is only mentioned. An item that names no lead takes its parent's, and
at the top the addressees'.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace

from lineage.extraction import Assignment, Evidence, Role, Task
from lineage.loaders.dates import deadline
from lineage.loaders.items import Item
from lineage.loaders.normalize import fold
from lineage.loaders.roles import Roles, assign_roles, heading_unit
from lineage.loaders.units import UnitMention

# Sections that describe (purpose, goals, principles, scope, situation, funding): their items are tasks
# only where they name a unit themselves; they inherit no one.
_DESCRIPTIVE = re.compile(
    r"^(?:mục\s+đích|yêu\s+cầu|mục\s+tiêu|quan\s+điểm|nguyên\s+tắc|phạm\s+vi|đối\s+tượng|căn\s+cứ|"
    r"sự\s+cần\s+thiết|tình\s+hình|thực\s+trạng|đánh\s+giá|kết\s+quả|kinh\s+phí|nguồn\s+kinh\s+phí|"
    r"giải\s+thích\s+từ\s+ngữ|định\s+hướng|tầm\s+nhìn|bối\s+cảnh)"
)


def extract_tasks(
    roots: list[Item],
    *,
    units_in: dict[int, list[UnitMention]],
    addressees: list[UnitMention],
    partners_in: dict[int, list[str]],
    refs_in: dict[int, list[tuple[str, bool]]],
    evidence: Callable[[int, int], Evidence],
) -> list[Task]:
    """Tasks of the item forest: roles from each item's own paragraphs, leads inherited downwards.

    An item is a task when someone does it: it names a unit, or inherits its parent's lead (at the top,
    the addressees'). Section headings and the items of descriptive sections that name no unit are not."""
    tasks: list[Task] = []

    def visit(
        item: Item, inherited: list[UnitMention], parent: str | None, descriptive: bool, partners: bool = False
    ) -> None:
        descriptive = descriptive or _is_descriptive(item)
        roles = Roles()
        for p in item.paragraphs:
            found = units_in.get(p.start, [])
            # The marker is no part of the sentence: "c) Bộ Quốc phòng ..." starts with its subject.
            skip = item.marker_end if p is item.paragraphs[0] else 0
            if p is item.paragraphs[0] and (head := heading_unit(p.text[skip:], found, origin=p.start + skip)):
                inside = [u for u in found if head.start <= u.start and u.end <= head.end]
                found = sorted([*(u for u in found if u not in inside), head], key=lambda u: u.start)
            r = assign_roles(p.text[skip:], found, origin=p.start + skip)
            roles.lead += r.lead
            roles.support += r.support
            roles.report_to += r.report_to
            roles.advise += r.advise
        if partners:
            # Under "X chủ trì, phối hợp:", the bodies each sub-item names are X's partners.
            roles.support, roles.lead = roles.lead + roles.support, []
        lead = _expand(roles.lead, addressees)
        inherited_lead = False
        if not lead and not descriptive:
            lead = inherited or (list(addressees) if item.parent is None else [])
            inherited_lead = True
        support = [n for n in _names(_expand(roles.support, addressees)) if n not in _names(lead)]
        report_to = _names(roles.report_to)
        if not (lead or support or report_to):
            for child in item.children:
                visit(child, lead, parent, descriptive)
            return
        text = "\n".join(p.text for p in item.paragraphs)
        refs = [c for p in item.paragraphs for c in refs_in.get(p.start, [])]
        assignments = [
            Assignment(unit=u.name, role=role, evidence=evidence(u.start, u.end))
            for role, group in (
                (Role.LEAD, lead),
                (Role.SUPPORT, roles.support),
                (Role.REPORT_TO, roles.report_to),
                (Role.ADVISE, roles.advise),
            )
            for u in _expand(group, addressees)
        ]
        tasks.append(
            Task(
                ref=item.ref,
                parent=parent,
                text=text,
                lead=_names(lead),
                support=support,
                report_to=report_to,
                advise=_names(roles.advise),
                deadline=deadline(text),
                partners=sorted({x for p in item.paragraphs for x in partners_in.get(p.start, [])}),
                refers_to=_unique(code for code, _ in refs),
                implements=_unique(code for code, impl in refs if impl),
                lead_inherited=inherited_lead,
                assignments=_dedupe(assignments),
                evidence=evidence(item.start, item.start + 1),
            )
        )
        takes_partners = bool(_PARTNERS_BELOW.search(fold(item.paragraphs[-1].text)))
        at = len(tasks) - 1  # this item's task
        for child in item.children:
            visit(child, lead, item.ref, descriptive, takes_partners)
        below = [t for t in tasks[at + 1 :] if t.parent == item.ref]
        grouping = inherited_lead and not (support or report_to) and _heads_a_group(item)
        if grouping and below and all(t.lead for t in below):
            # "II. NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM", "1. Về an sinh xã hội, nhà ở ...": a heading that names no unit and
            # whose sub-items carry the work is no task itself. A unit's heading ("1. Sở Ngoại vụ:") stays its task.
            del tasks[at]
            tasks[at:] = [t.model_copy(update={"parent": parent}) if t.parent == item.ref else t for t in tasks[at:]]

    for root in roots:
        visit(root, [], None, False)
    return tasks


_PARTNERS_BELOW = re.compile(r"phối\s+hợp(?:\s+(?:với|cùng))?\s*:?\s*$")


def _heads_a_group(item: Item) -> bool:
    """Whether an item's own text only heads its sub-items: a title line, or a title and a one-sentence
    lead-in ending in ":" (not "... các Sở tổ chức quán triệt, triển khai thực hiện. Đồng thời, ... như sau:")."""
    last = item.paragraphs[-1].text[item.marker_end if len(item.paragraphs) == 1 else 0 :].rstrip(" *")
    if len(item.paragraphs) > 2:
        return False
    if last.endswith(":"):
        return not _SENTENCE_BREAK.search(last)
    return len(item.paragraphs) == 1 and not last.endswith((".", ";", ")")) and len(last) < 250


_SENTENCE_BREAK = re.compile(r"[.;]\s+[A-ZĐÀ-Ỹ]")


def _is_descriptive(item: Item) -> bool:
    """A section heading that describes rather than assigns ("I. MỤC ĐÍCH, YÊU CẦU", "1. Mục tiêu")."""
    if item.kind in {"dash", "plus", "letter"}:
        return False
    head = fold(item.paragraphs[0].text[item.marker_end :].strip(" *:.-"))
    return bool(_DESCRIPTIVE.match(head)) and len(head) < 120


def _expand(group: list[UnitMention], addressees: list[UnitMention]) -> list[UnitMention]:
    """Units, with "the addressees" read as the addressee list; where there is none, as written."""
    out: list[UnitMention] = []
    for u in group:
        if u.is_addressees and addressees:
            out += addressees
        elif u.is_addressees:
            name = re.sub(r"\s+", " ", u.surface.strip()) or "Các cơ quan, đơn vị"
            out.append(replace(u, name=name[:1].upper() + name[1:], collective=True))
        else:
            out.append(u)
    return out


def _names(units: list[UnitMention]) -> list[str]:
    return _unique(u.name for u in units if not u.is_addressees)


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for x in items:
        seen.setdefault(x, None)
    return list(seen)


def _dedupe(assignments: list[Assignment]) -> list[Assignment]:
    seen: set[tuple[str, Role]] = set()
    out = []
    for a in assignments:
        if (a.unit, a.role) not in seen and a.unit != "@addressees":
            seen.add((a.unit, a.role))
            out.append(a)
    return out
