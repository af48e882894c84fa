"""Documents posted to the API (a file upload or pasted text) to an Extraction."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import HTTPException, UploadFile, status
from starlette.concurrency import run_in_threadpool

from lineage.extraction import Extraction
from lineage.loaders.files import SUFFIXES
from lineage.loaders.reader import ReadOptions, extract_file, extract_text
from lineage.loaders.units import UnitTable
from lineage.settings import Settings


async def read_posted(
    *,
    file: UploadFile | None,
    text: str | None,
    name: str | None,
    province: str | None,
    issuer: str | None,
    settings: Settings,
    units: UnitTable,
) -> Extraction:
    """Read an uploaded file or posted text; 413 over the size limit, 415 for other types, 422 if unreadable.

    Reading is CPU work (PDF, DOCX, the reader's rules): it runs in the thread pool, not on the event loop."""
    limit = int(settings.max_file_mb * 1e6)
    options = ReadOptions(province=province, issuer=issuer, max_bytes=limit)
    if file is not None and file.filename:
        suffix = Path(file.filename).suffix.lower()
        if suffix not in SUFFIXES:
            raise HTTPException(
                status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
                f"{file.filename}: unsupported file type {suffix or '(none)'}; send .txt, .pdf or .docx",
            )
        data = await file.read(limit + 1)
        if len(data) > limit:
            raise HTTPException(
                status.HTTP_413_CONTENT_TOO_LARGE, f"{file.filename}: over the {settings.max_file_mb:g} MB upload limit"
            )
        return await run_in_threadpool(_read_bytes, data, Path(file.filename).name, units, options)
    if text:
        if len(text.encode()) > limit:
            raise HTTPException(
                status.HTTP_413_CONTENT_TOO_LARGE, f"text is over the {settings.max_file_mb:g} MB limit"
            )
        return await run_in_threadpool(extract_text, text, source=name or "posted.txt", units=units, options=options)
    raise HTTPException(
        status.HTTP_422_UNPROCESSABLE_CONTENT,
        [{"loc": ["body", "file"], "msg": "send a file or a text field", "type": "missing"}],
    )


def _read_bytes(data: bytes, name: str, units: UnitTable, options: ReadOptions) -> Extraction:
    """The reader works on files (the error names it): the upload, under its own name, in a temporary folder."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return extract_file(path, units=units, options=options)
