"""Stage 0 of the reader: a document's markup to plain lines.

Documents arrive as plain text (PDF text layers, .txt), as markdown from web crawls
and converters (bold and italic markers, headings, header blocks laid out as table
cells, task tables) and as saved web pages. This stage removes the markup and keeps
what it says about structure:

- a whole emphasised line (``**II. NHIỆM VỤ**``, wrapped over several lines or not)
  or a heading (``## ...``) is a paragraph of its own;
- in a markdown text, a blank line ends a paragraph;
- a table is read into rows of cells, from the crawlers' "pipe-line" form (a line
  holding only ``|`` between cells, two of them between rows), from markdown pipe
  tables, or from HTML; a task table (its header names the lead column) becomes rows
  of cells joined by `` | ``; a layout table (issuer | motto, Số | place-date,
  Nơi nhận | signature) becomes its cells one after the other, left column first.

Every later stage reads the `Line`s this stage returns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

from lineage.loaders.normalize import clean_chars, fold


@dataclass(frozen=True, slots=True)
class Line:
    """A line of the document without its markup."""

    text: str
    hard: bool = False  # a paragraph starts here, whatever the line before it says
    row: bool = False  # the cells of a task-table row, joined by " | "


@dataclass
class Table:
    """Rows of cells; each cell is its lines (markup still on them)."""

    rows: list[list[list[str]]] = field(default_factory=list)


_TABLE_COLUMNS = re.compile(r"chủ\s+trì|(?:cơ\s+quan|đơn\s+vị)\s+(?:thực\s+hiện|phối\s+hợp)|phối\s+hợp")
_TASK_COLUMN = re.compile(r"nhiệm\s+vụ|nội\s+dung|công\s+việc|hoạt\s+động|giải\s+pháp|đề\s+án|dự\s+án")
_MD_ROW = re.compile(r"^\s*\|.*\|\s*$")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
_BULLET_STAR = re.compile(r"^(\s*)\*\s+(?=[^\s*])")
_ONLY_MARKS = re.compile(r"^[\s*_]*$")
_MARKS = re.compile(r"[*#\\_]")
_SPACES = re.compile(r"[ \t]{2,}|\t")
_WRAPPED_CODE = re.compile(r"\w[-/]$")
_STAR = re.compile(r"(?<!\()\*(?!\))")
_MARKDOWN_SIGNS = re.compile(r"\*\*|^\s*\|\s*$|^\s{0,3}#{1,6}\s|^\s*\|.*\|\s*$", re.MULTILINE)
_HTML = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]", re.IGNORECASE)
# Lines joined to close an emphasis span at most this far: a stray marker must not swallow a page.
_SPAN_LINES = 8


def read_markup(raw: str) -> list[Line]:
    """The lines of a document in any of the layouts above."""
    text = clean_chars(raw)
    if _HTML.search(text[:4000]):
        from lineage.loaders.html import html_blocks

        return _emit(html_blocks(text), markdown=True)
    markdown = len(_MARKDOWN_SIGNS.findall(text[:200_000])) >= 3
    if not markdown:
        return [Line(ln) for ln in text.split("\n")]
    return _emit(_markdown_blocks(text.split("\n")), markdown=True)


def _markdown_blocks(lines: list[str]) -> list[Block]:
    """Runs of text lines, tables and pipe-line regions, in order."""
    blocks: list[Block] = []
    text: list[str] = []
    i = 0
    while i < len(lines):
        s = lines[i].strip()
        if s == "|":
            if text:
                blocks.append(text)
                text = []
            cells, i = _pipe_cells(lines, i)
            blocks.append(cells)
            continue
        if _MD_ROW.match(lines[i]) and lines[i].count("|") >= 3:
            if text:
                blocks.append(text)
                text = []
            table = Table()
            while i < len(lines) and _MD_ROW.match(lines[i]):
                if not _MD_RULE.match(lines[i]):
                    cells_ = re.split(r"(?<!\\)\|", lines[i].strip()[1:-1])
                    table.rows.append([[c.strip()] for c in cells_])
                i += 1
            blocks.append(table)
            continue
        text.append(lines[i])
        i += 1
    if text:
        blocks.append(text)
    return blocks


@dataclass
class Cell:
    lines: list[str]
    gap: bool  # two bars before it: a new row (or an empty cell: the form cannot tell them apart)


@dataclass
class Cells:
    """A region of the crawlers' pipe-line form: a line holding only `|` between cells, two of them
    between rows. Where a table ends is not written (pages without blank lines run the document's
    text on between the bars), so rows and columns are read only where a task table's header says
    how many there are; every other cell is a block of text."""

    cells: list[Cell] = field(default_factory=list)


Block: TypeAlias = list[str] | Table | Cells  # noqa: UP040 (mypy reads the alias, not `type`)


def _pipe_cells(lines: list[str], i: int) -> tuple[Cells, int]:
    """The cells from the bar at `i` to the next blank line."""
    region = Cells()
    cell: list[str] = []
    bars = 1
    i += 1
    while i < len(lines):
        s = lines[i].strip()
        if s == "|":
            if cell:
                region.cells.append(Cell(cell, gap=bars > 1))
                cell, bars = [], 0
            bars += 1
        elif not s:
            break
        else:
            cell.append(lines[i])
        i += 1
    if cell:
        region.cells.append(Cell(cell, gap=bars > 1))
    return region, i


def _emit(blocks: Sequence[Block], *, markdown: bool) -> list[Line]:
    out: list[Line] = []
    for block in blocks:
        if isinstance(block, Table):
            out += _table_lines(block)
            continue
        if isinstance(block, Cells):
            out += _cell_lines(block)
            continue
        blank = True
        for text, whole in _logical_lines(block):
            if not text:
                blank = True
                continue
            # A blank line ends a markdown paragraph, unless the text plainly runs on ("... kéo\n\ndài").
            hard = whole or (markdown and blank and not text[0].islower())
            out.append(Line(text, hard=hard))
            blank = False
        out.append(Line("", hard=False))
    return out


def _table_lines(table: Table) -> list[Line]:
    cells = [[" ".join(t for t, _ in _logical_lines(c) if t) for c in row] for row in table.rows]
    if any(_is_task_header(row) for row in cells[:4]):
        return [Line(" | ".join(c.replace("|", "/") for c in row), hard=True, row=True) for row in cells]
    out: list[Line] = []
    for raw_row, row in zip(table.rows, cells, strict=True):
        if row and row[0].endswith(":") and len(row) > 1:
            # "Kính gửi:" | "- Sở A ..." and "- Bộ trưởng các Bộ:" | "Quốc phòng, Công an ...": one line.
            out.append(Line(" ".join(c for c in row if c), hard=True))
            continue
        for raw_cell in raw_row:
            first = True
            for text, whole in _logical_lines(raw_cell):
                if text:
                    out.append(Line(text, hard=first or whole))
                    first = False
    return out


_GROUP_CELL = re.compile(r"^([IVXLC]{1,6}|[A-H])\s*[.)]\s+(?=\S)")
_STT = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6}|[A-H])\.?$")


def _cell_lines(region: Cells) -> list[Line]:
    """A pipe-line region: task tables as rows, every other cell as a block of its own."""
    logical = [_logical_lines(c.lines) for c in region.cells]
    texts = [" ".join(t for t, _ in cell if t) for cell in logical]
    out: list[Line] = []
    i = 0
    while i < len(region.cells):
        width = (
            _header_width(region.cells, texts, i)
            if _TABLE_COLUMNS.search(fold(texts[i][:80]))
            or i + 1 < len(texts)
            and _TABLE_COLUMNS.search(fold(" ".join(texts[i : i + 6])[:400]))
            else 0
        )
        if width:
            rows, i = _task_rows(region.cells, texts, i, width)
            out += [Line(" | ".join(c.replace("|", "/") for c in row), hard=True, row=True) for row in rows]
            continue
        label_join = (
            texts[i].endswith(":") and i + 1 < len(texts) and not region.cells[i + 1].gap and len(texts[i]) < 60
        )
        if label_join:
            # "Kính gửi:" | "- Sở A ..." and "- Bộ trưởng các Bộ:" | "Quốc phòng, Công an ...": one line.
            out.append(Line(f"{texts[i]} {texts[i + 1]}", hard=True))
            i += 2
            continue
        first = True
        for text, whole in logical[i]:
            if text:
                out.append(Line(text, hard=first or whole))
                first = False
        i += 1
    return out


def _header_width(cells: list[Cell], texts: list[str], i: int) -> int:
    """The number of columns when a task table's header row starts at cell `i`, else 0."""
    j = i + 1
    while j < len(cells) and not cells[j].gap:
        j += 1
    row = texts[i:j]
    return len(row) if _is_task_header(row) else 0


