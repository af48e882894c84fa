"""The web front: server-rendered pages in Vietnamese (English with ?lang=en).

Home with search, a document page, a unit page, and an impact page where a
user uploads or pastes a new directive; graph pages (neighbourhood, lineage,
implementation tree) come from `viz/` and work offline.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from importlib import resources
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from lineage.accounts import Accounts, may
from lineage.api.deps import AuditDep, ReadAuth, SettingsDep, StoreDep, UnitsDep, session_account
from lineage.api.outline import outline
from lineage.api.routes.impact import export_response
from lineage.api.uploads import read_posted
from lineage.corrections import Change, Correction, Target
from lineage.errors import NotADocument, ReadError, TooLarge
from lineage.extraction import Extraction, Relation, Role
from lineage.graph.ingest import correct
from lineage.graph.schema import Label
from lineage.graph.store import GraphStore
from lineage.loaders.units import UnitTable
from lineage.queries.documents import TaskPublic, document_text, get_document, get_task, list_documents, resolve_doc
from lineage.queries.impact import impact
from lineage.queries.lineage import trace
from lineage.queries.review import review_queue
from lineage.queries.search import search
from lineage.queries.subgraph import Subgraph, label_of_key, neighbourhood, nodes_by_keys
from lineage.queries.tree import implementation_tree
from lineage.queries.units import portfolio
from lineage.reports import chain_text
from lineage.settings import Settings
from lineage.viz import render as viz
from lineage.viz.labels import deadline_words, doc_label, review_words, same_as_words

router = APIRouter(include_in_schema=False, dependencies=[ReadAuth])
templates = Jinja2Templates(directory=str(resources.files("lineage.api").joinpath("templates")))
templates.env.globals["doc_label"] = doc_label
templates.env.filters["deadline"] = deadline_words
templates.env.filters["same_as"] = same_as_words
templates.env.filters["review_words"] = review_words

TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "app": "Truy vết chính sách",
        "search": "Tìm kiếm",
        "search_hint": "Số hiệu (59-NQ/TW) hoặc từ khóa, có dấu hoặc không dấu",
        "recent": "Văn bản đã nạp",
        "documents": "Văn bản",
        "units": "Cơ quan, đơn vị",
        "no_results": "Không tìm thấy kết quả.",
        "references": "Văn bản được dẫn",
        "referenced_by": "Được dẫn bởi",
        "tasks": "Nhiệm vụ",
        "lead": "Chủ trì",
        "support": "Phối hợp",
        "report_to": "Báo cáo",
        "advise": "Tham mưu",
        "deadline": "Thời hạn",
        "graph": "Sơ đồ",
        "lineage": "Truy vết đến văn bản gốc",
        "tree": "Cây triển khai",
        "impact": "Phân tích tác động",
        "impact_intro": "Tải lên hoặc dán văn bản chỉ đạo mới để xem những gì cần rà soát.",
        "upload": "Tệp (.txt, .pdf, .docx)",
        "paste": "Hoặc dán nội dung",
        "analyse": "Phân tích",
        "review": "Cần rà soát",
        "coordinate": "Cần phối hợp",
        "units_concerned": "Đơn vị liên quan",
        "why": "Vì sao",
        "portfolio": "Nhiệm vụ được giao",
        "roots": "Phục vụ",
        "draft": "Dự thảo (chưa có số)",
        "same_as": "Cùng một văn bản",
        "issuer": "Cơ quan ban hành",
        "date": "Ngày",
        "subject": "Trích yếu",
        "signer": "Người ký",
        "kind": "Loại",
        "relation": "Quan hệ",
        "evidence": "Căn cứ trích dẫn",
        "orphan": "Không truy được đến văn bản gốc nào.",
        "role": "Vai trò",
        "home": "Trang chủ",
        "not_a_document": "Đây không phải là một văn bản hành chính: không có số, ký hiệu, cơ quan ban hành, văn bản "
        "được dẫn hay nhiệm vụ nào. Đánh dấu «Vẫn phân tích» nếu muốn phân tích.",
        "unreadable": "Không đọc được văn bản",
        "nothing_sent": "Hãy chọn một tệp hoặc dán nội dung văn bản.",
        "force": "Vẫn phân tích (kể cả khi không phải văn bản hành chính)",
        "error_404": "Không tìm thấy",
        "error_422": "Yêu cầu không hợp lệ",
        "error_503": "Cơ sở dữ liệu đồ thị không hoạt động",
        "error_other": "Đã có lỗi",
        "not_in_graph": "Không có {what} “{key}” trong đồ thị.",
        "page_missing": "Không có trang nào ở địa chỉ này.",
        "did_you_mean": "Có phải bạn muốn tìm:",
        "engine_hint": "Máy chủ không kết nối được cơ sở dữ liệu đồ thị. Khởi động lại bằng lệnh "
        "<code>lineage serve</code> (hoặc <code>bash run.sh</code>); dữ liệu vẫn còn trên đĩa, trong thư mục dữ liệu.",
        "what_document": "văn bản",
        "what_task": "nhiệm vụ",
        "what_unit": "cơ quan, đơn vị",
        "what_node": "nút",
        "task_of": "Nhiệm vụ {ref} của {doc}",
        "review_queue": "Cần người xem lại",
        "review_intro": "Những điều máy đọc chưa chắc, việc cần nhất trước: sửa hay xác nhận thì mục đó rời danh sách.",
        "review_how": "Đăng nhập với vai trò biên tập để xác nhận hoặc sửa ngay tại đây; hoặc qua API: POST /api/corrections.",
        "reason": "Lý do",
        "detail": "Chi tiết",
        "all": "tất cả",
        "filter": "Lọc",
        "reason_stale_correction": "Đính chính không còn khớp văn bản",
        "reason_low_confidence": "Văn bản đọc chưa chắc chắn",
        "reason_no_lead": "Nhiệm vụ chưa có đơn vị chủ trì",
        "reason_lead_inherited": "Chủ trì suy ra từ nơi nhận",
        "reason_ambiguous_code": "Số hiệu trùng nhiều văn bản",
        "reason_unknown_unit": "Đơn vị chưa có trong danh mục",
        "reason_unnumbered_reference": "Văn bản được dẫn không có số",
        "reason_draft_match": "Dự thảo được ghép với văn bản có số",
        "origin_confirmed": "đã được xác nhận",
        "origin_corrected": "đã được sửa",
        "level_party_centre": "Cơ quan Trung ương Đảng",
        "level_national_assembly": "Quốc hội",
        "level_government": "Chính phủ",
        "level_ministry": "Bộ, ngành Trung ương",
        "level_province": "Cấp tỉnh",
        "level_department": "Sở, ban, ngành",
        "level_commune": "Cấp xã",
        "level_collective": "Nhóm cơ quan, đơn vị",
        "level_foreign": "Đối tác nước ngoài",
        "sign_in": "Đăng nhập",
        "sign_out": "Đăng xuất",
        "sign_in_failed": "Sai tên tài khoản hoặc mật khẩu.",
        "account": "Tài khoản",
        "password": "Mật khẩu",
        "role_reader": "xem",
        "role_editor": "biên tập",
        "role_admin": "quản trị",
        "set_role": "Đặt vai trò",
        "confirm": "Xác nhận",
        "remove": "Bỏ",
        "save": "Lưu",
        "why_placeholder": "Lý do",
        "confirmed_in_review": "Xác nhận khi rà soát",
        "set_relation": "Đổi quan hệ",
        "set_deadline": "Đặt thời hạn",
        "confirm_task": "Xác nhận nhiệm vụ",
        "not_a_task": "Không phải nhiệm vụ",
        "identity": "Bản dự thảo này là văn bản nào",
        "is_it": "Đúng là {code}",
        "is_not": "Không phải {code} (tách ra)",
        "is_other": "Là văn bản số",
        "is_code": "Số, ký hiệu (39/KH-UBND)",
        "is_date": "Ngày (2026-04-14)",
        "what_task or document": "nhiệm vụ hoặc văn bản",
        "totals": "{documents} văn bản, {tasks} nhiệm vụ, {units} cơ quan, đơn vị",
        "province": "Tỉnh, thành phố",
        "central": "Trung ương",
        "own_province": "tỉnh ban hành",
        "units_by_role": "Cơ quan, đơn vị theo tỉnh và vai trò",
        "unit_count": "Số đơn vị",
        "task_count": "Số nhiệm vụ",
        "document_count": "Số văn bản",
        "shown": "Đang xem {first}–{last} trong {total}",
        "previous": "Trang trước",
        "next": "Trang sau",
        "download": "Tải về danh sách đầy đủ",
        "download_xlsx": "Excel (.xlsx)",
        "download_docs_csv": "Văn bản (CSV)",
        "download_units_csv": "Đơn vị (CSV)",
        "read_from": "Nội dung đọc từ tệp {name}; giữ lại để chuyển trang và tải về.",
        "truncated": "Dừng ở giới hạn duyệt: các con số là tối thiểu.",
        "nothing_below": "Không có văn bản nào.",
        "status": "Tình trạng",
        "status_in_force": "Còn hiệu lực",
        "status_amended": "Bị sửa đổi, bổ sung bởi",
        "status_replaced": "Bị thay thế bởi",
        "status_note": "theo các văn bản đã nạp vào đồ thị",
        "outline": "Lược đồ",
        "no_relations": "Chưa có quan hệ nào với văn bản khác.",
        "by_items": "theo mục",
        "statements": "được nêu {n} lần",
        "title_as_cited": "theo cách các văn bản khác dẫn",
        "full_text": "Toàn văn (câu nêu văn bản được dẫn được tô sáng)",
    },
    "en": {
        "app": "Policy lineage",
        "search": "Search",
        "search_hint": "A code (59-NQ/TW) or words, with or without diacritics",
        "recent": "Loaded documents",
        "documents": "Documents",
        "units": "Units",
        "no_results": "Nothing found.",
        "references": "References",
        "referenced_by": "Referenced by",
        "tasks": "Tasks",
        "lead": "Lead",
        "support": "Support",
        "report_to": "Reports to",
        "advise": "Advises",
        "deadline": "Deadline",
        "graph": "Graph",
        "lineage": "Lineage to the root directives",
        "tree": "Implementation tree",
        "impact": "Impact analysis",
        "impact_intro": "Upload or paste a new directive to see what needs review.",
        "upload": "File (.txt, .pdf, .docx)",
        "paste": "Or paste its text",
        "analyse": "Analyse",
        "review": "Needs review",
        "coordinate": "Should coordinate",
        "units_concerned": "Units concerned",
        "why": "Why",
        "portfolio": "Assigned tasks",
        "roots": "Serves",
        "draft": "Draft (no number)",
        "same_as": "Same document",
        "issuer": "Issuer",
        "date": "Date",
        "subject": "Subject",
        "signer": "Signer",
        "kind": "Kind",
        "relation": "Relation",
        "evidence": "Evidence",
        "orphan": "No chain reaches a root directive.",
        "role": "Role",
        "home": "Home",
        "not_a_document": "This is not an official document: it has no number, issuer, cited document or task. "
        "Tick «Analyse anyway» to analyse it.",
        "unreadable": "The document could not be read",
        "nothing_sent": "Choose a file or paste the document's text.",
        "force": "Analyse anyway (even if it is not an official document)",
        "error_404": "Not found",
        "error_422": "Invalid request",
        "error_503": "The graph database is not running",
        "error_other": "Something went wrong",
        "not_in_graph": "There is no {what} “{key}” in the graph.",
        "page_missing": "There is no page at this address.",
        "did_you_mean": "Did you mean:",
        "engine_hint": "The server cannot reach the graph database. Start it again with "
        "<code>lineage serve</code> (or <code>bash run.sh</code>); the data is still on disk, in the data folder.",
        "what_document": "document",
        "what_task": "task",
        "what_unit": "unit",
        "what_node": "node",
        "task_of": "Task {ref} of {doc}",
        "review_queue": "Needs a person",
        "review_intro": "What the reader is least sure of, most needed first: a confirmation or a correction takes an item off.",
        "review_how": "Sign in as an editor to confirm or correct here; or through the API: POST /api/corrections.",
        "reason": "Reason",
        "detail": "Detail",
        "all": "all",
        "filter": "Filter",
        "reason_stale_correction": "Correction no longer fits the text",
        "reason_low_confidence": "Reading the reader is unsure of",
        "reason_no_lead": "Task without a lead",
        "reason_lead_inherited": "Lead inferred from the addressees",
        "reason_ambiguous_code": "Code names several documents",
        "reason_unknown_unit": "Unit not in the unit table",
        "reason_unnumbered_reference": "Cited document without a number",
        "reason_draft_match": "Draft matched to a numbered document",
        "origin_confirmed": "confirmed",
        "origin_corrected": "corrected",
        "level_party_centre": "Party central body",
        "level_national_assembly": "National Assembly",
        "level_government": "Government",
        "level_ministry": "Ministry",
        "level_province": "Province",
        "level_department": "Department",
        "level_commune": "Commune",
        "level_collective": "Group of units",
        "level_foreign": "Foreign partner",
        "sign_in": "Sign in",
        "sign_out": "Sign out",
        "sign_in_failed": "Wrong account name or password.",
        "account": "Account",
        "password": "Password",
        "role_reader": "reader",
        "role_editor": "editor",
        "role_admin": "admin",
        "set_role": "Set role",
        "confirm": "Confirm",
        "remove": "Remove",
        "save": "Save",
        "why_placeholder": "Why",
        "confirmed_in_review": "Confirmed in review",
        "set_relation": "Change relation",
        "set_deadline": "Set deadline",
        "confirm_task": "Confirm the task",
        "not_a_task": "Not a task",
        "identity": "Which document this draft is",
        "is_it": "It is {code}",
        "is_not": "It is not {code} (split)",
        "is_other": "It is document number",
        "is_code": "Number (39/KH-UBND)",
        "is_date": "Date (2026-04-14)",
        "what_task or document": "task or document",
        "totals": "{documents} documents, {tasks} tasks, {units} units",
        "province": "Province",
        "central": "Central",
        "own_province": "the issuer's province",
        "units_by_role": "Units by province and role",
        "unit_count": "Units",
        "task_count": "Tasks",
        "document_count": "Documents",
        "shown": "Showing {first}–{last} of {total}",
        "previous": "Previous page",
        "next": "Next page",
        "download": "Download the whole lists",
        "download_xlsx": "Excel (.xlsx)",
        "download_docs_csv": "Documents (CSV)",
        "download_units_csv": "Units (CSV)",
        "read_from": "Text read from {name}; kept for paging and downloads.",
        "truncated": "The walk stopped at its limit: the figures are lower bounds.",
        "nothing_below": "No documents.",
        "status": "Status",
        "status_in_force": "In force",
        "status_amended": "Amended by",
        "status_replaced": "Replaced by",
        "status_note": "as far as the documents in the graph tell",
        "outline": "Relations",
        "no_relations": "No relation to another document yet.",
        "by_items": "in items",
        "statements": "stated {n} times",
        "title_as_cited": "as other documents cite it",
        "full_text": "Full text (the sentences naming a cited document are highlighted)",
    },
}
REL_WORDS = {lang: {k: v[lang] for k, v in viz.EDGE_STYLE.items()} for lang in ("vi", "en")}
Lang = Annotated[str, Query(pattern="^(vi|en)$")]
KIND_WORDS = {"vi": viz.KIND_VI, "en": {k: k.replace("_", " ").capitalize() for k in viz.KIND_VI}}
IMPACT_PAGE = 100  # documents and units of each impact list on one page


def mount_static(app: FastAPI) -> None:
    """vis-network's files, served from the pyvis package (no CDN), and the graph pages' own script."""
    vis = resources.files("pyvis").joinpath(f"templates/{viz.VIS_DIR}")
    app.mount("/static/vis", StaticFiles(directory=str(vis)), name="vis")
    app.mount(
        "/static/graph", StaticFiles(directory=str(resources.files("lineage.viz").joinpath("static"))), name="graph"
    )


def wants_page(request: Request) -> bool:
    """Whether an answer to `request` is read by a person in a browser (a page), not by a program."""
    return not request.url.path.startswith(("/api/", "/openapi", "/docs", "/redoc", "/static/"))


def error_page(
    request: Request,
    status: int,
    detail: str,
    *,
    what: str | None = None,
    key: str | None = None,
    suggestions: list[str] | None = None,
) -> HTMLResponse:
    """A failure as a page in the reader's language: what is missing, close codes as links, how to
    start the engine again; never a JSON body in a browser."""
    lang = request.query_params.get("lang", "vi")
    lang = lang if lang in TEXT else "vi"
    t = TEXT[lang]
    if what is not None and key is not None:
        detail = t["not_in_graph"].format(what=t.get(f"what_{what}", what), key=key)
    elif status == 404:
        detail = t["page_missing"]
    title = t.get(f"error_{status}", t["error_other"])
    return _page(
        request,
        "error.html",
        lang,
        status_code=status,
        status=status,
        title=title,
        detail=detail,
        suggestions=suggestions or [],
    )


def _page(request: Request, name: str, lang: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
    # The language switch keeps the page and what it was asked (a search, a lineage), only the language changes.
    other = request.url.include_query_params(lang="en" if lang == "vi" else "vi")
    switch = f"{other.path}?{other.query}"
    return templates.TemplateResponse(
        request,
        name,
        {
            "t": TEXT[lang],
            "lang": lang,
            "switch": switch,
            "rel_words": REL_WORDS[lang],
            "kind_vi": KIND_WORDS[lang],
            "user": (user := session_account(request)),
            "editor": user is not None and may(user.role, "editor"),
            "csrf": csrf_token(request),
            **context,
        },
        status_code=status_code,
    )


def _graph(sub: Subgraph, page: viz.Page, lang: str, request: Request) -> HTMLResponse:
    return HTMLResponse(viz.render(sub, page, lang=lang, filters=dict(request.query_params), action=request.url.path))


def _filter(sub: Subgraph, request: Request) -> Subgraph:
    """The page's filters, from the query string: kinds (node labels), levels (rows of the
    layout), rels (relation types), unit (a unit key: keep what is assigned to it)."""
    q = request.query_params
    kinds, rels, levels, unit = q.get("kinds"), q.get("rels"), q.get("levels"), q.get("unit")
    nodes = [n for n in sub.nodes if not kinds or n.label in kinds.split(",")]
    if levels:
        wanted = {int(x) for x in levels.split(",") if x.strip().isdigit()}
        nodes = [n for n in nodes if viz.rank_of(n) in wanted]
    if unit:
        near = {e.src for e in sub.edges if e.dst == unit} | {e.dst for e in sub.edges if e.src == unit} | {unit}
        nodes = [n for n in nodes if n.key in near]
    keep = {n.key for n in nodes}
    edges = [e for e in sub.edges if e.src in keep and e.dst in keep and (not rels or e.rel in rels.split(","))]
    return Subgraph(nodes=nodes, edges=edges, left_out=sub.left_out + len(sub.nodes) - len(nodes))


@router.get("/", response_class=HTMLResponse)
def home(request: Request, store: StoreDep, lang: Lang = "vi") -> HTMLResponse:
    docs = list_documents(store, stub=False, limit=50)
    return _page(request, "home.html", lang, docs=docs.data, count=docs.count)


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request, units: UnitsDep, store: StoreDep, q: Annotated[str, Query(max_length=300)] = "", lang: Lang = "vi"
) -> HTMLResponse:
    result = search(store, q, units=units) if q.strip() else None
    return _page(request, "search.html", lang, q=q, result=result)


@router.get("/doc/{ref:path}", response_class=HTMLResponse)
def doc_page(request: Request, store: StoreDep, ref: str, lang: Lang = "vi") -> HTMLResponse:
    doc = get_document(store, ref)
    return _page(request, "doc.html", lang, doc=doc, outline=outline(store, doc, document_text(store, doc.key), lang))


@router.get("/unit/{ref}", response_class=HTMLResponse)
def unit_page(request: Request, store: StoreDep, settings: SettingsDep, ref: str, lang: Lang = "vi") -> HTMLResponse:
    return _page(request, "unit.html", lang, p=portfolio(store, ref, roots=settings.roots))


def csrf_token(request: Request) -> str:
    """The session's token every page form carries back; a post without it is refused."""
    if "session" not in request.scope:
        return ""
    token: str = request.session.setdefault("csrf", secrets.token_urlsafe(24))
    return token


