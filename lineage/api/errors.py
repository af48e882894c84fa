"""Error answers: one body for all of them (`Problem`), the status each failure of ours maps to, and
the statuses each kind of operation publishes in the OpenAPI, so a client knows them in advance."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException

from lineage.errors import (
    CorrectionError,
    EngineError,
    EngineUnavailable,
    LineageError,
    NotFound,
    ReadError,
    TooLarge,
    WriteError,
)

log = logging.getLogger("lineage.api")


class Problem(BaseModel):
    """What went wrong: a sentence, or for a malformed request FastAPI's list of the fields at fault;
    with the file it concerns, or the codes the caller may have meant."""

    model_config = ConfigDict(extra="allow")
    detail: str | list[dict[str, Any]]
    file: str | None = None
    suggestions: list[str] | None = None


def _answer(description: str) -> dict[str, Any]:
    return {"model": Problem, "description": description}


# Every operation may answer these.
COMMON: dict[int | str, dict[str, Any]] = {
    400: _answer("The request cannot be answered as asked (a reason is given)."),
    401: _answer("A key is set on the server and X-API-Key is missing or wrong."),
    422: _answer("A parameter is missing, misplaced or malformed; or the document cannot be read."),
    503: _answer("The graph engine is not reachable or refused the query; retry."),
}
LOOKUP: dict[int | str, dict[str, Any]] = {404: _answer("Unknown document, task or unit; close codes are suggested.")}
WRITE: dict[int | str, dict[str, Any]] = {403: _answer("Writes are disabled: no key is set on the server.")}
UPLOAD: dict[int | str, dict[str, Any]] = {
    413: _answer("The document is over a size limit (bytes, inflated size, pages or characters)."),
    415: _answer("Not a multipart/form-data request, or a file type the reader does not know."),
    429: _answer("Too many uploads from this client are being read at once; retry."),
}


def install(app: FastAPI) -> None:
    """Map the project's failures to statuses, each with a `Problem` body; for a page (a person in a
    browser), the same failure as a page in their language (`pages.error_page`)."""
    from lineage.api import pages

    def problem(request: Request, status: int, detail: str, **extra: Any) -> Response:
        if pages.wants_page(request):
            return pages.error_page(request, status, detail)
        return JSONResponse({"detail": detail, **extra}, status_code=status)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        if pages.wants_page(request):
            return pages.error_page(request, 404, str(exc), what=exc.what, key=exc.key, suggestions=exc.suggestions)
        return problem(request, 404, str(exc), suggestions=exc.suggestions)

    @app.exception_handler(EngineUnavailable)
    async def unavailable(request: Request, exc: EngineUnavailable) -> Response:
        return problem(request, 503, f"graph engine unavailable: {exc}")

    @app.exception_handler(TooLarge)
    async def too_large(request: Request, exc: TooLarge) -> Response:
        return problem(request, 413, str(exc), file=exc.path)

    @app.exception_handler(ReadError)
    async def unreadable(request: Request, exc: ReadError) -> Response:
        return problem(request, 422, str(exc), file=exc.path)

    @app.exception_handler(CorrectionError)
    async def misfit(request: Request, exc: CorrectionError) -> Response:
        return problem(request, 422, str(exc))

    @app.exception_handler(WriteError)
    async def write_failed(request: Request, exc: WriteError) -> Response:
        return problem(request, 500, str(exc))

    @app.exception_handler(EngineError)
    async def engine_error(request: Request, exc: EngineError) -> Response:
        return problem(request, 503, f"graph engine error: {exc}")

    @app.exception_handler(LineageError)
    async def lineage_error(request: Request, exc: LineageError) -> Response:
        return problem(request, 400, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if pages.wants_page(request):
            return pages.error_page(request, exc.status_code, str(exc.detail))
        return await http_exception_handler(request, exc)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if pages.wants_page(request):
            where = "; ".join(f"{'.'.join(map(str, e['loc'][1:]))}: {e['msg']}" for e in exc.errors())
            return pages.error_page(request, 422, where)
        return await request_validation_exception_handler(request, exc)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error")
        return problem(request, 500, "internal error; the server log has the details")
