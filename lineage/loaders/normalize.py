"""Stage 1 of the reader: raw text to normalized paragraphs.

Text arrives from PDFs and word processors: precomposed or decomposed letters,
tone marks on either vowel (hoà/hòa), every kind of dash, lone page numbers,
and lines broken inside sentences and inside codes ("59-\\nNQ/TW"). This stage
rebuilds paragraphs so later stages see one sentence where the author wrote
one. Evidence spans point into the text this stage returns; `fold` gives a
same-length form for case- and tone-insensitive matching.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lineage.loaders.layout import Line

_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]")
_SPACES = re.compile("[\u00a0\u2002\u2003\u2009\u200a\u202f\u3000\t\f\v]")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\ufeff\u00ad\x00-\x08\x0e-\x1f\x7f-\x9f]")  # and control characters

# Old tone placement (mark on the second vowel of an open oa/oe/uy syllable) to the
# placement used by the documents' own style ("hòa", "ủy"). Same length, so spans hold.
_TONED = {
    "a": "àáảãạ",
    "e": "èéẻẽẹ",
    "y": "ỳýỷỹỵ",
}
_BARE_TONED = {"o": "òóỏõọ", "u": "ùúủũụ"}


def _tone_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for first, seconds in (("o", "ae"), ("u", "y")):
        for second in seconds:
            for tone in range(5):
                old = first + _TONED[second][tone]
                new = _BARE_TONED[first][tone] + second
                table[old] = new
                table[old.capitalize()] = new.capitalize()
                table[old.upper()] = new.upper()
    return table


_TONE_MAP = _tone_table()
# Only at the end of a syllable, and never after q ("quý" keeps its mark, checked when replacing):
# a pattern that starts with its first letter, so the engine skips quickly to candidates.
_TONE_RE = re.compile(
    r"[oO]["
    + _TONED["a"]
    + _TONED["a"].upper()
    + _TONED["e"]
    + _TONED["e"].upper()
    + r"](?!\w)|[uU]["
    + _TONED["y"]
    + _TONED["y"].upper()
    + r"](?!\w)"
)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def canonical_tones(text: str) -> str:
    """Move tone marks of open oa/oe/uy syllables to the first vowel (hoà -> hòa, uỷ -> ủy)."""
    return _TONE_RE.sub(lambda m: _moved(m, text), text)


def _moved(m: re.Match[str], text: str) -> str:
    pair = m.group()
    if m.start() and text[m.start() - 1] in "qQ":
        return pair
    return _TONE_MAP.get(pair) or _retone(pair)


def _retone(pair: str) -> str:
    """A pair in mixed case ("uỲ"): moved as its lower-case form, each letter keeping its case."""
    moved = _TONE_MAP[pair.lower()]
    return "".join(c.upper() if o.isupper() else c for c, o in zip(moved, pair, strict=True))


@lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """Lower case and canonical tones, same length as the input, for matching."""
    folded = canonical_tones(text).lower()
    return folded if len(folded) == len(text) else text


def strip_diacritics(text: str) -> str:
    """'Nghị quyết' -> 'nghi quyet', for searches typed without diacritics."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def clean_chars(text: str) -> str:
    """NFC, one kind of dash and space, no invisible characters, no CR."""
    text = _SPACES.sub(" ", _DASHES.sub("-", _INVISIBLE.sub("", nfc(text))))
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of the normalized text: its text and where it starts."""

    text: str
    start: int
    row: bool = False  # the cells of a table row, joined by " | "

    @property
    def end(self) -> int:
        return self.start + len(self.text)


_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?(?:trang\s+)?\d{1,3}(?:\s*-)?\s*$", re.IGNORECASE)
_ITEM_START = re.compile(
    r"^(?:[IVXLC]{1,6}\.\s|\d{1,2}(?:\.\d{1,2}){0,3}\.?\s+\S|\d{1,2}\)\s|[a-zđ]\)\s|[-+•*]\s*\S|Điều\s+\d+\.?|Phần\s+[IVX\d]+|Mục\s+[IVX\d]+)",
)
_OPENERS = re.compile(
    r"^(?:Kính\s+gửi|Nơi\s+nhận|Căn\s+cứ|Thực\s+hiện|Triển\s+khai|Xét\s+đề\s+nghị|Theo\s+đề\s+nghị|Số\s*:|Số\s+\d|"
    r"V/v|TM\.|KT\.|Q\.|TL\.|TUQ\.|T/M|Nhằm|Trên\s+đây|Đồng\s+kính\s+gửi|PHỤ\s+LỤC|Phụ\s+lục|"
    r"(?:Sáng|Chiều|Tối)\s+ngày\s+\d|Ngày\s+\d{1,2}[/\s])",
)
_MOTTO = re.compile(
    r"^(?:CỘNG\s+HÒA\s+XÃ\s+HỘI|Độc\s+lập\s*-\s*Tự\s+do|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM|[-_*=.]{3,}|\*)",
    re.IGNORECASE,
)
_PLACE_DATE = re.compile(r"^[A-ZĐÀ-Ỹ][\w\s.]{1,40},\s*ngày\b", re.UNICODE)
_SENTENCE_END = re.compile(r"(?:[.:;!?…]|\./\.|[.;]\))\s*$")


_LETTERS = re.compile(r"[^\W\d_]+")


def _is_caps_line(line: str) -> bool:
    """A heading in capitals ("KẾ HOẠCH", "II. NHIỆM VỤ CỤ THỂ"), not a code ("153/NQ-CP.")."""
    if line != line.upper():
        return False  # a lower-case letter somewhere (upper() changes only those)
    words = [w for w in _LETTERS.findall(line) if len(w) > 1 or w in "ĐỦ"]
    letters = [c for w in words for c in w]
    if re.search(r"\d\s?[-/]\s?[A-ZĐ]", line) and len(words) <= 3:
        return False
    return len(words) >= 2 and len(letters) >= 6 and all(c.isupper() for c in letters)


def _starts_new(line: str, paragraph: str) -> bool:
    """Whether `line` starts a paragraph after `paragraph`, judged by the paragraph's end: only its last
    characters are looked at, so a paragraph of 200,000 characters costs no more than a short one."""
    prev = paragraph[-_TAIL:]
    if " | " in line or " | " in prev:
        return True  # rows of a table (a .docx table, or text laid out with bars)
    if _MOTTO.match(line) or _PLACE_DATE.match(line) or _OPENERS.match(line):
        return True
    if _is_caps_line(line) or _MOTTO.match(paragraph) or _PLACE_DATE.match(paragraph):
        return True
    if len(paragraph) <= _TAIL and _is_caps_line(paragraph):
        return True
    first = line[0]
    if first in "-+•*":
        # A dash at the start of a line is a bullet when what follows is capitalised;
        # "chính trị \n- an ninh" is a hyphen that the PDF line break put first.
        rest = line[1:].lstrip()
        return bool(rest) and (rest[0].isupper() or rest[0].isdigit())
    if _ITEM_START.match(line):
        return bool(_SENTENCE_END.search(prev)) or len(prev) < 60 or not first.isdigit()
    return bool(_SENTENCE_END.search(prev)) and (first.isupper() or first.isdigit() or first in '("“')


_TAIL = 1000  # a heading or a motto is shorter


def _join(prev: str, line: str) -> str:
    # A code or word cut at a hyphen or slash by the line break: "59-" + "NQ/TW".
    if re.search(r"[\w][-/]$", prev[-3:]) and re.match(r"[\w]", line):
        return prev + line
    return prev + " " + line


def paragraphs(lines: list[Line]) -> list[Paragraph]:
    """Rebuild the paragraphs of a document from its lines (see `layout.read_markup`)."""
    out: list[str] = []
    blank_before = False
    rows: set[int] = set()
    for ln in lines:
        raw_line = ln.text
        if _PAGE_NUMBER.match(raw_line):
            continue
        line = (re.sub(r"[ ]{2,}", " ", raw_line) if "  " in raw_line and not ln.row else raw_line).strip()
        if not line:
            blank_before = True
            continue
        # A numbered item after an empty line starts a paragraph even when the line
        # above ends without punctuation ("chip bán dẫn…" then "5. Sở ...").
        numbered = blank_before and bool(re.match(r"^(?:\d{1,2}|[IVX]{1,4})\.\s+[A-ZĐÀ-Ỹ]", line))
        if out and not (numbered or ln.hard or ln.row or len(out) - 1 in rows) and not _starts_new(line, out[-1]):
            out[-1] = _join(out[-1], line)
        else:
            if ln.row:
                rows.add(len(out))
            out.append(line)
        blank_before = False
    result: list[Paragraph] = []
    pos = 0
    for i, text in enumerate(out):
        result.append(Paragraph(text=text, start=pos, row=i in rows or text.count(" | ") >= 2))
        pos += len(text) + 1
    return result


def paragraph_index(pos: int, starts: list[int]) -> int:
    """Index of the paragraph holding position `pos`, given the paragraphs' start offsets."""
    return max(0, bisect_right(starts, pos) - 1)


def normalize(raw: str | list[Line]) -> tuple[str, list[Paragraph]]:
    """The normalized text (paragraphs joined by newlines) and its paragraphs, from raw text
    or from the lines `layout.read_markup` made of it."""
    if isinstance(raw, str):
        from lineage.loaders.layout import read_markup

        raw = read_markup(raw)
    paras = paragraphs(raw)
    return "\n".join(p.text for p in paras), paras


def header_lines(lines: list[Line], *, limit: int = 40) -> list[str]:
    """The first lines of the text, not joined: the header is laid out in columns, so its
    line structure matters more than its sentences."""
    out = []
    for ln in lines[: limit * 2]:
        if ln.text.strip() and not _PAGE_NUMBER.match(ln.text):
            out.append(ln.text.rstrip())
    return out[:limit]
