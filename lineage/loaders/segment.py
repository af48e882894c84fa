"""Stage 2 of the reader: the parts of a document, from its paragraphs.

Header (issuer, motto, number, place and date, kind and subject), "Kính gửi" (or a
dispatch's "... điện:" block), the opening, the items, the closing sentences, "Nơi
nhận" and the signature. After the signature: footnotes, appendices (PHỤ LỤC, often a
task table) and documents issued with the one being read ("KẾ HOẠCH ... (Kèm theo Quyết
định số ...)", a Quy chế), each with items of its own. Table rows are kept apart: they
are read as a table, not as items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lineage.loaders.header import is_caps
from lineage.loaders.items import marker
from lineage.loaders.normalize import Paragraph, fold

_HEADERISH = re.compile(
    r"^(?:Số\s*:|Số\s+\d|V/v|Về\s+việc|CỘNG\s+HÒA|Độc\s+lập|ĐẢNG\s+CỘNG\s+SẢN|[-_*=.\s]+$|[A-ZĐÀ-Ỹ][\w\s.]{1,40},\s*ngày)"
)
SIGNATURE = re.compile(r"^(?:TM\.|T/M|KT\.|Q\.|TL\.|T/L|TUQ\.)\s")
_COPIES = re.compile(r"^Nơi\s+nhận\b")
_RECIPIENTS = re.compile(r"^(?:Kính\s+gửi|Đồng\s+kính\s+gửi)\b|^[A-ZĐÀ-Ỹ ]{4,60}\s+điện\s*:")
# The kinds of document issued with a decision or a plan, and its appendices.
_ATTACHED_KIND = re.compile(
    r"^(?:KẾ\s+HOẠCH|QUY\s+CHẾ|QUY\s+ĐỊNH|CHƯƠNG\s+TRÌNH(?:\s+HÀNH\s+ĐỘNG)?|ĐỀ\s+ÁN|PHƯƠNG\s+ÁN|HƯỚNG\s+DẪN|"
    r"ĐIỀU\s+LỆ|PHỤ\s+LỤC|DANH\s+MỤC|BẢNG|BIỂU)\b"
)
_ATTACHED_NOTE = re.compile(r"^\(?\s*(?:ban\s+hành\s+)?kèm\s+theo\b", re.IGNORECASE)
_CLOSING = re.compile(
    r"^(?:trên\s+đây|trong\s+quá\s+trình\s+(?:tổ\s+chức\s+)?(?:triển\s+khai\s+)?thực\s+hiện|"
    r"(?:chủ\s+tịch\s+)?(?:ubnd|ủy\s+ban\s+nhân\s+dân|ban\s+thường\s+vụ|thường\s+trực)(?:\s+tỉnh(?:\s+ủy)?)?\s+"
    r"(?:yêu\s+cầu|đề\s+nghị|giao)|(?:sở|ban|văn\s+phòng|bộ)\s[^.]{0,50}?(?:kính\s+)?đề\s+nghị|"
    r"(?:yêu\s+cầu|đề\s+nghị)\s+(?:các|thủ\s+trưởng|giám\s+đốc|quý)|"
    r"[^,.;:]{0,80}?\s(?:kính\s+trình|kính\s+báo\s+cáo|trân\s+trọng|xin\s+trân\s+trọng|thông\s+báo\s+để|"
    r"thông\s+báo\s+(?:đến|cho)\s+các))"
)


@dataclass
class Body:
    """The items of one document: the one being read, or one issued with it."""

    paragraphs: list[int]
    attached: str | None = None  # the kind title of a document issued with the one being read


@dataclass
class Segments:
    body_from: int
    recipients: list[int] = field(default_factory=list)
    preamble: list[int] = field(default_factory=list)
    bodies: list[Body] = field(default_factory=list)
    table_rows: list[int] = field(default_factory=list)
    end: int = 0  # where "Nơi nhận" or the signature of the document being read starts
    copies: list[int] = field(default_factory=list)

    @property
    def items(self) -> list[int]:
        return [j for b in self.bodies for j in b.paragraphs]


def is_row(p: Paragraph) -> bool:
    return p.row


def is_closing(text: str) -> bool:
    return bool(_CLOSING.match(fold(text)))


def is_header_para(p: Paragraph) -> bool:
    caps = is_caps(p.text) and not re.match(r"^[IVX]+\.", p.text)
    return caps or bool(_HEADERISH.match(p.text))


def segment(paras: list[Paragraph], *, title: list[int]) -> Segments:
    """The parts of the document; `title` holds the paragraphs the header reader took for the subject."""
    i = 0
    while i < len(paras) and i < 30 and (is_header_para(paras[i]) or i in title):
        i += 1
    seg = Segments(body_from=i)
    seg.table_rows = [j for j in range(i, len(paras)) if is_row(paras[j])]
    rows = set(seg.table_rows)
    end = next(
        (j for j in range(i, len(paras)) if _COPIES.match(paras[j].text) or SIGNATURE.match(paras[j].text)),
        len(paras),
    )
    seg.end = end
    for j in range(i, end):
        if _RECIPIENTS.match(paras[j].text):
            seg.recipients.append(j)
            k = j + 1
            while k < end and paras[k].text[:1] in "-+•":
                seg.recipients.append(k)
                k += 1
            break
    taken = set(seg.recipients) | rows
    main = [j for j in range(i, end) if j not in taken]
    items, seg.preamble = _items_of(paras, main)
    seg.bodies.append(Body(items))
    attachments = _attachments(paras, end)
    for n, (start, kind) in enumerate(attachments):
        stop = attachments[n + 1][0] if n + 1 < len(attachments) else len(paras)
        own_end = next(
            (j for j in range(start, stop) if _COPIES.match(paras[j].text) or SIGNATURE.match(paras[j].text)), stop
        )
        inside = [j for j in range(start, own_end) if j not in rows]
        attached_items, _ = _items_of(paras, inside)
        if attached_items:
            seg.bodies.append(Body(attached_items, attached=kind))
    first_attachment = attachments[0][0] if attachments else len(paras)
    seg.copies = [j for j in range(end, first_attachment) if j not in rows]
    return seg


def _items_of(paras: list[Paragraph], body: list[int]) -> tuple[list[int], list[int]]:
    """(item paragraphs, opening paragraphs) of a body: items start at the first numbered item,
    or, in a letter whose items are all bullets, under the line that announces them
    ("... có ý kiến như sau:"); they end at the closing sentences."""
    first = next((j for j in body if marker(paras[j].text) and paras[j].text[:1] not in "-+•–"), None)
    if first is None:
        first = next(
            (
                j
                for k, j in enumerate(body)
                if k and marker(paras[j].text) and paras[body[k - 1]].text.rstrip().endswith(":")
            ),
            None,
        )
    preamble = [j for j in body if first is None or j < first]
    items: list[int] = []
    if first is not None:
        for j in body:
            if j < first:
                continue
            if marker(paras[j].text) is None and is_closing(paras[j].text):
                break
            items.append(j)
    return items, preamble


def _attachments(paras: list[Paragraph], end: int) -> list[tuple[int, str]]:
    """Where each document issued with the one being read starts (its kind title), after the signature."""
    out: list[tuple[int, str]] = []
    j = end
    while j < len(paras):
        text = paras[j].text.strip()
        m = _ATTACHED_KIND.match(text)
        near_note = any(_ATTACHED_NOTE.match(paras[k].text.strip()) for k in range(j + 1, min(len(paras), j + 9)))
        if m and is_caps(text[: m.end()]) and (near_note or m.group().startswith(("PHỤ", "DANH"))):
            out.append((j, re.sub(r"\s+", " ", m.group())))
            j += 1
            while j < len(paras) and (is_caps(paras[j].text) or _ATTACHED_NOTE.match(paras[j].text.strip())):
                j += 1  # its subject and "(Kèm theo ...)"
            continue
        j += 1
    return out