def _task_rows(cells: list[Cell], texts: list[str], i: int, width: int) -> tuple[list[list[str]], int]:
    """The header and the rows under it, each starting after a pair of bars. With a number column
    first ("STT"), a row must start with a number or a group ("1", "I"): the first cell that does
    not ends the table; without one, a row of a single cell does."""
    rows = [texts[i : i + width]]
    numbered = bool(re.match(r"^(?:stt|tt|số\s+tt)$", fold(texts[i]).strip()))
    j = i + width
    while j < len(cells):
        if not texts[j]:
            j += 1
            continue
        if numbered and not _STT.match(texts[j]):
            group = _GROUP_CELL.match(texts[j])
            if not group:
                k = j + 1
                while k < len(cells) and k - j < width and not cells[k].gap:
                    k += 1
                after = next((x for x in range(k, min(len(texts), k + 2)) if texts[x]), None)
                if (
                    cells[j].gap
                    and k - j >= 2
                    and after is not None
                    and (_STT.match(texts[after]) or _GROUP_CELL.match(texts[after]))
                ):
                    # A row without its number (the number cell spans it and the row above): a continuation.
                    rows.append(["", *texts[j:k]])
                    j = k
                    continue
                break
            # "I. NÂNG CAO NHẬN THỨC ..." in one cell: a group row, its number and its title.
            rows.append([group.group(1), texts[j][group.end() :]])
            j += 1
            continue
        k = j + 1
        while k < len(cells) and k - j < width and not cells[k].gap:
            k += 1
        if not numbered and k - j < 2:
            break
        rows.append(texts[j:k])
        j = k
    return rows, j