def _check_csrf(request: Request, token: str) -> None:
    wanted = request.session.get("csrf") if "session" in request.scope else None
    if not wanted or not hmac.compare_digest(wanted.encode(), token.encode()):
        raise HTTPException(403, "the form is stale or was not sent from this site: open the page again")


def _back(path: str) -> str:
    """Where a form returns: a path of this site only."""
    return path if path.startswith("/") and not path.startswith("//") else "/"


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/", lang: Lang = "vi") -> HTMLResponse:
    return _page(request, "login.html", lang, next=_back(next), failed=False)


@router.post("/login", response_class=HTMLResponse, response_model=None)
async def login(
    request: Request,
    name: Annotated[str, Form()],
    password: Annotated[str, Form()],
    csrf: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
    lang: Annotated[str, Form(pattern="^(vi|en)$")] = "vi",
) -> Response:
    _check_csrf(request, csrf)
    accounts: Accounts = request.app.state.accounts
    account = await run_in_threadpool(accounts.by_password, name, password)  # Argon2 takes a while on purpose
    if account is None:
        return _page(request, "login.html", lang, next=_back(next), failed=True, typed=name)  # the form again
    request.session.clear()
    request.session.update(user=account.name, csrf=secrets.token_urlsafe(24))  # a new session on sign-in
    return RedirectResponse(_back(next), status_code=303)


