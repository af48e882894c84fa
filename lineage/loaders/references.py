"""References to other documents: codes, kinds, dates, issuers, relations, chains.

A mention is a kind word ("Nghị quyết số"), a code, then optionally "ngày ..."
and "của <issuer>". Its relation to the document being read comes from the
words before it (Căn cứ / Thực hiện / sửa đổi, bổ sung / thay thế / đề xuất của
... tại) and from where it stands: only the title and the opening carry
based_on and implements; a mention inside a task is a citation at document
level. A mention followed by "về (việc) (triển khai) thực hiện <other>" states
a chain between two other documents, shared by the mentions coordinated with
it ("A và B, C về thực hiện D").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from lineage.extraction import Evidence, Reference, Relation
from lineage.identity import code_key
from lineage.loaders.dates import first_date
from lineage.loaders.normalize import fold, paragraph_index
from lineage.loaders.units import UnitMention, UnitTable

EvidenceFinder = Callable[[int, int], Evidence]

_UP = "A-ZĐ"
_AL = "A-Za-zĐđ"
CODE = re.compile(
    rf"(?<![\w/-])(?:"
    rf"(?P<party>\d{{1,5}}\s?-\s?[{_UP}][{_AL}]{{0,5}}\s?/\s?[{_UP}][{_AL}]{{0,7}})"
    rf"|(?P<state>\d{{1,5}}\s?/\s?(?:\d{{4}}\s?/\s?)?[{_UP}][{_AL}0-9]{{0,7}}(?:\s?-\s?[{_UP}][{_AL}0-9&]{{0,11}}){{0,3}})"
    rf")(?![\w/])"
)
KINDS: dict[str, str] = {
    "nghị quyết": "Nghị quyết",
    "chỉ thị": "Chỉ thị",
    "kết luận": "Kết luận",
    "quyết định": "Quyết định",
    "kế hoạch": "Kế hoạch",
    "công văn": "Công văn",
    "văn bản": "Văn bản",
    "thông báo": "Thông báo",
    "chương trình hành động": "Chương trình",
    "chương trình": "Chương trình",
    "báo cáo": "Báo cáo",
    "hướng dẫn": "Hướng dẫn",
    "nghị định": "Nghị định",
    "thông tư": "Thông tư",
    "luật": "Luật",
    "tờ trình": "Tờ trình",
    "đề án": "Đề án",
    "quy định": "Quy định",
    "công điện": "Công điện",
    "thông tri": "Thông tri",
}
# The type token inside a code ("NQ" in 59-NQ/TW) names the kind when the text says "Văn bản".
CODE_TYPES: dict[str, str] = {
    "NQ": "Nghị quyết",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "QĐ": "Quyết định",
    "QD": "Quyết định",
    "KH": "Kế hoạch",
    "CV": "Công văn",
    "TB": "Thông báo",
    "CTR": "Chương trình",
    "BC": "Báo cáo",
    "HD": "Hướng dẫn",
    "NĐ": "Nghị định",
    "ND": "Nghị định",
    "TT": "Thông tư",
    "TTR": "Tờ trình",
    "QĐI": "Quy định",
    "CĐ": "Công điện",
    "TTG": "Chỉ thị",
}
# Abbreviated kinds ("NQ số 153/NQ-CP", "QĐ số ..."), taken only before "số": alone they are
# as often other words ("TT Tỉnh ủy" is the standing committee).
ABBREVIATED_KINDS: dict[str, str] = {
    "nq": "Nghị quyết",
    "ct": "Chỉ thị",
    "kl": "Kết luận",
    "qđ": "Quyết định",
    "kh": "Kế hoạch",
    "cv": "Công văn",
    "vb": "Văn bản",
    "tb": "Thông báo",
    "ctr": "Chương trình",
    "nđ": "Nghị định",
}
_KIND_BEFORE = re.compile(
    r"(?:(?P<law>(?:bộ\s+)?luật|pháp\s+lệnh)\s+[^\d;,.()]{2,70}?\s+số"  # "Luật Công nghệ thông tin số 67/2006/QH11"
    r"|(?P<kind>" + "|".join(sorted(KINDS, key=len, reverse=True)) + r")(?:\s+(?:liên\s+tịch\s+)?số)?"
    r"|(?<!\w)(?P<abbr>" + "|".join(ABBREVIATED_KINDS) + r")\s+số)\s*[:]?\s*$"
)
_SO_BEFORE = re.compile(r"(?:^|\s)số\s*$")
_DATE_AFTER = re.compile(
    r"^\s*,?\s*(?:ban\s+hành\s+)?(?:ngày\s*(?:\d{1,2}\s*tháng\s*\d{1,2}\s*năm\s*\d{4}|\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}))",
    re.IGNORECASE,
)
_OF = re.compile(r"^\s*,?\s*của\s+", re.IGNORECASE)
# What a citation says the document is about, after its code, date and issuer: "... của Bộ Chính trị
# về hội nhập quốc tế trong tình hình mới;". Up to the end of the clause (; . : ( or a line's end);
# `_about` then cuts where the sentence goes on.
_ABOUT = re.compile(r"\s*,?\s*(?P<about>(?:về|ban\s+hành(?!\s+kèm))\s+[^;.:(\n]{4,240})(?=[;.:(\n]|$)")
# ", Ủy ban nhân dân tỉnh ban hành ...": a capital after a comma starts the sentence's own clause;
# "và Kế hoạch số ...": the next document listed with it.
_ABOUT_ENDS = re.compile(r",\s+(?=\w)|\s+và\s+(?:các\s+)?(?:Nghị|Chỉ|Kế|Quyết|Thông|Công|Văn|Chương|Kết|Luật|Nghị)\b")

# Between a mention and the next one: the first carries out the second.
_CHAIN_GAP = re.compile(
    r"^[\s,]*(?:về\s+(?:việc\s+)?)?(?:ban\s+hành\s+[^;.]{0,90}?\s+)?(?:(?:tổ\s+chức\s+)?triển\s+khai\s*,?\s+)?"
    r"(?:thực\s+hiện|triển\s+khai|cụ\s+thể\s+hóa)(?:\s+(?:có\s+)?hiệu\s+quả)?\s*$"
)
# Between two mentions: they are listed together and share what is said of the last.
_COORD_GAP = re.compile(r"^[\s,]*(?:và|cùng|,)?\s*$")
_AMENDS = re.compile(
    r"sửa\s+đổi\s*,?\s*(?:bổ\s+sung|điều\s+chỉnh)?(?:\s+một\s+số\s+(?:điều|nội\s+dung)(?:\s+của)?)?\s*$"
)
_REPLACES = re.compile(r"(?:thay\s+thế(?:\s+cho)?|bãi\s+bỏ|hủy\s+bỏ|hết\s+hiệu\s+lực)(?:\s+[^;.]{0,20})?\s*$")
_PROPOSED = re.compile(
    r"(?:(?:đề\s+nghị|đề\s+xuất|kiến\s+nghị)\s+của\s+(?P<unit>[^;.]{2,90}?)\s+tại|xét\s+tờ\s+trình|theo\s+tờ\s+trình)\s*$"
)
IMPLEMENTS_BEFORE = re.compile(
    r"(?:thực\s+hiện|triển\s+khai(?:\s+thực\s+hiện)?|cụ\s+thể\s+hóa|chương\s+trình\s+hành\s+động\s+thực\s+hiện)"
    r"(?:\s+(?:có\s+)?hiệu\s+quả)?(?:\s+(?:nội\s+dung|chỉ\s+đạo\s+(?:của|tại)|kết\s+luận\s+(?:của|tại)))?\s*$"
)
# "theo chỉ đạo của UBND tỉnh tại Văn bản số ...": the document carries the instruction out.
_DIRECTED = re.compile(r"theo\s+(?:ý\s+kiến\s+)?chỉ\s+đạo\s+của\s+[^;.]{2,90}?\s+tại\s*$")
# "báo cáo kết quả thực hiện X" reports on X; it does not carry X out.
_REPORTING_ON = re.compile(r"(?:kết\s+quả|tình\s+hình|sơ\s+kết|tổng\s+kết|đánh\s+giá)(?:\s+\w+){0,2}\s+thực\s+hiện\s*$")
_BASED_ON = re.compile(r"(?:^|\s)căn\s+cứ(?:\s+vào)?(?:\s+quy\s+định\s+(?:của|tại))?\s*$")
_UNNUMBERED = re.compile(
    r"(?P<title>văn\s+kiện\s+Đại\s+hội\s+(?:đại\s+biểu\s+)?[^,;.()]{0,60}?[IVXL]+(?:\s+của\s+Đảng)?|Hiến\s+pháp\s+năm\s+\d{4}"
    r"|Luật\s+[A-ZĐ][^,;.()]{2,60}?\s+năm\s+\d{4})"
)


@dataclass
class Mention:
    """One mention of a document in the text."""

    start: int  # where its kind word (or code) starts
    code_end: int
    head_end: int  # after code, date and issuer
    code: str | None
    kind: str | None
    date: str | None
    issuer: str | None
    paragraph: int
    relation: Relation | None = None
    chains: list[str] = field(default_factory=list)
    nested: bool = False
    about: str | None = None  # what the citation says the document is about


def display_code(code: str) -> str:
    return re.sub(r"\s+", "", code)


def code_kind(code: str) -> str | None:
    """The kind a code's type token names: 59-NQ/TW -> Nghị quyết; 473/SNgV-HTQT -> None."""
    party = re.match(r"\d+-([^/]+)/", code)
    state = re.match(r"\d+/(?:\d{4}/)?([^-/]+)-", code)
    token = party or state
    if token is None:
        return "Nghị quyết" if re.search(r"/QH\d+$", code) else None
    return CODE_TYPES.get(token.group(1).upper())


