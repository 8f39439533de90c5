/* comity dashboard: the signed actor network drawn as SVG.
 *
 * Layout: a small deterministic force layout (nodes start on a circle in id order, repel each
 * other, edges pull their ends together; cooperative edges pull harder than conflictual ones,
 * so friends sit close and rivals farther apart). Colours match comity's report and plots:
 * green cooperative, red conflictual, grey neutral edges; nodes coloured by bloc.
 */
"use strict";

const Network = (() => {
  const SIGN_COLOURS = { 1: "#1b7837", "-1": "#b2182b", 0: "#9a9a9a" };
  const BLOC_COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"];
  const WIDTH = 900;
  const HEIGHT = 600;
  const MARGIN = 48;
  const ITERATIONS = 300;
  const MIN_GAP = 38;

  function signOf(edge) {
    const sign = Number(edge.sign);
    if (sign === 1 || sign === -1 || sign === 0) return sign;
    const score = Number(edge.score);
    return score > 0 ? 1 : score < 0 ? -1 : 0;
  }

  function blocColour(bloc) {
    const n = Number(bloc);
    return Number.isInteger(n) && n >= 0 ? BLOC_COLOURS[n % BLOC_COLOURS.length] : "#7f7f7f";
  }

  /** Connected components, largest first (ties by first id), each a sorted list of ids. */
  function components(ids, links) {
    const neighbours = new Map(ids.map((id) => [id, []]));
    for (const [a, b] of links) {
      neighbours.get(a).push(b);
      neighbours.get(b).push(a);
    }
    const seen = new Set();
    const out = [];
    for (const id of ids) {
      if (seen.has(id)) continue;
      const group = [];
      const stack = [id];
      seen.add(id);
      while (stack.length) {
        const current = stack.pop();
        group.push(current);
        for (const next of neighbours.get(current)) {
          if (!seen.has(next)) { seen.add(next); stack.push(next); }
        }
      }
      out.push(group.sort());
    }
    return out.sort((x, y) => y.length - x.length || (x[0] < y[0] ? -1 : 1));
  }

  /** Fruchterman-Reingold on one component, ideal edge length `k`; positions around (0, 0). */
  function forceLayout(ids, links, k) {
    const count = ids.length;
    const pos = new Map();
    const radius = k * Math.sqrt(count) * 0.6;
    ids.forEach((id, i) => {
      const angle = (2 * Math.PI * i) / count;
      pos.set(id, [radius * Math.cos(angle), radius * Math.sin(angle)]);
    });
    if (count === 1) return pos;
    const inside = new Set(ids);
    const own = links.filter(([a, b]) => inside.has(a) && inside.has(b));
    for (let iter = 0; iter < ITERATIONS; iter++) {
      const temperature = radius * 0.25 * (1 - iter / ITERATIONS) + k * 0.01;
      const shift = new Map(ids.map((id) => [id, [0, 0]]));
      for (let i = 0; i < count; i++) {
        for (let j = i + 1; j < count; j++) {
          const [x1, y1] = pos.get(ids[i]);
          const [x2, y2] = pos.get(ids[j]);
          let dx = x1 - x2;
          let dy = y1 - y2;
          let d = Math.hypot(dx, dy);
          if (d < 0.01) { dx = 0.01 * (j - i); dy = 0.01; d = Math.hypot(dx, dy); }
          const force = (1.4 * k * k) / d;
          const si = shift.get(ids[i]);
          const sj = shift.get(ids[j]);
          si[0] += (dx / d) * force; si[1] += (dy / d) * force;
          sj[0] -= (dx / d) * force; sj[1] -= (dy / d) * force;
        }
      }
      for (const [a, b, strength] of own) {
        const [x1, y1] = pos.get(a);
        const [x2, y2] = pos.get(b);
        const dx = x1 - x2;
        const dy = y1 - y2;
        const d = Math.max(Math.hypot(dx, dy), 0.01);
        // a spring with rest length k: hubs keep their neighbours at arm's length, not on top
        const force = (d - k * (strength > 0.5 ? 1 : 1.6)) * 0.3;
        const sa = shift.get(a);
        const sb = shift.get(b);
        sa[0] -= (dx / d) * force; sa[1] -= (dy / d) * force;
        sb[0] += (dx / d) * force; sb[1] += (dy / d) * force;
      }
      for (const id of ids) {
        const [x, y] = pos.get(id);
        const s = shift.get(id);
        s[0] -= x * 0.03; // weak gravity keeps leaves from flying off
        s[1] -= y * 0.03;
        const len = Math.max(Math.hypot(s[0], s[1]), 0.01);
        const step = Math.min(len, temperature);
        pos.set(id, [x + (s[0] / len) * step, y + (s[1] / len) * step]);
      }
    }
    return pos;
  }

  /** Push apart nodes closer than `min` (the force layout packs hubs tightly; labels need room). */
  function separate(ids, pos, min) {
    for (let pass = 0; pass < 60; pass++) {
      let moved = false;
      for (let i = 0; i < ids.length; i++) {
        for (let j = i + 1; j < ids.length; j++) {
          const p = pos.get(ids[i]);
          const q = pos.get(ids[j]);
          const dx = p[0] - q[0];
          const dy = p[1] - q[1];
          const d = Math.hypot(dx, dy) || 0.01;
          if (d >= min) continue;
          const push = (min - d) / 2;
          const ux = dx / d || 1;
          const uy = dy / d;
          pos.set(ids[i], [p[0] + ux * push, p[1] + uy * push]);
          pos.set(ids[j], [q[0] - ux * push, q[1] - uy * push]);
          moved = true;
        }
      }
      if (!moved) break;
    }
    return pos;
  }

  /**
   * Positions {id: [x, y]} in the WIDTH x HEIGHT box, deterministic for the same input. Each
   * connected component is laid out on its own, then the components are packed in rows,
   * largest first, so small groups do not squeeze the main one into a corner.
   */
  function layout(nodes, edges) {
    const ids = nodes.map((n) => String(n.id)).sort();
    const known = new Set(ids);
    const links = edges
      .map((e) => [String(e.source), String(e.target), signOf(e) > 0 ? 1.0 : 0.4]) // rivals sit farther apart
      .filter(([a, b]) => known.has(a) && known.has(b) && a !== b);
    const k = 60;
    const gap = k * 0.9;
    const boxes = components(ids, links).map((group) => {
      const pos = forceLayout(group, links, k);
      const xs = group.map((id) => pos.get(id)[0]);
      const ys = group.map((id) => pos.get(id)[1]);
      const minX = Math.min(...xs);
      const minY = Math.min(...ys);
      return { group, pos, minX, minY, w: Math.max(...xs) - minX, h: Math.max(...ys) - minY };
    });
    // shelf packing: rows no wider than the widest of (largest component, drawing ratio)
    const largest = boxes[0] || { w: 0, h: 0 };
    const rowWidth = Math.max(largest.w, (largest.h * WIDTH) / HEIGHT) + gap;
    const placed = new Map();
    let x = 0;
    let y = 0;
    let rowHeight = 0;
    for (const box of boxes) {
      if (x > 0 && x + box.w > rowWidth) {
        x = 0;
        y += rowHeight + gap;
        rowHeight = 0;
      }
      for (const id of box.group) {
        const [px, py] = box.pos.get(id);
        placed.set(id, [x + px - box.minX, y + py - box.minY]);
      }
      x += box.w + gap;
      rowHeight = Math.max(rowHeight, box.h);
    }
    // in drawing units: nodes at least MIN_GAP apart so labels stay readable, all inside the box
    const drawn = fit(placed);
    const order = [...drawn.keys()];
    for (let round = 0; round < 3; round++) {
      separate(order, drawn, MIN_GAP);
      for (const [id, [px, py]] of drawn) {
        drawn.set(id, [Math.min(WIDTH - MARGIN / 2, Math.max(MARGIN / 2, px)), Math.min(HEIGHT - MARGIN / 3, Math.max(MARGIN, py))]);
      }
    }
    return drawn;
  }

  /** Scale positions into the drawing box, keeping the aspect ratio, centred. */
  function fit(pos) {
    const out = new Map();
    if (pos.size === 0) return out;
    const xs = [...pos.values()].map((p) => p[0]);
    const ys = [...pos.values()].map((p) => p[1]);
    const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const scale = Math.min(
      (WIDTH - 2 * MARGIN) / ((maxX - minX) || 1),
      (HEIGHT - 2 * MARGIN) / ((maxY - minY) || 1),
      2.5, // a handful of actors should not be blown up to the whole box
    );
    const offX = (WIDTH - (maxX - minX) * scale) / 2;
    const offY = (HEIGHT - (maxY - minY) * scale) / 2;
    for (const [id, [x, y]] of pos) out.set(id, [offX + (x - minX) * scale, offY + (y - minY) * scale]);
    return out;
  }

  /** A short label for the drawing: codes stay, long names become initials ("European Union" -> "EU"). */
  function shortLabel(id) {
    if (id.length <= 12) return id;
    const words = id.split(/[\s-]+/).filter((w) => /^[A-Z]/.test(w));
    return words.length >= 2 ? words.map((w) => w[0]).join("") : `${id.slice(0, 11)}…`;
  }

  function activateOn(node, handler) {
    node.addEventListener("click", handler);
    node.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        handler(event);
      }
    });
  }

  /**
   * Draw `data` ({nodes, edges}) into `container`.
   * onEdge(edge) and onNode(node) are called when the user picks one.
   */
  function draw(container, data, { onEdge, onNode }) {
    const { el, svg, clear } = Render;
    clear(container);
    const nodes = data.nodes || [];
    const edges = data.edges || [];
    if (nodes.length === 0) {
      container.dataset.state = "empty";
      container.append(el("p", { class: "muted empty" }, "No relations in this window."));
      return;
    }
    const pos = layout(nodes, edges);
    const maxEvents = Math.max(1, ...edges.map((e) => Number(e.events) || 0));
    const maxNodeEvents = Math.max(1, ...nodes.map((n) => Number(n.events) || 0));
    const root = svg("svg", {
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      class: "network-svg",
      role: "group",
      "aria-label": `Signed actor network: ${nodes.length} actors, ${edges.length} relations`,
      preserveAspectRatio: "xMidYMid meet",
    });
    const edgeLayer = svg("g", { class: "edges" });
    const nodeLayer = svg("g", { class: "nodes" });
    root.append(edgeLayer, nodeLayer);

    // heavier edges last, so they sit on top and take the click where edges cross
    const ordered = [...edges].sort((x, y) => (Number(x.events) || 0) - (Number(y.events) || 0));
    for (const edge of ordered) {
      const a = String(edge.source);
      const b = String(edge.target);
      if (!pos.has(a) || !pos.has(b)) continue;
      const [x1, y1] = pos.get(a);
      const [x2, y2] = pos.get(b);
      const sign = signOf(edge);
      const width = 1.2 + 7 * Math.sqrt((Number(edge.events) || 0) / maxEvents);
      const score = Render.formatScore(edge.score);
      const label = `${a} – ${b}: ${edge.label || "relation"}, score ${score}, ${edge.events} events`;
      const group = svg("g", {
        class: `edge sign-${sign > 0 ? "pos" : sign < 0 ? "neg" : "zero"}`,
        "data-a": a,
        "data-b": b,
        "data-score": edge.score,
        "data-events": edge.events,
        tabindex: 0,
        role: "button",
        "aria-label": label,
      });
      const title = svg("title");
      title.textContent = label;
      group.append(
        title,
        svg("line", { x1, y1, x2, y2, class: "edge-hit" }),
        svg("line", { x1, y1, x2, y2, class: "edge-line", stroke: SIGN_COLOURS[sign], "stroke-width": width.toFixed(2) }),
      );
      activateOn(group, () => onEdge(edge, group));
      edgeLayer.append(group);
    }

    for (const node of nodes) {
      const id = String(node.id);
      const [x, y] = pos.get(id);
      const r = 6 + 10 * Math.sqrt((Number(node.events) || 0) / maxNodeEvents);
      const name = node.label && node.label !== id ? `${node.label} (${id})` : id;
      const label = `${name}: ${node.events} events, bloc ${node.bloc ?? "–"}`;
      const group = svg("g", {
        class: "node",
        "data-id": id,
        "data-bloc": node.bloc,
        tabindex: 0,
        role: "button",
        "aria-label": label,
        transform: `translate(${x.toFixed(1)} ${y.toFixed(1)})`,
      });
      const title = svg("title");
      title.textContent = label;
      const text = svg("text", { class: "node-label", x: 0, y: -(r + 5), "text-anchor": "middle" });
      text.textContent = shortLabel(id);
      group.append(title, svg("circle", { r: r.toFixed(1), fill: blocColour(node.bloc), class: "node-dot" }), text);
      activateOn(group, () => onNode(node, group));
      nodeLayer.append(group);
    }
    container.dataset.state = "ready";
    container.append(root);
  }

  /** Mark the picked edge or node (and only it) as selected. */
  function select(container, element) {
    for (const node of container.querySelectorAll(".selected")) {
      node.classList.remove("selected");
      node.removeAttribute("aria-pressed");
    }
    if (element) {
      element.classList.add("selected");
      element.setAttribute("aria-pressed", "true");
    }
  }

  return { draw, select, layout, shortLabel, SIGN_COLOURS, BLOC_COLOURS };
})();
