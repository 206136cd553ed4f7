(function () {
  "use strict";
  // Everything shown from the data goes through textContent or canvas text, never innerHTML.
  var statusBox = document.getElementById("search-status");
  var input = document.getElementById("search");
  var list = document.getElementById("agency-names");
  var hiddenSectors = {};
  var hiddenKinds = {};
  var hiddenLayers = {};

  // a node's full name: labels may be wrapped onto two lines or shortened with "…"
  function nameOf(node) { return node.name || node.label; }

  nodes.forEach(function (node) {
    var option = document.createElement("option");
    option.value = nameOf(node);
    list.appendChild(option);
  });

  // full-width and half-width letters match (ＮＰＯ = NPO), as a Japanese keyboard may type either
  function fold(text) { return String(text).normalize("NFKC").replace(/\s+/g, "").toLowerCase(); }

  function findAgency(text) {
    var query = fold(text);
    if (!query) { return null; }
    var exact = nodes.get({filter: function (n) { return fold(nameOf(n)) === query || fold(n.id) === query; }});
    if (exact.length) { return exact[0]; }
    var partial = nodes.get({filter: function (n) { return fold(nameOf(n)).indexOf(query) >= 0; }});
    return partial.length ? partial[0] : null;
  }

  // the agency found, its partners at full strength and everybody else faded, until the next search or click
  var faded = false;
  function highlight(id) {
    var keep = {};
    keep[id] = true;
    // its ties as drawn now (lines hidden by the legend's switches do not count)
    network.getConnectedEdges(id).forEach(function (edgeId) {
      var edge = edges.get(edgeId);
      if (edge && !edge.hidden) { keep[edge.from] = true; keep[edge.to] = true; }
    });
    nodes.update(nodes.map(function (n) { return {id: n.id, opacity: keep[n.id] ? 1 : 0.2}; }));
    faded = true;
  }
  function clearHighlight() {
    if (!faded) { return; }
    nodes.update(nodes.map(function (n) { return {id: n.id, opacity: 1}; }));
    faded = false;
  }
  network.on("click", function (params) { if (!params.nodes.length) { clearHighlight(); } });

  function search() {
    var node = findAgency(input.value);
    statusBox.textContent = "";
    if (!node) {
      network.unselectAll();
      clearHighlight();
      if (input.value.trim()) { statusBox.textContent = {{ page.texts.not_found | tojson }}; }
      return;
    }
    if (node.hidden) {
      hiddenSectors[node.sector] = false;
      applyFilters();
      syncSectorBoxes();
    }
    network.selectNodes([node.id], true);
    highlight(node.id);
    // zoom until its name reads at full size (the label font is 19 px at scale 1)
    network.focus(node.id, {scale: Math.max(network.getScale(), 1.0), animation: false});
    statusBox.textContent = "";
  }
  input.addEventListener("change", search);
  input.addEventListener("keydown", function (event) { if (event.key === "Enter") { search(); } });

  function applyFilters() {
    var nodeUpdates = nodes.map(function (n) {
      return {id: n.id, hidden: Boolean(hiddenSectors[n.sector])};
    });
    nodes.update(nodeUpdates);
    var edgeUpdates = edges.map(function (e) {
      return {id: e.id, hidden: Boolean(hiddenKinds[e.kind]) || Boolean(hiddenLayers[e.layer])};
    });
    edges.update(edgeUpdates);
  }

  function syncSectorBoxes() {
    document.querySelectorAll("#legend-sectors input").forEach(function (box) {
      box.checked = !hiddenSectors[box.getAttribute("data-sector")];
    });
  }

  document.querySelectorAll("#legend-sectors input").forEach(function (box) {
    box.addEventListener("change", function () {
      var sector = box.getAttribute("data-sector");
      hiddenSectors[sector] = !box.checked;
      applyFilters();
    });
  });
  document.querySelectorAll("#legend-links input").forEach(function (box) {
    // lines that only say two agencies have met start unticked (and hidden in the data)
    hiddenKinds[box.getAttribute("data-kind")] = !box.checked;
    box.addEventListener("change", function () {
      hiddenKinds[box.getAttribute("data-kind")] = !box.checked;
      applyFilters();
    });
  });

  document.querySelectorAll("#legend-layers input").forEach(function (box) {
    hiddenLayers[box.getAttribute("data-layer")] = !box.checked;
    box.addEventListener("change", function () {
      hiddenLayers[box.getAttribute("data-layer")] = !box.checked;
      applyFilters();
    });
  });

  if (PAGE.extras && PAGE.extras.band) {
    // the band of agencies with no working tie in any round, with its title
    var band = PAGE.extras.band;
    network.on("beforeDrawing", function (ctx) {
      ctx.fillStyle = "#f4f4f0";
      ctx.strokeStyle = "#c8c8c0";
      ctx.lineWidth = 1;
      ctx.fillRect(band.left, band.top, band.right - band.left, band.bottom - band.top);
      ctx.strokeRect(band.left, band.top, band.right - band.left, band.bottom - band.top);
      ctx.fillStyle = "#444";
      ctx.font = "bold 18px " + {{ font_face | tojson }};
      ctx.textAlign = "left";
      ctx.textBaseline = "top";
      ctx.fillText(band.title, band.left + 10, band.top + 10);
    });
  }

  if (PAGE.extras && PAGE.extras.drill) {
    // open an area into its agencies and their working partners outside it, and back (render/views/drill.py)
    var drill = PAGE.extras.drill;
    var chooser = document.getElementById("open-area");
    var backButton = document.getElementById("drill-back");
    var areaTitle = document.getElementById("drill-area");
    var areaNodes = nodes.get(), areaEdges = edges.get();
    drill.area_names.forEach(function (name, k) {
      var option = document.createElement("option");
      option.value = String(k);
      option.textContent = name;
      chooser.appendChild(option);
    });
    var openArea = function (k) {
      var area = drill.areas[k];
      var ids = area.members.concat(area.partners);
      nodes.clear();
      edges.clear();
      nodes.add(ids.map(function (agency, i) {
        var outside = i >= area.members.length;
        return {id: "agency:" + agency, label: drill.labels[agency], name: drill.names[agency],
                title: drill.names[agency] + (outside ? "\n" + drill.area_names[drill.area[agency]] + " (" + drill.texts.outside + ")" : ""),
                x: area.xy[i][0], y: area.xy[i][1], shape: outside ? "square" : "dot", size: outside ? drill.size * 0.8 : drill.size,
                color: {background: drill.colours[agency], border: outside ? "#999999" : "#333333"},
                opacity: outside ? 0.8 : 1, sector: "", outside: outside};
      }));
      edges.add(area.ties.map(function (tie, j) {
        return {id: "tie:" + j, from: "agency:" + ids[tie[0]], to: "agency:" + ids[tie[1]], kind: "working",
                width: 1 + Math.log(1 + tie[2]), smooth: false, color: {color: "#1f4e9c", opacity: 0.6}};
      }));
      areaTitle.textContent = drill.area_names[k] + " (" + area.members.length + ")" +
        (area.more ? " · " + drill.texts.more.replace("{n}", String(area.more)) : "");
      areaTitle.hidden = false;
      backButton.hidden = false;
      chooser.value = String(k);
      network.fit({animation: false});
    };
    var closeArea = function () {
      nodes.clear();
      edges.clear();
      nodes.add(areaNodes);
      edges.add(areaEdges);
      areaTitle.hidden = true;
      backButton.hidden = true;
      chooser.value = "";
      network.fit({animation: false});
    };
    chooser.addEventListener("change", function () { if (chooser.value === "") { closeArea(); } else { openArea(Number(chooser.value)); } });
    backButton.addEventListener("click", closeArea);
    network.on("doubleClick", function (params) {
      var id = params.nodes.length ? String(params.nodes[0]) : "";
      if (id.indexOf("area:") === 0) { openArea(drill.area_names.indexOf(id.slice(5))); }
    });
    window.hikinetOpenArea = openArea;
  }

  if (PAGE.view === "ages") {
    var x = PAGE.extras;
    var kindColour = {coverage: "#d62728", handover: "#ff7f0e", weak_handover: "#d4a017", uncovered: "#d62728"};
    network.on("beforeDrawing", function (ctx) {
      var left = -4 * x.age_px, right = x.axis_max * x.age_px;
      x.lanes.forEach(function (lane, i) {
        ctx.fillStyle = i % 2 ? "#f7f7f7" : "#fdfdfd";
        ctx.fillRect(left - 140, lane.top - 8, right - left + 160, lane.height + 16);
        ctx.fillStyle = lane.colour;
        ctx.fillRect(left - 140, lane.top - 8, 6, lane.height + 16);
        ctx.fillStyle = "#222";
        ctx.font = "bold 18px " + {{ font_face | tojson }};
        ctx.textAlign = "left";
        ctx.textBaseline = "middle";
        ctx.fillText(lane.sector, left - 128, lane.top + lane.height / 2);
      });
      x.markers.forEach(function (m) {
        if (m.kind !== "uncovered") { return; }
        ctx.fillStyle = "rgba(214, 39, 40, 0.10)";
        ctx.fillRect(m.x, -70, m.x2 - m.x, x.bottom + 70);
      });
      // age axis
      ctx.strokeStyle = "#444";
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(0, x.bottom);
      ctx.lineTo(right, x.bottom);
      ctx.stroke();
      ctx.fillStyle = "#333";
      ctx.font = "16px " + {{ font_face | tojson }};
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      x.ticks.forEach(function (age) {
        var px = age * x.age_px;
        ctx.beginPath();
        ctx.moveTo(px, x.bottom);
        ctx.lineTo(px, x.bottom + 6);
        ctx.stroke();
        ctx.fillText(String(age), px, x.bottom + 8);
      });
      ctx.textAlign = "left";
      ctx.fillText(" " + {{ page.texts.age_axis | tojson }}, right + 12, x.bottom + 8);
    });
    network.on("afterDrawing", function (ctx) {
      // names too long for their box, beside it
      ctx.font = "17px " + {{ font_face | tojson }};
      ctx.textAlign = "left";
      ctx.textBaseline = "middle";
      ctx.fillStyle = "#111";
      ctx.strokeStyle = "#fff";
      ctx.lineWidth = 4;
      (x.beside || []).forEach(function (b) { ctx.strokeText(b.text, b.x, b.y); ctx.fillText(b.text, b.x, b.y); });
    });
    network.on("afterDrawing", function (ctx) {
      // labels go in the first row where they overlap no earlier label
      var rowsEnd = [];
      ctx.font = "bold 17px " + {{ font_face | tojson }};
      x.markers.forEach(function (m) {
        var colour = kindColour[m.kind] || "#d62728";
        var width = ctx.measureText(m.label).width + 12;
        var row = 0;
        while (row < rowsEnd.length && rowsEnd[row] > m.x) { row++; }
        rowsEnd[row] = m.x + width;
        ctx.fillStyle = colour;
        ctx.textBaseline = "bottom";
        ctx.textAlign = "left";
        if (m.kind === "uncovered") {
          ctx.fillText(m.label, m.x + 4, -46 - 22 * row);
          return;
        }
        ctx.strokeStyle = colour;
        ctx.lineWidth = 3;
        ctx.setLineDash([8, 6]);
        ctx.beginPath();
        ctx.moveTo(m.x, -40);
        ctx.lineTo(m.x, x.bottom);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.fillText(m.label, m.x + 4, -46 - 22 * row);
      });
    });
  }
  function fitBox(left, top, right, bottom) {
    var scale = 0.97 * Math.min(container.clientWidth / (right - left), container.clientHeight / (bottom - top));
    network.moveTo({position: {x: (left + right) / 2, y: (top + bottom) / 2}, scale: scale, animation: false});
  }
  function fitAll() {
    if (PAGE.view !== "ages" && !(PAGE.extras && PAGE.extras.band)) { network.fit({animation: false}); return; }
    if (PAGE.view !== "ages") {
      // every agency's box and the band drawn around the agencies with no working tie
      var box = {left: PAGE.extras.band.left, top: PAGE.extras.band.top, right: PAGE.extras.band.right,
                 bottom: PAGE.extras.band.bottom};
      nodes.getIds().forEach(function (id) {
        var b = network.getBoundingBox(id);
        box.left = Math.min(box.left, b.left); box.right = Math.max(box.right, b.right);
        box.top = Math.min(box.top, b.top); box.bottom = Math.max(box.bottom, b.bottom);
      });
      fitBox(box.left, box.top, box.right, box.bottom);
      return;
    }
    // the age view's lanes, axis and marker labels lie outside the boxes: fit them too
    var x = PAGE.extras;
    var left = -4 * x.age_px - 150, right = Math.max(x.axis_max * x.age_px, x.right || 0) + 40;
    var top = -70 - 22 * Math.max(1, x.markers.length), bottom = x.bottom + 40;
    var byWidth = 0.97 * container.clientWidth / (right - left);
    if (byWidth * (bottom - top) <= container.clientHeight * 1.5) { fitBox(left, top, right, bottom); return; }
    // many lanes: fit the ages to the width and start at the top (drag or scroll down for the rest),
    // rather than shrink every name to a dot
    network.moveTo({position: {x: (left + right) / 2, y: top + container.clientHeight / 2 / byWidth},
                    scale: byWidth, animation: false});
  }
  document.getElementById("fit").addEventListener("click", fitAll);
  network.once("afterDrawing", function () { window.hikinetFirstFrame = performance.now(); fitAll(); });
  // printing resizes the page: redraw the canvas at the printed size, then restore
  window.addEventListener("beforeprint", function () { network.setSize("100%", "140mm"); network.redraw(); fitAll(); });
  window.addEventListener("afterprint", function () { network.setSize("100%", "100%"); network.redraw(); fitAll(); });
  window.hikinetReady = true;
})();
