"""Task tables: STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian | Sản phẩm.

Often in an appendix (Phụ lục), in markdown, DOCX or PDF text. A header row names the
columns; rows that number a group ("I | NHÓM GIẢI PHÁP VỀ CƠ CHẾ") head the rows under
them; each other row is a task, ref "PL.<group>.<STT>" ("PL.I.1"), or "PL.<STT>" when the
table has no groups.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lineage.extraction import Assignment, Evidence, Role, Task
from lineage.loaders.dates import deadline, first_date
from lineage.loaders.normalize import Paragraph, fold
from lineage.loaders.units import UnitMention

_COLUMNS: dict[str, re.Pattern[str]] = {
    "number": re.compile(r"^(?:stt|tt|số\s+tt|số\s+thứ\s+tự)$"),
    "task": re.compile(r"nhiệm\s+vụ|nội\s+dung|công\s+việc|hoạt\s+động|giải\s+pháp|tên\s+(?:đề\s+án|dự\s+án|nhiệm)"),
    "lead": re.compile(r"chủ\s+trì|^(?:cơ\s+quan|đơn\s+vị)\s+thực\s+hiện"),
    "support": re.compile(r"phối\s+hợp"),
    "deadline": re.compile(r"thời\s+(?:gian|hạn)|tiến\s+độ|hoàn\s+thành"),
    "output": re.compile(r"sản\s+phẩm|kết\s+quả"),
}
_GROUP = re.compile(r"^(?:[IVXLC]{1,6}|[A-H])\.?$")
_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,3})*\.?$")

FindUnits = Callable[[str], list[UnitMention]]
# Where a cell's list of units splits besides ";": before a capitalised head or a collective ("Doanh
# nghiệp, Sở, ban, ngành có liên quan" is two units; "Viện, Trường" is one).
_CELL_SPLIT = re.compile(
    r"[ \t]*,[ \t]*(?=(?:Sở|Bộ|UBND|Ủy ban|Uỷ ban|Ban|Công an|Văn phòng|Cục|Chi cục|Trung tâm|Đài|Báo|Hội|Liên|"
    r"Tập đoàn|Tổng công ty|Ngân hàng|Các|các)\b)"
)


def table_columns(cells: list[str]) -> dict[str, int] | None:
    """Column roles of a task table's header row, or None when the row is not one."""
    cols: dict[str, int] = {}
    for i, cell in enumerate(cells):
        low = fold(cell.strip())
        for name, pattern in _COLUMNS.items():
            if name not in cols and pattern.search(low):
                cols[name] = i
                break
    return cols if {"task", "lead"} <= set(cols) else None


def table_tasks(
    rows: list[Paragraph], *, find_units: FindUnits, evidence: Callable[[int, int], Evidence]
) -> list[Task]:
    """Tasks of the task tables among `rows` (table rows in document order)."""
    tasks: list[Task] = []
    for table in _tables(rows):
        tasks += _table_tasks(table, find_units=find_units, evidence=evidence)
    return tasks


def _tables(rows: list[Paragraph]) -> list[list[Paragraph]]:
    """Rows that follow one another, grouped into tables."""
    out: list[list[Paragraph]] = []
    last_end = -2
    for row in rows:
        if row.start != last_end + 1:
            out.append([])
        out[-1].append(row)
        last_end = row.end
    return out


def _table_tasks(
    rows: list[Paragraph], *, find_units: FindUnits, evidence: Callable[[int, int], Evidence]
) -> list[Task]:
    cols: dict[str, int] | None = None
    group: str | None = None
    found: list[tuple[str | None, str, Paragraph, list[str]]] = []  # group, number, row, cells
    restarts = True  # numbers start again at 1 in each group ("PL.I.1"), or run through the table ("PL.5")
    for row in rows:
        cells = [c.strip() for c in row.text.split(" | ")]
        header = table_columns(cells)
        if header is not None:
            cols, group = header, None
            continue
        if cols is None:
            continue
        first = cells[0].strip()
        lead_cell = cells[cols["lead"]] if len(cells) > cols["lead"] else ""
        if _GROUP.match(first) and not lead_cell:
            group = first.rstrip(".")
            continue
        number = cells[cols["number"]] if "number" in cols and len(cells) > cols["number"] else str(len(found) + 1)
        if not number and found and len(cells) > cols["lead"]:
            # A row without its number goes on with the row above ("Xây dựng hạ tầng kỹ thuật dự phòng ...").
            g, n, r, above = found[-1]
            merged = [
                a if a.strip() else b for a, b in zip(above, cells + [""] * (len(above) - len(cells)), strict=False)
            ]
            for key in ("lead", "support"):
                if key in cols and len(cells) > cols[key] and cells[cols[key]] and cells[cols[key]] != above[cols[key]]:
                    merged[cols[key]] = f"{above[cols[key]]}; {cells[cols[key]]}".strip("; ")
            found[-1] = (g, n, r, merged)
            continue
        if not _NUMBER.match(number) or len(cells) <= max(cols["lead"], cols["task"]):
            continue  # a row may lack its last cells (merged across rows), not its task or lead
        cells += [""] * (max(cols.values()) + 1 - len(cells))
        number = number.rstrip(".")
        if group and not any(g == group for g, *_ in found) and number.split(".")[0] != "1":
            restarts = False
        found.append((group, number, row, cells))
    tasks: list[Task] = []
    for group, number, row, cells in found:
        assert cols is not None
        cells = cells + [""] * (max(cols.values()) + 1 - len(cells))
        lead = cell_units(cells[cols["lead"]], find_units)
        support = (
            [n for n in cell_units(cells[cols["support"]], find_units) if n not in lead] if "support" in cols else []
        )
        when = cells[cols["deadline"]] if "deadline" in cols else ""
        ev = evidence(row.start, row.end)
        tasks.append(
            Task(
                ref=f"PL.{group}.{number}" if group and restarts else f"PL.{number}",
                parent=None,
                text=cells[cols["task"]],
                lead=lead,
                support=support,
                deadline=deadline(when) or deadline("trong " + when) or _plain_date(when),
                assignments=[Assignment(unit=n, role=Role.LEAD, evidence=ev) for n in lead]
                + [Assignment(unit=n, role=Role.SUPPORT, evidence=ev) for n in support],
                evidence=ev,
            )
        )
    return tasks


def cell_units(cell: str, find_units: FindUnits) -> list[str]:
    """The units of a table cell, each as the table knows it or, where it does not, as written."""
    names: list[str] = []
    for part in re.split(r"\s*;\s*|\s+-\s+(?=[A-ZĐÀ-Ỹ])", cell.strip(" .")):
        for piece in _CELL_SPLIT.split(part):
            piece = re.sub(r"\s+", " ", piece.strip(" .,-"))
            if not piece:
                continue
            found = [u for u in find_units(piece) if not u.is_addressees]
            covered = sum(u.end - u.start for u in found)
            if found and covered >= 0.6 * len(piece):
                names += [u.name for u in found]
            elif len(piece.split()) <= 12:
                names.append(piece[:1].upper() + piece[1:])
    return list(dict.fromkeys(names))


def _plain_date(cell: str) -> str | None:
    """A bare date or year in a deadline column: "30/6/2026", "Năm 2026"."""
    value, _ = first_date(cell)
    if value:
        return value
    m = re.search(r"(?:năm\s+)?(\d{4})$", cell.strip(), re.IGNORECASE)
    return m.group(1) if m else None
