"""One error hierarchy: every error names the file, field or code at fault."""

from __future__ import annotations


class LineageError(Exception):
    """Base of every error this project raises on purpose."""


class ReadError(LineageError):
    """A document file could not be read into text."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class NotADocument(ReadError):
    """A text with no header, no number, no reference and no task item: not an official document."""


class TooLarge(ReadError):
    """A document over one of the reader's limits (size, inflated size, pages, characters, time)."""


class CorrectionError(LineageError):
    """A correction that does not fit the document: its fact is not there, or the document has no text."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.problem = problem


class EngineError(LineageError):
    """The graph engine is missing, not running, or refused a request."""


class EngineUnavailable(EngineError):
    """The graph engine cannot be reached; the API turns this into 503."""


class DamagedStore(EngineError):
    """The engine's files in the data folder are damaged or gone; the graph was not loaded."""


class WriteError(EngineError):
    """A document's facts could not be written; nothing of it was kept."""


class NotFound(LineageError):
    """A document, task or unit is not in the graph."""

    def __init__(self, what: str, key: str, suggestions: list[str] | None = None) -> None:
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown {what} {key!r}{hint}")
        self.what = what
        self.key = key
        self.suggestions = suggestions or []
