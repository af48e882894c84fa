"""Human names for documents on pages: a code when it has one, a draft in words, never a key or a
file name ("Kế hoạch (dự thảo) của UBND tỉnh Đồng Nai, 8/2025")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

DRAFT = {"vi": "{kind} (dự thảo) của {issuer}, {month}", "en": "Draft {kind} of {issuer}, {month}"}
UNKNOWN = {"vi": "Văn bản chưa có số", "en": "Unnumbered document"}
NO_ISSUER = {"vi": "cơ quan chưa rõ", "en": "an unknown issuer"}


def doc_label(d: Any, lang: str = "vi") -> str:
    """The name of a document (a model, or a row of DOC_FIELDS) as an official would say it."""

    def get(field: str) -> Any:
        return d.get(field) if isinstance(d, Mapping) else getattr(d, field, None)

    if get("code"):
        return str(get("code"))
    if get("title") and not get("draft"):
        return str(get("title"))  # a work named without a number ("văn kiện Đại hội XIV")
    kind, issuer, date = get("type"), get("issuer"), get("date")
    if not (kind or issuer or date):
        return UNKNOWN[lang]
    words = (kind or UNKNOWN[lang]).strip()
    month = f"{int(date[5:7])}/{date[:4]}" if isinstance(date, str) and len(date) >= 7 and date[5:7].isdigit() else "?"
    return DRAFT[lang].format(
        kind=words if lang == "vi" else words.lower(), issuer=issuer or NO_ISSUER[lang], month=month
    )
