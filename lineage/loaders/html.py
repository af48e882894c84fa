"""Saved web pages (.html, .htm) of the legal-document portals, read with lxml's HTML parser.

A page becomes the same blocks as a markdown crawl (`layout`): runs of text lines and
tables. A paragraph-level element (p, div, h1-h6, li, ...) is a line of its own; a `br`
breaks a line; headings and wholly bold paragraphs are marked as such ("**...**"), so
that `layout` treats them as headings; scripts, styles, forms and navigation are dropped.
What is page furniture and what is the document is decided later, for every layout alike.
"""

from __future__ import annotations

from lxml import html as lxml_html
from lxml.etree import ParserError, _Element

from lineage.errors import ReadError
from lineage.loaders.layout import Block, Table

_BLOCK = {
    "p", "div", "section", "article", "main", "header", "footer", "aside", "h1", "h2", "h3", "h4", "h5", "h6",
    "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "center", "address", "figure", "figcaption", "hr",
}  # fmt: skip
_DROP = {"script", "style", "noscript", "template", "svg", "canvas", "iframe", "form", "button", "select", "nav"}
_BOLD = {"b", "strong"}


def html_blocks(text: str, *, name: str = "page") -> list[Block]:
    """Blocks of a web page: lists of text lines, and tables."""
    try:
        root = lxml_html.document_fromstring(text)
    except (ParserError, ValueError) as exc:
        raise ReadError(name, f"not a readable web page: {exc}") from exc
    body = root.find("body")
    walker = _Walker()
    walker.visit(body if body is not None else root)
    walker.flush()
    return walker.blocks


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.lines: list[str] = []
        self.current: list[str] = []

    def flush_line(self) -> None:
        line = " ".join("".join(self.current).split())
        if line:
            self.lines.append(line)
        self.current = []

    def flush(self) -> None:
        self.flush_line()
        if self.lines:
            self.blocks.append(self.lines)
        self.lines = []

    def visit(self, el: _Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _DROP:
            self._tail(el)
            return
        if tag == "table":
            self.flush()
            self.blocks.append(_table(el))
            self._tail(el)
            return
        if tag == "br":
            self.flush_line()
            self._tail(el)
            return
        block = tag in _BLOCK
        if block:
            self.flush_line()
            if tag.startswith("h") and tag[1:].isdigit() or _all_bold(el):
                text = " ".join(el.text_content().split())
                if text:
                    self.lines.append(f"**{text}**")
                self._tail(el)
                return
        if el.text:
            self.current.append(el.text)
        for child in el:
            self.visit(child)
        if block:
            self.flush_line()
        self._tail(el)

    def _tail(self, el: _Element) -> None:
        if el.tail:
            self.current.append(el.tail)


def _all_bold(el: _Element) -> bool:
    """A paragraph whose text is all inside b/strong: a heading of the document."""
    text = " ".join(el.text_content().split())
    if not text or len(text) > 300:
        return False
    bold = " ".join(" ".join(b.text_content().split()) for b in el.iter() if b.tag in _BOLD)
    return bold.replace(" ", "") == text.replace(" ", "")


def _table(el: _Element) -> Table:
    table = Table()
    for tr in el.iter("tr"):
        cells: list[list[str]] = []
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            walker = _Walker()
            walker.visit(td)
            walker.flush()
            lines = [ln for b in walker.blocks if isinstance(b, list) for ln in b]
            cells.append(lines)
        if any(cells):
            table.rows.append(cells)
    return table