def find_mentions(text: str, paragraph_starts: list[int], *, units_at: dict[int, UnitMention]) -> list[Mention]:
    """Every numbered document mention in the normalized text, in order; `units_at` holds
    the units already found in the text, by where they start (the issuer after "của")."""
    folded = fold(text)
    out: list[Mention] = []
    for m in CODE.finditer(text):
        raw = m.group()
        # A bare "12/UBND" is a code only right after "số".
        bare = m.group("state") and "-" not in raw and not re.search(r"\d{4}\s?/|QH\d", raw)
        if bare and not _SO_BEFORE.search(folded[max(0, m.start() - 6) : m.start()]):
            continue
        before = folded[max(0, m.start() - 90) : m.start()]
        k = _KIND_BEFORE.search(before)
        start = m.start() - (len(before) - k.start()) if k else m.start()
        kind = None
        if k and k.group("law"):
            kind = "Luật" if "luật" in k.group("law") else "Pháp lệnh"
        elif k:
            kind = KINDS[k.group("kind")] if k.group("kind") else ABBREVIATED_KINDS[k.group("abbr")]
        pos = m.end()
        date = None
        d = _DATE_AFTER.match(text[pos : pos + 60])
        if d:
            date, _ = first_date(d.group())
            pos += d.end()
        issuer = None
        of = _OF.match(text[pos : pos + 12])
        if of:
            unit = units_at.get(pos + of.end())
            if unit is not None:
                issuer = unit.name
                pos = unit.end
        code = display_code(raw)
        mention = Mention(start, m.end(), pos, code, kind, date, issuer, paragraph_index(m.start(), paragraph_starts))
        mention.about = _about(text, pos)
        out.append(mention)
    return out


