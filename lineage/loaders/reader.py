"""The reader: a document file or text to a validated Extraction.

normalize -> segment (header, addressees, opening, items, copies, signature)
-> extract (units, references, tasks) -> resolve (relations, chains, roles).
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from lineage.errors import NotADocument, TooLarge
from lineage.extraction import Copy, Evidence, Extraction, Header, Reference, Relation, Task
from lineage.identity import code_key
from lineage.loaders import references as refs
from lineage.loaders.files import Limits, read_text
from lineage.loaders.furniture import trim
from lineage.loaders.header import read_header
from lineage.loaders.items import Item, build_tree, prefix_colliding, relabel, walk
from lineage.loaders.layout import read_markup
from lineage.loaders.normalize import Paragraph, fold, header_lines, normalize, paragraph_index
from lineage.loaders.partners import find_partners
from lineage.loaders.segment import segment
from lineage.loaders.tables import table_tasks
from lineage.loaders.tasks import extract_tasks
from lineage.loaders.units import UnitMention, UnitTable


@dataclass(frozen=True)
class ReadOptions:
    """What a user may supply for a batch: the province and issuer of documents whose
    header is missing, and the largest file accepted."""

    province: str | None = None
    issuer: str | None = None
    max_bytes: int = 20_000_000


def extract_file(path: Path, *, units: UnitTable, options: ReadOptions = ReadOptions()) -> Extraction:
    raw = read_text(path, max_bytes=options.max_bytes)
    return extract_text(raw, source=path.name, units=units, options=options)


_BODY_LINE = re.compile(r"^\s*(?:Kính\s+gửi|Căn\s+cứ|Thực\s+hiện|Triển\s+khai|Xét\s|Theo\s+đề\s+nghị|I\.\s|1\.\s)")
_ASKS = re.compile(r"(?:yêu\s+cầu|đề\s+nghị|giao)\s(?!của\s)")
_ASKED_VERB = re.compile(
    r"\s(?:thực\s+hiện|triển\s+khai|căn\s+cứ|nghiên\s+cứu|quán\s+triệt|tập\s+trung|khẩn\s+trương)|:"
)
_SIGNATURE_LINE = re.compile(r"^\s*(?:Nơi\s+nhận|TM\.|T/M|KT\.|Q\.|TL\.|T/L|TUQ\.)")


def extract_text(raw: str, *, source: str, units: UnitTable, options: ReadOptions = ReadOptions()) -> Extraction:
    if len(raw) > Limits.max_chars:
        raise TooLarge(source, f"{len(raw):,} characters of text, over the reader's {Limits.max_chars:,}")
    lines = trim(read_markup(raw))
    text, paras = normalize(lines)
    cleaned = [ln.text for ln in lines if ln.text.strip()]
    head = []
    for ln in header_lines(lines):
        if _BODY_LINE.match(ln):
            break
        head.append(ln)
    parts = read_header(
        head, paras, _signature_window(cleaned), units=units, province=options.province, issuer=options.issuer
    )
    h = parts.header
    province = h.province
    starts = [p.start for p in paras]
    seg = segment(paras, title=parts.title_paragraphs)
    preamble = seg.preamble
    items = seg.items

    issuer_unit = units.resolve(h.issuer, province=province) if h.issuer else None
    national = issuer_unit is not None and issuer_unit.scope == "national"
    if national and not options.province:
        h.province = province = None  # "Hà Nội, ngày ..." of a ministry is a place, not a scope
    letter = bool(seg.recipients)
    all_units = units.find(text, province=province, national_doc=national, letter=letter)
    units_in: dict[int, list[UnitMention]] = {}
    for u in all_units:
        units_in.setdefault(starts[paragraph_index(u.start, starts)], []).append(u)

    # Addressees: the Kính gửi list and the units the opening asks to act.
    recipients: list[UnitMention] = []
    for j in seg.recipients:
        recipients += [u for u in units_in.get(paras[j].start, []) if not u.is_addressees]
    opening_units: list[UnitMention] = []
    for j in preamble:
        p = paras[j]
        folded = fold(p.text)
        asks = list(_ASKS.finditer(folded))
        if not asks:
            continue
        ask_end = asks[-1].end()
        verb = _ASKED_VERB.search(folded, ask_end)
        stop = verb.start() if verb else len(folded)
        opening_units += [
            u for u in units_in.get(p.start, []) if ask_end <= u.start - p.start < stop and not u.is_addressees
        ]
    addressees = _unique_units(recipients + opening_units) or _closing_addressees(paras, seg.end, units_in)

    # References.
    own = code_key(h.code) if h.code else None
    mentions = [
        m
        for m in refs.find_mentions(text, starts, units_at={u.start: u for u in all_units})
        if m.code is None or code_key(m.code) != own
    ]
    mentions = sorted(mentions + refs.unnumbered(text, starts), key=lambda m: m.start)
    strong = set(parts.title_paragraphs) | set(preamble)
    refs.relate(text, mentions, strong_paragraphs=strong, paragraph_starts=starts)
    item_set = set(items)
    refs_in: dict[int, list[tuple[str, bool]]] = {}
    for m in mentions:
        if m.issuer is None:
            m.issuer = refs.issuer_before(text, m, units=units, province=province)
        if m.paragraph in item_set and m.code:
            prefix = fold(text[max(starts[m.paragraph], m.start - 60) : m.start])
            refs_in.setdefault(starts[m.paragraph], []).append((m.code, bool(refs.IMPLEMENTS_BEFORE.search(prefix))))
    evidence = _evidence_finder(text, paras)
    references = refs.merge(mentions, evidence={m.start: evidence(m.start, m.code_end) for m in mentions})
    for m in mentions:
        if m.code is None:
            references.append(
                Reference(
                    code=None,
                    title=text[m.start : m.code_end],
                    relation=m.relation or Relation.CITES,
                    evidence=evidence(m.start, m.code_end),
                )
            )

    # Tasks: the items of the document and of those issued with it, then the rows of task tables.
    partners_in = {starts[j]: [name for _, name in find_partners(paras[j].text)] for j in items}
    tasks: list[Task] = []
    used: set[str] = set()
    procedures = _publishes_procedures(h)
    for body in seg.bodies:
        if body.attached and procedures:
            continue  # the procedures a decision publishes: who handles a file when one comes, not work it assigns
        roots = build_tree([paras[j] for j in body.paragraphs])
        if body.attached:
            prefix_colliding(roots, used=used, prefix=_ATTACHED_PREFIX.get(body.attached.split()[0], "KT"))
            if body.attached.split()[0] in _RULES:
                roots = _execution_articles(roots)

        def read_tasks(roots: list[Item] = roots, attached: str | None = body.attached) -> list[Task]:
            return extract_tasks(
                roots,
                units_in=units_in,
                addressees=[] if attached else addressees,
                partners_in=partners_in,
                refs_in=refs_in,
                evidence=evidence,
            )

        body_tasks = read_tasks()
        # A section number printed twice keeps it, unless two tasks would then share a ref (DOMAIN.md).
        # Every clashing section takes its next number at once; a few rounds settle any chain of them.
        for _ in range(3):
            clashes = _Clashes(body_tasks)
            clashing = [item for item in walk(roots) if item.next_label and clashes.under(item)]
            if not clashing:
                break
            for item in clashing:
                relabel(item, item.next_label or item.label)
                item.next_label = None
            body_tasks = read_tasks()
        used |= {t.ref for t in body_tasks}
        tasks += body_tasks
    tasks += table_tasks(
        [paras[j] for j in seg.table_rows if not (procedures and j >= seg.end)],
        find_units=lambda cell: units.find(cell, province=province, national_doc=national, letter=letter),
        evidence=evidence,
    )

    copies: list[Copy] = []
    for j in seg.copies:
        p = paras[j]
        if not p.text.startswith(("-", "+", "•")) or re.match(r"^[-+•]\s*(?:Như\s+trên|Lưu)", p.text):
            continue
        for u in units_in.get(p.start, []):
            if not u.is_addressees:
                copies.append(Copy(unit=u.name, for_report=bool(re.search(r"\(\s*b\s*/\s*c\s*\)", p.text))))

    warnings = []
    if h.issuer is None:
        warnings.append("no issuer found: supply one with --issuer")
    if not paras:
        warnings.append("no text")
    return Extraction(
        source=source,
        doc=h,
        recipients=[u.name for u in _unique_units(recipients)],
        copies=copies,
        references=references,
        tasks=tasks,
        text=text,
        text_sha256=hashlib.sha256(text.encode()).hexdigest(),
        raw=raw,
        warnings=warnings,
    )


def check_document(ex: Extraction) -> None:
    """Refuse what is not an official document (a note, a readme, "hello world"): nothing of a header,
    no number, no reference and no task item. `force` at the callers accepts it on purpose."""
    h = ex.doc
    if h.code or h.symbol or h.issuer or h.type or h.date or ex.references or ex.tasks or ex.recipients:
        return
    raise NotADocument(
        ex.source,
        "not an official document: it has no header (number, issuer, kind, date), no reference to another "
        "document and no task item; send it with force to ingest it anyway",
    )


# A decision that publishes or approves administrative procedures ("Công bố danh mục thủ tục hành chính ...",
# "phê duyệt quy trình nội bộ giải quyết thủ tục hành chính"): what it issues describes each procedure (steps,
# files, time limits, "Cơ quan giải quyết TTHC"), the rules of a procedure rather than work the decision assigns.
_PROCEDURES = re.compile(r"(?:công\s+bố|danh\s+mục|quy\s+trình)\b[^.;]{0,120}?(?:thủ\s+tục\s+hành\s+chính|tthc)\b")


def _publishes_procedures(h: Header) -> bool:
    subject = fold(h.subject or "")
    return (h.type or "") == "Quyết định" and bool(_PROCEDURES.search(subject)) and "quy chế" not in subject


# A regulation issued with a decision (Quy chế, Quy định, Điều lệ): its articles state standing competences
# and ways of coordinating; the work it assigns is in its chapter or articles on carrying it out ("Chương III.
# TỔ CHỨC THỰC HIỆN", "Điều 17. Trách nhiệm tổ chức thực hiện").
_RULES = {"QUY", "ĐIỀU"}
_EXECUTION = re.compile(r"tổ\s+chức\s+thực\s+hiện|thi\s+hành|trách\s+nhiệm\s+(?:triển\s+khai\s+)?thực\s+hiện")


def _execution_articles(roots: list[Item]) -> list[Item]:
    """The items of a regulation that assign work: every article when it has none (a Quy định in sections),
    else the articles on carrying it out, or those of a chapter on it."""
    if not any(it.kind == "article" for it in walk(roots)):
        return roots

    def heading(item: Item) -> str:
        return fold(" ".join(p.text for p in item.paragraphs[:2]))[:200]

    kept: list[Item] = []
    for root in roots:
        if root.kind == "article":
            if _EXECUTION.search(heading(root)):
                kept.append(root)
        elif root.kind in {"chapter", "section", "part"}:
            if _EXECUTION.search(heading(root)):
                kept.append(root)
            else:
                kept += [c for c in root.children if c.kind == "article" and _EXECUTION.search(heading(c))]
        else:
            kept.append(root)
    return kept


# Refs of an issued document's items that would repeat the decision's own ("3"): "QC.3".
_ATTACHED_PREFIX = {"QUY": "QC", "KẾ": "KH", "CHƯƠNG": "CTr", "ĐỀ": "ĐA", "PHƯƠNG": "PA", "HƯỚNG": "HD", "ĐIỀU": "ĐL"}


# "Văn phòng Chính phủ thông báo để UBND tỉnh X và các Bộ, cơ quan liên quan biết, thực hiện./.": a notice's
# closing names whom it is for.
_FOR_WHOM = re.compile(r"(?:thông\s+báo|gửi)\s+(?:để|cho|đến)\s+(?P<who>.{3,400}?)\s+(?:được\s+)?(?:biết|thực\s+hiện)")


def _closing_addressees(paras: list[Paragraph], end: int, units_in: dict[int, list[UnitMention]]) -> list[UnitMention]:
    """The addressees a document without "Kính gửi" names in its closing; the named bodies among them
    when it names some (the collectives after them are those concerned by the items that name them)."""
    for p in paras[max(0, end - 3) : end][::-1]:
        m = _FOR_WHOM.search(fold(p.text))
        if m is None:
            continue
        lo, hi = p.start + m.start("who"), p.start + m.end("who")
        found = [u for u in units_in.get(p.start, []) if lo <= u.start < hi and not u.is_addressees]
        named = [u for u in found if not u.collective]
        return named or found
    return []


class _Clashes:
    """Which tasks would share a ref: tasks by where they stand, and how many there are of each ref."""

    def __init__(self, tasks: list[Task]) -> None:
        placed = sorted((t.evidence.start, t.ref) for t in tasks if t.evidence is not None)
        self.starts = [s for s, _ in placed]
        self.refs = [r for _, r in placed]
        self.count = Counter(self.refs)

    def under(self, item: Item) -> bool:
        """Whether a task under `item` has the ref of a task outside it."""
        end = max(p.end for it in walk([item]) for p in it.paragraphs)
        inside = Counter(self.refs[bisect_left(self.starts, item.start) : bisect_right(self.starts, end)])
        return any(self.count[ref] > n for ref, n in inside.items())


def _signature_window(lines: list[str]) -> list[str]:
    """The lines around the signature of the document being read: up to the first document
    issued with it or appendix (which may carry signatures and tables of its own)."""
    start = next((i for i, ln in enumerate(lines) if i > 10 and _SIGNATURE_LINE.match(ln)), None)
    if start is None:
        appendix = next(
            (i for i, ln in enumerate(lines) if i > 10 and (re.match(r"^\s*PHỤ\s+LỤC", ln) or ln.count(" | ") >= 2)),
            len(lines),
        )
        return lines[:appendix][-40:]
    stop = next(
        (
            i
            for i in range(start + 1, min(len(lines), start + 60))
            if re.match(
                r"^\s*(?:PHỤ\s+LỤC|KẾ\s+HOẠCH|QUY\s+CHẾ|QUY\s+ĐỊNH|CHƯƠNG\s+TRÌNH|ĐỀ\s+ÁN|DANH\s+MỤC)\b", lines[i]
            )
            or lines[i].count(" | ") >= 2
        ),
        min(len(lines), start + 60),
    )
    return lines[max(0, start - 10) : stop]


def _unique_units(units: list[UnitMention]) -> list[UnitMention]:
    seen: set[str] = set()
    out = []
    for u in units:
        if u.name not in seen:
            seen.add(u.name)
            out.append(u)
    return out


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ\"“(])|\./\.")


_LONGEST_EVIDENCE = 1200  # characters of an evidence sentence, around its span, when the sentence runs on


def _evidence_finder(text: str, paras: list[Paragraph]) -> refs.EvidenceFinder:
    """The sentence around a span: cut at sentence ends inside its paragraph, and at
    semicolons when a sentence runs past 600 characters (long enumerations)."""
    starts = [p.start for p in paras]
    cuts: dict[int, tuple[list[tuple[int, int]], list[int]]] = {}

    def sentences(i: int) -> tuple[list[tuple[int, int]], list[int]]:
        """The sentences of paragraph i as spans, and their ends (for bisection)."""
        if i not in cuts:
            p = paras[i]
            bounds: list[tuple[int, int]] = []
            lo = p.start
            for m in _SENTENCE_BREAK.finditer(p.text):
                bounds.append((lo, p.start + m.start()))
                lo = p.start + m.end()
            bounds.append((lo, p.end))
            cuts[i] = bounds, [b for _, b in bounds]
        return cuts[i]

    def find(start: int, end: int) -> Evidence:
        if not paras:
            return Evidence(sentence="", start=0, end=0)
        spans, ends = sentences(paragraph_index(start, starts))
        i = bisect_right(ends, start)  # the first sentence that ends after `start`
        lo = spans[i][0] if i < len(spans) and spans[i][0] <= start else spans[0][0]
        j = bisect_left(ends, max(end, start + 1))
        hi = ends[j] if j < len(ends) else spans[-1][1]
        if hi - lo > 600:
            semi_lo = text.rfind(";", max(lo, start - _LONGEST_EVIDENCE), start)
            lo = semi_lo + 1 if semi_lo >= 0 else lo
            semi_hi = text.find(";", end, min(hi, end + _LONGEST_EVIDENCE))
            hi = semi_hi + 1 if semi_hi >= 0 else hi
        if hi - lo > _LONGEST_EVIDENCE:
            # A run-on "sentence" (a table flattened, a page without stops): the words around the span.
            half = _LONGEST_EVIDENCE // 2
            first = max(lo, start - half)
            space = text.rfind(" ", max(lo, first - half), first)  # at a word's start, when one is near
            lo = space + 1 if space >= 0 else first
            last = min(hi, end + half)
            space = text.find(" ", last, min(hi, last + half))
            hi = space if space >= 0 else last
        while lo < hi and text[lo] == " ":
            lo += 1
        return Evidence(sentence=text[lo:hi].strip(), start=lo, end=hi)

    return find
