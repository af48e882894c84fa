"""Named accounts with roles, so a decision and a write name a person, not a shared key.

A reader reads; an editor also ingests and corrects; an admin also deletes and reads the audit log.
Accounts live in a JSON file (`lineage user add` writes it, mode 0600): a password hashed with Argon2
(argon2-cffi) for signing in to the pages, and an API token for `Authorization: Bearer`, kept as its
SHA-256 (a random token of 256 bits needs no slow hash). The single write key keeps working as an
admin's, so scripts written for it do not break.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import BaseModel, Field

from lineage.errors import LineageError

Role = Literal["reader", "editor", "admin"]
RANK: dict[str, int] = {"reader": 0, "editor": 1, "admin": 2}
_HASHER = PasswordHasher()
_UNKNOWN = _HASHER.hash(secrets.token_urlsafe(16))  # verified against for unknown names: the same time taken


class Account(BaseModel):
    name: str = Field(min_length=1, max_length=80)
    role: Role
    password: str | None = Field(default=None, description="Argon2 hash of the password (pages).")
    token: str | None = Field(default=None, description="SHA-256 of the API token (Bearer).")


def may(role: str | None, needed: str) -> bool:
    """Whether `role` does what `needed` may do."""
    return role is not None and RANK[role] >= RANK[needed]


class Accounts:
    def __init__(self, accounts: list[Account]) -> None:
        self.accounts = {a.name: a for a in accounts}

    @classmethod
    def load(cls, path: Path) -> Accounts:
        if not path.exists():
            return cls([])
        try:
            return cls([Account(**a) for a in json.loads(path.read_text(encoding="utf-8"))])
        except (ValueError, TypeError) as exc:
            raise LineageError(f"{path}: not an accounts file ({exc})") from exc

    def __bool__(self) -> bool:
        return bool(self.accounts)

    def get(self, name: str) -> Account | None:
        return self.accounts.get(name)

    def by_token(self, token: str) -> Account | None:
        digest = hashlib.sha256(token.encode()).hexdigest()
        found = None
        for a in self.accounts.values():  # every one compared, in constant time
            if a.token and hmac.compare_digest(a.token, digest):
                found = a
        return found

    def by_password(self, name: str, password: str) -> Account | None:
        account = self.accounts.get(name)
        try:
            _HASHER.verify(account.password if account and account.password else _UNKNOWN, password)
        except (VerificationError, InvalidHashError):
            return None
        return account if account and account.password else None


def add(path: Path, name: str, role: Role, password: str | None) -> str:
    """Add (or replace) the account `name`; returns its new API token, shown once."""
    current = Accounts.load(path).accounts
    token = secrets.token_urlsafe(32)
    current[name] = Account(
        name=name,
        role=role,
        password=_HASHER.hash(password) if password else None,
        token=hashlib.sha256(token.encode()).hexdigest(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump([a.model_dump() for a in current.values()], f, ensure_ascii=False, indent=1)
    partial.replace(path)
    return token
