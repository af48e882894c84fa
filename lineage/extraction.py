"""The extraction: what the reader returns and the graph layer writes.

This is the one interface between `loaders/` and `graph/`. Its JSON form is the
shape `../shared/eval/score.py` reads (it carries more fields than the scorer
uses: evidence spans, roles beyond lead/support, warnings).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field


class Relation(StrEnum):
    """How the document being read relates to a document it mentions."""

    IMPLEMENTS = "implements"  # thực hiện, triển khai
    BASED_ON = "based_on"  # căn cứ
    PROPOSED_BY = "proposed_by"  # xét đề nghị / đề xuất của ... tại Văn bản số
    AMENDS = "amends"  # sửa đổi, bổ sung
    REPLACES = "replaces"  # thay thế, bãi bỏ
    CITES = "cites"  # any other mention


class Role(StrEnum):
    """What a unit does in a task."""

    LEAD = "lead"  # chủ trì, giao X, X căn cứ chức năng ... thực hiện
    SUPPORT = "support"  # phối hợp
    ADVISE = "advise"  # tham mưu
    REPORT_TO = "report_to"  # báo cáo


# Who stands behind a fact: the reader alone, or a person who confirmed or corrected it (corrections.py).
Origin = Literal["machine", "confirmed", "corrected"]


class Evidence(BaseModel):
    """The sentence a fact was read from, and its span in the normalized text."""

    sentence: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Header(BaseModel):
    """The document's own identity, read from its header and signature."""

    type: str | None = None
    code: str | None = None
    symbol: str | None = None
    issuer: str | None = None
    province: str | None = None
    place: str | None = None
    date: str | None = None
    subject: str | None = None
    signer: str | None = None
    signer_title: str | None = None


class Reference(BaseModel):
    """A document mentioned by the one being read, with the relation to it."""

    code: str | None
    type: str | None = None
    issuer: str | None = None
    date: str | None = None
    title: str | None = None
    relation: Relation = Relation.CITES
    implements: list[str] = Field(default_factory=list)
    evidence: Evidence | None = None
    origin: Origin = "machine"


class Assignment(BaseModel):
    unit: str
    role: Role
    evidence: Evidence | None = None
    origin: Origin = "machine"


class Task(BaseModel):
    """A numbered item of the document (or a sub-item), with who does it."""

    ref: str
    parent: str | None = None
    text: str
    lead: list[str] = Field(default_factory=list)
    support: list[str] = Field(default_factory=list)
    advise: list[str] = Field(default_factory=list)
    report_to: list[str] = Field(default_factory=list)
    deadline: str | None = None
    partners: list[str] = Field(default_factory=list)
    refers_to: list[str] = Field(default_factory=list)
    implements: list[str] = Field(default_factory=list)
    lead_inherited: bool = Field(default=False, description="Lead fell to the addressees: the item names no unit.")
    assignments: list[Assignment] = Field(default_factory=list)
    evidence: Evidence | None = None
    origin: Origin = "machine"


class Copy(BaseModel):
    """A unit in 'Nơi nhận'; for_report marks '(b/c)'."""

    unit: str
    for_report: bool = False


class Identity(BaseModel):
    """A person's word on which document a draft is (corrections.py): the numbered document it is,
    or those it is not. Building keys follows it instead of matching the draft by reasoning."""

    code: str | None = None
    date: str | None = None
    not_codes: list[str] = Field(default_factory=list)
    origin: Origin = "corrected"
    why: str = ""


class Extraction(BaseModel):
    """Everything the reader found in one document."""

    source: str
    doc: Header
    recipients: list[str] = Field(default_factory=list)
    copies: list[Copy] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    text: str = Field(default="", description="The normalized text that evidence spans point into.")
    text_sha256: str = ""
    raw: str = Field(
        default="",
        exclude=True,
        description="The text as read from the file, before normalizing: read again, it gives this.",
    )
    warnings: list[str] = Field(default_factory=list)
    identity: Identity | None = Field(
        default=None, exclude=True, description="Set by a correction, never by the reader."
    )