def _about(text: str, pos: int) -> str | None:
    """What the citation ending at `pos` says its document is about, capitalised as a title."""
    m = _ABOUT.match(text, pos, min(len(text), pos + 300))
    if m is None:
        return None
    words = m.group("about")
    for end in _ABOUT_ENDS.finditer(words):
        if end.group().startswith(",") and not words[end.end()].isupper():
            continue
        words = words[: end.start()]
        break
    words = words.strip(" ,")
    return words[0].upper() + words[1:] if len(words) > 8 else None


def unnumbered(text: str, paragraph_starts: list[int]) -> list[Mention]:
    """Documents named without a number ("văn kiện Đại hội XIV"): kept, not lost."""
    return [
        Mention(m.start(), m.end(), m.end(), None, None, None, None, paragraph_index(m.start(), paragraph_starts))
        for m in _UNNUMBERED.finditer(text)
    ]


def relate(
    text: str,
    mentions: list[Mention],
    *,
    strong_paragraphs: set[int],
    paragraph_starts: list[int],
) -> None:
    """Set each mention's relation and chains from the words around it.

    `strong_paragraphs` are the title and opening paragraphs, where "Căn cứ" and
    "Thực hiện" say what the document itself stands on and carries out.
    """
    folded = fold(text)
    groups: list[list[Mention]] = []
    holders: dict[int, list[Mention]] = {}  # a nested group (by id) -> the group whose chain it extends
    for i, m in enumerate(mentions):
        prev = mentions[i - 1] if i else None
        if prev is not None and prev.paragraph == m.paragraph and m.start >= prev.head_end:
            gap = folded[prev.head_end : m.start]
            if m.code and (_CHAIN_GAP.match(gap) or _LONG_CHAIN_GAP.match(gap)):
                m.nested = True
                for g in groups[-1]:
                    if g.code and m.code not in g.chains:
                        g.chains.append(m.code)
                holders[id(m)] = groups[-1]
                groups.append([m])
                continue
            if _COORD_GAP.match(gap) or re.match(r"^\s*\([^()]*\)[\s,]*(?:và\s*)?$", gap):
                groups[-1].append(m)
                m.nested = prev.nested
                holder = holders.get(id(groups[-1][0]))
                if m.nested and holder is not None and m.code:
                    # "A về thực hiện B và C": A carries out C too.
                    for g in holder:
                        if g.code and m.code not in g.chains:
                            g.chains.append(m.code)
                continue
        groups.append([m])
    previous: tuple[int, Relation | None, int] = (-1, None, 0)
    for group in groups:
        first = group[0]
        para_start = paragraph_starts[first.paragraph]
        boundary = max(folded.rfind(";", para_start, first.start), folded.rfind(". ", para_start, first.start))
        prefix = folded[max(para_start, boundary + 1, first.start - 160) : first.start]
        strong = first.paragraph in strong_paragraphs and not first.nested
        relation = _relation(prefix, strong=strong)
        if relation is None and strong and first is _first_in(groups, first.paragraph):
            # "Thực hiện ý kiến chỉ đạo của Thủ tướng Chính phủ tại Văn bản số ...": the opening verb
            # governs the first document its clause names, however long the way to it; and the first
            # with a number after items without one ("Thực hiện Nghị quyết Đại hội XIII của Đảng;
            # Chỉ thị số 45-CT/TW ...").
            opening = _OPENING.match(folded, para_start)
            if opening and (boundary < para_start or _listed(folded[opening.end() : first.start])):
                relation = _OPENING_VERBS[re.sub(r"\s+", " ", opening.group(1))]
        if (
            relation is None
            and strong
            and previous[0] == first.paragraph
            and previous[1] in (Relation.BASED_ON, Relation.IMPLEMENTS)
            and _goes_on(folded[previous[2] : first.start])
        ):
            # "Căn cứ A ...; B ...; C ...", "Căn cứ chỉ đạo ... tại A, của X tại B": each document of the
            # opening's list stands where the first does.
            relation = previous[1]
        for m in group:
            m.relation = relation
        if not first.nested:
            previous = (first.paragraph, relation, group[-1].head_end)


