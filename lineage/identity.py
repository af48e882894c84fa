"""Identity: the keys of documents, units, people and partners, and a code's matching form.

The reader, the graph and the queries all name things by these keys, so they live here, at the
bottom, pure: text in, key out (DOMAIN.md, "Identity"). Numbers restart every year and every issuer
numbers its own documents, so a document is (code, issuer's scope, year); TW, CP, VPCP and QH
documents are national. Drafts with the number left blank get a key of their own until a citation
describes them (see `graph.ingest.resolve_draft`). A unit is its name where it acts: once for the
country, or per province.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from lineage.graph.schema import DocKind
from lineage.loaders.normalize import strip_diacritics

if TYPE_CHECKING:
    from lineage.loaders.units import UnitTable

NATIONAL = "vn"
UNKNOWN = "unknown"
# Issuer tokens of national organs and ministries.
_NATIONAL_TOKENS = re.compile(
    r"^(?:TW|CP|VPCP|TTG|QH\d*|UBTVQH\d*|BNG|BCT|BTC|BKHĐT|BKHDT|BQP|BCA|BTP|BNV|BKHCN|BNNMT|BXD|BYT|BGDĐT|BGDDT|"
    r"BVHTTDL|NHNN|TTCP|BDTTG|BĐNTW|BDNTW|BTGTW|BTCTW|VPTW)$"
)


@functools.lru_cache(maxsize=4096)
def code_key(code: str) -> str:
    """Matching form of a code: no spaces, one dash, upper case, Đ as D (59-nq/tw = 59-NQ/TW)."""
    c = re.sub(r"\s+", "", code).replace("\u2013", "-").upper()
    return strip_diacritics(c).upper()


def slug(text: str) -> str:
    """Lower-case ASCII words joined by dashes: "Sở Ngoại vụ" -> "so-ngoai-vu"."""
    return re.sub(r"[^a-z0-9]+", "-", strip_diacritics(text)).strip("-")


def unit_key(name: str, *, national: bool = False, province: str | None = None) -> str:
    """A unit's key: national units once for the country, local ones per province."""
    where = NATIONAL if national else slug(province) if province else UNKNOWN
    return f"{slug(name)}@{where}"


def org_token(key: str) -> str:
    """The issuing organ's token of a code key: 59-NQ/TW -> TW, 153/NQ-CP -> CP, 250/2025/QH15 -> QH15."""
    if re.match(r"^\d+-", key):
        return key.rsplit("/", 1)[-1]
    tail = key.split("/", 1)[1] if "/" in key else key
    tail = re.sub(r"^\d{4}/", "", tail)
    parts = re.split(r"[-/]", tail)
    return parts[1] if len(parts) > 1 else parts[0]


def is_national_code(code: str) -> bool:
    return bool(_NATIONAL_TOKENS.match(org_token(code_key(code))))


def scope_of(code: str | None, issuer: str | None, province: str | None, *, units: UnitTable) -> str:
    """Where a document's number is unique: the country, or the issuer's province."""
    if code and is_national_code(code):
        return NATIONAL
    unit = units.resolve(issuer, province=province) if issuer else None
    if unit is not None:
        if unit.scope == "national":
            return NATIONAL
        where = unit.province or province
        return slug(where) if where else UNKNOWN
    return slug(province) if province else UNKNOWN


def year_of(date: str | None) -> str:
    return date[:4] if date else ""


def doc_key(code: str, scope: str, year: str) -> str:
    return f"doc:{code_key(code)}@{scope}:{year}"


def symbol_key(code: str | None, symbol: str | None) -> str | None:
    """The code without its number: 39/KH-UBND -> KH-UBND, 111-KH/TU -> KH/TU."""
    if code:
        return re.sub(r"^\d+[-/]", "", code_key(code))
    return code_key(symbol) if symbol else None


def draft_key(*, scope: str, symbol: str | None, date: str | None, text_sha256: str) -> str:
    """A document whose number was left blank: its own key until a citation names it."""
    return f"draft:{scope}:{symbol_key(None, symbol) or '-'}:{date or '-'}:{text_sha256[:12]}"


def work_key(title: str) -> str:
    """A document named without a number ("văn kiện Đại hội XIV")."""
    return f"work:{slug(title)}"


def person_key(name: str, scope: str) -> str:
    return f"person:{slug(name)}@{scope}"


def partner_key(name: str) -> str:
    return f"partner:{slug(name)}"


def kind_of(doc_type: str | None, code: str | None, issuer: str | None) -> DocKind:
    """The document's kind, from its type word, its code and its issuer."""
    t = (doc_type or "").lower()
    token = org_token(code_key(code)) if code else ""
    issuer = issuer or ""
    party = (
        token in {"TW", "TU", "ĐU", "DU", "HU", "QU", "TƯ"} or "ủy" in issuer.lower() and "ban nhân dân" not in issuer
    )
    if t == "nghị quyết":
        if token == "TW":
            return DocKind.CENTRAL_RESOLUTION if "Trung ương" in issuer else DocKind.POLITBURO_RESOLUTION
        if token.startswith("QH") or "Quốc hội" in issuer:
            return DocKind.NATIONAL_ASSEMBLY_RESOLUTION
        return DocKind.GOVERNMENT_RESOLUTION if token == "CP" or issuer == "Chính phủ" else DocKind.OTHER
    if t == "chỉ thị":
        return (
            DocKind.SECRETARIAT_DIRECTIVE
            if token == "TW"
            else DocKind.PRIME_MINISTER_DIRECTIVE
            if token == "TTG"
            else DocKind.OTHER
        )
    return {
        "kết luận": DocKind.PARTY_CONCLUSION,
        "thông báo": DocKind.NOTICE,
        "kế hoạch": DocKind.PARTY_PLAN if party else DocKind.PROVINCIAL_PLAN,
        "chương trình": DocKind.PROGRAMME,
        "quyết định": DocKind.DECISION,
        "công văn": DocKind.LETTER,
        "văn bản": DocKind.LETTER,
        "báo cáo": DocKind.REPORT,
        "luật": DocKind.LAW,
        "nghị định": DocKind.DECREE,
    }.get(t, DocKind.OTHER)
