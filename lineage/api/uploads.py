"""Documents posted to the API (a file upload or pasted text) to an Extraction.

Reading is CPU work (PDF, DOCX, the reader's rules): it runs in the thread pool, not on
the event loop, within the reader's limits (`loaders.files.Limits`), and each client may
have only a few uploads being read at once, so no handful of files can take the server down.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi import HTTPException, Request, UploadFile, status
from starlette.concurrency import run_in_threadpool

from lineage.errors import ReadError
from lineage.extraction import Extraction
from lineage.loaders.files import Limits, check_suffix, read_bytes
from lineage.loaders.reader import ReadOptions, check_document, extract_text
from lineage.loaders.units import UnitTable
from lineage.settings import Settings


class UploadGate:
    """At most `per_client` uploads being read at once for each client address (429 past that)."""

    def __init__(self, per_client: int) -> None:
        self.per_client = per_client
        self.active: Counter[str] = Counter()

    @contextmanager
    def slot(self, client: str) -> Iterator[None]:
        # Used only on the event loop, so the counter needs no lock.
        if self.active[client] >= self.per_client:
            raise HTTPException(
                status.HTTP_429_TOO_MANY_REQUESTS,
                f"{self.per_client} uploads from this client are being read already; send the next when one is done",
                headers={"Retry-After": "2"},
            )
        self.active[client] += 1
        try:
            yield
        finally:
            self.active[client] -= 1
            if not self.active[client]:
                del self.active[client]


async def read_posted(
    request: Request,
    *,
    file: UploadFile | None,
    text: str | None,
    name: str | None,
    settings: Settings,
    units: UnitTable,
    province: str | None = None,
    issuer: str | None = None,
    force: bool = False,
) -> Extraction:
    """Read an uploaded file or posted text (`province` and `issuer` stand in for a header that does not
    say them); 413 over a limit, 415 for other types or a body that is not a
    form, 422 if unreadable or not an official document (unless `force`), or for a parameter sent in the
    query string, 429 when this client already has its share of uploads being read."""
    misplaced = list(request.query_params)
    if misplaced:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            [
                {
                    "loc": ["query", q],
                    "msg": f"'{q}' is a form field of this request, not a query parameter",
                    "type": "misplaced",
                }
                for q in misplaced
            ],
        )
    ex = await _read(
        request, file=file, text=text, name=name, province=province, issuer=issuer, settings=settings, units=units
    )
    if not force:
        check_document(ex)
    return ex


async def _read(
    request: Request,
    *,
    file: UploadFile | None,
    text: str | None,
    name: str | None,
    province: str | None,
    issuer: str | None,
    settings: Settings,
    units: UnitTable,
) -> Extraction:
    limit = int(settings.max_file_mb * 1e6)
    options = ReadOptions(province=province, issuer=issuer, max_bytes=limit)
    gate: UploadGate = request.app.state.upload_gate
    client = request.client.host if request.client else "?"
    if file is not None and file.filename:
        filename = Path(file.filename).name
        try:
            check_suffix(filename)
        except ReadError as exc:
            raise HTTPException(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, str(exc)) from exc
        data = await file.read(limit + 1)
        if len(data) > limit:
            raise HTTPException(
                status.HTTP_413_CONTENT_TOO_LARGE, f"{filename}: over the {settings.max_file_mb:g} MB upload limit"
            )
        with gate.slot(client):
            return await run_in_threadpool(_read_upload, data, filename, units, options)
    if text:
        if len(text.encode()) > limit:
            raise HTTPException(
                status.HTTP_413_CONTENT_TOO_LARGE, f"text is over the {settings.max_file_mb:g} MB limit"
            )
        with gate.slot(client):
            return await run_in_threadpool(
                extract_text, text, source=name or "posted.txt", units=units, options=options
            )
    kind = request.headers.get("content-type", "")
    if kind and not kind.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        raise HTTPException(
            status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
            "send multipart/form-data with a 'file' field (.txt, .md, .html, .pdf, .docx) or a 'text' field",
        )
    raise HTTPException(
        status.HTTP_422_UNPROCESSABLE_CONTENT,
        [{"loc": ["body", "file"], "msg": "send a file or a text field", "type": "missing"}],
    )


def _read_upload(data: bytes, filename: str, units: UnitTable, options: ReadOptions) -> Extraction:
    """The upload read from memory under its own name: an error names the user's file, never a server path."""
    raw = read_bytes(data, filename, limits=Limits(max_bytes=options.max_bytes))
    return extract_text(raw, source=filename, units=units, options=options)
