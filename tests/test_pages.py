"""Pages in real headless Chromium (Debian's, driven by Playwright with executable_path):
no console errors, the network canvas drawn with the expected nodes and edges, no request
off the machine, search -> document -> lineage, and an impact upload. Screenshots go to
test-artifacts/."""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import uvicorn

from lineage.accounts import add
from lineage.api.app import create_app
from lineage.batch import ingest_files
from lineage.examples import example_files
from lineage.graph.store import GraphStore
from lineage.loaders.reader import ReadOptions
from lineage.loaders.units import UnitTable
from lineage.settings import Settings
from tests.conftest import ARTIFACTS
from tests.seeded import load_seeds

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FIXTURES = Path(__file__).parent / "fixtures" / "impact"
# A plan whose subject and items carry script: documents come from outside, their text is untrusted.
HOSTILE = Path(__file__).parent / "fixtures" / "hostile" / "kh_xss.txt"

if CHROMIUM is None:
    pytest.skip("Debian's chromium is not installed (test.sh installs it when run as root)", allow_module_level=True)

from playwright.sync_api import Page, sync_playwright  # noqa: E402

EDITOR, PASSWORD = "lan", "một mật khẩu dài"


@pytest.fixture(scope="module")
def site(engine_dir: Path, seeds: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from lineage.graph.falkordb_store import FalkorDBStore

    store: GraphStore = FalkorDBStore.open(engine_dir, graph="pages")
    store.clear()
    store.ensure_schema()
    units = UnitTable.load()
    load_seeds(store, seeds, units)
    ingest_files(store, [*example_files(), HOSTILE], units=units, options=ReadOptions())
    folder = tmp_path_factory.mktemp("site")
    add(folder / "users.json", EDITOR, "editor", PASSWORD)
    settings = Settings(data_dir=folder, users_file=folder / "users.json")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings, store=store), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    store.clear()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


