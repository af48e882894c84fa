"""Reading a document file into text: .txt and .md (UTF-8/UTF-16), .html, .pdf with a text layer, .docx.

Every failure names the file and the problem: empty, binary, too large, an
unsupported type, legacy TCVN3/VNI text that would come out garbled, a scanned
PDF that needs OCR. No file can take more than its budget: a DOCX is a zip
whose parts are checked inflated before anything parses them (a 1.4 MB file
can hold 400 MB of XML), a PDF is read page by page under a page count, a
text length and a time limit.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lineage.errors import ReadError, TooLarge

SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx"}

# Letters that TCVN3 (ABC) and VNI fonts put where Unicode Vietnamese would be:
# decoded as cp1252/latin-1 they read as "Ñ", "ö", "õ", "©", "¬" ... inside words.
_TCVN3 = re.compile(
    r"[\u00a9\u00aa\u00ab\u00ac\u00ae\u00b5\u00b8\u00b9\u00bb\u00bd\u00be\u00c6\u00d5\u00d7\u00de\u00f8]"
)
_VNI = re.compile(
    r"[a-zA-Z](?:\u00f6\u00f8|\u00f6\u00ef|\u00f6\u00f9|\u00f6\u00fb|\u00f6\u00f5|\u00f6\u00ec|\u00e6|\u00f8|\u00f9|\u00fb|\u00f5|\u00ef)"
)
_VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)


@dataclass(frozen=True)
class Limits:
    """What one document may cost the reader. The defaults hold every real document seen
    (the largest plans run to a few hundred pages and a few MB of text)."""

    max_bytes: int = 20_000_000  # the file as sent
    max_inflated: int = 80_000_000  # all parts of a DOCX, inflated
    max_part: int = 32_000_000  # one part of a DOCX, inflated (document.xml)
    max_parts: int = 5_000
    max_pages: int = 3_000  # of a PDF
    max_page_chars: int = 200_000
    max_chars: int = 5_000_000  # text handed to the reader
    seconds: float = 60.0  # to turn the file into text


class Budget:
    """A time limit, checked between steps (pages of a PDF, stages of the reader)."""

    def __init__(self, name: str, seconds: float) -> None:
        self.name = name
        self.seconds = seconds
        self.until = time.monotonic() + seconds

    def check(self, step: str) -> None:
        if time.monotonic() > self.until:
            raise TooLarge(self.name, f"reading took over {self.seconds:g} s (at {step}); split the document")


def read_text(path: Path, *, max_bytes: int, limits: Limits | None = None) -> str:
    """The text of a document file, or a ReadError naming the file and the problem."""
    name = str(path)
    if not path.exists():
        raise ReadError(name, "no such file")
    if path.is_dir():
        raise ReadError(name, "is a folder, not a document")
    check_suffix(name)
    size = path.stat().st_size
    if size > max_bytes:
        raise TooLarge(name, f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit")
    return read_bytes(path.read_bytes(), name, limits=limits or Limits(max_bytes=max_bytes))


def check_suffix(name: str) -> str:
    """The file's type by its suffix, or a ReadError for a type the reader does not know."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise ReadError(name, f"unsupported file type {suffix or '(none)'}: use .txt, .md, .html, .pdf or .docx")
    return suffix


def read_bytes(data: bytes, name: str, *, limits: Limits = Limits()) -> str:
    """The text of a document sent as bytes under `name` (a path or an upload's own file name)."""
    suffix = check_suffix(name)
    if not data:
        raise ReadError(name, "file is empty")
    if len(data) > limits.max_bytes:
        raise TooLarge(name, f"file is {len(data) / 1e6:.1f} MB, over the {limits.max_bytes / 1e6:.1f} MB limit")
    budget = Budget(name, limits.seconds)
    if suffix == ".pdf":
        text = _pdf_text(data, name, limits=limits, budget=budget)
    elif suffix == ".docx":
        text = _docx_text(data, name, limits=limits)
    else:
        text = decode_text(data, name)
    if not text.strip():
        raise ReadError(name, "no text in the file")
    if len(text) > limits.max_chars:
        raise TooLarge(name, f"{len(text):,} characters of text, over the reader's {limits.max_chars:,}")
    return text


