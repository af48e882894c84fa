"""Corrections by the people who know: a fact the reader found, confirmed, corrected or rejected.

A correction names its fact by what stays true when the document is read again (the cited code
and relation, the item number, the item and the unit's name), not by a graph key. Corrections
are kept on the document apart from what the reader produced, and applied to every reading of
it (`ingest`), after a reader upgrade too; one whose fact a new reading no longer holds is marked
stale for a person to look at, never dropped. Applying is pure: an extraction in, an extraction out.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field

from lineage.extraction import Assignment, Evidence, Extraction, Identity, Reference, Relation, Role, Task
from lineage.identity import code_key

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _no_control(value: str) -> str:
    """No code, name or reason holds a control character; a NUL would end FalkorDB's query text."""
    if _CONTROL.search(value):
        raise ValueError("holds a control character")
    return value


Text = Annotated[str, AfterValidator(_no_control)]
Kind = Literal["reference", "chain", "task", "assignment", "identity"]
Action = Literal["confirm", "correct", "reject", "add"]


class Target(BaseModel):
    """Which fact: a reference (`code`, and `relation` when the document states several), a chain
    (`code` implements `parent`), a task (`ref`), a task's unit (`ref` and `unit`, its name), or a
    draft's identity (`code`: the numbered document it was matched to, or is said to be)."""

    kind: Kind
    code: Text | None = None
    relation: Relation | None = None
    parent: Text | None = None
    ref: Text | None = None
    unit: Text | None = None


class Change(BaseModel):
    """What a correction or an addition sets; only what it names changes."""

    code: Text | None = None
    relation: Relation | None = None
    parent: Text | None = None
    ref: Text | None = None
    text: Text | None = None
    deadline: Text | None = None
    date: Text | None = Field(default=None, description="A draft's: the date of the numbered document it is.")
    unit: Text | None = None
    role: Role | None = None


class CorrectionIn(BaseModel):
    target: Target
    action: Action
    change: Change = Field(default_factory=Change)
    why: Text = Field(min_length=3, max_length=2000, description="Why: a person's reason, kept with the decision.")
    evidence: Text | None = Field(
        default=None, max_length=4000, description="What the person looked at (a sentence, a page)."
    )


class Correction(CorrectionIn):
    id: str = Field(default_factory=lambda: uuid.uuid4().hex[:12])
    by: str
    # To the microsecond: two decisions of one second (a split, then a merge) keep their order.
    at: str = Field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="microseconds"))
    status: Literal["applied", "stale"] = "applied"
    problem: str | None = Field(default=None, description="Why a stale decision does not fit the last reading.")


class Stale(ValueError):
    """A correction whose fact the document does not hold."""


def load(stored: str | None) -> list[Correction]:
    return [Correction(**c) for c in json.loads(stored)] if stored else []


def dump(corrections: list[Correction]) -> str:
    return json.dumps([c.model_dump(mode="json") for c in corrections], ensure_ascii=False, sort_keys=True)


def apply(
    ex: Extraction, corrections: list[Correction], unit_keys: Mapping[str, str] | None = None
) -> tuple[Extraction, list[Correction]]:
    """`ex` with `corrections` applied in the order they were made, and each one's status. A unit is
    named by its name in this document or by its key (`unit_keys`: name -> key)."""
    ex = ex.model_copy(deep=True)
    keys = unit_keys or {}
    out = []
    for c in corrections:
        try:
            _apply(ex, c, keys)
            out.append(c.model_copy(update={"status": "applied", "problem": None}))
        except Stale as gone:
            out.append(c.model_copy(update={"status": "stale", "problem": str(gone)}))
    return ex, out


