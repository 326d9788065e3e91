// Draws every chart on the page from its JSON (a json_script element named by data-chart).
// Maps take their (empty) base map from our own origin: see docs/decisions/0003-the-map.md.
const topojsonURL = new URL("../geo/topojson/", import.meta.url).href;
for (const plot of document.querySelectorAll("[data-chart]")) {
  const data = document.getElementById(plot.dataset.chart);
  if (data && window.Plotly) {
    const figure = JSON.parse(data.textContent);
    window.Plotly.newPlot(plot, figure.data, figure.layout, {
      responsive: true,
      displayModeBar: false,
      topojsonURL,
    });
  }
}
