"""Units (organisations) named in a text, resolved to canonical units.

Names come from an alias table (`data/units.toml`, extendable by a user file)
and, for units the table does not know, from the shape of agency names
("Sở" / "Bộ" / "Cục" ... followed by capitalised name components). People are
reduced to their organisation: "Giám đốc Công an tỉnh" is Công an tỉnh.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from lineage.errors import ReadError
from lineage.identity import unit_key
from lineage.loaders.normalize import fold
from lineage.loaders.unit_shapes import (
    agency_names,
    collectives,
    deputy_prime_ministers,
    local_collectives,
    ministers,
    provinces_as_units,
)

ADDRESSEES = "@addressees"
LOCAL_AUTHORITIES = ("địa phương", "các địa phương")

_TITLES = (
    r"(?:(?:phó\s+)?(?:giám\s+đốc|thủ\s+trưởng|chủ\s+tịch|chỉ\s+huy\s+trưởng|chánh|trưởng\s+ban|bí\s+thư|"
    r"lãnh\s+đạo|người\s+đứng\s+đầu|vụ\s+trưởng|cục\s+trưởng|viện\s+trưởng|bộ\s+trưởng|thứ\s+trưởng)\s+)"
)
# Between the words of a name: spaces, never a line break. Wrapped lines are joined into
# paragraphs before units are read, so a newline here ends a paragraph (a heading "1. Sở
# Ngoại vụ" and the bullet "- Là cơ quan ..." under it) and no name runs across it.
_GAP = r"[ \t]+"
_VERB_LANH_DAO = re.compile(r"(?i)lãnh\s+đạo\s+")  # "to lead", also a title ("the leaders of")
_SEP = rf"(?:[ \t]*[,\-][ \t]*|{_GAP})"


@dataclass(frozen=True, slots=True)
class UnitDef:
    """One canonical unit of the table."""

    name: str
    level: str
    scope: str
    aliases: tuple[str, ...] = ()
    needs_place: bool = False

    @property
    def collective(self) -> bool:
        return self.level in {"collective", "commune"} or self.name == ADDRESSEES


@dataclass(frozen=True, slots=True)
class UnitMention:
    """A unit named in the text: where, and which canonical unit."""

    start: int
    end: int
    name: str
    level: str
    scope: str
    province: str | None = None
    collective: bool = False
    from_table: bool = True  # False when read from the shape of the name, not the alias table
    place: bool = False  # a province named as a place ("các tỉnh Nghệ An, Quảng Ngãi"): its UBND when it acts
    surface: str = ""  # the words of the text, where they differ from the name

    @property
    def is_addressees(self) -> bool:
        return self.name == ADDRESSEES

    @property
    def key(self) -> str:
        """Graph key: national units once for the country, local ones per province."""
        return unit_key(self.name, national=self.scope == "national", province=self.province)


@lru_cache(maxsize=4096)
def _alias_key(text: str) -> str:
    return re.sub(r"[\s,\-]+", " ", fold(text)).strip()


def _trie(phrases: list[str]) -> str:
    """One pattern for many phrases, branching word by word ("các (sở|cơ quan ...)|sở ...").

    A flat alternation of a few hundred aliases is tried alias by alias at every position;
    the trie fails at the first word. Longer continuations come first, so the longest
    phrase that fits wins, as in a flat alternation sorted by length."""
    tree: dict[str, dict[str, Any]] = {}
    for phrase in phrases:
        node = tree
        for word in phrase.split():
            node = node.setdefault(word, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = []
        for word in sorted((w for w in node if w), key=len, reverse=True):
            child = node[word]
            rest = emit(child)
            if rest:
                branches.append(f"{re.escape(word)}(?:{_SEP}(?:{rest})){'?' if '' in child else ''}")
            else:
                branches.append(re.escape(word))
        return "|".join(branches)

    return emit(tree)


@dataclass
class UnitTable:
    """The alias table, compiled for matching."""

    units: list[UnitDef]
    provinces: list[str]
    cities: frozenset[str] = frozenset()
    _by_alias: dict[str, UnitDef] = field(default_factory=dict, init=False)
    _pattern: re.Pattern[str] = field(init=False)
    _province_by_key: dict[str, str] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        for unit in self.units:
            for alias in (unit.name.replace(" {province}", ""), *unit.aliases):
                self._by_alias.setdefault(_alias_key(alias), unit)
                if (
                    unit.scope == "province"
                    and re.search(r"\btỉnh$", alias)
                    and not alias.startswith(("UBND", "Ủy ban nhân"))
                ):
                    # "Công an thành phố", "Sở ... thành phố": the same body in a centrally-run city.
                    self._by_alias.setdefault(_alias_key(re.sub(r"tỉnh$", "thành phố", alias)), unit)
        for prov in self.provinces:
            self._province_by_key[_alias_key(prov)] = prov
        self._pattern = re.compile(
            rf"(?<!\w){_TITLES}?(?P<alias>{_trie(list(self._by_alias))})"
            rf"(?:\s+(?:tỉnh\s+)?(?P<prov>{_trie(list(self._province_by_key))}))?(?!\w)"
        )

    @classmethod
    def load(cls, extra: Path | None = None) -> UnitTable:
        """The built-in table, plus a user's TOML file of the same shape when given."""
        text = resources.files("lineage.loaders").joinpath("data/units.toml").read_text(encoding="utf-8")
        data = tomllib.loads(text)
        units = [_unit_def(u) for u in data["unit"]]
        provinces = list(data.get("provinces", []))
        cities = set(data.get("cities", []))
        if extra is not None:
            try:
                more = tomllib.loads(extra.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise ReadError(str(extra), f"unit alias file is not readable TOML: {exc}") from exc
            # The user's entries go first so that their aliases win.
            units = [_unit_def(u) for u in more.get("unit", [])] + units
            provinces += list(more.get("provinces", []))
            cities |= set(more.get("cities", []))
        return cls(units=units, provinces=provinces, cities=frozenset(cities))

    def province_of(self, text: str) -> str | None:
        """The canonical province name when `text` is one ("Đồng Nai", "tỉnh Bình Phước")."""
        key = _alias_key(re.sub(r"(?i)^(tỉnh|thành phố)\s+", "", text.strip()))
        return self._province_by_key.get(key)

    def find(
        self, text: str, *, province: str | None, national_doc: bool = False, letter: bool = False
    ) -> list[UnitMention]:
        """Every unit named in `text`, leftmost-longest, without overlaps.

        In a `letter` (a text addressed to a list: "Kính gửi", a dispatch's "... điện:"), collectives
        stand for the known collectives the addressees make up ("các sở, ban, ngành, địa phương" is the
        departments and the communes addressed); elsewhere they are kept as written, one unit each."""
        folded = fold(text)
        found: list[UnitMention] = []
        for m in self._pattern.finditer(folded):
            unit = self._by_alias[_alias_key(m.group("alias"))]
            prov = self._province_by_key.get(_alias_key(m.group("prov"))) if m.group("prov") else None
            if unit.needs_place and prov is None and province not in self.cities:
                continue
            surface = text[m.start("alias") : m.end("alias")]
            found.append(self._mention(unit, m.start(), m.end(), prov or province, surface, letter))
        for start, end, name in agency_names(text):
            level = "ministry" if name.startswith("Bộ ") else "commune" if name.startswith("UBND ") else "department"
            scope = "national" if name.startswith(("Bộ ", "Vụ ", "Cục ", "Học viện ")) else "province"
            found.append(UnitMention(start, end, self._local(name, province), level, scope, province, from_table=False))
        for start, end, name in local_collectives(text, provinces=self._province_by_key, cities=self.cities):
            collective = " các " in name or " cấp " in name or "," in name
            scope = "national" if national_doc and not collective else "province"
            found.append(UnitMention(start, end, name, "commune", scope, province, collective, from_table=False))
        table_starts = {u.start for u in found}
        for start, end, name in collectives(text):
            if letter and (
                start in table_starts or any(u.start < end and start < u.end for u in found if u.collective)
            ):
                continue  # in a letter, the known collectives the addressees make up come first
            if letter and _ADDRESSED.match(fold(name)):
                # "các đơn vị chủ động ...": in a letter, the bodies it is addressed to.
                found.append(
                    UnitMention(
                        start, end, ADDRESSEES, "collective", "province", province, True, False, surface=text[start:end]
                    )
                )
                continue
            scope = "national" if national_doc else "province"
            found.append(UnitMention(start, end, name, "collective", scope, province, True, from_table=False))
        for start, end, name in ministers(text):
            found.append(UnitMention(start, end, name, "collective", "national", None, True, False))
        for start, end, name in deputy_prime_ministers(text):
            found.append(UnitMention(start, end, name, "government", "national", None, name.startswith("Các"), False))
        if national_doc:
            for start, end, name in provinces_as_units(text, provinces=self._province_by_key, cities=self.cities):
                found.append(UnitMention(start, end, name, "province", "province", None, False, False, place=True))
        # Leftmost-longest, with the table's canonical name first on equal spans; a name read by
        # its shape beats the table only when what it adds is capitalised ("... Dân vận" + " Tỉnh ủy").
        # A qualified local collective beats the table's plain one ("UBND các xã" + " biên giới").
        found.sort(key=lambda u: (u.start, -(u.end - u.start)))
        from_table = {u.start: u for u in found if u.from_table}
        out: list[UnitMention] = []
        for u in found:
            if out and u.start < out[-1].end:
                continue
            known = from_table.get(u.start)
            if not (u.from_table or u.collective) and known is not None and not _capitalised(text[known.end : u.end]):
                u = known
            # "Đảng đoàn ... lãnh đạo UBND tỉnh xây dựng ...": right after a unit, "lãnh đạo" is the verb
            # (to lead), not the title ("Lãnh đạo UBND tỉnh", its leaders).
            verb = _VERB_LANH_DAO.match(text, u.start) if out and not text[out[-1].end : u.start].strip() else None
            if verb:
                u = replace(u, start=verb.end())
            out.append(_numbered_area(text, u))
        return self._one_by_one(text, out) if national_doc else out

    def _one_by_one(self, text: str, found: list[UnitMention]) -> list[UnitMention]:
        """ "UBND thành phố Hà Nội, thành phố Hồ Chí Minh và tỉnh Quảng Ninh": each place its own UBND."""
        out: list[UnitMention] = []
        for i, u in enumerate(found):
            out.append(u)
            if not u.name.startswith("UBND ") or u.collective:
                continue
            pos, limit = u.end, found[i + 1].start if i + 1 < len(found) else len(text)
            while (m := _NEXT_PLACE.match(text, pos)) and m.end() <= limit:
                prov = self._province_by_key.get(_alias_key(m.group("place")))
                if prov is None:
                    break
                kind = "thành phố" if prov in self.cities else "tỉnh"
                out.append(UnitMention(m.start("kind"), m.end(), f"UBND {kind} {prov}", "province", "province", prov))
                pos = m.end()
        return out

    def resolve(
        self, text: str, *, province: str | None, national_doc: bool = False, letter: bool = False
    ) -> UnitMention | None:
        """The unit a whole phrase names (a recipient line, an issuer), if any."""
        mentions = self.find(text, province=province, national_doc=national_doc, letter=letter)
        return mentions[0] if mentions else None

    def _mention(
        self, unit: UnitDef, start: int, end: int, province: str | None, surface: str, letter: bool
    ) -> UnitMention:
        name = unit.name
        if "{province}" not in name and surface != surface.upper() and _alias_key(surface) == _alias_key(name):
            # The canonical name as the author spelt it ("Sở Văn hoá, Thể thao và Du lịch").
            name = _capitalise_first(re.sub(r"\s+", " ", surface.strip()))
        if unit.collective and name != ADDRESSEES and not letter:
            # Collectives are kept as written: "các sở, ngành" is not "các sở, ban, ngành".
            name = _capitalise_first(re.sub(r"^(?:Ủy|Uỷ) ban nhân dân", "UBND", re.sub(r"\s+", " ", surface.strip())))
        if "{province}" in name:
            name = name.replace("{province}", province) if province else name.replace(" {province}", "")
        return UnitMention(
            start, end, self._local(name, province), unit.level, unit.scope, province, unit.collective, surface=surface
        )

    def _local(self, name: str, province: str | None) -> str:
        """In a centrally-run city, a provincial body is the city's: "Công an tỉnh" is "Công an thành phố"."""
        if province in self.cities and re.search(r"\btỉnh\b", name):
            return re.sub(r"\btỉnh\b", "thành phố", name)
        return name


_ADDRESSED = re.compile(r"^các\s+(?:cơ\s+quan|đơn\s+vị|cơ\s+quan,\s*đơn\s+vị|đơn\s+vị,\s*địa\s+phương)$")
_NEXT_PLACE = re.compile(
    r"(?:[ \t]*,[ \t]*|[ \t]+và[ \t]+)(?P<kind>tỉnh|thành[ \t]+phố|Thành[ \t]+phố)[ \t]+"
    r"(?P<place>[A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?:[ \t]+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){0,3})"
)
_AREA = re.compile(r"[ \t]+khu[ \t]+vực[ \t]+(?:[IVXL]{1,6}|\d{1,2})(?!\w)")


def _numbered_area(text: str, u: UnitMention) -> UnitMention:
    """ "Kho bạc Nhà nước khu vực XI", "Ngân hàng nhà nước khu vực 8": the regional office, as written."""
    m = _AREA.match(text, u.end)
    if m is None:
        return u
    name = re.sub(r"\s+", " ", text[u.start : m.end()])
    return replace(u, end=m.end(), name=re.sub(r"^(?:Giám đốc|Chủ tịch|Thủ trưởng|Cục trưởng)\s+", "", name))


def _capitalise_first(name: str) -> str:
    return name[:1].upper() + name[1:]


def _capitalised(extra: str) -> bool:
    words = _WORD.findall(extra)
    return bool(words) and words[0][0].isupper()


def _unit_def(raw: dict[str, object]) -> UnitDef:
    aliases = raw.get("aliases", [])
    return UnitDef(
        name=str(raw["name"]),
        level=str(raw.get("level", "department")),
        scope=str(raw.get("scope", "province")),
        aliases=tuple(str(a) for a in aliases) if isinstance(aliases, list) else (),
        needs_place=bool(raw.get("needs_place", False)),
    )


_WORD = re.compile(r"[^\W\d_]+")