def _apply(ex: Extraction, c: Correction, keys: Mapping[str, str]) -> None:
    t, ch = c.target, c.change
    evidence = Evidence(sentence=c.evidence, start=0, end=0) if c.evidence else None
    if t.kind == "reference":
        if c.action == "add":
            code = ch.code or t.code
            if not code:
                raise Stale("an added reference needs a code")
            ex.references.append(
                Reference(
                    code=code,
                    relation=ch.relation or t.relation or Relation.CITES,
                    evidence=evidence,
                    origin="corrected",
                )
            )
            return
        ref = _reference(ex, t)
        if c.action == "reject":
            ex.references.remove(ref)
        elif c.action == "confirm":
            ref.origin = "confirmed"
        else:
            ref.code = ch.code or ref.code
            ref.relation = ch.relation or ref.relation
            ref.origin = "corrected"
    elif t.kind == "identity":
        _identity(ex, c)
    elif t.kind == "chain":
        ref = _reference(ex, t)
        parent = ch.parent or t.parent
        if not parent:
            raise Stale("a chain needs the document it carries out")
        have = [p for p in ref.implements if code_key(p) == code_key(parent)]
        if c.action == "add":
            ref.implements += [] if have else [parent]
        elif not have:
            raise Stale(f"{ref.code} is not said to carry out {parent}")
        elif c.action == "reject":
            ref.implements = [p for p in ref.implements if p not in have]
    elif t.kind == "task":
        if c.action == "add":
            ex.tasks.append(
                Task(ref=ch.ref or t.ref or "?", text=ch.text or "", deadline=ch.deadline, origin="corrected")
            )
            return
        task = _task(ex, t.ref)
        if c.action == "reject":
            under = f"{task.ref}."  # its sub-items go with it; II.10 is not under II.1
            gone = {task.ref} | {
                x.ref for x in ex.tasks if x.parent and (x.parent == task.ref or x.parent.startswith(under))
            }
            ex.tasks = [x for x in ex.tasks if x.ref not in gone]
        elif c.action == "confirm":
            task.origin = "confirmed"
        else:
            task.ref = ch.ref or task.ref
            task.text = ch.text if ch.text is not None else task.text
            task.deadline = ch.deadline if ch.deadline is not None else task.deadline
            task.origin = "corrected"
    else:
        task = _task(ex, t.ref)
        if c.action == "add":
            unit, role = ch.unit or t.unit, ch.role or Role.SUPPORT
            if not unit:
                raise Stale("an added unit needs its name")
            task.assignments = [a for a in task.assignments if a.unit != unit]
            task.assignments.append(Assignment(unit=unit, role=role, evidence=evidence, origin="corrected"))
        else:
            mine = [a for a in task.assignments if t.unit in (a.unit, keys.get(a.unit))]
            if not mine:
                raise Stale(f"{t.unit} has no part in task {t.ref}")
            if c.action == "reject":
                task.assignments = [a for a in task.assignments if a not in mine]
            for a in mine:
                a.origin = "confirmed" if c.action == "confirm" else "corrected"
                a.role = ch.role if c.action == "correct" and ch.role else a.role
        if task.lead_inherited and any(a.role is Role.LEAD and a.origin != "machine" for a in task.assignments):
            task.lead_inherited = False  # a person named the lead
        for role in Role:  # the role lists say what the assignments say
            setattr(task, role.value, [a.unit for a in task.assignments if a.role is role])


def _identity(ex: Extraction, c: Correction) -> None:
    """A draft is the numbered document a person names (merge: correct, add; or confirm the match
    the reader made), or not the one it was matched to (split: reject). A text that carries its own
    number is no draft: its identity is its number."""
    if ex.doc.code:
        raise Stale(f"the text carries its own number, {ex.doc.code}")
    code = c.change.code or c.target.code
    if not code:
        raise Stale("which document: a code is needed")
    now = ex.identity or Identity()
    if c.action == "reject":
        if code_key(code) == code_key(now.code or ""):
            now.code = None  # a later decision takes back an earlier one
        now.not_codes = sorted({*now.not_codes, code})
    else:
        now.code, now.date = code, c.change.date
        now.not_codes = [x for x in now.not_codes if code_key(x) != code_key(code)]
    now.origin = "confirmed" if c.action == "confirm" else "corrected"
    now.why = c.why
    ex.identity = now


def _reference(ex: Extraction, t: Target) -> Reference:
    for ref in ex.references:
        if ref.code and t.code and code_key(ref.code) == code_key(t.code) and t.relation in (None, ref.relation):
            return ref
    raise Stale(f"no reference to {t.code}{' (' + t.relation + ')' if t.relation else ''}")


def _task(ex: Extraction, ref: str | None) -> Task:
    for task in ex.tasks:
        if task.ref == ref:
            return task
    raise Stale(f"no task {ref}")