def decode_text(data: bytes, name: str) -> str:
    """Bytes of a plain-text document to str: UTF-8 (with or without BOM) or UTF-16."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ReadError(name, f"not valid UTF-16 text: {exc.reason} at byte {exc.start}") from exc
    else:
        head = data[:4096]
        control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
        if b"\x00" in head or control > len(head) // 100:
            raise ReadError(name, "binary data, not text (try .pdf or .docx if it is one)")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            legacy = data.decode("cp1252", errors="replace")
            if _TCVN3.search(legacy) or _VNI.search(legacy):
                raise ReadError(
                    name, "looks like legacy TCVN3/VNI-encoded Vietnamese; convert it to Unicode (UTF-8) first"
                ) from exc
            raise ReadError(name, f"not UTF-8 or UTF-16 text ({exc.reason} at byte {exc.start})") from exc
    if not _VIETNAMESE.search(text) and len(_TCVN3.findall(text)) + len(_VNI.findall(text)) >= 3:
        raise ReadError(name, "looks like legacy TCVN3/VNI-encoded Vietnamese; convert it to Unicode (UTF-8) first")
    return text


def _pdf_text(data: bytes, name: str, *, limits: Limits, budget: Budget) -> str:
    from io import BytesIO

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PyPdfError

    pages: list[str] = []
    try:
        reader = PdfReader(BytesIO(data))
        # The page tree's own count first: listing the pages of a huge tree is itself slow.
        root: Any = reader.trailer["/Root"]
        declared = root["/Pages"].get("/Count", 0)
        count = declared if isinstance(declared, int) and declared > limits.max_pages else len(reader.pages)
        if count > limits.max_pages:
            raise TooLarge(name, f"PDF of {count:,} pages, over the {limits.max_pages:,}-page limit")
        for i, page in enumerate(reader.pages):
            budget.check(f"page {i + 1}")
            text = page.extract_text(extraction_mode="layout") or ""
            if len(text) > limits.max_page_chars:
                raise TooLarge(name, f"page {i + 1} holds {len(text):,} characters, over {limits.max_page_chars:,}")
            pages.append(text)
    except (PdfReadError, PyPdfError, ValueError, KeyError, OSError, RecursionError) as exc:
        raise ReadError(name, f"not a readable PDF: {exc}") from exc
    text = "\n".join(pages)
    if len(re.sub(r"\s", "", text)) < 20:
        raise ReadError(name, "PDF has no text layer (a scan?): it needs OCR before it can be read")
    return text


def _check_zip(data: bytes, name: str, *, limits: Limits) -> None:
    """Refuse a zip whose parts would inflate past the limits, before anything inflates them.

    The sizes come from the zip's own directory; a part that claims less than it holds fails its
    length and CRC check when read (zipfile stops at the stated size), so the claim bounds the cost."""
    from io import BytesIO
    from zipfile import BadZipFile, ZipFile

    try:
        infos = ZipFile(BytesIO(data)).infolist()
    except (BadZipFile, ValueError, OSError) as exc:
        raise ReadError(name, f"not a readable .docx file (not a zip archive: {exc})") from exc
    if len(infos) > limits.max_parts:
        raise TooLarge(name, f".docx of {len(infos):,} parts, over the {limits.max_parts:,}-part limit")
    for info in infos:
        if info.file_size > limits.max_part:
            raise TooLarge(
                name,
                f"part {info.filename} inflates to {info.file_size / 1e6:,.0f} MB, over {limits.max_part / 1e6:g} MB",
            )
    total = sum(i.file_size for i in infos)
    if total > limits.max_inflated:
        raise TooLarge(name, f".docx inflates to {total / 1e6:,.0f} MB, over {limits.max_inflated / 1e6:g} MB")


def _docx_text(data: bytes, name: str, *, limits: Limits) -> str:
    from io import BytesIO
    from zipfile import BadZipFile

    import docx
    from lxml.etree import XMLSyntaxError

    _check_zip(data, name, limits=limits)
    try:
        document = docx.Document(BytesIO(data))
    except (BadZipFile, KeyError, ValueError, XMLSyntaxError, OSError) as exc:
        raise ReadError(name, f"not a readable .docx file: {exc}") from exc
    lines: list[str] = []
    # Header tables (issuer | motto) first, then paragraphs and tables in order.
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for row in child.iter():
                if not row.tag.endswith("}tr"):
                    continue
                cells = []
                for cell in row:
                    if cell.tag.endswith("}tc"):
                        paras = [
                            "".join(t.text or "" for t in p.iter() if t.tag.endswith("}t"))
                            for p in cell.iter()
                            if p.tag.endswith("}p")
                        ]
                        cells.append(paras)
                if len(cells) >= 3:
                    lines.append(" | ".join(" ".join(p for p in c if p) for c in cells))
                else:
                    # A layout table (header columns): each column's lines, side by side.
                    depth = max((len(c) for c in cells), default=0)
                    for i in range(depth):
                        lines.append("     ".join(c[i] if i < len(c) else "" for c in cells))
    return "\n".join(lines)
