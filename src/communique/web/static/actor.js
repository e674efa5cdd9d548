// Draws the stance timeline from the figure the server put in the page (Plotly, served locally).
const figure = JSON.parse(document.getElementById("stance-timeline-figure").textContent);
Plotly.newPlot("stance-timeline", figure.data, figure.layout, { displaylogo: false, responsive: true });
