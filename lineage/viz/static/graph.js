// Draws a graph page. The nodes and edges travel as JSON in a <script type="application/json">
// block, never as script text, so a document's own words can never run here; vis-network sets
// tooltip strings as text (innerText), and labels are drawn on the canvas.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const options = {
    physics: { enabled: false },
    layout: { hierarchical: false },
    interaction: { hover: true, tooltipDelay: 150, navigationButtons: false },
    edges: { smooth: false, font: { size: 9 } },
    nodes: { widthConstraint: { maximum: 170 } },
  };
  window.network = new vis.Network(document.getElementById("network"), { nodes, edges }, options);
  window.network.once("afterDrawing", () => { document.body.dataset.drawn = "1"; });
  window.network.on("doubleClick", (params) => {
    if (params.nodes.length && window.parent === window) {
      const key = params.nodes[0];
      if (!key.includes("#")) { window.location.href = "/doc/" + encodeURIComponent(key); }
    }
  });
})();
