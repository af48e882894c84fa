"""Batches of files: collect them from paths, read and ingest each, go on past bad ones."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lineage.audit import AuditLog
from lineage.errors import LineageError
from lineage.graph.ingest import IngestResult, ingest
from lineage.graph.store import GraphStore
from lineage.loaders.files import SUFFIXES
from lineage.loaders.reader import ReadOptions, check_document, extract_file
from lineage.loaders.units import UnitTable


def collect_files(paths: Iterable[Path], *, skipped: list[tuple[Path, str]] | None = None) -> list[Path]:
    """Files named, and document files under folders named (recursively), in a stable order. Under a
    folder, files of other types and hidden files are passed over; `skipped` receives each, with why."""
    out: list[Path] = []
    for p in paths:
        if not p.is_dir():
            out.append(p)
            continue
        for f in sorted(p.rglob("*")):
            if not f.is_file():
                continue
            if any(part.startswith(".") for part in f.relative_to(p).parts):
                why = "hidden file"
            elif f.suffix.lower() not in SUFFIXES:
                why = f"not a document type the reader knows ({f.suffix or 'no suffix'})"
            else:
                out.append(f)
                continue
            if skipped is not None:
                skipped.append((f, why))
    return out


@dataclass
class BatchReport:
    results: list[IngestResult] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)

    @property
    def written(self) -> int:
        return sum(r.status == "written" for r in self.results)

    def totals(self) -> dict[str, int]:
        return {
            "files": len(self.results) + len(self.errors),
            "written": self.written,
            "unchanged": sum(r.status == "unchanged" for r in self.results),
            "failed": len(self.errors),
            "nodes": sum(r.nodes for r in self.results),
            "edges": sum(r.edges for r in self.results),
            "tasks": sum(r.tasks for r in self.results),
            "units": sum(r.units for r in self.results),
        }


def ingest_files(
    store: GraphStore,
    files: list[Path],
    *,
    units: UnitTable,
    options: ReadOptions,
    on_file: Callable[[Path], None] | None = None,
    force: bool = False,
    audit: AuditLog | None = None,
    by: str = "cli",
) -> BatchReport:
    """Ingest each file in its own transaction; a bad file is reported, not fatal. A file that is not an
    official document is refused (nothing of it written) unless `force`."""
    report = BatchReport()
    for f in files:
        try:
            ex = extract_file(f, units=units, options=options)
            if not force:
                check_document(ex)
            result = ingest(store, ex, units=units, source_file=f.name)
            report.results.append(result)
            if audit is not None and result.status == "written":
                audit.record(
                    "ingest",
                    by=by,
                    file=f.name,
                    sha256=ex.text_sha256,
                    document=result.key,
                    counts={"nodes": result.nodes, "edges": result.edges, "tasks": result.tasks, "units": result.units},
                )
        except LineageError as exc:
            report.errors.append((str(f), str(exc)))
        except Exception as exc:  # a reader bug on one file must not stop the batch
            report.errors.append((str(f), f"{f}: unexpected error while reading: {exc!r}"))
        if on_file:
            on_file(f)
    return report
