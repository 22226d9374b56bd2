/* Draws the supervision charts with Apache ECharts (vendor/echarts.min.js, served from the
 * site's own static files). The data comes from the page's json_script element
 * #supervision-charts: [{id, type: line|bar|pie, title, categories, series: [{name, data,
 * links}]}]. Clicking a point opens its drill-down list (the same link as the table's
 * figure beside the chart). Without JavaScript the tables show everything. */
(function () {
  "use strict";

  // Colours told apart by everyone, each dark enough to read against white (no pale
  // yellow-green line): blue, orange, dark teal, purple, brown, grey.
  var PALETTE = ["#2f6db5", "#d4661c", "#1b7f6e", "#7a4fa3", "#8c5a2b", "#5b6470"];

  function option(spec, el) {
    var narrow = el.clientWidth < 480;
    var base = {
      color: PALETTE,
      // The section's heading names the chart (and its aria-label): no title inside it.
      tooltip: { trigger: spec.type === "pie" ? "item" : "axis" },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      animation: false,
    };
    if (spec.type === "pie") {
      base.series = [{
        type: "pie",
        radius: ["35%", "65%"],
        top: 28,
        // On a phone the names beside the ring would be cut to "…": the legend names the
        // parts, the ring shows each figure.
        label: narrow
          ? { position: "inside", color: "#fff", fontWeight: 600,
              formatter: function (p) { return p.value ? String(p.value) : ""; } }
          : { formatter: function (p) { return p.value ? p.name + ": " + p.value : ""; } },
        labelLine: { show: !narrow },
        name: spec.series[0].name,
        data: spec.categories.map(function (c, i) { return { name: c, value: spec.series[0].data[i] }; }),
      }];
      return base;
    }
    // Long names (agencies) break over lines rather than run into each other.
    // Months (many short labels) are thinned out instead.
    // On a phone, a few long names (agencies) read better as horizontal bars, each name
    // on its own lines at the left.
    var horizontal = spec.horizontal || (narrow && spec.categories.length <= 6 &&
      spec.categories.some(function (c) { return c.length > 6; }));
    var labels = horizontal ? { width: narrow ? 84 : 110, overflow: "break" }
      : spec.categories.length > 6 ? { hideOverlap: true }
      : { interval: 0, overflow: "break", hideOverlap: true,
          width: Math.max(40, Math.floor((el.clientWidth - 60) / spec.categories.length) - 8) };
    var category = { type: "category", data: spec.categories, axisLabel: labels };
    var value = { type: "value", minInterval: 1 };
    base.xAxis = horizontal ? value : category;
    base.yAxis = horizontal ? Object.assign({}, category, { inverse: true }) : value;
    base.series = spec.series.map(function (s) {
      return { type: spec.type, name: s.name, data: s.data, cursor: "pointer", smooth: false };
    });
    return base;
  }

  function draw() {
    var source = document.getElementById("supervision-charts");
    if (!source || !window.echarts) { return; }
    var specs = JSON.parse(source.textContent);
    specs.forEach(function (spec) {
      var el = document.getElementById(spec.id);
      if (!el) { return; }
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption(option(spec, el));
      chart.on("click", function (p) {
        var series = spec.type === "pie" ? spec.series[0] : spec.series[p.seriesIndex];
        var url = series && series.links && series.links[p.dataIndex];
        if (url) { window.location.href = url; }
      });
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
