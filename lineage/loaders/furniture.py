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
_CAPS_OR_RULE = re.compile(r"^[^a-zà-ỹđ]*$")
_SIGNATURE_START = re.compile(r"^(?:TM\.|T/M|KT\.|Q\.|TL\.|T/L|TUQ\.|Nơi\s+nhận)")
# How far above the motto the issuer block may start (issuer lines, their rule, a blank).
_ISSUER_LINES = 8


def trim(lines: list[Line]) -> list[Line]:
    """The document's own lines: what comes before its header and after its end is dropped."""
    start = _start(lines)
    lines = lines[start:]
    end = _end(lines)
    return lines[:end]


def _start(lines: list[Line]) -> int:
    motto = next((i for i, ln in enumerate(lines) if _MOTTO.search(fold(ln.text))), None)
    if motto is None or motto == 0:
        return 0
    before = lines[:motto]
    # Text before the motto that is itself a document (it has a signature) is not furniture.
    if any(_SIGNATURE_START.match(ln.text.strip()) for ln in before):
        return 0
    start = motto
    for i in range(motto - 1, max(-1, motto - 1 - _ISSUER_LINES), -1):
        text = before[i].text.strip()
        if not text or _CAPS_OR_RULE.match(text):
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
    """Where the furniture after the document begins: the first portal line after the signature."""
    signature = next((i for i, ln in enumerate(lines) if _SIGNATURE_START.match(ln.text.strip())), None)
    if signature is None:
        return len(lines)
    for i in range(signature, len(lines)):
        if _FURNITURE.match(fold(lines[i].text.strip())):
            return i
    return len(lines)