def _is_task_header(cells: list[str]) -> bool:
    """A header row names its columns in a few words each: one the lead ("Cơ quan chủ trì"), one the task."""
    folded = [fold(c) for c in cells]
    return (
        3 <= len(cells) <= 12
        and all(len(c) <= 80 for c in cells)
        and any(_TABLE_COLUMNS.search(c) for c in folded)
        and any(_TASK_COLUMN.search(c) for c in folded)
    )


def _logical_lines(lines: list[str]) -> list[tuple[str, bool]]:
    """Lines with their markup removed, those inside one emphasis span joined; `whole` when the
    line was all emphasised (a heading) or a markdown heading."""
    out: list[tuple[str, bool]] = []
    buf: list[str] = []
    bold = single = 0  # emphasis marks of each kind seen in `buf`
    for line in lines:
        if not buf and not _MARKS.search(line):
            # Most lines carry no markup at all: no span to follow, nothing to remove.
            out.append((_collapse(line), False))
            continue
        if _ONLY_MARKS.match(line):
            # "** **", "* *": an empty emphasis, the converters' mark of an empty cell or line.
            if buf:
                out.append(_unmark_whole(_join(buf)))
                buf, bold, single = [], 0, 0
            out.append(("", False))
            continue
        buf.append(line.strip())
        b, one = _marks(line)
        bold, single = bold + b, single + one
        if (bold % 2 or single % 2) and len(buf) < _SPAN_LINES:
            continue
        out.append(_unmark_whole(_join(buf)))
        buf, bold, single = [], 0, 0
    if buf:
        out.append(_unmark_whole(_join(buf)))
    return out


def _join(parts: list[str]) -> str:
    text = parts[0]
    for part in parts[1:]:
        if not part:
            continue
        # A code or word cut at a hyphen or slash by the wrap: "59-" + "NQ/TW".
        glue = "" if text[-1:] in "-/" and _WRAPPED_CODE.search(text) and part[:1].isalnum() else " "
        text = text + glue + part if text else part
    return text


def _marks(line: str) -> tuple[int, int]:
    """The emphasis marks of a line: "**", and single stars that are not bullets or "(*)"."""
    if "*" not in line:
        return 0, 0
    return line.count("**"), _single_stars(line.replace("**", "")).count("*")


def _single_stars(text: str) -> str:
    """Emphasis stars only: not a bullet ("* item"), not a footnote mark ("(*)")."""
    return _BULLET_STAR.sub(r"\1", text).replace("(*)", "")


def _unmark_whole(text: str) -> tuple[str, bool]:
    stripped = text.strip()
    heading = bool(_HEADING.match(stripped))
    core = stripped.rstrip(" .:;,")
    whole = heading or (
        core.startswith("*") and core.endswith("*") and len(unmark(core)) > 0 and not _BULLET_STAR.match(core)
    )
    return unmark(stripped), whole


def unmark(text: str) -> str:
    """The text of one line without markdown: emphasis, heading marks, escapes; a "* " bullet is "- "."""
    if not _MARKS.search(text):
        return _collapse(text)
    if "#" in text:
        text = _HEADING.sub("", text)
    if "*" in text:
        text = _BULLET_STAR.sub(r"\1- ", text).replace("**", "")
        text = _STAR.sub("", text)
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    return _collapse(text)


def _collapse(text: str) -> str:
    return (_SPACES.sub(" ", text) if "  " in text or "\t" in text else text).strip()
