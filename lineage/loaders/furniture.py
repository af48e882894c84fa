"""The portals' page furniture around a document: not part of it, so nothing is read from it.

Pages saved from the legal-document portals hold, before the document, a copyright
banner, a metadata table ("Số hiệu:", "Loại văn bản:", "Người ký:") and often a
news-style summary that repeats the document's items; after it, lists of related
documents, the portal's notices, its address and login messages. The document itself
opens with its issuer block above the national motto (or the Party's) and closes with
its signature, followed only by footnotes, appendices and attached documents.
"""

from __future__ import annotations

import re

from lineage.loaders.layout import Line
from lineage.loaders.normalize import fold

_MOTTO = re.compile(r"cộng\s+hòa\s+xã\s+hội\s+chủ\s+nghĩa\s+việt\s+nam|đảng\s+cộng\s+sản\s+việt\s+nam")
# Lines of a portal page that no official document holds, all portals alike.
_FURNITURE = re.compile(
    r"^(?:văn\s+bản\s+này\s+chưa\s+(?:cập\s+nhật|có)|văn\s+bản\s+liên\s+quan|văn\s+bản\s+(?:gốc|tiếng\s+anh|đang\s+xem)"
    r"|lược\s+đồ|tải\s+(?:về|văn\s+bản)|bản\s+dịch\s+này\s+thuộc|nội\s+dung\s+sửa\s+đổi\s*,\s*hướng\s+dẫn"
    r"|các\s+nội\s+dung\s+(?:được\s+)?sửa\s+đổi\s*,\s*hướng\s+dẫn|file\s+(?:được\s+)?đính\s+kèm|đang\s+tải\s+văn\s+bản"
    r"|(?:ban\s+hành|hiệu\s+lực|tình\s+trạng|cập\s+nhật|ngày\s+hiệu\s+lực|ngày\s+công\s+báo|số\s+công\s+báo"
    r"|số\s+hiệu|loại\s+văn\s+bản|nơi\s+ban\s+hành|người\s+ký|lĩnh\s+vực)\s*:"
    r"|click\s|đăng\s+nhập|đăng\s+xuất|thuộc\s+tính\s+văn\s+bản|mục\s+lục\s+văn\s+bản|in\s+văn\s+bản|chia\s+sẻ"
    r"|bạn\s+(?:đang|vừa|chưa)|quý\s+khách|thưa\s+quý|hỗ\s+trợ\s*:|điện\s+thoại\s*:|e-?mail\s*:|địa\s+chỉ\s*:"
    r"|mã\s+số\s+thuế|copyright|©)"
)
_HEADER_PART = re.compile(r"^\s*Số\s*:?\s*\d*\s*[-/]\s*[A-ZĐ]|[A-ZĐÀ-Ỹ][\w.]*(?:\s+\w+){0,3},\s*ngày\s")
_METADATA = re.compile(
    r"^(?:số\s+hiệu|loại\s+văn\s+bản|nơi\s+ban\s+hành|người\s+ký|ngày\s+ban\s+hành|ngày\s+hiệu\s+lực|"
    r"ngày\s+công\s+báo|số\s+công\s+báo|tình\s+trạng|lĩnh\s+vực)\s*:"
)
_METADATA_VALUE = re.compile(
    r"^(?:Đã\s+biết|Đang\s+cập\s+nhật|Còn\s+hiệu\s+lực|Hết\s+hiệu\s+lực|Không\s+còn\s+phù\s+hợp)\b"
)
_OPENING = re.compile(r"^\s*(?:Kính\s+gửi|Số\s*:)")
# The portal's own line naming the document ("Công điện 226/CĐ-TTg năm 2025 tăng cường ..."), after it.
_PORTAL_TITLE = re.compile(
    r"^(?:Công\s+điện|Quyết\s+định|Kế\s+hoạch|Nghị\s+quyết|Nghị\s+định|Thông\s+tư|Thông\s+báo|Chỉ\s+thị|Công\s+văn|"
    r"Chương\s+trình|Hướng\s+dẫn|Luật|Văn\s+bản|Báo\s+cáo|Tờ\s+trình|Quy\s+định|Kết\s+luận)\s+(?:số\s+)?\d+[-/]\S*"
    r"(?:\s+năm\s+\d{4}|\s+ngày\s+\d)"
)
_ENGLISH = re.compile(r"Independence\s*[-–]\s*Freedom|SOCIALIST\s+REPUBLIC\s+OF\s+VIET\s*NAM", re.IGNORECASE)
_SIGNATURE_START = re.compile(r"^(?:TM\.|T/M|KT\.|Q\.|TL\.|T/L|TUQ\.|Nơi\s+nhận)")
# How far above the motto the issuer block may start (issuer lines, their rule, a blank).
_ISSUER_LINES = 8