# "A ngày ... của X sửa đổi, bổ sung Chương trình hành động ... thực hiện B", "A (nay là ...) về thực hiện B":
# the way from A to what it carries out, within its clause.
_LONG_CHAIN_GAP = re.compile(
    r"^[^;]{0,200}?\s(?:về\s+(?:việc\s+)?)?(?:(?:tổ\s+chức\s+)?triển\s+khai(?:\s+thực\s+hiện)?|thực\s+hiện|cụ\s+thể\s+hóa)"
    r"(?:\s+(?:có\s+)?hiệu\s+quả)?(?:\s+(?:thông\s+báo|văn\s+bản|nội\s+dung|các))?\s*$"
)
_OTHER_RELATION = re.compile(
    r"\.\s|thực\s+hiện|triển\s+khai|sửa\s+đổi|thay\s+thế|bãi\s+bỏ|đề\s+nghị|đề\s+xuất|tờ\s+trình|căn\s+cứ"
)


def _goes_on(gap: str) -> bool:
    """Whether the words between two documents of an opening continue its list: a new item after ";"
    that opens with no verb of its own ("; Luật Dữ liệu số ..."), or ", của X tại" / "và" between them."""
    if ";" in gap:
        item = gap.rsplit(";", 1)[1]
        return len(item) <= 90 and not _OTHER_RELATION.search(item)
    return len(gap) <= 140 and not _OTHER_RELATION.search(gap)