@router.post("/logout", response_model=None)
async def logout(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
    _check_csrf(request, csrf)
    request.session.clear()
    return RedirectResponse("/", status_code=303)


@router.post("/correct", response_model=None)
async def correct_form(
    request: Request,
    store: StoreDep,
    units: UnitsDep,
    audit: AuditDep,
    document: Annotated[str, Form()],
    kind: Annotated[Literal["assignment", "task", "reference", "identity"], Form()],
    action: Annotated[Literal["confirm", "correct", "reject", "add"], Form()],
    why: Annotated[str, Form(min_length=3)],
    csrf: Annotated[str, Form()] = "",
    ref: Annotated[str | None, Form()] = None,
    unit: Annotated[str | None, Form()] = None,
    role: Annotated[Role | None, Form()] = None,
    code: Annotated[str | None, Form()] = None,
    relation: Annotated[Relation | None, Form()] = None,
    to: Annotated[Relation | None, Form()] = None,
    deadline: Annotated[str | None, Form(pattern=r"^(\d{4}(-\d{2}(-\d{2})?|-Q[1-4])?)?$")] = None,
    is_code: Annotated[str | None, Form(max_length=80)] = None,
    is_date: Annotated[str | None, Form(pattern=r"^(\d{4}-\d{2}-\d{2})?$")] = None,
    next: Annotated[str, Form()] = "/",
) -> Response:
    """A decision from a page: an editor signed in, the form from this site."""
    _check_csrf(request, csrf)
    who = session_account(request)
    if who is None or not may(who.role, "editor"):
        raise HTTPException(403, "sign in as an editor to correct")
    key = resolve_doc(store, document)
    # A unit the task has is named by its key (its name in the graph may not be the document's spelling).
    known = {a.unit: a.unit_key for t in get_document(store, key).tasks if t.ref == ref for a in t.units}
    known.update({k: k for k in known.values()})
    if kind == "assignment" and action == "correct" and unit not in known:
        action = "add"  # a unit the task does not have yet
    named = known.get(unit or "", unit) if action != "add" else None
    target = Target(kind=kind, ref=ref, unit=named, code=code, relation=relation)
    change = Change(
        role=role,
        unit=unit if action == "add" else None,
        relation=to,
        deadline=deadline or None,
        code=(is_code or "").strip() or None,
        date=is_date or None,
    )
    if kind == "identity" and action == "correct" and not change.code:
        raise HTTPException(422, "name the numbered document this draft is (its code, 39/KH-UBND)")
    decision = Correction(target=target, action=action, change=change, why=why, by=who.name)
    r = await run_in_threadpool(correct, store, key, decision, units=units)
    audit.record("correct", by=who.name, document=r.key, counts={"tasks": r.tasks, "stale": r.stale})
    back = _back(next)
    if r.key != key:  # a draft's reading moved to the node of the number a person gave it: its page
        query = urlsplit(back).query
        back = f"/doc/{quote(r.key)}" + (f"?{query}" if query else "")
    return RedirectResponse(back, status_code=303)


@router.get("/review", response_class=HTMLResponse)
def review_page(
    request: Request,
    store: StoreDep,
    document: str | None = None,
    province: str | None = None,
    lang: Lang = "vi",
) -> HTMLResponse:
    """The review queue, filterable by document and province, with counts per reason."""
    key = resolve_doc(store, document) if document else None
    queue = review_queue(store, document=key, province=province or None, limit=500)
    provinces = [r["p"] for r in store.read(PROVINCES)]
    filters = {"document": document, "province": province}
    return _page(request, "review.html", lang, queue=queue, provinces=provinces, filters=filters)


PROVINCES = "MATCH (d:Document) WHERE d.province IS NOT NULL RETURN DISTINCT d.province AS p ORDER BY p"


@router.get("/impact", response_class=HTMLResponse)
def impact_form(request: Request, lang: Lang = "vi") -> HTMLResponse:
    return _page(request, "impact.html", lang, report=None)


@router.post("/impact", response_class=HTMLResponse)
async def impact_page(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    units: UnitsDep,
    file: Annotated[UploadFile | None, File()] = None,
    text: Annotated[str | None, Form()] = None,
    name: Annotated[str | None, Form()] = None,
    lang: Annotated[str, Form(pattern="^(vi|en)$")] = "vi",
    force: Annotated[bool, Form()] = False,
    offset: Annotated[int, Form(ge=0)] = 0,
    limit: Annotated[int, Form(ge=1, le=1000)] = IMPACT_PAGE,
) -> HTMLResponse:
    ex = await _posted(request, settings, units, file=file, text=text, name=name, lang=lang, force=force)
    if isinstance(ex, HTMLResponse):
        return ex
    uploaded = file.filename if file is not None and file.filename else name
    page = _ImpactPage(lang=lang, offset=offset, limit=limit, force=force, source_name=uploaded)
    return await run_in_threadpool(_impact_page, request, store, settings, ex, page)


@router.post("/impact/export")
async def impact_export(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    units: UnitsDep,
    export: Annotated[Literal["xlsx", "documents.csv", "units.csv"], Form()],
    file: Annotated[UploadFile | None, File()] = None,
    text: Annotated[str | None, Form()] = None,
    name: Annotated[str | None, Form()] = None,
    lang: Annotated[str, Form(pattern="^(vi|en)$")] = "vi",
    force: Annotated[bool, Form()] = False,
) -> Response:
    """The form's download buttons: both whole lists as a workbook, or one table as CSV."""
    ex = await _posted(request, settings, units, file=file, text=text, name=name, lang=lang, force=force)
    if isinstance(ex, HTMLResponse):
        return ex
    table, _, suffix = export.rpartition(".") if "." in export else ("documents", "", export)
    return await run_in_threadpool(export_response, store, ex, settings, suffix, table, lang)


async def _posted(
    request: Request,
    settings: Settings,
    units: UnitTable,
    *,
    file: UploadFile | None,
    text: str | None,
    name: str | None,
    lang: str,
    force: bool,
) -> Extraction | HTMLResponse:
    """The posted directive, or the form again with the reason and what was typed: never a JSON error
    in a page."""
    try:
        return await read_posted(request, file=file, text=text, name=name, settings=settings, units=units, force=force)
    except (HTTPException, ReadError) as exc:
        status_code = exc.status_code if isinstance(exc, HTTPException) else 413 if isinstance(exc, TooLarge) else 422
        context: dict[str, Any] = {"report": None, "error": _reason(exc, lang), "text": text or "", "source_name": name}
        context["force"] = force
        return _page(request, "impact.html", lang, status_code=status_code, **context)


def _reason(exc: HTTPException | ReadError, lang: str) -> str:
    """Why a posted document was refused, for the page."""
    if isinstance(exc, NotADocument):
        return TEXT[lang]["not_a_document"]
    if isinstance(exc, ReadError):
        return f"{TEXT[lang]['unreadable']}: {exc.problem}"
    detail = exc.detail
    if isinstance(detail, list):
        return TEXT[lang]["nothing_sent"]
    return f"{TEXT[lang]['unreadable']}: {detail}"


@dataclass(frozen=True)
class _ImpactPage:
    """What the impact form asked for besides the directive."""

    lang: str
    offset: int
    limit: int
    force: bool
    source_name: str | None  # the uploaded file's name, kept with its text; None for a pasted text


def _impact_page(
    request: Request, store: GraphStore, settings: Settings, ex: Extraction, p: _ImpactPage
) -> HTMLResponse:
    """The analysis and its page: engine reads and rendering, run off the event loop. The form keeps
    the directive's text (an uploaded file's, once read), so paging and downloads post it again."""
    report = impact(store, ex, offset=p.offset, limit=p.limit, max_depth=settings.max_depth)
    keys, hot = viz.impact_keys(report)
    sub = viz.impact_subgraph(report, nodes_by_keys(store, keys))
    title = f"{TEXT[p.lang]['impact']}: {ex.doc.code or ex.doc.subject or ex.source}"
    graph_html = viz.render(sub, viz.Page(title=title, highlight=hot), lang=p.lang)
    context: dict[str, Any] = {
        "report": report,
        "graph_html": graph_html,
        "ex": ex,
        "text": ex.text,
        "source_name": p.source_name,
    }
    return _page(request, "impact.html", p.lang, chain=chain_text, force=p.force, **context)


@router.get("/graph/doc", response_class=HTMLResponse)
def graph_doc(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    ref: str,
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    lang: Lang = "vi",
) -> HTMLResponse:
    key = resolve_doc(store, ref)
    sub = _filter(neighbourhood(store, key, Label.DOCUMENT.value, depth=depth, limit=settings.page_node_limit), request)
    name = next((viz.label_of(n, lang) for n in sub.nodes if n.key == key), ref)  # never the key itself
    return _graph(sub, viz.Page(title=f"{TEXT[lang]['graph']}: {name}", highlight=frozenset({key})), lang, request)


@router.get("/graph/expand")
def graph_expand(request: Request, store: StoreDep, settings: SettingsDep, key: str, lang: Lang = "vi") -> JSONResponse:
    """A node's neighbours, laid out and styled as a graph page's, for its double-click."""
    sub = neighbourhood(store, key, label_of_key(store, key), depth=1, limit=settings.page_node_limit)
    nodes, edges, groups = viz.network_data(sub, lang=lang, straight=True)
    return JSONResponse({"nodes": nodes, "edges": edges, "groups": groups})


@router.get("/graph/lineage", response_class=HTMLResponse)
def graph_lineage(
    request: Request, store: StoreDep, settings: SettingsDep, ref: str, lang: Lang = "vi"
) -> HTMLResponse:
    result = trace(store, ref, roots=settings.roots, max_depth=settings.max_depth)
    sub = _filter(viz.lineage_subgraph(result, nodes_by_keys(store, viz.lineage_keys(result))), request)
    note = TEXT[lang]["orphan"] if result.orphan else ", ".join(result.reached)
    name, _ = _traced(store, result.start, result.start_label, lang)
    page = viz.Page(title=f"{TEXT[lang]['lineage']}: {name}", note=note, highlight=frozenset({result.start}))
    return _graph(sub, page, lang, request)


@router.get("/graph/tree", response_class=HTMLResponse)
def graph_tree(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    ref: str,
    include_cites: bool = False,
    lang: Lang = "vi",
) -> HTMLResponse:
    tree = implementation_tree(store, ref, include_cites=include_cites, limit=settings.page_node_limit)
    keys = {n.key: n.label for n in tree.nodes}
    sub = _filter(viz.tree_subgraph(tree, nodes_by_keys(store, keys)), request)
    return _graph(sub, viz.Page(title=f"{TEXT[lang]['tree']}: {ref}", highlight=frozenset({tree.root})), lang, request)


@router.get("/lineage", response_class=HTMLResponse)
def lineage_page(request: Request, store: StoreDep, settings: SettingsDep, ref: str, lang: Lang = "vi") -> HTMLResponse:
    result = trace(store, ref, roots=settings.roots, max_depth=settings.max_depth)  # resolves codes itself
    name, task = _traced(store, result.start, result.start_label, lang)
    return _page(request, "lineage.html", lang, ref=ref, result=result, traced=name, task=task)


def _traced(store: GraphStore, key: str, label: str, lang: str) -> tuple[str, TaskPublic | None]:
    """What a lineage starts from, in words ("Nhiệm vụ II.1 của 45/KH-UBND"), and the task itself."""
    if label != Label.TASK.value:
        return doc_label(get_document(store, key), lang), None
    task = get_task(store, key)
    doc = doc_label(get_document(store, task.doc_key), lang)
    return TEXT[lang]["task_of"].format(ref=task.ref, doc=doc), task
