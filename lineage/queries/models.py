"""Typed results of the queries; the API returns them as they are."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, Field

from lineage.extraction import Role

# A flag the graph may not hold (documents known only from citations have no `draft`): absent is false.
Flag = Annotated[bool, BeforeValidator(lambda v: bool(v))]


class DocumentSummary(BaseModel):
    key: str
    code: str | None = None
    type: str | None = None
    kind: str | None = None
    issuer: str | None = None
    date: str | None = None
    subject: str | None = None
    title: str | None = None
    stub: Flag = False
    draft: Flag = False
    level: str | None = None
    same_as: str | None = None
    identity: str | None = Field(
        None, description="Who said which numbered document a draft is: machine, confirmed or corrected (a person)."
    )
    source_file: str | None = None
    province: str | None = None


class DocumentHit(DocumentSummary):
    match: str = Field(
        description="How the hit was made: code, code_compact, code_prefix; or, for words, "
        "words_code (the words name its number and kind: 'Nghị quyết 59'), words_title (its title holds "
        "them) or words (anywhere it is searched, citations included), ranked in that order."
    )


class UnitSummary(BaseModel):
    key: str
    name: str
    level: str | None = None
    collective: bool = False
    province: str | None = None


class SearchResults(BaseModel):
    query: str
    documents: list[DocumentHit] = Field(default_factory=list)
    units: list[UnitSummary] = Field(default_factory=list)
    count: int = 0


class Hop(BaseModel):
    """One edge of a chain, with the sentence that states it."""

    src: str
    src_label: str
    rel: str
    dst: str
    dst_label: str
    src_code: str | None = None
    dst_code: str | None = None
    source: str | None = None
    sentence: str | None = None
    start: int | None = None
    end: int | None = None
    confidence: float | None = None


class Chain(BaseModel):
    root: str
    root_code: str | None = None
    hops: list[Hop]
    strength: int = Field(description="Number of weak (CITES) hops; chains sort by it, then by length.")

    @property
    def length(self) -> int:
        return len(self.hops)


class Lineage(BaseModel):
    start: str
    start_label: str
    roots: list[str]
    reached: list[str] = Field(default_factory=list, description="Codes of the roots some chain reaches.")
    chains: list[Chain] = Field(default_factory=list)
    orphan: bool = False
    depth_limit: int = 8
    truncated: bool = False


class Assignee(BaseModel):
    unit: str
    unit_key: str
    role: str
    origin: str = Field(default="machine", description="machine (read), confirmed or corrected (by a person).")


_ROLE_ORDER = {r.value: i for i, r in enumerate(Role)}  # lead, support, advise, report_to


def role_rank(role: str) -> int:
    """Where a role sorts: lead first; a role the schema does not name last."""
    return _ROLE_ORDER.get(role, len(_ROLE_ORDER))


def in_order(units: list[Assignee]) -> list[Assignee]:
    """Lead first, then support, advice, reporting; by key within a role: the same on every engine."""
    return sorted(units, key=lambda a: (role_rank(a.role), a.unit_key, a.unit))


class TaskSummary(BaseModel):
    key: str
    ref: str
    doc_key: str
    summary: str | None = None
    deadline: str | None = None
    origin: str = Field(default="machine", description="machine (read), confirmed or corrected (by a person).")
    units: list[Assignee] = Field(default_factory=list)
