"""An impact report as the tables offices pass on: documents and units, as .xlsx or CSV.

Both lists (review, coordinate) go into one table each, a column saying which list a row
belongs to, with headers and words in the reader's language. Built from a report that
holds the whole lists (`impact(..., limit=ALL)`), not a page of them.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from lineage.queries.impact import ImpactItem, ImpactReport
from lineage.viz.render import EDGE_STYLE, KIND_VI

ALL = 10**9  # a page size that holds any list
FORMATS = {".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".csv": "text/csv"}

WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "list": "Danh sách",
        "review": "Cần rà soát",
        "coordinate": "Cần phối hợp",
        "province": "Tỉnh, thành phố",
        "central": "Trung ương",
        "depth": "Cấp cách",
        "code": "Số, ký hiệu",
        "kind": "Loại văn bản",
        "issuer": "Cơ quan ban hành",
        "date": "Ngày",
        "subject": "Trích yếu",
        "via": "Qua văn bản",
        "why": "Vì sao",
        "evidence": "Căn cứ trích dẫn",
        "unit": "Cơ quan, đơn vị",
        "roles": "Vai trò",
        "tasks": "Số nhiệm vụ",
        "documents": "Số văn bản",
        "draft": "dự thảo",
        "documents_sheet": "Văn bản",
        "units_sheet": "Đơn vị",
        "lead": "chủ trì",
        "support": "phối hợp",
        "advise": "tham mưu",
        "report_to": "báo cáo",
    },
    "en": {
        "list": "List",
        "review": "Needs review",
        "coordinate": "Should coordinate",
        "province": "Province",
        "central": "Central",
        "depth": "Hops away",
        "code": "Code",
        "kind": "Kind",
        "issuer": "Issuer",
        "date": "Date",
        "subject": "Subject",
        "via": "Via",
        "why": "Why",
        "evidence": "Evidence",
        "unit": "Unit",
        "roles": "Roles",
        "tasks": "Tasks",
        "documents": "Documents",
        "draft": "draft",
        "documents_sheet": "Documents",
        "units_sheet": "Units",
        "lead": "lead",
        "support": "support",
        "advise": "advises",
        "report_to": "reports to",
    },
}
DOCUMENT_COLUMNS = ("list", "province", "depth", "code", "kind", "issuer", "date", "subject", "via", "why", "evidence")
UNIT_COLUMNS = ("list", "province", "unit", "roles", "tasks", "documents")


def chain_text(item: ImpactItem, lang: str) -> str:
    """'thực hiện 21-KH/TU ← căn cứ 59-NQ/TW': each hop's relation in words and the document it reaches."""
    w = WORDS[lang]
    return " ← ".join(f"{EDGE_STYLE[h.rel][lang]} {h.dst_code or w['draft']}" for h in item.why)


def document_rows(report: ImpactReport, lang: str) -> list[list[Any]]:
    w = WORDS[lang]
    rows: list[list[Any]] = [[w[c] for c in DOCUMENT_COLUMNS]]
    for name, part in (("review", report.review), ("coordinate", report.coordinate)):
        for it in part.items:
            d = it.document
            kind = KIND_VI.get(d.kind or "", d.type or "") if lang == "vi" else (d.kind or d.type or "")
            rows.append(
                [
                    w[name],
                    d.province or w["central"],
                    it.depth,
                    d.code or w["draft"],
                    kind,
                    d.issuer or "",
                    d.date or "",
                    d.subject or d.title or "",
                    it.via,
                    chain_text(it, lang),
                    it.why[0].sentence if it.why else "",
                ]
            )
    return rows


def unit_rows(report: ImpactReport, lang: str) -> list[list[Any]]:
    w = WORDS[lang]
    rows: list[list[Any]] = [[w[c] for c in UNIT_COLUMNS]]
    for name, part in (("review", report.review), ("coordinate", report.coordinate)):
        for u in part.units:
            roles = ", ".join(w.get(r, r) for r in u.roles)
            rows.append([w[name], u.province or w["central"], u.unit, roles, u.tasks, u.documents])
    return rows


def csv_bytes(rows: list[list[Any]]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens the Vietnamese letters as they are."""
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def xlsx_bytes(sheets: dict[str, list[list[Any]]]) -> bytes:
    """A workbook of one sheet per table, headers bold and frozen, columns sized to their text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for i, column in enumerate(zip(*rows, strict=True), start=1):
            width = max(len(str(v)) for v in column)
            sheet.column_dimensions[sheet.cell(row=1, column=i).column_letter].width = min(80, max(8, width + 2))
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def files(out: Path) -> list[tuple[Path, str]]:
    """Where a report asked for as `out` goes: one workbook, or a CSV a table (documents, units)."""
    if out.suffix.lower() == ".xlsx":
        return [(out, "documents")]
    return [(out, "documents"), (out.with_name(f"{out.stem}-units{out.suffix}"), "units")]


def write(report: ImpactReport, suffix: str, *, lang: str, table: str = "documents") -> bytes:
    """The report as a file: .xlsx holds both tables (documents, units); CSV holds `table`."""
    w = WORDS[lang]
    if suffix == ".xlsx":
        return xlsx_bytes(
            {w["documents_sheet"]: document_rows(report, lang), w["units_sheet"]: unit_rows(report, lang)}
        )
    return csv_bytes(document_rows(report, lang) if table == "documents" else unit_rows(report, lang))
