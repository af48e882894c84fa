// Draws a graph page. The nodes and edges travel as JSON in a <script type="application/json">
// block, never as script text, so a document's own words can never run here; vis-network sets
// tooltip strings as text (innerText), labels are drawn on the canvas, and the side panel is
// filled with textContent only.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const en = data.lang === "en";
  const MIN_SCALE = 13 / data.font; // labels at least 13 px on screen
  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const options = {
    physics: { enabled: false },
    layout: { hierarchical: false },
    interaction: { hover: true, tooltipDelay: 150, navigationButtons: false },
    // Edges leave and reach a node vertically: between two lines no node stands in their way, and an
    // edge that spans several lines bends on each (the server adds the bends), so none runs through a node.
    edges: { smooth: { enabled: true, type: "cubicBezier", forceDirection: "vertical", roundness: 0.6 }, font: { size: 9 } },
    nodes: { widthConstraint: { maximum: 170 }, size: 12 },
    groups: { bend: { shape: "dot", size: 1, label: " ", chosen: false, physics: false, color: "#95a5a6" } },
  };
  const network = new vis.Network(document.getElementById("network"), { nodes, edges }, options);
  window.network = network;

  // The opening view: everything if it fits with labels readable, else readable and centred on what
  // the page is about (the traced task, the document, what needs review), then the top row.
  function focusNode() {
    const real = data.nodes.filter((n) => n.kind !== "bend");
    const hot = real.filter((n) => n.borderWidth === 4);
    if (hot.length) return hot[0].id;
    const top = real.slice().sort((a, b) => a.y - b.y || Math.abs(a.x) - Math.abs(b.x));
    return top.length ? top[0].id : null;
  }
  // Along one axis: the view's centre that shows the most of [lo, hi] while keeping `at` in view.
  function centre(at, lo, hi, half, margin) {
    if (hi - lo <= 2 * (half - margin)) return (lo + hi) / 2;
    const c = Math.min(Math.max(at, lo + half - margin), hi - half + margin);
    return Math.min(Math.max(c, at - half + margin), at + half - margin);
  }
  network.once("afterDrawing", () => {
    if (network.getScale() < MIN_SCALE) {
      const key = focusNode();
      const all = network.getPositions(data.nodes.filter((n) => n.kind !== "bend").map((n) => n.id));
      const xs = Object.values(all).map((p) => p.x), ys = Object.values(all).map((p) => p.y);
      const at = key ? all[key] : { x: 0, y: 0 };
      const box = document.getElementById("network");
      const halfW = box.clientWidth / 2 / MIN_SCALE, halfH = box.clientHeight / 2 / MIN_SCALE;
      const position = {
        x: centre(at.x, Math.min(...xs), Math.max(...xs), halfW, 120),
        y: centre(at.y, Math.min(...ys), Math.max(...ys), halfH, 60),
      };
      network.moveTo({ position, scale: MIN_SCALE, animation: false });
    }
    network.redraw();
    document.body.dataset.drawn = "1";
  });

  // Click: the node's details and the evidence of its edges, in the side panel.
  const panel = document.getElementById("panel");
  function line(tag, text, cls) {
    const el = document.createElement(tag);
    el.textContent = text;
    if (cls) el.className = cls;
    return el;
  }
  function show(key) {
    const node = nodes.get(key);
    if (!node || !panel) return;
    panel.replaceChildren(line("h3", node.label), line("div", node.title || "", "details"));
    // An edge that bends is drawn in pieces: each carries the edge's own ends and evidence.
    const seen = new Set();
    const own = edges.get({ filter: (e) => e.real_from === key || e.real_to === key })
      .filter((e) => !seen.has(e.edge) && seen.add(e.edge));
    if (own.length) panel.appendChild(line("h4", en ? "Relations and evidence" : "Quan hệ và căn cứ trích dẫn"));
    for (const e of own) {
      const other = nodes.get(e.real_from === key ? e.real_to : e.real_from);
      const item = document.createElement("div");
      item.className = "edge";
      const [rel, ...sentence] = (e.title || "").split("\n");
      item.appendChild(line("b", (e.real_from === key ? "→ " : "← ") + rel + " " + (other ? other.label : "")));
      if (sentence.length) item.appendChild(line("blockquote", sentence.join("\n")));
      panel.appendChild(item);
    }
    if (!key.startsWith("group:") && !key.includes("#") && data.expand) {
      const a = line("a", en ? "Open the document's page" : "Mở trang văn bản");
      a.href = "/doc/" + encodeURIComponent(key) + (en ? "?lang=en" : "");
      a.target = "_top";
      if (node.kind && node.kind.startsWith("doc")) panel.appendChild(a);
    }
    panel.dataset.key = key;
  }

  // Whether the page already draws this relation between these two nodes.
  function has(e) {
    return edges.get({ filter: (x) => x.real_from === e.real_from && x.real_to === e.real_to && x.rel === e.rel && x.role === e.role }).length > 0;
  }

  // A group node ("42 nhiệm vụ") opens into its tasks, laid out in a grid under it.
  function unfold(key) {
    const group = data.groups[key];
    if (!group) return false;
    const at = network.getPositions([key])[key];
    const cols = 4;
    const fresh = group.nodes
      .filter((n) => !nodes.get(n.id))
      .map((n, i) => Object.assign({}, n, {
        x: at.x + ((i % cols) - (cols - 1) / 2) * 190,
        y: at.y + 80 + Math.floor(i / cols) * 70,
      }));
    nodes.add(fresh);
    const known = (id) => nodes.get(id) !== null;
    edges.add(group.edges.filter((e) => known(e.from) && known(e.to) && !has(e)));
    // The group's own edges go, with the bends they were drawn through.
    const gone = edges.get({ filter: (e) => e.real_from === key || e.real_to === key });
    edges.remove(gone.map((e) => e.id));
    nodes.remove(gone.flatMap((e) => [e.from, e.to]).filter((id) => String(id).startsWith("bend:")));
    nodes.remove(key);
    delete data.groups[key];
    document.body.dataset.unfolded = String(Number(document.body.dataset.unfolded || 0) + 1);
    return true;
  }

  // Double-click: the node's neighbours from the server, added around it (inside an iframe too).
  async function expand(key) {
    if (!data.expand || key.startsWith("group:")) return;
    const reply = await fetch(data.expand + "?key=" + encodeURIComponent(key) + (en ? "&lang=en" : ""));
    if (!reply.ok) return;
    const more = await reply.json();
    const here = network.getPositions([key])[key];
    const there = more.nodes.find((n) => n.id === key);
    const dx = here.x - (there ? there.x : 0), dy = here.y - (there ? there.y : 0);
    const fresh = more.nodes.filter((n) => !nodes.get(n.id)).map((n) => Object.assign({}, n, { x: n.x + dx, y: n.y + dy }));
    nodes.add(fresh);
    Object.assign(data.groups, more.groups);
    edges.add(more.edges.filter((e) => nodes.get(e.from) && nodes.get(e.to) && !has(e)));
    document.body.dataset.expanded = String(Number(document.body.dataset.expanded || 0) + fresh.length);
  }

  network.on("click", (params) => {
    if (!params.nodes.length) return;
    const key = params.nodes[0];
    if (String(key).startsWith("bend:") || unfold(key)) return;
    show(key);
  });
  network.on("doubleClick", (params) => {
    if (params.nodes.length && !String(params.nodes[0]).startsWith("bend:")) expand(params.nodes[0]);
  });
})();
