"""The `lineage` command: read documents, build the graph, query it, serve it."""

from __future__ import annotations

import getpass
import json
import os
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from lineage.audit import AuditLog
from lineage.errors import LineageError, ReadError
from lineage.settings import Settings

if TYPE_CHECKING:
    from lineage.graph.store import GraphStore

app = typer.Typer(
    help="Vietnamese policy lineage: documents, tasks, units and the directives they serve.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

ProvinceOpt = Annotated[str | None, typer.Option("--province", help="Province of documents whose header lacks one.")]
IssuerOpt = Annotated[str | None, typer.Option("--issuer", help="Issuer of documents whose header lacks one.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


@dataclass
class ReadChoices:
    """The reader options a command shares."""

    province: str | None
    issuer: str | None


def _settings() -> Settings:
    return Settings()


def _units(settings: Settings):  # type: ignore[no-untyped-def]
    from lineage.loaders.units import UnitTable

    return UnitTable.load(settings.units_file)


def _options(settings: Settings, choices: ReadChoices):  # type: ignore[no-untyped-def]
    from lineage.loaders.reader import ReadOptions

    return ReadOptions(province=choices.province, issuer=choices.issuer, max_bytes=int(settings.max_file_mb * 1e6))


def _fail(exc: LineageError) -> NoReturn:
    err.print(f"[red]error:[/red] {exc}")
    raise typer.Exit(1)


def _progress() -> Progress:
    """A progress bar on stderr, gone when done (stdout stays for results and --json)."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


@contextmanager
def _graph(settings: Settings) -> Iterator[GraphStore]:
    """The configured store for one command, closed after it; an error ends the command (exit 1)."""
    from lineage.graph.store import open_store

    try:
        store = open_store(settings)
    except LineageError as exc:
        _fail(exc)
    try:
        yield store
    except LineageError as exc:
        _fail(exc)
    finally:
        store.close()


class OutputFormat(StrEnum):
    JSON = "json"
    TEXT = "text"


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Document files or folders (.txt, .pdf, .docx).")],
    out: Annotated[
        Path | None, typer.Option("--out", help="Folder for one JSON per file, named after its stem.")
    ] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", help="json (to --out or stdout) or text.")] = "json",  # type: ignore[assignment]
    province: ProvinceOpt = None,
    issuer: IssuerOpt = None,
) -> None:
    """Read documents and write what they say, without touching the graph.

    Example: lineage extract docs/ --out extracted/
    """
    from lineage.batch import collect_files
    from lineage.loaders.reader import extract_file

    settings = _settings()
    units = _units(settings)
    options = _options(settings, ReadChoices(province, issuer))
    failed = 0
    if out:
        out.mkdir(parents=True, exist_ok=True)
    for f in collect_files(files):
        try:
            ex = extract_file(f, units=units, options=options)
        except LineageError as exc:
            err.print(f"[red]error:[/red] {exc}")
            failed += 1
            continue
        except Exception as exc:  # a reader bug on one file must not stop the others
            err.print(f"[red]error:[/red] {f}: unexpected error while reading: {exc!r}")
            failed += 1
            continue
        data = ex.model_dump(mode="json", exclude={"text"})
        if fmt == OutputFormat.TEXT:
            _print_extraction(data)
        elif out:
            (out / f"{f.stem}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        else:
            sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    if failed:
        err.print(f"{failed} file(s) could not be read")
        raise typer.Exit(1)


def _print_extraction(data: dict) -> None:  # type: ignore[type-arg]
    d = data["doc"]
    console.rule(f"[bold]{data['source']}")
    console.print(f"{d['type'] or '?'} {d['code'] or '(số để trống)'} · {d['issuer'] or '?'} · {d['date'] or '?'}")
    if d["subject"]:
        console.print(f"[italic]{d['subject']}")
    for r in data["references"]:
        chain = f" → {', '.join(r['implements'])}" if r["implements"] else ""
        console.print(
            f"  [cyan]{r['relation']:<12}[/cyan] {r['code'] or r.get('title')} ({r['issuer'] or '?'}, {r['date'] or '?'}){chain}"
        )
    for t in data["tasks"]:
        who = "; ".join(t["lead"]) or "-"
        sup = f" + {'; '.join(t['support'])}" if t["support"] else ""
        dl = f" ⏰ {t['deadline']}" if t["deadline"] else ""
        console.print(f"  [green]{t['ref']:<8}[/green] {who}{sup}{dl}")


@app.command("ingest")
def ingest_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Document files or folders (searched recursively).")],
    province: ProvinceOpt = None,
    issuer: IssuerOpt = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Ingest texts that are not official documents too (no header, no reference, no task)."
        ),
    ] = False,
) -> None:
    """Read documents and write them into the graph, one transaction per document.

    Unchanged files are skipped; a changed file replaces that document's facts; a text that is not an
    official document is refused unless --force. Under a folder, only the document types the reader
    knows are read, and every other file is listed as skipped.
    Example: lineage ingest examples/ --province "Đồng Nai"
    """
    from lineage.batch import collect_files, ingest_files

    settings = _settings()
    skipped: list[tuple[Path, str]] = []
    files = collect_files(paths, skipped=skipped)
    for path, why in skipped:
        err.print(f"[yellow]skipped:[/yellow] {path}: {why}")
    if not files:
        err.print("no document files found in " + ", ".join(map(str, paths)))
        raise typer.Exit(1)
    with (
        _graph(settings) as store,
        _progress() as progress,
    ):
        task = progress.add_task("ingest", total=len(files))
        report = ingest_files(
            store,
            files,
            units=_units(settings),
            options=_options(settings, ReadChoices(province, issuer)),
            on_file=lambda f: progress.update(task, advance=1, description=f.name[:40]),
            force=force,
            audit=AuditLog(settings.data_dir),
            by=f"cli:{getpass.getuser()}",
        )
    for _path, problem in report.errors:
        err.print(f"[red]error:[/red] {problem}")
    for r in report.results:
        if r.same_as:
            console.print(f"[yellow]same document:[/yellow] {r.source} → {r.code}: {r.same_as}")
    t = report.totals()
    console.print(
        f"{t['written']} written, {t['unchanged']} unchanged, {t['failed']} failed · "
        f"{t['nodes']} nodes, {t['edges']} edges, {t['tasks']} tasks, {t['units']} units written"
    )
    if report.errors:
        raise typer.Exit(1)


@app.command("search")
def search_cmd(
    query: Annotated[str, typer.Argument(help="A code (59-NQ/TW, '59 nq tw') or words, with or without diacritics.")],
    as_json: JsonOpt = False,
) -> None:
    """Find documents by code or words, and units by name.

    Example: lineage search "nghi quyet 59"
    """
    from lineage.queries.search import search

    settings = _settings()
    with _graph(settings) as store:
        result = search(store, query, units=_units(settings))
    if as_json:
        sys.stdout.write(result.model_dump_json(indent=1) + "\n")
        return
    table = Table("code", "type", "issuer", "date", "subject", "match")
    for d in result.documents:
        table.add_row(
            d.code or "(draft)", d.type or "", d.issuer or "", d.date or "", (d.subject or d.title or "")[:70], d.match
        )
    console.print(table)
    for u in result.units:
        console.print(f"unit: {u.name} ({u.level})")
    if not result.count:
        err.print(f"nothing matches {query!r}")
        raise typer.Exit(1)


@app.command()
def status() -> None:
    """Say which engine is used, where it runs and what the graph holds."""
    settings = _settings()
    if settings.neo4j_uri:
        _neo4j_status(settings)
        return
    from lineage.graph.falkordb_server import FalkorDBServer, unavailable

    reason = unavailable()
    if reason:
        err.print(f"engine: {reason}")
        raise typer.Exit(1)
    st = FalkorDBServer(settings.data_dir, port=settings.engine_port).status()
    state = "[green]running[/green]" if st.running else "[red]stopped[/red]"
    console.print(
        f"engine: embedded FalkorDB, {state}; socket {st.socket}; pid {st.pid or '-'}; "
        f"tcp port {st.port or 'none'}; data {st.data_dir}"
    )
    if st.running:
        from lineage.graph.store import counts, open_store

        store = open_store(settings, start=False)
        n, e = counts(store)
        store.close()
        console.print(f"graph {settings.graph_name!r}: {n} nodes, {e} edges")


def _neo4j_status(settings: Settings) -> None:
    """Whether the Neo4j server answers, what it is and what the graph holds; exit 1 when it does not answer.
    Reads only: the schema is not installed here."""
    from lineage.graph.neo4j_store import Neo4jStore
    from lineage.graph.store import counts

    where = f"Neo4j at {settings.neo4j_uri} (database {settings.neo4j_database})"
    try:
        store = Neo4jStore.connect(
            settings.neo4j_uri or "",
            user=settings.neo4j_user,
            password=settings.neo4j_password.get_secret_value(),
            database=settings.neo4j_database,
        )
    except LineageError as exc:
        err.print(f"engine: {where}, [red]not answering[/red]: {exc}")
        raise typer.Exit(1) from None
    try:
        console.print(f"engine: {where}, [green]answering[/green]: {store.server_agent()}")
        n, e = counts(store)
        console.print(f"graph: {n} nodes, {e} edges")
    except LineageError as exc:
        _fail(exc)
    finally:
        store.close()


@app.command()
def stop(
    force: Annotated[bool, typer.Option("--force", help="Stop it even while a `lineage serve` uses it.")] = False,
) -> None:
    """Stop the embedded engine of the data folder (its data stays on disk).

    Refused while a `lineage serve` runs on it (the server would answer 503 until restarted), unless --force.
    Example: lineage stop
    """
    from lineage.graph.falkordb_server import FalkorDBServer

    settings = _settings()
    server = FalkorDBServer(settings.data_dir, port=settings.engine_port)
    users = server.servers()
    if users and not force:
        using = ", ".join(f"pid {pid} on {address}" for pid, address in users)
        err.print(f"[red]refused:[/red] the engine is in use by lineage serve ({using}); stop it first, or use --force")
        raise typer.Exit(1)
    stopped = server.stop()
    console.print("stopped" if stopped else "not running")


@app.command()
def repair() -> None:
    """Repair the embedded engine's append-only file after the engine refused to start on it.

    A copy of the files is kept first (appendonlydir.damaged-<time> in the data folder); then the file is
    cut at its last whole write, and what followed the damage is lost. The engine must be stopped.
    Example: lineage repair
    """
    from lineage.graph.falkordb_server import FalkorDBServer

    settings = _settings()
    try:
        done = FalkorDBServer(settings.data_dir, port=settings.engine_port).repair()
    except LineageError as exc:
        _fail(exc)
    console.print(f"copy of the damaged files: {done.backup}")
    console.print("\n".join(done.output.splitlines()[-4:]))
    if not done.repaired:
        err.print("[red]not repaired:[/red] put back the data folder from a backup")
        raise typer.Exit(1)
    console.print("[green]repaired[/green]: the engine starts again with the writes before the damage")


@app.command()
def dump(
    file: Annotated[Path, typer.Argument(help="Where to write the graph (JSON Lines).")],
) -> None:
    """Write the whole graph to FILE: nodes, edges, evidence, identity reasons, in key order.

    The file is written beside FILE and renamed when whole. Example: lineage dump graph.jsonl
    """
    from lineage.graph.dump import dump as dump_graph
    from lineage.graph.store import counts

    settings = _settings()
    partial = file.with_name(file.name + ".partial")
    with _graph(settings) as store, _progress() as progress:
        task = progress.add_task("dump", total=sum(counts(store)))
        try:
            with open(partial, "w", encoding="utf-8") as out:
                done = dump_graph(store, out, progress=lambda n: progress.update(task, advance=n))
            partial.replace(file)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            _fail(ReadError(str(file), f"cannot be written: {exc.strerror or exc}"))
        except BaseException:  # the engine, an interrupt: no file that looks whole and is not
            partial.unlink(missing_ok=True)
            raise
    console.print(f"{file}: {done['nodes']} nodes, {done['edges']} edges")
    if done["left_out"]:
        err.print(
            f"[yellow]{done['left_out']} edges left out[/yellow]: written during the dump, to nodes it does not hold"
        )


@app.command()
def load(
    file: Annotated[Path, typer.Argument(help="A file written by `lineage dump`.")],
    force: Annotated[bool, typer.Option("--force", help="Load into a graph that is not empty (merge by key).")] = False,
) -> None:
    """Read a graph written by `lineage dump` into the engine the settings select.

    The whole file is checked before anything is written; a bad line is named and nothing is
    written. Loading again is harmless (every node and edge is merged by its key).
    Example: LINEAGE_NEO4J_URI=neo4j+s://... lineage load graph.jsonl
    """
    from lineage.audit import file_sha256
    from lineage.graph.dump import batches, check, read_lines
    from lineage.graph.store import counts

    settings = _settings()
    try:
        expected = check(file)
    except OSError as exc:
        _fail(ReadError(str(file), f"cannot be read: {exc.strerror or exc}"))
    except LineageError as exc:
        _fail(exc)
    with _graph(settings) as store:
        before = counts(store)
        if any(before) and not force:
            err.print(
                f"[red]error:[/red] the graph {settings.graph_name!r} holds {before[0]} nodes and {before[1]} edges; "
                "load into an empty one, or give --force to merge the file into it"
            )
            raise typer.Exit(1)
        total, written = expected["nodes"] + expected["edges"], 0
        log = AuditLog(settings.data_dir)
        try:
            with _progress() as progress:
                task = progress.add_task("load", total=total)
                for batch in batches(read_lines(file)):
                    store.write(batch)
                    written += sum(batch.size())
                    progress.update(task, advance=sum(batch.size()))
        except LineageError as exc:
            # Each batch is a transaction of its own: those before the failure stay.
            log.record("load", by=f"cli:{getpass.getuser()}", file=file.name, counts={"rows": written})
            err.print(
                f"[red]error:[/red] {file}: stopped after {written} of {total} nodes and edges: {exc}\n"
                f"What was written stays; every node and edge is merged by its key, so "
                f"`lineage load --force {file}` finishes the load once the cause is fixed."
            )
            raise typer.Exit(1) from None
        after = counts(store)
    log.record(
        "load",
        by=f"cli:{getpass.getuser()}",
        file=file.name,
        sha256=file_sha256(file),
        counts={"nodes": after[0] - before[0], "edges": after[1] - before[1]},
    )
    console.print(f"{file}: {after[0]} nodes, {after[1]} edges in the graph")
    if not any(before) and (after[0], after[1]) != (expected["nodes"], expected["edges"]):
        err.print(
            f"[red]error:[/red] the file holds {expected['nodes']} nodes and {expected['edges']} edges, "
            "the graph now other counts (was something written to it during the load?)"
        )
        raise typer.Exit(1)


@app.command()
def user(
    name: Annotated[str, typer.Argument(help="The account's name, as it signs in.")],
    role: Annotated[
        str, typer.Option("--role", help="reader, editor (ingests, corrects) or admin (also deletes).")
    ] = "editor",
    password: Annotated[
        bool, typer.Option("--password/--no-password", help="Ask for a password to sign in to the pages.")
    ] = True,
) -> None:
    """Add an account (or give an existing one a new role, password and token); prints its API token once.

    Example: lineage user lan --role editor
    """
    from lineage.accounts import RANK, add

    if role not in RANK:
        _fail(LineageError(f"role {role!r}: use reader, editor or admin"))
    settings = _settings()
    secret = typer.prompt("password", hide_input=True, confirmation_prompt=True) if password else None
    token = add(settings.accounts_file, name, role, secret)  # type: ignore[arg-type]
    console.print(f"{name} ({role}) in {settings.accounts_file}")
    console.print(f"API token (shown once; send it as 'Authorization: Bearer …'): {token}")


@app.command()
def users(as_json: JsonOpt = False) -> None:
    """The accounts: name, role, and whether each has a password and a token (never the secrets)."""
    from lineage.accounts import Accounts

    settings = _settings()
    accounts = Accounts.load(settings.accounts_file).accounts.values()
    rows = [{"name": a.name, "role": a.role, "password": bool(a.password), "token": bool(a.token)} for a in accounts]
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False) + "\n")
        return
    for r in rows:
        console.print(f"{r['name']:<24} {r['role']:<7} password {'yes' if r['password'] else 'no'}")


@app.command()
def audit(
    limit: Annotated[int, typer.Option("--limit", help="How many of the last writes.")] = 20,
    as_json: JsonOpt = False,
) -> None:
    """Show the last writes to the graph: when, which key or user, what file, what was written or removed.

    Example: lineage audit --limit 50
    """
    entries = AuditLog(_settings().data_dir).entries(limit=limit)
    if as_json:
        sys.stdout.write(json.dumps([e.model_dump() for e in entries], ensure_ascii=False, indent=1) + "\n")
        return
    table = Table("time", "action", "by", "file", "document", "counts")
    for e in entries:
        table.add_row(
            e.time, e.action, e.by, e.file or "", e.document or "", ", ".join(f"{k} {v}" for k, v in e.counts.items())
        )
    console.print(table)


@app.command()
def trace(
    ref: Annotated[str, typer.Argument(help="A task key, a document key, or a code (59-NQ/TW).")],
    root: Annotated[
        list[str] | None, typer.Option("--root", help="Root code; repeat for several. Default from settings.")
    ] = None,
    depth: Annotated[int | None, typer.Option("--depth", help="Depth limit of the walk.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Show every chain from a task or document up to the root directives, strongest first.

    Example: lineage trace "doc:39/KH-UBND@dong-nai:2025#III.2"
    """
    from lineage.queries.lineage import trace as run_trace

    settings = _settings()
    with _graph(settings) as store:
        result = run_trace(store, ref, roots=root or settings.roots, max_depth=depth or settings.max_depth)
    if as_json:
        sys.stdout.write(result.model_dump_json(indent=1) + "\n")
        return
    if result.orphan:
        console.print(f"[yellow]{ref}: no chain reaches {', '.join(result.roots)} (an orphan)[/yellow]")
        raise typer.Exit(2)
    console.print(f"reaches: {', '.join(result.reached)}")
    for i, chain in enumerate(result.chains[:20], 1):
        console.print(f"[bold]{i}.[/bold] → {chain.root_code} ({len(chain.hops)} hops, {chain.strength} weak)")
        for h in chain.hops:
            console.print(f"   {h.rel:<11} {h.dst_code or h.dst}")
            if h.sentence:
                console.print(f"   [dim]“{h.sentence[:200]}”[/dim]")


@app.command()
def impact(
    file: Annotated[Path, typer.Argument(help="The new directive (.txt, .pdf, .docx).")],
    write: Annotated[bool, typer.Option("--write/--no-write", help="Also ingest the directive.")] = False,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip this many of each list.")] = 0,
    limit: Annotated[int, typer.Option("--limit", min=1, help="List at most this many of each list.")] = 20,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Also write both whole lists to this .xlsx file, or .csv (and its -units.csv)."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Read a new directive and show what it touches: what needs review, who should coordinate,
    with exact totals per province and role.

    Example: lineage impact new-resolution.pdf --out to-review.xlsx
    """
    from lineage import reports
    from lineage.graph.ingest import ingest
    from lineage.loaders.reader import extract_file
    from lineage.queries.impact import impact as run_impact

    settings = _settings()
    units = _units(settings)
    if out is not None and out.suffix.lower() not in reports.FORMATS:
        _fail(LineageError(f"{out}: write .xlsx or .csv"))
    try:
        ex = extract_file(file, units=units, options=_options(settings, ReadChoices(None, None)))
    except LineageError as exc:
        _fail(exc)
    with _graph(settings) as store:
        if write:
            ingest(store, ex, units=units)
        report = run_impact(store, ex, offset=offset, limit=limit, max_depth=settings.max_depth)
        if out is not None:
            whole = run_impact(store, ex, limit=reports.ALL, max_depth=settings.max_depth)
            for path, table in reports.files(out):
                path.write_bytes(reports.write(whole, path.suffix.lower(), lang="en", table=table))
    if as_json:
        sys.stdout.write(report.model_dump_json(indent=1) + "\n")
        return
    console.print(
        "targets: " + ", ".join(f"{t.relation} {t.code}{'' if t.known else ' (not in graph)'}" for t in report.targets)
    )
    for title, part in (("needs review", report.review), ("should coordinate", report.coordinate)):
        n = part.totals
        console.print(f"[bold]{title}[/bold]: {n.documents} documents, {n.tasks} tasks, {n.units} units")
        for p in n.by_province:
            console.print(f"  {p.province or 'central'}: {p.documents} documents, {p.tasks} tasks")
        for g in n.by_role:
            console.print(f"  {g.province or 'central'} · {g.role}: {g.units} units, {g.tasks} tasks")
        for it in part.items:
            d = it.document
            chain = " ← ".join(f"{h.rel} {h.dst_code or h.dst}" for h in it.why)
            console.print(f"  {d.code or d.source_file or d.key} · {d.issuer or '?'} · {chain}")
        if n.documents > offset + len(part.items):
            console.print(f"  … {n.documents - offset - len(part.items)} more: --offset {offset + limit}")
    if report.truncated:
        console.print("[yellow]the walk stopped at its budget: the totals are lower bounds[/yellow]")
    if out is not None:
        console.print("wrote " + ", ".join(str(path) for path, _ in reports.files(out)))


@app.command()
def viz(
    ref: Annotated[str, typer.Argument(help="A document code or key, or a task key (with --lineage).")],
    out: Annotated[Path, typer.Option("--out", help="HTML file to write.")] = Path("graph.html"),
    page: Annotated[str, typer.Option("--page", help="neighbourhood, lineage or tree.")] = "neighbourhood",
    depth: Annotated[int, typer.Option("--depth", help="Neighbourhood depth.")] = 1,
) -> None:
    """Write a graph page to a standalone HTML file that works offline.

    Example: lineage viz 59-NQ/TW --page tree --out tree.html
    """
    from lineage.queries.documents import resolve_doc
    from lineage.queries.lineage import trace as run_trace
    from lineage.queries.subgraph import neighbourhood, nodes_by_keys
    from lineage.queries.tree import implementation_tree
    from lineage.viz import render as r

    settings = _settings()
    with _graph(settings) as store:
        if page == "lineage":
            res = run_trace(store, ref, roots=settings.roots, max_depth=settings.max_depth)
            sub = r.lineage_subgraph(res, nodes_by_keys(store, r.lineage_keys(res)))
        elif page == "tree":
            tree = implementation_tree(store, ref, limit=settings.page_node_limit)
            sub = r.tree_subgraph(tree, nodes_by_keys(store, {n.key: n.label for n in tree.nodes}))
        else:
            sub = neighbourhood(store, resolve_doc(store, ref), "Document", depth=depth, limit=settings.page_node_limit)
    r.write(sub, r.Page(title=f"{page}: {ref}"), out=out)
    console.print(f"wrote {out} ({len(sub.nodes)} nodes, {len(sub.edges)} edges)")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option("--host", help="Address to listen on (default from settings).")] = None,
    port: Annotated[int | None, typer.Option("--port", help="Port (default from settings).")] = None,
    examples: Annotated[
        bool, typer.Option("--examples/--no-examples", help="Load the bundled example documents first.")
    ] = True,
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, help="Server processes (default: one per core, at most 4).")
    ] = None,
) -> None:
    """Run the web app and HTTP API on the embedded engine (started if needed).

    Example: lineage serve --port 8000
    """
    import uvicorn

    from lineage.api.app import create_app

    settings = _settings()
    with _graph(settings) as store:
        if examples:
            from lineage.batch import ingest_files
            from lineage.examples import example_files

            report = ingest_files(
                store,
                example_files(),
                units=_units(settings),
                options=_options(settings, ReadChoices(None, None)),
                audit=AuditLog(settings.data_dir),
                by="serve:examples",
            )
            t = report.totals()
            console.print(f"examples: {t['written']} written, {t['unchanged']} unchanged, {t['failed']} failed")
        address = f"http://{host or settings.host}:{port or settings.port}/"
        console.print(f"serving on {address}  (API docs at /docs)")
        processes = workers or settings.workers
        with _serving(settings, address):
            if processes == 1:
                uvicorn.run(
                    create_app(settings, store=store),
                    host=host or settings.host,
                    port=port or settings.port,
                    log_level="warning",
                )
            else:
                # Each process builds the app from the same settings (the environment) and opens its own store.
                from lineage.api.app import SUPERVISOR

                os.environ[SUPERVISOR] = str(os.getpid())
                uvicorn.run(
                    "lineage.api.app:create_app",
                    factory=True,
                    workers=processes,
                    host=host or settings.host,
                    port=port or settings.port,
                    log_level="warning",
                )


def _serving(settings: Settings, address: str) -> AbstractContextManager[None]:
    """Mark the embedded engine as used by this server, so that `lineage stop` does not pull it away."""
    if settings.engine != "falkordb":
        return nullcontext()
    from lineage.graph.falkordb_server import FalkorDBServer

    return FalkorDBServer(settings.data_dir, port=settings.engine_port).serving(address)


if __name__ == "__main__":
    app()
