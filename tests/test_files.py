"""Reading files: every bad input gets an error naming the file and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from lineage.errors import ReadError
from lineage.loaders.files import read_text

MB = 1_000_000


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("empty.txt", b"", "file is empty"),
        ("blob.txt", bytes(range(256)) * 40, "binary data"),
        ("tcvn3.txt", "Uû ban nh©n d©n tØnh §ång Nai - Së Ngo¹i vô".encode("cp1252"), "TCVN3/VNI"),
        ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "PDF"),
        ("broken.docx", b"PK\x03\x04 not a zip", ".docx"),
        ("notes.rtf", b"{\\rtf1 hello}", "unsupported file type .rtf"),
    ],
)
def test_bad_inputs_are_named(tmp_path: Path, name: str, data: bytes, problem: str) -> None:
    path = _write(tmp_path, name, data)
    with pytest.raises(ReadError) as info:
        read_text(path, max_bytes=MB)
    assert name in str(info.value)
    assert problem in str(info.value)


def test_oversized_files_are_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "big.txt", "Kính gửi: Sở Ngoại vụ.\n".encode() * 100_000)
    with pytest.raises(ReadError, match="over the 1.0 MB limit"):
        read_text(path, max_bytes=MB)


def test_utf16_text_is_read(tmp_path: Path) -> None:
    path = _write(tmp_path, "u16.txt", "Kính gửi: Sở Ngoại vụ.".encode("utf-16"))
    assert read_text(path, max_bytes=MB) == "Kính gửi: Sở Ngoại vụ."


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="no such file"):
        read_text(tmp_path / "nope.txt", max_bytes=MB)


def test_a_pdf_without_a_text_layer_needs_ocr(tmp_path: Path) -> None:
    from io import BytesIO

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)  # what a scan without OCR looks like to a text extractor
    buf = BytesIO()
    writer.write(buf)
    path = _write(tmp_path, "scan.pdf", buf.getvalue())
    with pytest.raises(ReadError, match="needs OCR") as info:
        read_text(path, max_bytes=MB)
    assert "scan.pdf" in str(info.value)
