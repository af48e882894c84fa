"""Reading a document file into text: .txt (UTF-8/UTF-16), .pdf with a text layer, .docx.

Every failure names the file and the problem: empty, binary, too large, an
unsupported type, legacy TCVN3/VNI text that would come out garbled, a scanned
PDF that needs OCR.
"""

from __future__ import annotations

import re
from pathlib import Path

from lineage.errors import ReadError

SUFFIXES = {".txt", ".text", ".md", ".pdf", ".docx"}

# Letters that TCVN3 (ABC) and VNI fonts put where Unicode Vietnamese would be:
# decoded as cp1252/latin-1 they read as "Ñ", "ö", "õ", "©", "¬" ... inside words.
_TCVN3 = re.compile(
    r"[\u00a9\u00aa\u00ab\u00ac\u00ae\u00b5\u00b8\u00b9\u00bb\u00bd\u00be\u00c6\u00d5\u00d7\u00de\u00f8]"
)
_VNI = re.compile(
    r"[a-zA-Z](?:\u00f6\u00f8|\u00f6\u00ef|\u00f6\u00f9|\u00f6\u00fb|\u00f6\u00f5|\u00f6\u00ec|\u00e6|\u00f8|\u00f9|\u00fb|\u00f5|\u00ef)"
)
_VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)


def read_text(path: Path, *, max_bytes: int) -> str:
    """The text of a document file, or a ReadError naming the file and the problem."""
    name = str(path)
    if not path.exists():
        raise ReadError(name, "no such file")
    if path.is_dir():
        raise ReadError(name, "is a folder, not a document")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ReadError(name, f"unsupported file type {suffix or '(none)'}: use .txt, .pdf or .docx")
    size = path.stat().st_size
    if size == 0:
        raise ReadError(name, "file is empty")
    if size > max_bytes:
        raise ReadError(name, f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit")
    data = path.read_bytes()
    if suffix == ".pdf":
        text = _pdf_text(data, name)
    elif suffix == ".docx":
        text = _docx_text(data, name)
    else:
        text = decode_text(data, name)
    if not text.strip():
        raise ReadError(name, "no text in the file")
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


def _pdf_text(data: bytes, name: str) -> str:
    from io import BytesIO

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(BytesIO(data))
        pages = [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise ReadError(name, f"not a readable PDF: {exc}") from exc
    text = "\n".join(pages)
    if len(re.sub(r"\s", "", text)) < 20:
        raise ReadError(name, "PDF has no text layer (a scan?): it needs OCR before it can be read")
    return text


def _docx_text(data: bytes, name: str) -> str:
    from io import BytesIO
    from zipfile import BadZipFile

    import docx

    try:
        document = docx.Document(BytesIO(data))
    except (BadZipFile, KeyError, ValueError) as exc:
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
