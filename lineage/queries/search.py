"""Search: documents by code (exact, then tolerant of spacing, dashes, case, Đ/D),
by words of the subject with or without diacritics, and units by name or alias."""

from __future__ import annotations

import re

from lineage.graph.store import GraphStore
from lineage.identity import code_key
from lineage.loaders.normalize import clean_chars, strip_diacritics
from lineage.loaders.units import UnitTable
from lineage.queries.models import DocumentHit, SearchResults, UnitSummary

DOC_FIELDS = (
    "d.key AS key, d.code AS code, d.type AS type, d.kind AS kind, d.issuer AS issuer, d.date AS date, "
    "d.subject AS subject, d.title AS title, d.stub AS stub, d.draft AS draft, d.level AS level, "
    "d.same_as AS same_as, d.source_file AS source_file"
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
        hits = [DocumentHit(**r, match="words") for r in store.read(BY_WORDS, {"words": words, "limit": limit})]
    found: list[UnitSummary] = []
    if words:
        found = [UnitSummary(**r) for r in store.read(UNITS_BY_WORDS, {"words": words, "limit": limit})]
    alias = units.resolve(q, province=None) if units is not None else None
    if alias is not None and not found:
        canonical = strip_diacritics(alias.name.replace("{province}", "")).split()
        found = [UnitSummary(**r) for r in store.read(UNITS_BY_WORDS, {"words": canonical, "limit": limit})]
    return SearchResults(query=query, documents=hits, units=found, count=len(hits) + len(found))


def suggest(store: GraphStore, code: str, *, limit: int = 5) -> list[str]:
    """Codes close to an unknown one, for a 404 that helps."""
    import difflib

    wanted = compact(code)
    known = {compact(r["code_key"]): r["code_key"] for r in store.read(ALL_CODED)}
    return [known[k] for k in difflib.get_close_matches(wanted, list(known), n=limit, cutoff=0.6)]
