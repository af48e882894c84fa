"""Search: documents by code (exact, then tolerant of spacing, dashes, case, Đ/D),
by words of the subject with or without diacritics, and units by name or alias."""

from __future__ import annotations

import re
from typing import Any

from lineage.graph.store import GraphStore
from lineage.identity import code_key
from lineage.loaders.normalize import clean_chars, strip_diacritics
from lineage.loaders.units import UnitTable
from lineage.queries.models import DocumentHit, SearchResults, UnitSummary

DOC_FIELDS = (
    "d.key AS key, d.code AS code, d.type AS type, d.kind AS kind, d.issuer AS issuer, d.date AS date, "
    "d.subject AS subject, d.title AS title, d.stub AS stub, d.draft AS draft, d.level AS level, "
    "d.same_as AS same_as, d.identity AS identity, d.source_file AS source_file, d.province AS province"
)
BY_CODE = (
    f"MATCH (d:Document) WHERE d.code_key = $code_key RETURN {DOC_FIELDS} ORDER BY d.date DESC, d.key LIMIT $limit"
)
BY_CODE_PREFIX = f"MATCH (d:Document) WHERE d.code_key STARTS WITH $prefix RETURN {DOC_FIELDS} ORDER BY d.code_key, d.key LIMIT $limit"
ALL_CODED = "MATCH (d:Document) WHERE d.code_key IS NOT NULL RETURN d.key AS key, d.code_key AS code_key"
BY_WORDS = (
    f"MATCH (d:Document) WHERE all(w IN $words WHERE d.search CONTAINS w OR toLower(coalesce(d.code, '')) CONTAINS w) "
    f"RETURN {DOC_FIELDS} ORDER BY d.stub, d.date DESC, d.key LIMIT $limit"
)
UNITS_BY_WORDS = (
    "MATCH (u:Unit) WHERE all(w IN $words WHERE u.search CONTAINS w) "
    "RETURN u.key AS key, u.name AS name, u.level AS level, u.collective AS collective, u.province AS province "
    "ORDER BY size(u.name), u.name, u.key LIMIT $limit"
)
_CODE_LIKE = re.compile(r"^\s*\d+\s*(?:[-/–—‐]\s*\S|[A-Za-zĐđ]+[A-Za-zĐđ0-9]*$)")


def compact(code: str) -> str:
    """A code with only its letters and digits: '59 - nq/tw' -> '59NQTW'."""
    return re.sub(r"[^0-9A-Z]", "", code_key(clean_chars(code)))


def search(store: GraphStore, query: str, *, limit: int = 20, units: UnitTable | None = None) -> SearchResults:
    """Documents and units matching `query`; each document hit says how it matched.
    With the alias table, a unit's alias ("Sở NgV", "UBMTTQVN tỉnh") finds the unit too."""
    q = clean_chars(query).strip()
    hits: list[DocumentHit] = []
    if _CODE_LIKE.match(q):
        key = code_key(re.sub(r"\s+", "", q))
        hits = [DocumentHit(**r, match="code") for r in store.read(BY_CODE, {"code_key": key, "limit": limit})]
        if not hits:
            wanted = compact(q)
            keys = [r["code_key"] for r in store.read(ALL_CODED) if compact(r["code_key"]) == wanted]
            for k in dict.fromkeys(keys):
                hits += [
                    DocumentHit(**r, match="code_compact") for r in store.read(BY_CODE, {"code_key": k, "limit": limit})
                ]
        if not hits:
            hits = [
                DocumentHit(**r, match="code_prefix")
                for r in store.read(BY_CODE_PREFIX, {"prefix": key, "limit": limit})
            ]
    words = strip_diacritics(q).split()
    if words and not hits:
        hits = _ranked(store.read(BY_WORDS, {"words": words, "limit": max(5 * limit, 100)}), words)[:limit]
    found: list[UnitSummary] = []
    if words:
        found = [UnitSummary(**r) for r in store.read(UNITS_BY_WORDS, {"words": words, "limit": limit})]
    alias = units.resolve(q, province=None) if units is not None else None
    if alias is not None and not found:
        canonical = strip_diacritics(alias.name.replace("{province}", "")).split()
        found = [UnitSummary(**r) for r in store.read(UNITS_BY_WORDS, {"words": canonical, "limit": limit})]
    return SearchResults(query=query, documents=hits, units=found, count=len(hits) + len(found))


_NUMBER = re.compile(r"^\d+$")


def _ranked(rows: list[dict[str, Any]], words: list[str]) -> list[DocumentHit]:
    """Word hits, best first: the document the words name by number and kind ("Nghị quyết 59" is
    59-NQ/TW, even known only from citations), then those whose title holds the words, then the rest
    (which may only cite it); within each, texts of their own before documents only cited, newest first."""
    numbers = {w for w in words if _NUMBER.match(w)}
    others = [w for w in words if w not in numbers]

    def rank(r: dict[str, Any]) -> tuple[int, str]:
        number = re.match(r"\d+", str(r.get("code") or ""))
        kind = strip_diacritics(str(r.get("type") or ""))
        if number and number.group() in numbers and all(w in kind.split() for w in others):
            return 0, "words_code"
        title = strip_diacritics(f"{r.get('subject') or ''} {r.get('title') or ''}")
        if all(w in title for w in words):
            return 1, "words_title"
        return 2, "words"

    scored = [(rank(r), r) for r in rows]
    scored.sort(key=lambda sr: (sr[0][0], bool(sr[1].get("stub")), -_date_order(sr[1].get("date")), sr[1]["key"]))
    return [DocumentHit(**r, match=how) for (_, how), r in scored]


def _date_order(date: object) -> int:
    """'2025-06-12' -> 20250612, '2025-06' -> 20250600; none -> 0 (last among the newest-first)."""
    digits = re.sub(r"\D", "", str(date or ""))
    return int((digits + "00000000")[:8]) if digits else 0


def suggest(store: GraphStore, code: str, *, limit: int = 5) -> list[str]:
    """Codes close to an unknown one, for a 404 that helps."""
    import difflib

    wanted = compact(code)
    known = {compact(r["code_key"]): r["code_key"] for r in store.read(ALL_CODED)}
    return [known[k] for k in difflib.get_close_matches(wanted, list(known), n=limit, cutoff=0.6)]
