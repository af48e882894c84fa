"""Units read by their shape, for the names no alias table can hold.

- Agencies: a head word ("Sở", "Bộ", "Cục", "Ban", "Tòa án nhân dân", "Tập đoàn" ...)
  and the capitalised components of a name ("Sở Văn hóa, Thể thao và Du lịch"); after
  Vụ, Cục, Ban ... lower-case words too, up to a verb ("Vụ Chính sách thương mại đa biên").
- Collectives, kept as written ("Các sở, ban, ngành, đoàn thể Thành phố", "các cơ quan,
  đơn vị có liên quan", "Giám đốc các sở" read as "Các sở"): "các" and a list of the
  genre's collective nouns, then its qualifiers ("có liên quan", "cấp tỉnh", "trực thuộc").
- Local authorities in the plural ("UBND các xã, phường, đặc khu", "UBND cấp xã", "UBND các
  xã biên giới", "UBND các xã Gia Thuận, Tân Điền"), and in a national document the
  provinces one by one ("UBND các tỉnh: Tuyên Quang, Đồng Nai" is two units).
- Deputy Prime Ministers named as offices ("Phó Thủ tướng Trần Hồng Hà").

Each reader returns (start, end, name) spans of the original text; `units.UnitTable.find`
puts them together with the alias table's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lineage.loaders.normalize import fold

_GAP = r"[ \t]+"
_WORD = re.compile(r"[^\W\d_]+")

# ---- agencies ---------------------------------------------------------------------------

_GENERIC_HEAD = re.compile(
    r"(?<!\w)(?P<title>(?:Phó\s+)?(?:Chánh|Vụ\s+trưởng|Cục\s+trưởng|Giám\s+đốc|Thủ\s+trưởng|Chủ\s+tịch|Trưởng\s+ban|"
    r"Viện\s+trưởng|Chỉ\s+huy\s+trưởng)\s+)?(?P<head>"
    # Longer heads first: the alternation takes the first that fits ("Ủy ban nhân dân thành phố" before "Ủy ban").
    r"(?:UBND|Ủy ban nhân dân)\s+(?:huyện|thành phố|thị xã|xã|phường|quận)|Tổng cục|Chi cục|Tổng Lãnh sự quán|"
    r"Lãnh sự quán|Đại sứ quán|Ban[ \t]+[Qq]uản[ \t]+lý|Ban[ \t]+[Cc]hỉ[ \t]+đạo|Ban[ \t]+[Cc]hỉ[ \t]+huy|Sở|Bộ|Cục|Vụ|Trung tâm|Viện|Kho bạc|Ban|Văn phòng|Thanh tra|Ủy ban|Đảng đoàn|Đảng ủy|"
    r"Hội đồng|Đài|Báo|Học viện|Bệnh viện|Đại học|Tập đoàn|Tổng công ty|Công ty|Ngân hàng|Liên hiệp|Liên minh|"
    r"Liên đoàn|Hiệp hội|Hội|Cổng[ \t]+Thông[ \t]+tin[ \t]+điện[ \t]+tử|Bảo hiểm xã hội|Thuế|Kiểm toán|"
    # Schools by their kind, so that "Trường hợp ..." (in case ...) is no head.
    r"Trường[ \t]+(?:Đại[ \t]+học|Cao[ \t]+đẳng|Trung[ \t]+cấp|Chính[ \t]+trị))[ \t]+(?=[^\W\d_])"
)
# Heads whose names run on in lower case ("Vụ Chính sách thương mại đa biên"): read up to a stop word.
_LONG_HEADS = {
    "Ban quản lý",
    "Ban Quản lý",
    "Ban chỉ đạo",
    "Ban Chỉ đạo",
    "Ban chỉ huy",
    "Ban Chỉ huy",
    "Tập đoàn",
    "Tổng công ty",
    "Công ty",
    "Ngân hàng",
    "Liên hiệp",
    "Liên minh",
    "Liên đoàn",
    "Hiệp hội",
    "Hội",
    "Cục",
    "Tổng cục",
    "Chi cục",
    "Vụ",
    "Trung tâm",
    "Viện",
    "Ban",
    "Ủy ban",
    "Văn phòng",
    "Đảng đoàn",
    "Đảng ủy",
    "Hội đồng",
    "Đài",
    "Báo",
    "Học viện",
    "Bệnh viện",
    "Đại học",
}
_HEAD_WORDS = {
    "Cổng",
    "Hệ",
    "Tập",
    "Ngân",
    "Tòa",
    "Thông",
    "Kho",
    "Bảo",
    "Tỉnh",
    "Thành",
    "Học",
    "Bệnh",
    "Trường",
    "Sở",
    "Bộ",
    "Cục",
    "Tổng",
    "Chi",
    "Trung",
    "Viện",
    "Đại",
    "Ban",
    "Văn",
    "Thanh",
    "UBND",
    "Ủy",
    "Vụ",
    "Đảng",
    "Hội",
    "Đài",
    "Báo",
    "Công",
    "Liên",
    "Các",
    "Thủ",
    "Giám",
    "Chủ",
    "Chánh",
    "Trưởng",
    "Phó",
}
STOP_WORDS = {
    "chủ",
    "phối",
    "chịu",
    "thực",
    "triển",
    "tham",
    "báo",
    "có",
    "là",
    "được",
    "theo",
    "tại",
    "của",
    "với",
    "về",
    "cho",
    "trong",
    "để",
    "từ",
    "các",
    "những",
    "căn",
    "tổ",
    "xây",
    "rà",
    "kịp",
    "tiếp",
    "đề",
    "hướng",
    "lãnh",
    "chỉ",
    "giám",
    "kiểm",
    "tuyên",
    "thông",
    "hỗ",
    "nghiên",
    "cân",
    "bố",
    "cử",
    "gửi",
    "trình",
    "tổng",
    "quán",
    "khẩn",
    "đôn",
    "làm",
    "sẽ",
    "đã",
    "đang",
    "cần",
    "phải",
    "nhằm",
    "trên",
    "thuộc",
    "và",
    "hoặc",
    "cùng",
    "như",
    "thành",
    "xem",
    "đẩy",
    "tăng",
    "nâng",
    "ban",
    "quy",
    "thi",
    "bảo",
    "tích",
    "khai",
    "đánh",
    "rút",
    "chuẩn",
    "định",
    "mở",
    "thu",
    "trước",
    "sau",
    "ngày",
    "hằng",
    "hàng",
    "năm",
    "tháng",
    "quý",
    "kể",
    "đến",
    "nhận",
    "biết",
    "sơ",
    "kết",
    "xử",
}
# Words that end a name alone ("triển khai", "thông báo") but not in these compounds of names.
_NAME_COMPOUNDS = {"phát triển", "thực vật", "thông tin", "tổng hợp", "báo chí", "xúc tiến", "bảo vệ", "bảo hiểm"}
_ROMAN_NUMBER = re.compile(r"^[IVXL]{1,6}$")
_NAME_DASH = re.compile(r"[ \t]*-[ \t]*(?=[A-ZĐÀ-Ỹ][a-zà-ỹđ])")
_NEXT_WORD = re.compile(rf"{_GAP}([^\W\d_]+)")
_SPACED_WORD = re.compile(r"[ \t]*([^\W\d_]+)")
_JOINER = re.compile(rf"({_GAP}và{_GAP}|,{_GAP}|{_GAP}-{_GAP})([^\W\d_]+)")


def agency_names(text: str) -> list[tuple[int, int, str]]:
    """Agency names by their shape: a head word, then capitalised components of one or
    two syllables joined by "và", ", " or " - " ("Sở Văn hóa, Thể thao và Du lịch");
    for Vụ, Cục, Ban ... lower-case words too, up to a verb or preposition
    ("Vụ Chính sách thương mại đa biên", "Ban Tuyên giáo và Dân vận Tỉnh ủy")."""
    out = []
    for m in _GENERIC_HEAD.finditer(text):
        first = _WORD.match(text, m.end())
        if not first or not first.group()[0].isupper():
            continue
        end = _long_name_end(text, m.end()) if m.group("head") in _LONG_HEADS else _short_name_end(text, m.end())
        # Names read by their shape are written as the table writes them ("UBND thành phố Biên Hòa").
        out.append((m.start(), end, re.sub(r"^Ủy ban nhân dân\s+", "UBND ", text[m.start("head") : end])))
    return out


def _long_name_end(text: str, pos: int) -> int:
    end = pos
    words = 0
    while words < 12:
        w = _SPACED_WORD.match(text, end)
        if not w:
            break
        word = w.group(1)
        if word == "và":
            nxt = _NEXT_WORD.match(text, w.end())
            if not nxt or not nxt.group(1)[0].isupper() or nxt.group(1) in _HEAD_WORDS:
                break
            if nxt.group(1).isupper() and len(nxt.group(1)) > 1:
                end = nxt.end()  # "Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh": one office of two bodies
                words += 1
                continue
            end = w.end()
            continue
        if word == "thành" and (pho := _NEXT_WORD.match(text, w.end())) and pho.group(1) == "phố" and words:
            end = pho.end()  # "Ban Chỉ huy Bộ đội Biên phòng thành phố": the city's
            break
        if word in {"Ủy", "Uỷ"} and (ban := _NEXT_WORD.match(text, w.end())) and ban.group(1) == "ban":
            end = ban.end()  # "Ủy ban" is one word of a name, though "ban" alone stops one ("ban hành")
            words += 1
            continue
        joined = (
            _NAME_DASH.match(text, w.end())
            or (  # "Công báo - Tin học": a compound, not the verb "báo"
                f"{text[max(pos, end - 8) : end].split()[-1].lower() if end > pos else ''} {word}" in _NAME_COMPOUNDS
            )
        )
        if (word.lower() in STOP_WORDS and not word[0].isupper() and not joined) or word in {
            "Thủ",
            "Giám",
            "Chủ",
            "Chánh",
        }:
            break
        if len(word) > 1 and word.isupper() and words and not _ROMAN_NUMBER.match(word):
            break  # an acronym after a name is another name; "khu vực XIX" numbers it
        end = w.end()
        words += 1
        # "Trung tâm Công báo - Tin học", "Công nghiệp - Viễn thông": a dash between capitalised parts.
        dash = _NAME_DASH.match(text, end)
        if dash:
            end = dash.end()
    return end


def _short_name_end(text: str, pos: int) -> int:
    end = pos
    while True:
        w = _WORD.match(text, pos)
        if not w or not w.group()[0].isupper():
            break
        end = w.end()
        nxt = _NEXT_WORD.match(text, end)
        if (
            (
                nxt
                and not nxt.group(1)[0].isupper()
                and nxt.group(1) not in {"và", "tỉnh", "các", "có", "được"}
                and nxt.group(1).lower() not in STOP_WORDS
            )
            or nxt
            and nxt.group(1)[0].isupper()
            and nxt.group(1) not in _HEAD_WORDS
        ):
            end = nxt.end()
        joiner = _JOINER.match(text, end)
        if not joiner or not joiner.group(2)[0].isupper() or joiner.group(2) in _HEAD_WORDS:
            break
        pos = end + len(joiner.group(1))
    return end


# ---- collectives -------------------------------------------------------------------

_NOUNS = sorted(
    {
        "tổ chức chính trị - xã hội", "tổ chức chính trị xã hội", "tổ chức chính trị-xã hội", "tổ chức xã hội",
        "tổ chức thành viên", "tổ chức đảng", "tổ chức", "tổ chức, cá nhân", "cơ quan ngang bộ", "cơ quan thuộc chính phủ",
        "cơ quan trung ương", "cơ quan chức năng", "cơ quan chuyên môn", "cơ quan chủ quản", "cơ quan báo chí",
        "cơ quan thông tấn", "cơ quan ngành dọc", "cơ quan thanh tra", "cơ quan công an", "cơ quan thuế", "cơ quan hải quan",
        "cơ quan tài chính", "cơ quan đăng ký đầu tư", "phát thanh", "truyền hình", "cơ quan điều tra", "cơ quan quản lý", "cơ quan", "đơn vị sự nghiệp", "đơn vị tư vấn", "đơn vị", "địa phương",
        "sở", "ban", "ngành", "bộ", "tỉnh", "thành phố", "xã", "phường", "đặc khu", "huyện", "quận", "thị xã",
        "đoàn thể", "hội đoàn thể", "hội", "hiệp hội", "doanh nghiệp", "lực lượng vũ trang", "lực lượng chức năng",
        "lực lượng", "chủ đầu tư", "nhà đầu tư", "nhà thầu", "cấp ủy", "cấp", "trường", "viện", "trung tâm", "báo",
        "đài", "cá nhân", "thành viên", "hợp tác xã", "ngân hàng", "tập đoàn", "tổng công ty", "công ty", "bệnh viện",
        "ban quản lý", "ban chỉ đạo", "phó thủ tướng", "chi bộ", "đảng bộ", "huyện ủy", "thành ủy", "tỉnh ủy",
        "đảng ủy", "chính quyền", "nhà trường", "cộng đồng", "quân khu", "học viện", "cơ sở giáo dục", "cơ sở y tế",
        "cơ sở", "cơ sở đào tạo", "văn phòng", "bộ phận", "phòng", "trạm y tế", "trung tâm y tế",
    },
    key=len,
    reverse=True,
)  # fmt: skip
# What may follow the list and still belong to the name.
_QUALIFIERS = sorted(
    {
        "có liên quan", "liên quan", "khác có liên quan", "khác", "trực thuộc trung ương", "trực thuộc tỉnh ủy",
        "trực thuộc chính phủ", "trực thuộc ubnd thành phố", "trực thuộc ủy ban nhân dân thành phố", "thuộc ubnd thành phố",
        "thuộc ủy ban nhân dân thành phố", "được phân công nhiệm vụ", "được giao nhiệm vụ", "được giao",
        "trực thuộc ubnd tỉnh", "trực thuộc ủy ban nhân dân tỉnh", "trực thuộc sở", "trực thuộc", "thuộc ubnd tỉnh",
        "thuộc ủy ban nhân dân tỉnh", "thuộc tỉnh", "thuộc sở", "thuộc chính phủ", "cấp tỉnh", "cấp xã", "cấp huyện",
        "cấp cơ sở", "các cấp", "của tỉnh", "của thành phố", "trên địa bàn tỉnh", "trên địa bàn thành phố",
        "trên địa bàn", "đóng trên địa bàn tỉnh", "đóng trên địa bàn thành phố", "đóng trên địa bàn", "đóng quân tại địa bàn",
        "tỉnh", "thành phố", "trung ương", "địa phương", "chức năng", "chủ quản", "của mặt trận", "của ban chỉ đạo",
        "quân đội", "viễn thông", "nhà nước", "ngoài công lập", "công lập", "chuyên ngành", "chuyên môn", "ngang bộ",
        "được giao chủ trì", "được phân công chủ trì", "tham gia", "thành viên", "quản lý", "chính trị - xã hội",
    },
    key=len,
    reverse=True,
)  # fmt: skip
_TITLE_WORDS = (
    r"(?:(?:Phó\s+)?(?:Giám\s+đốc|Thủ\s+trưởng|Chủ\s+tịch|Chánh\s+Văn\s+phòng|Trưởng\s+ban|Bí\s+thư|Lãnh\s+đạo|"
    r"Người\s+đứng\s+đầu|Chỉ\s+huy\s+trưởng|Cục\s+trưởng|Vụ\s+trưởng|Viện\s+trưởng)|Ban\s+Giám\s+đốc)"
)
_COLLECTIVE_START = re.compile(
    rf"(?<!\w)(?:(?P<title>{_TITLE_WORDS}){_GAP}(?:(?:các|Các){_GAP})?|(?P<cac>(?:[Tt]ất{_GAP}cả{_GAP})?(?:[Cc]ác|[Mm]ọi){_GAP}))"
)


def _trie_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    parts = [re.escape(p).replace(r"\ ", _GAP).replace(",", r"\s*,") for p in phrases]
    return re.compile("(?:" + "|".join(parts) + r")(?!\w)")


NOUN = _trie_pattern(_NOUNS)
_QUALIFIER = _trie_pattern(_QUALIFIERS)
_LIST_SEP = re.compile(r"[ \t]*(?:,[ \t]*(?:và[ \t]+)?|[ \t]+và[ \t]+|[ \t]*/[ \t]*)")


_QUAL_GAP = re.compile(r"[ \t]*(?:,[ \t]*)?")
_PROVINCE_AFTER = re.compile(r"[ \t]+tỉnh(?!\w)")
_PROPER = re.compile(r"(?:[ \t]+[A-ZĐÀ-Ỹ][a-zà-ỹđ]*(?:[ \t]+[a-zà-ỹđ]+)?){1,3}(?=[ \t]*(?:,|và|$|\s))")
_HEAD_AHEAD = re.compile(
    r"[ \t]+(?:Sở|Bộ|UBND|Ủy|Uỷ|Ban|Công|Văn|Cục|Chi|Trung|Đài|Báo|Hội|Liên|Tập|Tổng|Ngân|Các|Thủ|Chủ|Giám|Tỉnh|Thành|Việt|Nhà|Nhân|Đảng|Chính|Quốc|Trung)\b"
)


def collectives(text: str) -> list[tuple[int, int, str]]:
    """Collective units: "các" (or a head's title) and a list of collective nouns with its qualifiers."""
    folded = fold(text)
    out: list[tuple[int, int, str]] = []
    pos = 0
    for m in _COLLECTIVE_START.finditer(text):
        if m.start() < pos:
            continue
        titled = bool(m.group("title"))
        at: int | None = m.end()
        span_start = m.start()
        while at is not None:
            read = _read_collective(text, folded, at, titled=titled)
            if read is None:
                break
            end, split = read
            name = text[span_start if m.group("cac") and at == m.end() else at : end]
            if titled:
                # "Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ": the heads of each are each body.
                name = re.sub(r"^(?:các|Các)\s+", "", name)
                name = "Các " + name if not re.match(r"(?i)cơ\s+quan\s", name) else name
            out.append((span_start, end, _capitalise(re.sub(r"\s+", " ", name))))
            pos = end
            at = split
            span_start = split or 0
    return out


def _read_collective(text: str, folded: str, at: int, *, titled: bool) -> tuple[int, int | None] | None:
    """Where the collective read from `at` ends, and where a list of heads' bodies goes on, if it does."""
    first = NOUN.match(folded, at)
    if not first:
        return None
    end = first.end()
    proper = _PROPER.match(text, end)
    if proper and not _HEAD_AHEAD.match(text, end):
        end = proper.end()  # "các Ban Xây dựng Đảng": a kind of body named by a proper name
    split: int | None = None
    while True:
        sep = _LIST_SEP.match(text, end)
        if not sep:
            break
        nxt = NOUN.match(folded, sep.end())
        if titled and nxt and folded[sep.end() : nxt.end()].startswith("cơ quan"):
            split = sep.end()
            break
        if (
            not nxt
            or _names_a_unit(text, sep.end(), nxt.end())
            or _split_here(folded, sep.end(), nxt.end())
            or ("và" in sep.group() and text[sep.end()].isupper())  # "... và Ủy ban nhân dân ...": another unit
        ):
            break
        end = nxt.end()
    while True:
        q = _QUAL_GAP.match(text, end)
        gap = q.end() if q else end
        qual = _QUALIFIER.match(folded, gap)
        if not qual or (q and "," in q.group() and not qual.group().startswith(("có", "liên"))):
            break
        end = qual.end()
    if split is None:
        more = _LIST_SEP.match(text, end)
        if more and "và" not in more.group() and NOUN.match(folded, more.end()) and text[more.end()].islower():
            split = more.end()  # "..., đoàn thể cấp tỉnh, cơ quan ngành dọc đóng trên địa bàn": another body
    return end, split


def _names_a_unit(text: str, start: int, end: int) -> bool:
    """A capitalised noun followed by a capitalised name is a named unit ("và Sở Y tế"), not the list's."""
    word = text[start:end]
    if not word[:1].isupper():
        return False
    rest = _WORD.match(text, end + 1) if end < len(text) and text[end] in " \t" else None
    return bool(rest and rest.group()[0].isupper())


def _split_here(folded: str, start: int, end: int) -> bool:
    """ ", đoàn thể tỉnh" closing a list of state bodies is a unit of its own (the mass organisations)."""
    return folded[start:end] == "đoàn thể" and bool(_PROVINCE_AFTER.match(folded, end))


def _capitalise(name: str) -> str:
    return name[:1].upper() + name[1:]


# ---- local authorities ----------------------------------------------------------------

_LOCAL_KIND = r"(?:xã|phường|huyện|quận|thị[ \t]+xã|thị[ \t]+trấn|thành[ \t]+phố|tỉnh|đặc[ \t]+khu)"
_UBND = rf"(?:UBND|Ủy{_GAP}ban{_GAP}nhân{_GAP}dân|Uỷ{_GAP}ban{_GAP}nhân{_GAP}dân)"
# The kinds of place the genre singles out among local authorities; a closed list, because
# the words after "UBND các xã" are as often the verb of the sentence ("... nghiêm túc thực hiện").
_LOCAL_QUALIFIERS = (
    "khu vực biên giới", "biên giới đất liền", "biên giới", "giáp biên", "ven biển", "ven biên", "hải đảo", "miền núi",
    "vùng cao", "vùng sâu, vùng xa", "vùng sâu", "đặc biệt khó khăn", "trọng điểm", "liên quan", "có liên quan",
    "trực thuộc Trung ương", "trực thuộc trung ương", "trên địa bàn tỉnh", "trên địa bàn thành phố", "trên địa bàn",
    "bị ảnh hưởng", "nêu trên", "khu vực miền Trung", "miền Trung",
)  # fmt: skip
_LQ = "|".join(re.escape(q).replace(r"\ ", _GAP) for q in sorted(_LOCAL_QUALIFIERS, key=len, reverse=True))
_PLACE = r"[A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?:[ \t]+(?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*|\d+))*"
_LOCAL_COLLECTIVE = re.compile(
    rf"(?<!\w)(?:(?:Chủ{_GAP}tịch|Thủ{_GAP}trưởng){_GAP})?(?P<name>{_UBND}{_GAP}(?P<cac>các{_GAP})?(?:cấp{_GAP})?"
    rf"(?P<kinds>{_LOCAL_KIND}(?:[ \t]*,[ \t]*{_LOCAL_KIND})*(?:[ \t]+và[ \t]+{_LOCAL_KIND})?)"
    rf"(?:{_GAP}(?P<qual>{_LQ}))?)(?!\w)"
)
_RANGE = re.compile(
    rf"{_GAP}từ{_GAP}(?:tỉnh{_GAP}|thành{_GAP}phố{_GAP})?{_PLACE}{_GAP}(?:đến|tới){_GAP}(?:tỉnh{_GAP}|thành{_GAP}phố{_GAP})?{_PLACE}"
)
_NAMED_PLACES = re.compile(rf"[ \t]*:?[ \t]*(?P<names>{_PLACE}(?:[ \t]*,[ \t]*{_PLACE})*(?:[ \t]+và[ \t]+{_PLACE})?)")


def local_collectives(text: str, *, provinces: dict[str, str], cities: frozenset[str]) -> list[tuple[int, int, str]]:
    """Local authorities in the plural, as written ("UBND các xã, phường"). Followed by the names of
    provinces ("UBND các tỉnh, thành phố: Tuyên Quang, Đồng Nai"), they are those provinces' UBND one
    by one; followed by names of communes ("UBND các xã Gia Thuận, Tân Điền"), one collective."""
    out: list[tuple[int, int, str]] = []
    for m in _LOCAL_COLLECTIVE.finditer(text):
        kinds = re.sub(r"\s+", " ", m.group("kinds"))
        if not m.group("cac") and "cấp" not in m.group("name") and "," not in kinds and " và " not in kinds:
            continue  # "UBND tỉnh", "UBND xã X": one authority, the alias table's or a name's
        end = m.end("name")
        span = _RANGE.match(text, end)
        if span:
            end = span.end()  # "UBND các tỉnh, thành phố từ Hà Tĩnh đến Lâm Đồng": one collective
        qual = fold(m.group("qual") or "")
        places = _NAMED_PLACES.match(text, end) if not span and (not qual or qual.startswith("trực thuộc")) else None
        if places and kinds.startswith(("tỉnh", "thành phố")):
            named = _split_places(text, places.start("names"), places.end("names"), provinces)
            if named:
                for i, (s, e, prov) in enumerate(named):
                    city = prov in cities
                    out.append((m.start() if i == 0 else s, e, f"UBND {'thành phố' if city else 'tỉnh'} {prov}"))
                continue
        if places and kinds.startswith(("xã", "phường")):
            end = places.end("names")
        name = re.sub(r"^(?:Ủy|Uỷ) ban nhân dân", "UBND", re.sub(r"\s+", " ", text[m.start("name") : end]))
        out.append((m.start(), end, name))
    return out


def _split_places(text: str, start: int, end: int, provinces: dict[str, str]) -> list[tuple[int, int, str]]:
    """The provinces of a list of names, each with its span; none unless every name is a province."""
    out = []
    for m in re.finditer(rf"(?:(?:tỉnh|thành{_GAP}phố|Thành{_GAP}phố){_GAP})?({_PLACE})", text[start:end]):
        prov = provinces.get(_key(m.group(1)))
        if prov is None:
            return []
        out.append((start + m.start(), start + m.end(), prov))
    return out


def _key(text: str) -> str:
    return re.sub(r"[\s,\-]+", " ", fold(text)).strip()


_PROVINCE_SUBJECT = re.compile(
    rf"(?<!\w)(?P<lead>(?:[Cc]ác{_GAP})?(?:[Tt]ỉnh|[Tt]hành{_GAP}phố){_GAP})(?P<names>{_PLACE}(?:[ \t]*,[ \t]*(?:(?:tỉnh|thành{_GAP}phố){_GAP})?{_PLACE})*"
    rf"(?:[ \t]+và[ \t]+(?:(?:các{_GAP})?(?:tỉnh|thành{_GAP}phố){_GAP})?{_PLACE})?)"
)


def provinces_as_units(text: str, *, provinces: dict[str, str], cities: frozenset[str]) -> list[tuple[int, int, str]]:
    """In a national document, "các tỉnh Nghệ An, Quảng Ngãi" and "Thành phố Hà Nội" name the provinces'
    people's committees, one by one (roles decide whether they act or are only a place)."""
    out: list[tuple[int, int, str]] = []
    for m in _PROVINCE_SUBJECT.finditer(text):
        named = _split_places(text, m.start("names"), m.end("names"), provinces)
        for i, (s, e, prov) in enumerate(named):
            out.append((m.start() if i == 0 else s, e, f"UBND {'thành phố' if prov in cities else 'tỉnh'} {prov}"))
    return out


# ---- heads of the ministries --------------------------------------------------------------

_MINISTERS = re.compile(
    rf"(?<!\w)Bộ{_GAP}trưởng(?:{_GAP}các{_GAP}[Bb]ộ)?(?=[ \t]*[,;]|{_GAP}và{_GAP}|{_GAP}(?:Thủ|Chủ){_GAP})"
)


def ministers(text: str) -> list[tuple[int, int, str]]:
    """ "Bộ trưởng, Thủ trưởng cơ quan ngang bộ ...": the ministers of no named ministry are the ministries."""
    if "Bộ trưởng" not in text:
        return []
    return [(m.start(), m.end(), "Các Bộ") for m in _MINISTERS.finditer(text)]


# ---- Deputy Prime Ministers ------------------------------------------------------------

_DEPUTY_PM = re.compile(
    rf"(?<!\w)(?:đồng{_GAP}chí{_GAP})?(?P<name>(?:[Cc]ác{_GAP})?Phó{_GAP}Thủ{_GAP}tướng(?:{_GAP}Chính{_GAP}phủ)?"
    rf"(?:{_GAP}(?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]+)(?:{_GAP}[A-ZĐÀ-Ỹ][a-zà-ỹđ]+){{1,3}})?)(?!\w)"
)


def deputy_prime_ministers(text: str) -> list[tuple[int, int, str]]:
    """ "Phó Thủ tướng Hồ Đức Phớc", "các Phó Thủ tướng": offices that are given tasks by name."""
    if "Thủ tướng" not in text:
        return []
    out = []
    for m in _DEPUTY_PM.finditer(text):
        name = re.sub(r"\s+", " ", m.group("name"))
        out.append((m.start("name"), m.end("name"), _capitalise(name)))
    return out
