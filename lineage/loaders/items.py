"""Items: the numbered parts of a document's body, as a tree with the refs a reader cites.

Markers are registered in order, the first that matches a paragraph names its kind:
"Điều 1.", "Chương II", "Phần I", "A.", "I.", "1.", "1.1.", "1)", "(1)", "Thứ nhất,",
"a)", "-", "+". A kind seen before returns to its depth, a new kind opens a level; a
paragraph without a marker continues the item above it, and so do the labelled lines
that describe it ("- Cơ quan chủ trì: ...", "- Thời gian thực hiện: ...").

Refs join the printed numbering with dots ("II.1.2", "3.a"); dashes and pluses are
counted; chapters and sections of a regulation ("Chương II", "Mục 1") hold articles but
take no part in refs ("Điều 17" is "17"); a document carried inside an article (the
Đề án of "Điều 1") keeps its own numbering ("V.1", not "1.V.1"). A number printed twice
among siblings (I, II, III, IV, IV: a typing slip) takes the next number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lineage.loaders.normalize import Paragraph, fold

_ORDINALS = {
    "nhất": 1,
    "hai": 2,
    "ba": 3,
    "tư": 4,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
}
_CAP = r"(?=[\"“(]?[A-ZĐÀ-Ỹ0-9])"

# (kind, pattern) in order: the first that matches a paragraph names its marker kind.
MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("article", re.compile(r"^Điều\s+(\d{1,3})\s*[.:]\s*|^Điều\s+(\d{1,3})\s*$")),
    ("chapter", re.compile(r"^(?:Chương|CHƯƠNG)\s+([IVXLC]+|\d{1,2})\b\s*[.:]?\s*")),
    ("section", re.compile(r"^(?:Mục|MỤC)\s+(\d{1,2}|[IVX]+)\s*[.:]\s*" + _CAP)),
    ("part", re.compile(r"^(?:Phần|PHẦN)\s+([IVXLC]+|\d+|thứ\s+\w+)\s*[.:]?\s*")),
    ("upper", re.compile(r"^([A-H])\s*[.)]\s+(?=[A-ZĐÀ-Ỹ])")),
    ("roman", re.compile(r"^([IVXLC]{1,6})\s*(?:[.:)]|\s-)\s*" + _CAP)),
    ("number", re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\s*[.:]\s*(?=\S)|^(\d{1,2})\s*-\s+(?=[A-ZĐÀ-Ỹ])")),
    ("number_paren", re.compile(r"^\(?(\d{1,2})\)\s*")),
    ("ordinal", re.compile(r"^Thứ\s+(nhất|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|mười)\s*[,:.]\s*", re.IGNORECASE)),
    ("letter", re.compile(r"^([a-zđ])\s*\)\s*|^([a-zđ])\.\s+(?=[A-ZĐÀ-Ỹ])")),
    ("dash", re.compile(r"^[-•–]\s*")),
    ("plus", re.compile(r"^\+\s*")),
]
# Kinds that group items without numbering them in refs.
TRANSPARENT = {"chapter", "section"}
_COUNTED = {"dash", "plus"}
_RENUMBERED = {"roman", "upper"}

# "- Cơ quan chủ trì: Sở X", "- Thời gian hoàn thành: Quý II/2026": lines that describe the
# item above them, not items of their own.
LABEL_LINE = re.compile(
    r"^[-+•]?\s*(?:(?:cơ\s+quan|đơn\s+vị|bộ\s+phận)\s+)?(?:chủ\s+trì|phối\s+hợp|thực\s+hiện|"
    r"thời\s+(?:gian|hạn)(?:\s+(?:thực\s+hiện|hoàn\s+thành|ban\s+hành|trình))?|tiến\s+độ|sản\s+phẩm|kết\s+quả|"
    r"kinh\s+phí|nguồn\s+kinh\s+phí|nội\s+dung|yêu\s+cầu|đầu\s+mối|cơ\s+quan\s+ban\s+hành|hình\s+thức)"
    r"(?:\s+(?:thực\s+hiện|chính|dự\s+kiến|đạt\s+được))?\s*:"
)


@dataclass
class Item:
    """An item while the tree is being built."""

    kind: str
    label: str
    ref: str
    parent: Item | None
    paragraphs: list[Paragraph] = field(default_factory=list)
    children: list[Item] = field(default_factory=list)
    marker_end: int = 0  # length of the marker in its first paragraph
    next_label: str | None = None  # a section number printed twice: the number it takes if refs would clash

    @property
    def start(self) -> int:
        return self.paragraphs[0].start


def marker(text: str) -> tuple[str, str, int] | None:
    """(kind, label, length of the marker) when the paragraph opens an item."""
    for kind, pattern in MARKERS:
        m = pattern.match(text)
        if m:
            label = next((g for g in m.groups() if g), "") if m.groups() else ""
            if kind == "ordinal":
                label = str(_ORDINALS[label.lower()])
            return kind, label, m.end()
    return None


def build_tree(body: list[Paragraph]) -> list[Item]:
    """The items of the body paragraphs, as a forest in document order."""
    roots: list[Item] = []
    stack: list[Item] = []
    for para in body:
        mk = marker(para.text)
        if mk is None or (stack and LABEL_LINE.match(fold(para.text))):
            if stack:
                stack[-1].paragraphs.append(para)
            continue
        kind, label, length = mk
        if kind == "number" and "." in label:
            kind = f"number{label.count('.')}"
        kinds = [it.kind for it in stack]
        if kind in kinds:
            del stack[kinds.index(kind) :]
        parent = stack[-1] if stack else None
        siblings = parent.children if parent else roots
        label, next_label = _label(kind, label, parent, siblings)
        anchor = _numbered(parent)
        if kind in TRANSPARENT:
            ref = anchor.ref if anchor else ""
        elif anchor is None or (anchor.kind == "article" and kind in {"roman", "upper", "part"}):
            # A document carried inside an article ("Điều 1. Phê duyệt Đề án ... I. QUAN ĐIỂM") numbers its own items.
            ref = label
        else:
            ref = f"{anchor.ref}.{label}"
        item = Item(kind, label, ref, parent, [para], marker_end=length, next_label=next_label)
        siblings.append(item)
        stack.append(item)
    return roots


def _numbered(item: Item | None) -> Item | None:
    """The item itself or its nearest ancestor that takes part in refs."""
    while item is not None and item.kind in TRANSPARENT:
        item = item.parent
    return item


def _label(kind: str, label: str, parent: Item | None, siblings: list[Item]) -> tuple[str, str | None]:
    """The item's label, and the one it takes if its printed number repeats a sibling's."""
    if kind in _COUNTED:
        return str(sum(1 for s in siblings if s.kind == kind) + 1), None
    anchor = _numbered(parent)
    if kind.startswith("number") and anchor is not None and label.startswith(anchor.label + "."):
        return label[len(anchor.label) + 1 :], None  # "2.1" under "2" is its item "1"
    if kind in _RENUMBERED:
        same = [s for s in siblings if s.kind == kind]
        if same:
            value, last = _value(kind, label), _value(kind, same[-1].label)
            if value is not None and last is not None and value <= last:
                return label, _unvalue(kind, last + 1)
    return label, None


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _value(kind: str, label: str) -> int | None:
    if kind == "upper":
        return ord(label) - ord("A") + 1 if len(label) == 1 else None
    total, prev = 0, 0
    for ch in reversed(label):
        v = _ROMAN.get(ch)
        if v is None:
            return None
        total += -v if v < prev else v
        prev = max(prev, v)
    return total


def _unvalue(kind: str, n: int) -> str:
    if kind == "upper":
        return chr(ord("A") + n - 1)
    out = ""
    for v, s in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out += s
            n -= v
    return out


def walk(roots: list[Item]) -> list[Item]:
    """Every item of the forest, in document order."""
    out: list[Item] = []

    def visit(item: Item) -> None:
        out.append(item)
        for child in item.children:
            visit(child)

    for root in roots:
        visit(root)
    return out


def prefix_colliding(roots: list[Item], *, used: set[str], prefix: str) -> None:
    """Give the items of a document issued with another whose refs would repeat the other's
    ("Điều 3" of a Quy chế beside the decision's own "Điều 3") a prefix naming their document."""
    for root in roots:
        if root.ref in used:
            for item in walk([root]):
                item.ref = f"{prefix}.{item.ref}"


def relabel(item: Item, label: str) -> None:
    """Give an item another label, and its subtree the refs that follow from it."""
    old = item.ref
    new = old[: len(old) - len(item.label)] + label
    item.label = label
    for it in walk([item]):
        it.ref = new + it.ref[len(old) :]
