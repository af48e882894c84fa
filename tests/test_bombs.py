"""Files built to exhaust the reader: each is refused quickly, with the reason, and never inflated.

A zip bomb (a 1-2 MB .docx whose document.xml inflates to 400 MB), a billion-laughs DOCX, a
PDF of 100,000 empty pages and a 1 GB line, through the reader and through the API."""

from __future__ import annotations

import resource
import time
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from lineage.api.app import create_app
from lineage.errors import ReadError, TooLarge
from lineage.graph.store import GraphStore
from lineage.loaders.files import read_bytes, read_text
from lineage.settings import Settings

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx(path: Path, *, body: str = "", repeat: str = "", times: int = 0, prolog: str = "") -> Path:
    """A .docx whose document.xml is `prolog`, then `body` and `repeat` written `times` times, streamed."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<w:document {W}><w:body>{body}'.encode())
            chunk = (repeat * 1000).encode()
            for _ in range(times // 1000):
                f.write(chunk)
            f.write(b"</w:body></w:document>")
    return path


def test_a_zip_bomb_docx_is_refused_before_it_inflates(tmp_path: Path) -> None:
    paragraph = "<w:p><w:r><w:t>Giao Sở Ngoại vụ chủ trì, phối hợp với các sở, ngành thực hiện.</w:t></w:r></w:p>"
    bomb = docx(tmp_path / "bomb.docx", repeat=paragraph, times=3_500_000)  # ~400 MB of XML
    assert bomb.stat().st_size < 3_000_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    with pytest.raises(TooLarge, match="inflates to"):
        read_text(bomb, max_bytes=20_000_000)
    assert time.monotonic() - started < 2
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100_000  # KiB: nothing inflated


def test_billion_laughs_in_a_docx_is_not_expanded(tmp_path: Path) -> None:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10)
    )
    body = "<w:p><w:r><w:t>Số: 12/KH-UBND &lol9;</w:t></w:r></w:p>"
    path = docx(tmp_path / "laughs.docx", body=body, prolog=f"<!DOCTYPE lolz [{entities}]>")
    started = time.monotonic()
    try:
        text = read_text(path, max_bytes=20_000_000)
        assert len(text) < 10_000
    except ReadError:
        pass  # refused is as good: what matters is that nothing expanded
    assert time.monotonic() - started < 2


def empty_pages_pdf(pages: int) -> bytes:
    """A valid PDF of `pages` empty pages, written directly (pypdf's writer takes minutes at this size)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    for i in range(pages):
        kids.append(f"{i + 3} 0 R".encode())
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>")
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + f"] /Count {pages} >>".encode()
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def test_a_pdf_of_100000_empty_pages_is_refused_by_its_page_count() -> None:
    data = empty_pages_pdf(100_000)
    started = time.monotonic()
    with pytest.raises(TooLarge, match="100,000 pages"):
        read_bytes(data, "trang-trong.pdf")
    assert time.monotonic() - started < 10


def test_a_1_gb_line_is_refused_by_its_size_unread(tmp_path: Path) -> None:
    path = tmp_path / "dong-dai.txt"
    with path.open("wb") as f:
        f.write("Căn cứ Nghị quyết số 59-NQ/TW ".encode() * 1000)
        f.truncate(1 << 30)  # sparse: 1 GB on paper, nothing to write
    started = time.monotonic()
    with pytest.raises(TooLarge, match="over the 20.0 MB limit"):
        read_text(path, max_bytes=20_000_000)
    assert time.monotonic() - started < 1


def test_the_api_answers_413_with_the_reason_for_a_bomb(falkordb_store: GraphStore, tmp_path: Path) -> None:
    paragraph = "<w:p><w:r><w:t>Nhiệm vụ.</w:t></w:r></w:p>"
    bomb = docx(tmp_path / "bomb.docx", repeat=paragraph, times=1_000_000)
    client = TestClient(create_app(Settings(api_key="k"), store=falkordb_store))
    with bomb.open("rb") as f:
        r = client.post("/api/impact", files={"file": ("ke-hoach.docx", f.read())})
    assert r.status_code == 413, r.text
    assert "ke-hoach.docx" in r.json()["detail"] and "inflates to" in r.json()["detail"]
    assert "/tmp" not in r.text
    line = ("Thực hiện Kế hoạch số 12/KH-UBND " * 700_000).encode()  # one 23 MB line
    r = client.post("/api/impact", files={"file": ("dong-dai.txt", line)})
    assert r.status_code == 413, r.text
