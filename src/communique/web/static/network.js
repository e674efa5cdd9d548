// The actor network from /api/network, drawn with Cytoscape.js (vendored, served locally).
// Events colour an edge by their mean Goldstein score; stance-only edges by their balance.
function edgeColour(edge) {
  const score = edge.events ? edge.mean_goldstein : edge.stance_balance;
  if (score === 0) return "#90a4ae";
  return score > 0 ? "#2e7d32" : "#c62828";
}

fetch("/api/network")
  .then((response) => response.json())
  .then((network) => {
    const elements = [
      ...network.nodes.map((node) => ({ data: { id: node.id, label: node.name, size: 12 + 6 * Math.sqrt(node.articles) } })),
      ...network.edges.map((edge, index) => ({
        data: {
          id: `e${index}`, source: edge.source, target: edge.target,
          width: 1 + Math.log2(1 + edge.events + edge.stances), colour: edgeColour(edge),
          style: edge.events ? "solid" : "dashed",
        },
      })),
    ];
    const cy = cytoscape({
      container: document.getElementById("network"),
      elements,
      style: [
        { selector: "node", style: { label: "data(label)", width: "data(size)", height: "data(size)", "font-size": 10, "background-color": "#5c6bc0" } },
        { selector: "edge", style: { width: "data(width)", "line-color": "data(colour)", "line-style": "data(style)", "target-arrow-color": "data(colour)", "target-arrow-shape": "triangle", "curve-style": "bezier" } },
      ],
      layout: { name: "cose", animate: false },
    });
    cy.on("tap", "node", (event) => { window.location.href = `/actors/${encodeURIComponent(event.target.id())}`; });
    document.getElementById("network-summary").textContent = `${network.nodes.length} actors, ${network.edges.length} relations`;
    window.communiqueNetwork = cy;
  });