def _listed(gap: str) -> bool:
    """Whether the words from an opening verb to a document are items of its list, each ended by ";"
    and none with a verb of its own."""
    items = gap.split(";")
    return len(items) > 1 and all(len(item) <= 200 and not _OTHER_RELATION.search(item) for item in items)


_OPENING = re.compile(r"(căn\s+cứ|thực\s+hiện|triển\s+khai)\b")
_OPENING_VERBS = {"căn cứ": Relation.BASED_ON, "thực hiện": Relation.IMPLEMENTS, "triển khai": Relation.IMPLEMENTS}


def _first_in(groups: list[list[Mention]], paragraph: int) -> Mention | None:
    return next((g[0] for g in groups if g[0].paragraph == paragraph), None)


def _relation(prefix: str, *, strong: bool) -> Relation | None:
    if _AMENDS.search(prefix):
        return Relation.AMENDS
    if _REPLACES.search(prefix):
        return Relation.REPLACES
    if _PROPOSED.search(prefix):
        return Relation.PROPOSED_BY
    if strong and _BASED_ON.search(prefix):
        return Relation.BASED_ON
    if strong and _DIRECTED.search(prefix):
        return Relation.IMPLEMENTS
    if strong and IMPLEMENTS_BEFORE.search(prefix) and not _REPORTING_ON.search(prefix):
        return Relation.IMPLEMENTS
    return None


_ISSUER_BEFORE = re.compile(
    r"(?:đề\s+nghị|đề\s+xuất|kiến\s+nghị|chỉ\s+đạo|kết\s+luận|ý\s+kiến)\s+của\s+(.{2,90}?)\s+tại\s*$", re.IGNORECASE
)


def issuer_before(text: str, mention: Mention, *, units: UnitTable, province: str | None) -> str | None:
    """The unit named before the code: "đề xuất của <unit> tại Văn bản số ...", "chỉ đạo của <unit> tại ..."."""
    window = text[max(0, mention.start - 120) : mention.start]
    m = _ISSUER_BEFORE.search(window)
    if not m:
        return None
    unit = units.resolve(m.group(1), province=province)
    return unit.name if unit else None


def merge(
    mentions: Iterable[Mention],
    *,
    evidence: dict[int, Evidence],
) -> list[Reference]:
    """One reference per (document, relation); cites only when nothing stronger was said."""
    by_code: dict[str, list[Mention]] = {}
    order: list[str] = []
    for m in mentions:
        if m.code is None:
            continue
        key = code_key(m.code)
        if key not in by_code:
            order.append(key)
        by_code.setdefault(key, []).append(m)
    refs: list[Reference] = []
    for key in order:
        ms = by_code[key]
        first = ms[0]
        kind = next((m.kind for m in ms if m.kind and m.kind != "Văn bản"), None)
        kind = kind or code_kind(first.code or "") or next((m.kind for m in ms if m.kind), None) or "Văn bản"
        date = next((m.date for m in ms if m.date), None)
        issuer = next((m.issuer for m in ms if m.issuer), None) or _issuer_from_code(key)
        title = next((m.about for m in ms if m.about), None)
        chains: list[str] = []
        for m in ms:
            chains += [c for c in m.chains if code_key(c) not in {code_key(x) for x in chains} and code_key(c) != key]
        relations = sorted({m.relation for m in ms if m.relation}, key=list(Relation).index)
        for rel in relations or [Relation.CITES]:
            src = next((m for m in ms if m.relation == rel), first)
            refs.append(
                Reference(
                    code=first.code,
                    type=kind,
                    issuer=issuer,
                    date=date,
                    title=title,
                    relation=rel,
                    implements=chains,
                    evidence=evidence.get(src.start),
                )
            )
    return refs


_NATIONAL_ISSUERS = {"CP": "Chính phủ", "VPCP": "Văn phòng Chính phủ", "TTG": "Thủ tướng Chính phủ"}


def _issuer_from_code(key: str) -> str | None:
    """Only the state codes whose issuer the code itself names: -CP, -VPCP, -TTg, /QHnn."""
    if re.search(r"/QH\d+$", key):
        return "Quốc hội"
    m = re.search(r"-([A-Z]+)$", key)
    return _NATIONAL_ISSUERS.get(m.group(1)) if m and "/" in key and "-" in key.split("/", 1)[1] else None