def trim(lines: list[Line]) -> list[Line]:
    """The document's own lines: what comes before its header and after its end is dropped."""
    lines = lines[_after_metadata(lines) :]
    lines = lines[_start(lines) :]
    return lines[: _end(lines)]


def _after_metadata(lines: list[Line]) -> int:
    """Past a portal's banner, metadata table ("Số hiệu:" ... "Tình trạng:") and news-style summary
    ("## <headline>", then paragraphs that restate the document): where the document can begin."""
    found = [i for i, ln in enumerate(lines[:200]) if _METADATA.match(fold(ln.text.strip()))]
    labels = found[:1]
    for i in found[1:]:
        if i - labels[-1] > 6:
            break  # the first block only: "Tình trạng:" recurs in the related-documents list after the document
        labels.append(i)
    if len(labels) < 3:
        return 0
    start = labels[-1] + 1
    while start < len(lines) and (not lines[start].text.strip() or _METADATA_VALUE.match(lines[start].text.strip())):
        start += 1
    if start < len(lines) and lines[start].text.lstrip().startswith("#"):
        # The summary runs to the document's first block: its issuer block, a kind title or "Kính gửi".
        start += 1
        while start < len(lines) and not (
            lines[start].hard and (_no_lower(lines[start].text) or _OPENING.match(lines[start].text))
        ):
            start += 1
    return start if start < len(lines) else 0


def _start(lines: list[Line]) -> int:
    motto = next((i for i, ln in enumerate(lines[:400]) if _MOTTO.search(fold(ln.text))), None)
    if motto is None or motto == 0:
        return 0
    before = lines[:motto]
    # Text before the motto that is itself a document (it has a signature) is not furniture.
    if any(_SIGNATURE_START.match(ln.text.strip()) for ln in before):
        return 0
    start = motto
    for i in range(motto - 1, max(-1, motto - 1 - _ISSUER_LINES), -1):
        text = before[i].text.strip()
        if _no_lower(text):
            start = i
            continue
        break
    while start < motto and not lines[start].text.strip():
        start += 1
    # The header's columns may come in any order ("Số 15-KH/TU" above the Party's motto): what would
    # be dropped must hold no part of a header.
    if any(_HEADER_PART.search(ln.text) for ln in before[:start]):
        return 0
    return start


def _end(lines: list[Line]) -> int:
    """Where the furniture after the document begins: the first portal line after the signature
    (or an English translation appended to it), less the portal's own title lines just before."""
    signature = next((i for i, ln in enumerate(lines) if _SIGNATURE_START.match(ln.text.strip())), None)
    if signature is None:
        return len(lines)
    end = next((i for i in range(signature, len(lines)) if _is_furniture(lines[i].text)), len(lines))
    while end > signature + 1 and (not lines[end - 1].text.strip() or _PORTAL_TITLE.match(lines[end - 1].text.strip())):
        end -= 1
    return end


def _is_furniture(text: str) -> bool:
    stripped = text.strip()
    return bool(_FURNITURE.match(fold(stripped)) or _ENGLISH.search(stripped))


def _no_lower(text: str) -> bool:
    """Capitals, rules and blanks only: an issuer block's lines."""
    return not any(c.islower() for c in text)
