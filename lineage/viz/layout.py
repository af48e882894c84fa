"""Where each node of a graph page sits, decided on the server (physics stays off).

Lines by administrative rank, top down; a node pointing at another of its rank sits a line below
it. An edge spanning several lines bends on each line between, in a slot of its own, so no edge
runs through a node (a layered drawing, as Sugiyama's); lines are ordered and spaced under their
neighbours. A document's many tasks fold into one node ("42 nhiệm vụ") that the page unfolds.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from lineage.queries.subgraph import GEdge, GNode, Subgraph

FOLD_FROM = 4  # a document's tasks fold into one node from this many
Y_GAP = 170  # between the lines of two ranks
SUB_GAP = 150  # between two lines of one rank (the lower line under the labels of the upper)
GAP = 36  # between two slots of a line
BEND_WIDTH = 14  # the slot an edge takes on a line it crosses
GROUP = "TaskGroup"


@dataclass
class Folded:
    """The tasks one group node stands for, with their edges, for the page to unfold."""

    nodes: list[GNode] = field(default_factory=list)
    edges: list[GEdge] = field(default_factory=list)


def fold_tasks(sub: Subgraph, keep: frozenset[str]) -> tuple[Subgraph, dict[str, Folded]]:
    """`sub` with each document's tasks (from `FOLD_FROM` of them) in one node, except the tasks in
    `keep` (a traced task stays itself); the edges of folded tasks join on the group node, once per
    relation and role."""
    by_doc: dict[str, list[GNode]] = {}
    for n in sub.nodes:
        if n.label == "Task" and n.key not in keep:
            by_doc.setdefault(str(n.props.get("doc_key") or n.key.split("#", 1)[0]), []).append(n)
    group_of: dict[str, str] = {}
    folded: dict[str, Folded] = {}
    nodes = [n for n in sub.nodes if n.label != "Task" or n.key in keep]
    for doc, tasks in sorted(by_doc.items()):
        if len(tasks) < FOLD_FROM:
            nodes += tasks
            continue
        key = f"group:{doc}"
        folded[key] = Folded(nodes=tasks)
        nodes.append(GNode(key=key, label=GROUP, props={"count": len(tasks), "doc_key": doc}))
        group_of.update(dict.fromkeys((t.key for t in tasks), key))
    edges: dict[tuple[str, str, str, str], GEdge] = {}
    counts: dict[tuple[str, str, str, str], int] = {}
    for e in sub.edges:
        src, dst = group_of.get(e.src, e.src), group_of.get(e.dst, e.dst)
        if src in folded or dst in folded:
            folded[src if src in folded else dst].edges.append(e)
        if src == dst:
            continue  # a sub-task's PART_OF inside its own group
        k = (src, dst, e.rel, e.role or "")
        counts[k] = counts.get(k, 0) + 1
        if k not in edges:
            edges[k] = e.model_copy(update={"src": src, "dst": dst}) if (src, dst) != (e.src, e.dst) else e
    for k, e in edges.items():
        if counts[k] > 1 and (k[0] in folded or k[1] in folded):
            edges[k] = e.model_copy(update={"sentence": f"({counts[k]}) {e.sentence or ''}".strip()})
    return Subgraph(nodes=nodes, edges=list(edges.values()), left_out=sub.left_out), folded


@dataclass
class Layout:
    """Where the nodes sit, and the bends of each edge that spans more than one line (by its
    index in the edge list), top to bottom order of the lines it crosses."""

    pos: dict[str, tuple[float, float]]
    bends: dict[int, list[tuple[float, float]]]


def place(
    nodes: list[GNode],
    edges: list[GEdge],
    *,
    rank: Callable[[GNode], int],
    size: Callable[[GNode], tuple[float, float]],
) -> Layout:
    """A layered drawing: lines top-down by `rank` (and, within a rank, below what a node points
    at); an edge that spans several lines bends once on each line between, in a slot of its own,
    so it never runs through a node; each line ordered under its neighbours (barycentres, swept
    down and up), then spaced by `size` (a node's drawn box) and pulled under its neighbours."""
    layer_of = _layers(nodes, edges, rank)
    line_keys = sorted(set(layer_of.values()))
    index = {layer: i for i, layer in enumerate(line_keys)}
    line_of = {k: index[layer] for k, layer in layer_of.items()}
    lines: list[list[str]] = [[] for _ in line_keys]
    for n in sorted(nodes, key=lambda n: (n.label, n.key)):
        lines[line_of[n.key]].append(n.key)
    width = {n.key: size(n)[0] for n in nodes}
    # Long edges get a bend on every line they cross: chains of points, each a slot in its line.
    links: list[tuple[str, str]] = []
    chains: dict[int, list[str]] = {}
    for i, e in enumerate(edges):
        if e.src not in line_of or e.dst not in line_of or e.src == e.dst:
            continue
        a, b = line_of[e.src], line_of[e.dst]
        step = 1 if b > a else -1
        chain = [e.src]
        for line in range(a + step, b, step):
            bend = f"\x00bend:{i}:{line}"
            lines[line].append(bend)
            line_of[bend] = line
            width[bend] = BEND_WIDTH
            chain.append(bend)
        chain.append(e.dst)
        chains[i] = chain
        links += list(zip(chain, chain[1:], strict=False))
    near: dict[str, list[str]] = {}
    for one, other in links:
        near.setdefault(one, []).append(other)
        near.setdefault(other, []).append(one)
    _order(lines, near)
    x = _spread(lines, near, width)
    ys = []
    y = 0.0
    for i, layer in enumerate(line_keys):
        if i:
            y += Y_GAP if layer[0] != line_keys[i - 1][0] else SUB_GAP
        ys.append(y)
    pos = {k: (x[k], ys[line_of[k]]) for k in x}
    bends = {i: [pos[k] for k in chain[1:-1]] for i, chain in chains.items() if len(chain) > 2}
    return Layout(pos={n.key: pos[n.key] for n in nodes}, bends=bends)


def _order(lines: list[list[str]], near: dict[str, list[str]], sweeps: int = 4) -> None:
    """Order each line by the mean position of its neighbours on the line before (down, then up)."""
    for sweep in range(sweeps):
        down = sweep % 2 == 0
        seq = range(1, len(lines)) if down else range(len(lines) - 2, -1, -1)
        for i in seq:
            ref = lines[i - 1] if down else lines[i + 1]
            at = {k: j for j, k in enumerate(ref)}
            was = {k: j for j, k in enumerate(lines[i])}

            def centre(k: str, at: dict[str, int] = at, was: dict[str, int] = was) -> float:
                js = [at[m] for m in near.get(k, []) if m in at]
                return sum(js) / len(js) if js else was[k]

            lines[i].sort(key=centre)


def _spread(lines: list[list[str]], near: dict[str, list[str]], width: dict[str, float]) -> dict[str, float]:
    """x of every slot: each line packed in its order, then, line by line down and up, each slot
    pulled towards its neighbours' mean without passing the slots beside it."""
    x: dict[str, float] = {}
    for line in lines:
        total = sum(width[k] + GAP for k in line)
        at = -total / 2
        for k in line:
            x[k] = at + width[k] / 2
            at += width[k] + GAP
    for sweep in range(4):
        seq = range(len(lines)) if sweep % 2 == 0 else range(len(lines) - 1, -1, -1)
        for i in seq:
            line = lines[i]
            want = {}
            for k in line:
                xs = [x[m] for m in near.get(k, []) if m in x]
                want[k] = sum(xs) / len(xs) if xs else x[k]
            # Left to right, as near its wish as the slot before allows; then right to left.
            for j, k in enumerate(line):
                lo = x[line[j - 1]] + (width[line[j - 1]] + width[k]) / 2 + GAP if j else -math.inf
                x[k] = max(lo, want[k])
            for j in range(len(line) - 2, -1, -1):
                k, nxt = line[j], line[j + 1]
                hi = x[nxt] - (width[nxt] + width[k]) / 2 - GAP
                x[k] = min(x[k], hi)
    return x


def _layers(nodes: list[GNode], edges: list[GEdge], rank: Callable[[GNode], int]) -> dict[str, tuple[int, int]]:
    """(rank, depth) of every node: a node whose edge points at another of its rank (a plan carrying
    out the Party plan of its province) sits a line below it, so no edge runs along a row."""
    ranks = {n.key: rank(n) for n in nodes}
    same = [(e.src, e.dst) for e in edges if e.src in ranks and ranks.get(e.dst) == ranks[e.src] and e.src != e.dst]
    depth = dict.fromkeys(ranks, 0)
    for _ in range(4):  # at most this many lines a rank; a cycle stops here too
        changed = False
        for src, dst in same:
            if depth[src] < depth[dst] + 1 <= 4:
                depth[src] = depth[dst] + 1
                changed = True
        if not changed:
            break
    return {k: (r, depth[k]) for k, r in ranks.items()}