class Watched:
    """A page that records console errors and every request it makes."""

    def __init__(self, browser: Any) -> None:
        self.page: Page = browser.new_page(viewport={"width": 1400, "height": 1000})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def check(self, shot: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{shot}.png"), full_page=True)
        assert not self.errors, self.errors
        offsite = [u for u in self.requests if not u.startswith(("http://127.0.0.1", "about:", "data:"))]
        assert not offsite, offsite


def drawn(frame: Any) -> tuple[int, int, int, int]:
    """(nodes drawn, edges drawn, nodes announced, edges announced) of a graph page."""
    frame.wait_for_function("document.body.dataset.drawn === '1'", timeout=20000)
    counts = frame.eval_on_selector("#graph-counts", "e => [+e.dataset.nodes, +e.dataset.edges]")
    # An edge that spans lines is drawn in pieces through bend points: count nodes and edges, not those.
    n = frame.evaluate("window.network.body.data.nodes.get({filter: n => n.kind !== 'bend'}).length")
    e = frame.evaluate("new Set(window.network.body.data.edges.get().map(e => e.edge)).size")
    return n, e, counts[0], counts[1]


def test_search_to_document_to_lineage(site: str, browser: Any) -> None:
    w = Watched(browser)
    w.page.goto(site + "/")
    assert w.page.locator("#documents tr").count() > 10
    w.check("home")
    w.page.fill("input[name=q]", "nghi quyet 153")
    w.page.click("header button[type=submit]")
    w.page.wait_for_selector("#results")
    w.check("search")
    w.page.click("text=39/KH-UBND")
    w.page.wait_for_selector("#doc-code")
    assert w.page.inner_text("#doc-code") == "39/KH-UBND"
    assert w.page.locator("#tasks tr").count() >= 4
    graph = w.page.frame_locator("#doc-graph")
    graph.locator("#network canvas").wait_for()
    frame = w.page.frame(url=lambda u: "/graph/doc" in u)
    n, e, n_said, e_said = drawn(frame)
    assert n == n_said > 5 and e == e_said > 5
    w.check("document")
    w.page.locator("a.task-lineage").last.click()
    w.page.wait_for_selector("#reached")
    assert "59-NQ/TW" in w.page.inner_text("#reached")
    frame = w.page.frame(url=lambda u: "/graph/lineage" in u)
    n, e, n_said, e_said = drawn(frame)
    assert n == n_said >= 3 and e == e_said >= 2
    w.check("lineage")


def test_tree_page_draws_every_node(site: str, browser: Any) -> None:
    w = Watched(browser)
    w.page.goto(site + "/graph/tree?ref=59-NQ/TW")
    n, e, n_said, e_said = drawn(w.page)
    assert n == n_said > 10 and e == e_said > 10
    w.check("tree")


def test_large_graph_page_says_what_it_left_out(site: str, browser: Any) -> None:
    w = Watched(browser)
    w.page.goto(site + "/graph/doc?ref=59-NQ/TW&depth=3&kinds=Document")
    drawn(w.page)
    assert w.page.locator("#left-out").count() == 1
    w.check("filtered")


def test_impact_upload_highlights_what_needs_review(site: str, browser: Any) -> None:
    w = Watched(browser)
    w.page.goto(site + "/impact")
    w.page.set_input_files("input[name=file]", str(FIXTURES / "amends_153.txt"))
    w.page.click("#impact-submit")
    w.page.wait_for_selector("#review")
    assert w.page.locator("#review tr.hl").count() >= 2
    assert "Sở Ngoại vụ" in w.page.inner_text("#review-units")
    frame = w.page.frame_locator("#impact-graph")
    frame.locator("#network canvas").wait_for()
    child = next(f for f in w.page.frames if f != w.page.main_frame)
    n, e, n_said, _ = drawn(child)
    assert n == n_said >= 3
    red = child.evaluate(
        "window.network.body.data.nodes.get().filter(n => n.kind !== 'bend' && n.color.background === '#e74c3c').length"
    )
    assert red >= 2
    w.check("impact")


# Every drawn piece of every edge, sampled along the curve vis-network draws, against the box of each
# node that is not one of the edge's own ends.
EDGES_THROUGH_NODES = """() => {
  const n = window.network, ids = n.body.data.nodes.getIds().filter((id) => !String(id).startsWith("bend:"));
  const boxes = Object.fromEntries(ids.map((id) => [id, n.getBoundingBox(id)]));
  const bad = [];
  for (const id of n.body.data.edges.getIds()) {
    const drawn = n.body.edges[id], e = n.body.data.edges.get(id);
    for (const other of ids) {
      if (other === e.real_from || other === e.real_to) continue;
      const r = boxes[other];
      for (let t = 0; t <= 1; t += 0.02) {
        const p = drawn.edgeType.getPoint(t);
        if (p.x > r.left && p.x < r.right && p.y > r.top && p.y < r.bottom) { bad.push([e.real_from, e.real_to, other]); break; }
      }
    }
  }
  return bad;
}"""
SMALLEST_LABEL_PX = """() => Math.min(...window.network.body.data.nodes.get()
  .filter((n) => n.kind !== "bend").map((n) => n.font.size * window.network.getScale()))"""


def until(frame: Any, expression: str, timeout: float = 10.0) -> None:
    """Wait for `expression` to hold in `frame`, polling from here: the pages' policy forbids the
    string evaluation Playwright's own polling uses."""
    end = time.monotonic() + timeout
    while not frame.evaluate(f"() => Boolean({expression})"):
        assert time.monotonic() < end, f"timed out waiting for {expression}"
        time.sleep(0.05)


def click_node(page: Page, frame: Any, key: str, *, double: bool = False) -> None:
    """Click (or double-click) the node `key` where the canvas draws it, in `frame` (a page or an iframe)."""
    if frame != page.main_frame:
        frame.frame_element().scroll_into_view_if_needed()
    at = frame.evaluate(
        "(k) => { const p = window.network.canvasToDOM(window.network.getPositions([k])[k]);"
        " const r = document.getElementById('network').getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }",
        key,
    )
    offset = [0.0, 0.0]
    if frame != page.main_frame:
        box = frame.frame_element().bounding_box()
        offset = [box["x"], box["y"]]
    x, y = at[0] + offset[0], at[1] + offset[1]
    (page.mouse.dblclick if double else page.mouse.click)(x, y)


@pytest.mark.parametrize(
    "path",
    [
        "/graph/tree?ref=59-NQ/TW",
        "/graph/tree?ref=59-NQ/TW&include_cites=true",
        "/graph/doc?ref=39/KH-UBND",
        "/graph/doc?ref=59-NQ/TW",
        "/graph/lineage?ref=" + quote("doc:45/KH-UBND@quang-ninh:2026#II.1"),
    ],
)
def test_graphs_are_readable_when_they_open(site: str, browser: Any, path: str) -> None:
    w = Watched(browser)
    w.page.goto(site + path)
    n, _, _, _ = drawn(w.page)
    assert n <= 150
    assert w.page.evaluate(SMALLEST_LABEL_PX) >= 11  # on the canvas, at the opening zoom
    assert w.page.evaluate(EDGES_THROUGH_NODES) == []
    hot = w.page.evaluate("window.network.body.data.nodes.get({filter: (n) => n.borderWidth === 4}).map((n) => n.id)")
    assert hot
    inside = w.page.evaluate(
        "(k) => { const p = window.network.canvasToDOM(window.network.getPositions([k])[k]);"
        " const c = document.getElementById('network'); return p.x > 0 && p.y > 0 && p.x < c.clientWidth && p.y < c.clientHeight; }",
        hot[0],
    )
    assert inside  # the traced task, or the document the page is about, is in view
    labels = " ".join(
        w.page.evaluate("window.network.body.data.nodes.get({filter: (n) => n.kind !== 'bend'}).map((n) => n.label)")
    )
    assert not re.search(r"draft:|doc:|\.txt\b", labels), labels  # names, never keys or file names
    w.check("readable-" + re.sub(r"\W+", "-", path)[:60])


def test_tasks_fold_a_click_opens_the_panel_and_a_double_click_adds_neighbours(site: str, browser: Any) -> None:
    w = Watched(browser)
    w.page.goto(site + "/graph/tree?ref=59-NQ/TW")
    drawn(w.page)
    groups = w.page.evaluate(
        "window.network.body.data.nodes.get({filter: (n) => n.kind === 'TaskGroup'}).map((n) => [n.id, n.label])"
    )
    assert groups and all(re.fullmatch(r"\d+ nhiệm vụ", label) for _, label in groups), groups
    key, label = groups[0]
    before = w.page.evaluate("window.network.body.data.nodes.length")
    w.page.evaluate("(k) => window.network.focus(k, {scale: 1, animation: false})", key)
    click_node(w.page, w.page.main_frame, key)
    until(w.page, "document.body.dataset.unfolded === '1'")
    after = w.page.evaluate("window.network.body.data.nodes.get({filter: (n) => n.kind === 'Task'}).length")
    assert after >= int(label.split()[0]) and w.page.evaluate("window.network.body.data.nodes.length") > before

    root = "doc:59-NQ/TW@vn:2025"
    w.page.evaluate("(k) => window.network.focus(k, {scale: 1, animation: false})", root)
    click_node(w.page, w.page.main_frame, root)
    panel = w.page.inner_text("#panel")
    assert panel.startswith("59-NQ/TW") and "Quan hệ và căn cứ trích dẫn" in panel and "thực hiện" in panel
    assert w.page.locator("#panel blockquote").count() >= 1  # the evidence of its edges
    w.check("graph-panel")

    # Double-click inside the document page's iframe: the server sends the node's neighbours.
    w.page.goto(site + "/doc/45/KH-UBND")
    frame = w.page.frame(url=lambda u: "/graph/doc" in u)
    assert frame is not None
    n, _, _, _ = drawn(frame)
    target = frame.evaluate(
        "window.network.body.data.nodes.get({filter: (n) => n.kind && n.kind.startsWith('doc') && n.borderWidth !== 4})"
        ".map((n) => n.id)[0]"
    )
    frame.evaluate("(k) => window.network.focus(k, {scale: 1, animation: false})", target)
    click_node(w.page, frame, target, double=True)
    until(frame, "Number(document.body.dataset.expanded || 0) > 0")
    assert frame.evaluate("window.network.body.data.nodes.get({filter: (n) => n.kind !== 'bend'}).length") > n
    w.check("graph-expanded-in-iframe")


def test_graph_pages_speak_english_when_asked(site: str, browser: Any) -> None:
    w = Watched(browser)
    w.page.goto(site + "/graph/tree?ref=59-NQ/TW&lang=en")
    drawn(w.page)
    labels = w.page.evaluate(
        "window.network.body.data.nodes.get({filter: (n) => n.kind !== 'bend'}).map((n) => n.label)"
    )
    assert any(re.fullmatch(r"\d+ tasks", str(x)) for x in labels) and not any("nhiệm vụ" in str(x) for x in labels)
    choices = " ".join(w.page.locator("#filters option").all_inner_texts())
    assert "Documents" in choices and "implements" in choices and "Văn bản" not in choices


def test_the_review_queue_page_counts_and_filters(site: str, browser: Any) -> None:
    w = Watched(browser)
    w.page.goto(site + "/review")
    counts = w.page.inner_text("#review-counts")
    assert "Chủ trì suy ra từ nơi nhận" in counts
    rows = w.page.locator("#review-items tr[data-reason]")
    assert rows.count() >= 1
    cells = w.page.locator("#review-items tr[data-reason] td:nth-child(3)").all_inner_texts()
    province = next(p for p in cells if p != "Trung ương")
    w.page.select_option("#review-filters select[name=province]", province)
    w.page.click("#review-filters button[type=submit]")
    w.page.wait_for_selector("#review-items")
    provinces = w.page.locator("#review-items tr[data-reason] td:nth-child(3)").all_inner_texts()
    assert provinces and set(provinces) == {province} and len(provinces) < len(cells)
    w.check("review-queue")


def test_the_document_page_reads_like_the_portals_outline(site: str, browser: Any) -> None:
    w = Watched(browser)
    w.page.goto(site + "/doc/59-NQ/TW")
    groups = w.page.locator("#relations h3.rel-group").all_inner_texts()
    assert any(g.startswith("Được thực hiện bởi (") for g in groups), groups
    for table in w.page.locator("#relations table.rel-items").all():
        # Each document once: its name (a code, or a draft in words, never a key or file name) and subject.
        cells = table.locator("td.rel-doc").all_inner_texts()
        counted = int(re.search(r"\((\d+)\)", groups.pop(0)).group(1))  # type: ignore[union-attr]
        assert len(cells) == counted and len(set(cells)) == len(cells), cells
        assert not [c for c in cells if re.search(r"draft:|doc:|\.txt|\.docx", c)], cells
    assert w.page.inner_text("#doc-status").startswith("Tình trạng: Còn hiệu lực")
    # Known only from citations: its title as they give it.
    assert "hội nhập quốc tế trong tình hình mới" in w.page.inner_text("#doc-subject")
    w.check("document-outline")

    w.page.goto(site + "/doc/120/KH-UBND")
    assert "Bị sửa đổi, bổ sung bởi 97/KH-UBND" in w.page.inner_text("#doc-status")
    w.page.click("#doc-status a")
    w.page.wait_for_selector("#doc-code")
    assert w.page.inner_text("#doc-code") == "97/KH-UBND"
    marks = w.page.locator("#doc-text mark")
    assert marks.count() >= 2
    titles = [marks.nth(i).get_attribute("title") or "" for i in range(marks.count())]
    assert any(t.startswith("Sửa đổi, bổ sung 120/KH-UBND") for t in titles), titles
    assert "120/KH-UBND" in marks.all_inner_texts()[titles.index(next(t for t in titles if "120/KH-UBND" in t))]
    w.check("document-amending")


def test_the_impact_page_counts_everything_pages_and_downloads(site: str, browser: Any, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    w = Watched(browser)
    w.page.goto(site + "/impact")
    w.page.set_input_files("input[name=file]", str(FIXTURES / "amends_153.txt"))
    w.page.click("#impact-submit")
    w.page.wait_for_selector("#review-section")
    # What was sent stays in the form, read from the file, so paging and downloads post it again.
    assert "153/NQ-CP" in w.page.input_value("textarea[name=text]")
    assert "amends_153.txt" in w.page.inner_text("#impact-read-from")
    totals = w.page.inner_text("#review-totals")
    documents = int(re.match(r"(\d+) văn bản", totals).group(1))  # type: ignore[union-attr]
    assert documents == w.page.locator("#review tr").count() - 1 >= 2
    by_province = w.page.locator("#review-provinces tr td:nth-child(2)").all_inner_texts()
    assert sum(map(int, by_province)) == documents
    why = w.page.locator("#review td.why").first.inner_text()
    assert re.search(r"(thực hiện|căn cứ|dẫn chiếu) 153/NQ-CP", why), why
    assert w.page.locator("#review-roles tr").count() > 1 and w.page.locator("#review-units a").count() > 1
    w.check("impact-totals")

    with w.page.expect_download() as info:
        w.page.click("button[value=xlsx]")
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.suffix == ".xlsx"
    sheet = load_workbook(saved)["Văn bản"]
    assert sum(1 for row in sheet.iter_rows(values_only=True) if row[0] == "Cần rà soát") == documents

    # Two a page: the totals stay, the list moves on, and the last page has no next button.
    w.page.evaluate("document.querySelector('input[name=limit]').value = '2'")
    w.page.click("#impact-submit")
    w.page.wait_for_selector("#impact-pages")
    first = w.page.locator("#review tr td:first-child").all_inner_texts()
    assert len(first) == 2 and w.page.inner_text("#review-totals") == totals
    w.page.click("#impact-next")
    w.page.wait_for_selector("#impact-pages")
    second = w.page.locator("#review tr td:first-child").all_inner_texts()
    assert second and not set(second) & set(first) and w.page.inner_text("#review-totals") == totals
    assert "3–4" in w.page.inner_text("#impact-pages")
    w.check("impact-page-2")


def test_english_switch(site: str, browser: Any) -> None:
    w = Watched(browser)
    w.page.goto(site + "/?lang=en")
    assert "Policy lineage" in w.page.inner_text("header")
    w.check("home-en")
    # The switch keeps the page and its question: a search stays a search, a lineage the same lineage.
    w.page.goto(site + "/search?q=59-NQ%2FTW")
    w.page.click("#lang-switch")
    assert "q=59-NQ%2FTW" in w.page.url and "lang=en" in w.page.url
    assert "59-NQ/TW" in w.page.inner_text("main")
    w.page.goto(site + "/lineage?ref=39%2FKH-UBND&lang=en")
    english = w.page.inner_text("main")
    w.page.click("#lang-switch")
    assert "ref=39%2FKH-UBND" in w.page.url and "lang=vi" in w.page.url
    assert w.page.inner_text("main") != english and "39/KH-UBND" in w.page.inner_text("main")
    w.check("lang-switch-keeps-the-query")


def test_unit_page_and_unit_filter(site: str, browser: Any) -> None:
    w = Watched(browser)
    w.page.goto(site + "/unit/so-ngoai-vu@dong-nai")
    assert w.page.inner_text("#unit-name") == "Sở Ngoại vụ"
    assert w.page.locator("#portfolio tr").count() >= 4
    w.check("unit")
    w.page.goto(site + "/graph/doc?ref=39/KH-UBND&depth=3&unit=so-ngoai-vu@dong-nai")
    n, _, n_said, _ = drawn(w.page)
    assert 1 < n == n_said < 10
    unit = w.page.locator("#filters select[name=unit]")
    assert unit.input_value() == "so-ngoai-vu@dong-nai"  # the key stays the value; the reader sees a name
    assert unit.locator("option:checked").inner_text().startswith("Sở Ngoại vụ")
    choices = " ".join(w.page.locator("#filters option").all_inner_texts())
    assert not re.search(r"@|IMPLEMENTS|Document\b|\(0-9\)", choices), choices
    w.check("filtered-unit")


def test_a_documents_text_never_runs_as_script(site: str, browser: Any) -> None:
    """Every page kind that shows the hostile plan, its tasks or its graph: nothing in its text runs,
    and the text is still shown, as text."""
    task = "doc:77/KH-UBND@quang-ninh:2026#1"
    pages = [
        "/",
        "/search?q=77/KH-UBND",
        "/doc/77/KH-UBND",
        "/graph/doc?ref=77/KH-UBND",
        "/graph/doc?ref=59-NQ/TW&depth=2",
        f"/graph/lineage?ref={quote(task)}",
        "/graph/lineage?ref=77/KH-UBND",
        "/graph/tree?ref=59-NQ/TW",
        f"/lineage?ref={quote(task)}",
        "/unit/so-ngoai-vu@quang-ninh",
    ]
    for path in pages:
        w = Watched(browser)
        violations: list[str] = []
        w.page.on("console", lambda m, v=violations: v.append(m.text) if "Content Security Policy" in m.text else None)
        response = w.page.goto(site + path)
        assert response is not None and response.status == 200, path
        assert "script-src 'self'" in (response.headers.get("content-security-policy") or ""), path
        if path.startswith("/graph/"):
            drawn(w.page)
        if path == "/graph/doc?ref=77/KH-UBND":
            titles = w.page.evaluate("window.network.body.data.nodes.get().map(n => n.title).join(' ')")
            assert "</script><script>document.title" in titles, titles
        for frame in w.page.frames:
            frame.wait_for_load_state()
            assert frame.evaluate("window.xssRan === undefined"), (path, frame.url)
            assert frame.evaluate("document.title") != "XSS-RAN", (path, frame.url)
        assert not [e for e in w.errors if "Content Security Policy" not in e], (path, w.errors)
    w = Watched(browser)
    w.page.goto(site + "/impact")
    w.page.fill("textarea[name=text]", HOSTILE.read_text(encoding="utf-8"))
    w.page.click("#impact-submit")
    w.page.wait_for_selector("#review-section", timeout=20000)
    for frame in w.page.frames:
        frame.wait_for_load_state()
        assert frame.evaluate("window.xssRan === undefined"), frame.url
        assert frame.evaluate("document.title") != "XSS-RAN", frame.url
    w.check("hostile-impact")


@pytest.mark.parametrize(("path", "title"), [("/docs", ".swagger-ui .info .title"), ("/redoc", "h1")])
def test_the_api_docs_render_with_the_network_cut_off(site: str, browser: Any, path: str, title: str) -> None:
    w = Watched(browser)
    w.page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(site) else route.abort())
    w.page.goto(site + path)
    w.page.wait_for_selector(title, timeout=20000)
    assert "policy-lineage" in w.page.inner_text(title)
    w.page.wait_for_function("document.body.innerText.includes('/api/lineage')", timeout=20000)  # operations listed
    # ReDoc's footer always draws its logo from its CDN (no option turns it off): the policy refuses the
    # image before any fetch and says so on the console. That one image aside, any console error (a
    # refused inline script would be one) or any request off this server fails the test.
    logo = "https://cdn.redoc.ly/redoc/logo-mini.svg"
    w.errors = [e for e in w.errors if logo not in e]
    w.requests = [u for u in w.requests if u != logo]
    w.check("api" + path.replace("/", "-"))


def test_failures_are_pages_in_the_readers_language_never_json(site: str, browser: Any) -> None:
    w = Watched(browser)
    reply = w.page.goto(site + "/doc/39%2FKH-UBNX")  # one letter off a code the graph holds
    assert reply is not None and reply.status == 404 and reply.headers["content-type"].startswith("text/html")
    assert w.page.inner_text("#error-title") == "Không tìm thấy"
    assert "39/KH-UBNX" in w.page.inner_text("#error-detail")
    w.page.click("#suggestions a >> text=39/KH-UBND")
    assert "/doc/39/KH-UBND" in w.page.url and w.page.locator("#error-title").count() == 0
    for path, status in (("/lineage?lang=en", 422), ("/nothing-here", 404), ("/unit/nobody%40nowhere", 404)):
        reply = w.page.goto(site + path)
        assert reply is not None and reply.status == status, path
        assert reply.headers["content-type"].startswith("text/html"), path
        assert w.page.locator("#error-title").count() == 1 and not w.page.inner_text("body").lstrip().startswith("{")
    assert w.page.inner_text("#error-title") == "Không tìm thấy"
    # Chromium logs each page answered with an error status; nothing else may be on the console.
    w.errors = [e for e in w.errors if not re.search(r"status of (404|422) \(", e)]
    w.check("error-pages")


def send_fix(page: Page, form: str, **fields: str) -> None:
    """Fill a correction form of a page (selects and inputs by name) and send it; back on the document page."""
    at = page.locator(form)
    for name, value in fields.items():
        field = at.locator(f"[name={name}]")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    at.locator("button[type=submit]").click()
    page.wait_for_selector("#doc-code")


def test_an_editor_signs_in_opens_the_queue_corrects_a_lead_and_the_portfolio_follows(site: str, browser: Any) -> None:
    """Last of this file: it changes the graph the other pages read."""
    w = Watched(browser)
    w.page.goto(site + "/review")
    assert w.page.locator("#review-items form.fix").count() == 0  # a reader sees no forms
    w.page.click("#sign-in")
    w.page.fill("#login-form input[name=name]", EDITOR)
    w.page.fill("#login-form input[name=password]", "sai mật khẩu")
    w.page.click("#login-form button[type=submit]")
    assert w.page.locator("#login-error").count() == 1
    w.page.fill("#login-form input[name=password]", PASSWORD)
    w.page.click("#login-form button[type=submit]")
    w.page.wait_for_selector("#signed-in")
    assert w.page.url.endswith("/review") and "biên tập" in w.page.inner_text("#signed-in")
    before = w.page.locator("#review-items tr[data-reason=lead_inherited]").count()
    w.page.locator("#review-items tr[data-reason=lead_inherited] button.confirm").first.click()
    w.page.wait_for_selector("#review-items")
    assert w.page.locator("#review-items tr[data-reason=lead_inherited]").count() == before - 1
    matched = w.page.locator("#review-items tr[data-reason=draft_match]", has_text="52/KH-UBND")
    assert matched.locator("form.identity select[name=action] option").all_inner_texts() == [
        "Đúng là 52/KH-UBND",
        "Không phải 52/KH-UBND (tách ra)",
    ]
    w.check("review-signed-in")

    unit = "/unit/so-ngoai-vu@quang-ninh"
    w.page.goto(site + unit)
    assert not [r for r in w.page.locator("tr").all_inner_texts() if "45/KH-UBND" in r and "II.2" in r]
    w.page.goto(site + "/doc/45/KH-UBND")
    send_fix(
        w.page, "#tasks form.unit-fix[data-ref='II.2']", unit="Sở Ngoại vụ", role="lead", why="Bản ký giao chủ trì"
    )
    row = w.page.locator("#tasks tr", has=w.page.locator("form.unit-fix[data-ref='II.2']"))
    assert "Sở Ngoại vụ" in row.inner_text() and row.locator("a.lead.origin-corrected").count() == 1
    w.page.goto(site + unit)
    mine = [r for r in w.page.locator("tr").all_inner_texts() if "45/KH-UBND" in r and "II.2" in r]
    assert mine and ("Chủ trì" in mine[0] or "lead" in mine[0])
    w.check("portfolio-after-correction")
    # A task's deadline, and a reference the reader got wrong, from the same page.
    w.page.goto(site + "/doc/45/KH-UBND")
    send_fix(w.page, "#tasks form.task-fix[data-ref='II.4']", action="correct", deadline="2026-10-31", why="Gia hạn")
    assert (
        "31/10/2026" in w.page.locator("#tasks tr", has=w.page.locator("form.task-fix[data-ref='II.4']")).inner_text()
    )
    decree = "64/2021/NĐ-CP"
    send_fix(w.page, f"#relations form.fix[data-code='{decree}']", action="reject", why="Không căn cứ văn bản này")
    assert decree not in w.page.inner_text("#relations")
    w.check("document-corrected")
    # A draft the reader matched to 52/KH-UBND: split from it, then merged again by the person.
    w.page.goto(site + "/doc/52/KH-UBND")
    assert w.page.inner_text("#doc-code") == "52/KH-UBND" and w.page.locator("form.identity-fix").count() == 1
    send_fix(w.page, "form.identity-fix", action="reject", why="Bản dự thảo của kế hoạch khác")
    assert "52/KH-UBND" not in w.page.inner_text("#doc-code") and "dự thảo" in w.page.inner_text("#doc-code")
    send_fix(
        w.page, "form.identity-fix", action="correct", is_code="52/KH-UBND", is_date="2026-04-14", why="Đã đối chiếu"
    )
    assert "52/KH-UBND" in w.page.inner_text("#doc-code") and "/doc/doc%3A52/KH-UBND" in w.page.url
    assert "Cán bộ đã xác định bản dự thảo này là 52/KH-UBND: Đã đối chiếu" in w.page.inner_text("main")
    assert w.page.locator("#tasks tr").count() > 1
    w.check("draft-identity-corrected")
    # A form posted without the page's token is refused, signed in or not.
    r = w.page.request.post(
        site + "/correct",
        form={"document": "45/KH-UBND", "kind": "task", "action": "confirm", "ref": "II.1", "why": "no token"},
    )
    assert r.status == 403
