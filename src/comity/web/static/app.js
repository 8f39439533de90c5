/* comity dashboard: state, API calls and the panels.
 *
 * The page talks only to its own origin (/api/..., /healthz). All data is rendered as text
 * (see render.js); plotly gets escaped strings and numbers only.
 */
"use strict";

(() => {
  const { el, clear, escapeHtml, evidenceItem, formatScore, message } = Render;
  const $ = (id) => document.getElementById(id);
  const PAGE = 50;
  // the colours of comity's plots (relations/plots.py)
  const QUADS = [
    ["quad1", "verbal cooperation", "#7fbf7b"],
    ["quad2", "material cooperation", "#1b7837"],
    ["quad3", "verbal conflict", "#f1a340"],
    ["quad4", "material conflict", "#b2182b"],
  ];
  const SIGN_COLOURS = { pos: "#1b7837", neg: "#b2182b" };

  const state = {
    window: { since: "", until: "", min_events: "1" },
    lastDate: null, // the latest event date in the store, anchor of the preset windows
    network: null,
    view: null, // {kind: "dyad"|"actor"|"search", ...}
  };

  // ---------------------------------------------------------------- API

  class ApiError extends Error {}

  async function api(path, params = {}) {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (value !== null && value !== undefined && value !== "") query.set(key, String(value));
    }
    const url = query.toString() ? `${path}?${query}` : path;
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) {
      let detail = response.statusText;
      try {
        const body = await response.json();
        detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
      } catch { /* not JSON */ }
      throw new ApiError(`${response.status}: ${detail}`);
    }
    return response.json();
  }

  function windowParams() {
    return { since: state.window.since, until: state.window.until };
  }

  const seg = (s) => encodeURIComponent(s);

  const plural = (n, word) => `${n} ${word}${Number(n) === 1 ? "" : "s"}`;

  // ---------------------------------------------------------------- panels

  const PANELS = ["intro-panel", "dyad-panel", "actor-panel", "search-panel", "doc-panel"];

  function show(panelId) {
    for (const id of PANELS) $(id).hidden = id !== panelId;
    // one column on narrow screens: bring the panel into view
    if (window.matchMedia("(max-width: 1000px)").matches) $(panelId).scrollIntoView({ block: "start" });
  }

  /** Keep the open view in the URL (#dyad=A,B, #actor=X, #q=...), so it can be shared or reloaded. */
  function setHash(params) {
    const hash = params ? `#${new URLSearchParams(params)}` : "";
    if (location.hash !== hash) history.replaceState(null, "", hash || location.pathname + location.search);
  }

  function errorBox(container, error) {
    clear(container).append(message(`Could not load: ${error.message}`, "error"));
  }

  // ---------------------------------------------------------------- header

  async function loadStats() {
    try {
      const health = await api("/healthz");
      const parts = [`${health.documents} documents`, `${health.events} events`];
      const last = health.last_date; // optional: the latest event date
      if (typeof last === "string" && /^\d{4}-\d{2}-\d{2}/.test(last)) state.lastDate = last.slice(0, 10);
      $("store-stats").textContent = parts.join(" · ");
    } catch (error) {
      $("store-stats").textContent = `store unavailable (${error.message})`;
    }
  }

  function shiftDate(iso, days) {
    const date = new Date(`${iso}T00:00:00Z`);
    date.setUTCDate(date.getUTCDate() - days);
    return date.toISOString().slice(0, 10);
  }

  /** The latest event date: from /healthz when it says, else the as-of date of the relation scores
   * (the latest event date in the store when no window is given); today as a last resort. */
  async function latestDate() {
    if (!state.lastDate) {
      try {
        const page = await api("/api/relations", { limit: 1 });
        const asOf = page.items && page.items[0] && page.items[0].as_of;
        if (typeof asOf === "string" && /^\d{4}-\d{2}-\d{2}/.test(asOf)) state.lastDate = asOf.slice(0, 10);
      } catch { /* fall back to today */ }
    }
    return state.lastDate || new Date().toISOString().slice(0, 10);
  }

  async function applyPreset(value) {
    if (value === "custom") return;
    if (value === "all") {
      $("since").value = "";
      $("until").value = "";
      return;
    }
    const anchor = await latestDate();
    $("until").value = anchor;
    $("since").value = shiftDate(anchor, Number(value));
  }

  function readWindow() {
    const since = $("since").value;
    const until = $("until").value;
    if (since && until && since > until) {
      $("network-status").textContent = "The window's start is after its end.";
      return false;
    }
    const min = Math.max(1, Math.floor(Number($("min-events").value) || 1));
    state.window = { since, until, min_events: String(min) };
    return true;
  }

  // ---------------------------------------------------------------- network

  async function loadNetwork() {
    const container = $("network");
    container.dataset.state = "loading";
    $("network-status").textContent = "loading…";
    try {
      const data = await api("/api/network", { ...windowParams(), min_events: state.window.min_events });
      state.network = data;
      Network.draw(container, data, { onEdge: (edge) => openDyad(edge.source, edge.target), onNode: (node) => openActor(node.id) });
      const edges = data.edges || [];
      const frustration = typeof data.frustration === "number" ? ` · bloc frustration ${data.frustration.toFixed(1)}` : "";
      const span = state.window.since || state.window.until
        ? `${state.window.since || "start"} to ${state.window.until || "latest"}`
        : "all time";
      const count = edges.length >= 300 ? `the ${edges.length} strongest relations` : `${edges.length} relations`;
      $("network-status").textContent = `${(data.nodes || []).length} actors · ${count} · ${span}${frustration}`;
      $("network-status").title = "actors in the current window; bloc frustration = total strength of the "
        + "cooperative edges between blocs and conflictual edges within one (0 = perfectly balanced)";
      markSelection();
    } catch (error) {
      container.dataset.state = "error";
      errorBox(container, error);
      $("network-status").textContent = "";
    }
  }

  function markSelection() {
    const container = $("network");
    const view = state.view;
    let target = null;
    if (view && view.kind === "dyad") {
      target = [...container.querySelectorAll("g.edge")].find(
        (g) => (g.dataset.a === view.a && g.dataset.b === view.b) || (g.dataset.a === view.b && g.dataset.b === view.a),
      );
    } else if (view && view.kind === "actor") {
      target = [...container.querySelectorAll("g.node")].find((g) => g.dataset.id === view.actor);
    }
    Network.select(container, target || null);
  }

  // ---------------------------------------------------------------- dyad panel

  async function openDyad(a, b) {
    a = String(a);
    b = String(b);
    state.view = { kind: "dyad", a, b };
    setHash({ dyad: `${a},${b}` });
    show("dyad-panel");
    markSelection();
    $("dyad-panel").dataset.a = a;
    $("dyad-panel").dataset.b = b;
    $("dyad-heading").textContent = `${a} – ${b}`;
    $("dyad-names").textContent = [a, b].map(actorName).join(" – ");
    clear($("dyad-summary"));
    await Promise.all([loadDyadSummary(a, b), loadTimeline(a, b), loadEvidence(a, b)]);
  }

  function actorName(id) {
    const node = ((state.network && state.network.nodes) || []).find((n) => String(n.id) === id);
    return node && node.label ? String(node.label) : id;
  }

  /** Label, score, trend and volume of the relation, from /api/relations. */
  async function loadDyadSummary(a, b) {
    const summary = $("dyad-summary");
    let page;
    try {
      page = await api("/api/relations", { actor: a, ...windowParams(), limit: 500 });
    } catch (error) {
      summary.textContent = `Could not load the relation: ${error.message}`;
      return;
    }
    if (state.view?.kind !== "dyad" || state.view.a !== a || state.view.b !== b) return;
    const rel = (page.items || []).find((r) => (r.a === a && r.b === b) || (r.a === b && r.b === a));
    clear(summary);
    if (!rel) {
      summary.textContent = "No scored relation in this window.";
      return;
    }
    summary.append(
      relationBadge(rel.label, rel.score),
      el("span", { class: "score" }, formatScore(rel.score)),
      el("span", { class: "trend" }, trendText(rel)),
      el("span", { class: "facts" },
        `${plural(rel.events, "event")}: ${rel.cooperative ?? "?"} cooperative, ${rel.conflictual ?? "?"} conflictual`
        + (rel.first ? ` · ${rel.first} to ${rel.last}` : "")),
    );
  }

  function relationBadge(label, score) {
    const sign = Number(score) > 0 ? "pos" : Number(score) < 0 ? "neg" : "zero";
    return el("span", { class: `badge badge-relation relation-${sign}` }, label || "relation");
  }

  async function loadTimeline(a, b) {
    const box = $("dyad-timeline");
    box.dataset.state = "loading";
    if (window.Plotly) Plotly.purge(box);
    clear(box).append(message("Loading the timeline…"));
    let data;
    try {
      data = await api(`/api/dyads/${seg(a)}/${seg(b)}/series`, { by: $("timeline-by").value, ...windowParams() });
    } catch (error) {
      box.dataset.state = "error";
      errorBox(box, error);
      return;
    }
    if (state.view?.kind !== "dyad" || state.view.a !== a || state.view.b !== b) return;
    const points = data.points || [];
    clear(box);
    if (points.length === 0) {
      box.dataset.state = "empty";
      box.append(message("No events for this dyad in the window."));
      return;
    }
    if (!window.Plotly) {
      box.dataset.state = "error";
      box.append(message("The chart library did not load; the evidence below is complete.", "error"));
      return;
    }
    const x = points.map((p) => escapeHtml(p.period));
    const hasQuads = points.every((p) => typeof p.quad1 === "number");
    const bars = hasQuads
      ? QUADS.map(([key, name, colour]) => ({ key, name, colour }))
      : [
        { key: "cooperative", name: "cooperative", colour: SIGN_COLOURS.pos },
        { key: "conflictual", name: "conflictual", colour: SIGN_COLOURS.neg },
      ];
    const traces = bars.map(({ key, name, colour }) => ({
      type: "bar", name, x, y: points.map((p) => Number(p[key]) || 0), marker: { color: colour },
      hovertemplate: `%{x}: %{y} ${escapeHtml(name)}<extra></extra>`,
    }));
    if (points.some((p) => typeof p.score === "number")) {
      traces.push({
        type: "scatter", mode: "lines", name: "relation score", yaxis: "y2", connectgaps: false,
        x, y: points.map((p) => (typeof p.score === "number" ? p.score : null)),
        line: { color: "#222222", width: 2 },
        hovertemplate: "%{x}: score %{y:.2f}<extra></extra>",
      });
    }
    const most = Math.max(1, ...points.map((p) => Number(p.events) || 0));
    const layout = {
      barmode: "stack",
      bargap: 0.1,
      margin: { l: 40, r: 44, t: 8, b: 30 },
      height: 250,
      font: { family: "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", size: 12, color: "#1d2329" },
      xaxis: { type: "date" },
      yaxis: { title: { text: "events" }, rangemode: "tozero", dtick: most <= 6 ? 1 : null, fixedrange: true },
      yaxis2: {
        title: { text: "score" }, overlaying: "y", side: "right", range: [-10, 10], fixedrange: true,
        tickmode: "array", tickvals: [-10, -5, 0, 5, 10], showgrid: false, zeroline: false,
      },
      legend: { orientation: "h", y: -0.18, font: { size: 11 }, traceorder: "normal" },
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "rgba(0,0,0,0)",
    };
    await Plotly.newPlot(box, traces, layout, { displaylogo: false, displayModeBar: false, responsive: true });
    box.dataset.state = "ready";
  }

  /** Newest first, with the exact total; the same filters on every page (the cursor needs that). */
  function pageParams(cursor, offset) {
    return { order: "desc", total: "true", limit: PAGE, ...(cursor ? { cursor } : { offset }) };
  }

  /** A paged list of events: `fetchPage(cursor, offset)` returns an API list page. */
  function pagedList({ list, more, countNode, fetchPage, empty, isCurrent, countText = (n, open) => `(${n}${open ? "+" : ""})` }) {
    let offset = 0;
    let cursor = null;
    let total = null;
    async function next(reset) {
      if (reset) {
        offset = 0;
        cursor = null;
        total = null;
        clear(list);
        list.dataset.state = "loading";
        if (countNode) countNode.textContent = "";
      }
      more.hidden = true;
      let page;
      try {
        page = await fetchPage(cursor, offset);
      } catch (error) {
        list.dataset.state = "error";
        list.append(el("li", { class: "error" }, `Could not load: ${error.message}`));
        return;
      }
      if (!isCurrent()) return;
      const items = page.items || [];
      if (typeof page.total === "number") total = page.total;
      for (const item of items) list.append(evidenceItem(item));
      offset += items.length;
      cursor = page.next_cursor || null;
      if (list.children.length === 0) list.append(el("li", { class: "muted empty" }, empty));
      const hasMore = Boolean(cursor) || (total !== null ? offset < total && items.length > 0 : items.length >= PAGE);
      if (countNode) countNode.textContent = total !== null ? countText(total, false) : countText(offset, hasMore);
      more.hidden = !hasMore;
      list.dataset.state = "ready";
    }
    more.onclick = () => next(false);
    return next;
  }

  function loadEvidence(a, b) {
    const isCurrent = () => state.view?.kind === "dyad" && state.view.a === a && state.view.b === b;
    const next = pagedList({
      list: $("evidence"),
      more: $("evidence-more"),
      countNode: $("evidence-count"),
      empty: "No events for this dyad in the window.",
      isCurrent,
      fetchPage: (cursor, offset) => api("/api/events", {
        dyad: `${a},${b}`, ...windowParams(), ...pageParams(cursor, offset),
      }),
    });
    return next(true);
  }

  // ---------------------------------------------------------------- actor panel

  async function openActor(actor) {
    actor = String(actor);
    state.view = { kind: "actor", actor };
    setHash({ actor });
    show("actor-panel");
    markSelection();
    $("actor-panel").dataset.actor = actor;
    const node = ((state.network && state.network.nodes) || []).find((n) => String(n.id) === actor);
    $("actor-heading").textContent = node && node.label && node.label !== actor ? `${node.label} (${actor})` : actor;
    const list = clear($("actor-relations"));
    list.dataset.state = "loading";
    $("actor-summary").textContent = "loading…";
    let page;
    try {
      page = await api("/api/relations", { actor, ...windowParams(), limit: 200 });
    } catch (error) {
      list.dataset.state = "error";
      $("actor-summary").textContent = `Could not load: ${error.message}`;
      return;
    }
    if (state.view?.kind !== "actor" || state.view.actor !== actor) return;
    const items = page.items || [];
    $("actor-summary").textContent = items.length
      ? `${items.length} relation${items.length === 1 ? "" : "s"}${node ? `, ${node.events} events` : ""}, heaviest recent evidence first`
      : "No relations in this window.";
    for (const rel of items) list.append(relationItem(actor, rel));
    list.dataset.state = "ready";
  }

  function trendText(rel) {
    const label = rel.trend_label || (typeof rel.trend === "string" ? rel.trend : "");
    const value = typeof rel.trend === "number" ? formatScore(rel.trend) : "";
    const arrow = { improving: "↗", worsening: "↘", steady: "→" }[label] || "";
    return [arrow, label, value && `(${value})`].filter(Boolean).join(" ");
  }

  function relationItem(actor, rel) {
    const other = rel.a === actor ? rel.b : rel.a;
    const button = el("button", { type: "button", class: "relation-open", "aria-label": `Open the dyad ${rel.a} – ${rel.b}` },
      el("span", { class: "counterpart" }, String(other)));
    button.addEventListener("click", () => openDyad(rel.a, rel.b));
    const top = (rel.evidence || [])[0];
    return el("li", { class: "relation-item", "data-a": rel.a, "data-b": rel.b },
      el("div", { class: "relation-row" },
        button,
        relationBadge(rel.label, rel.score),
        el("span", { class: "score" }, formatScore(rel.score)),
        el("span", { class: "trend" }, trendText(rel)),
        el("span", { class: "muted events" }, plural(rel.events, "event"))),
      top ? el("p", { class: "relation-evidence muted" },
        `${top.date || ""} ${top.event || ""}: ${String(top.text || "").replace(/\s+/g, " ")}`) : null);
  }

  // ---------------------------------------------------------------- document panel

  async function openDocument(docId) {
    docId = String(docId);
    state.view = { kind: "doc", docId };
    setHash({ doc: docId });
    show("doc-panel");
    markSelection();
    const panel = $("doc-panel");
    panel.dataset.docId = docId;
    panel.dataset.state = "loading";
    $("doc-heading").textContent = "Document";
    clear($("doc-meta")).append(message("loading…"));
    clear($("doc-quality"));
    clear($("doc-text"));
    let doc;
    try {
      doc = await api(`/api/documents/${seg(docId)}`);
    } catch (error) {
      panel.dataset.state = "error";
      errorBox($("doc-meta"), error);
      return;
    }
    if (state.view?.kind !== "doc" || state.view.docId !== docId) return;
    $("doc-heading").textContent = doc.title || doc.id;
    const facts = [doc.source, doc.published && `published ${doc.published}`,
      doc.duplicate_of && `near-duplicate of ${doc.duplicate_of}`].filter(Boolean);
    Render.append(clear($("doc-meta")), [
      doc.url ? Render.sourceLink(doc.url, doc.url) : null,
      el("span", { class: "muted" }, (doc.url ? facts.map((f) => ` · ${f}`) : facts).join(doc.url ? "" : " · ")),
    ]);
    const quality = doc.quality;
    $("doc-quality-score").textContent = quality ? `${Number(quality.score).toFixed(2)} = 1 − the penalties below` : "not assessed";
    for (const flag of (quality && quality.flags) || []) {
      $("doc-quality").append(el("li", { class: "quality-flag", "data-flag": flag.flag },
        el("span", { class: "penalty" }, `−${Number(flag.penalty).toFixed(2)}`), ` ${flag.about}`));
    }
    if (quality && !(quality.flags || []).length) $("doc-quality").append(el("li", { class: "muted" }, "no flags"));
    const events = doc.events || [];
    $("doc-events-count").textContent = plural(events.length, "event");
    $("doc-text").append(Render.documentText(String(doc.text || ""), events));
    panel.dataset.state = "ready";
  }

  // ---------------------------------------------------------------- search

  function openSearch(q) {
    q = String(q).trim();
    if (!q) return Promise.resolve();
    state.view = { kind: "search", q };
    setHash({ q });
    $("search-input").value = q;
    show("search-panel");
    markSelection();
    $("search-heading").textContent = "Search";
    $("search-summary").textContent = `searching for “${q}”…`;
    const isCurrent = () => state.view?.kind === "search" && state.view.q === q;
    const next = pagedList({
      list: $("search-results"),
      more: $("search-more"),
      countNode: $("search-summary"),
      countText: (n, open) => `${n}${open ? "+" : ""} event${n === 1 && !open ? "" : "s"} match “${q}”`,
      empty: "No events match.",
      isCurrent,
      fetchPage: (cursor, offset) => api("/api/events", {
        q, ...windowParams(), ...pageParams(cursor, offset),
      }),
    });
    return next(true);
  }

  // ---------------------------------------------------------------- alerts

  /** Fill a panel with a list from the API: data-state loading / ready / empty / error. */
  async function loadList(boxId, fetchPage, renderItem, listClass, emptyText) {
    const box = $(boxId);
    box.dataset.state = "loading";
    let page;
    try {
      page = await fetchPage();
    } catch (error) {
      box.dataset.state = "error";
      errorBox(box, error);
      return;
    }
    const items = page.items || [];
    clear(box);
    if (items.length === 0) {
      box.append(message(emptyText));
      box.dataset.state = "empty";
      return;
    }
    const list = el("ul", { class: listClass });
    for (const item of items) list.append(renderItem(item));
    box.append(list);
    box.dataset.state = "ready";
  }

  function loadAlerts() {
    // all time: every alert since the first event (the API's default is the last four weeks)
    const since = state.window.since || "1900-01-01";
    return loadList("alerts", () => api("/api/alerts", { since, until: state.window.until, limit: 200 }),
      alertItem, "alert-list", "No alerts in this window.");
  }

  function alertItem(alert) {
    const direction = String(alert.direction || "");
    const kind = /conflict/.test(direction) ? "neg" : /cooperat/.test(direction) ? "pos" : "zero";
    const z = typeof alert.z === "number" ? alert.z.toFixed(1) : String(alert.z ?? "–");
    const button = el("button", { type: "button", class: "alert-open" }, `${alert.a} – ${alert.b}`);
    button.addEventListener("click", () => openDyad(alert.a, alert.b));
    const top = (alert.evidence || [])[0];
    return el("li", { class: `alert-item alert-${kind}`, "data-a": alert.a, "data-b": alert.b },
      el("div", { class: "alert-row" },
        button,
        el("span", { class: `badge badge-relation relation-${kind}` }, direction || "change"),
        el("span", { class: "muted" }, `week of ${alert.period ?? alert.week ?? "?"}`),
        typeof alert.events === "number" ? el("span", { class: "muted" }, plural(alert.events, "event")) : null,
        el("span", { class: "z" }, `z = ${z}`)),
      top ? el("p", { class: "relation-evidence muted" },
        `${top.event || ""}: ${String(top.text || "").replace(/\s+/g, " ")}`) : null);
  }

  // ---------------------------------------------------------------- claims to verify

  function loadClaims() {
    return loadList("claims", () => api("/api/claims", { ...windowParams(), limit: 50 }), claimItem,
      "claim-list", "Nothing to verify in this window: every high-impact event is firm and corroborated.");
  }

  function claimItem(claim) {
    const source = (claim.source || []).map(String);
    const target = (claim.target || []).map(String);
    const a = source[0];
    const b = target.find((t) => t !== a) || source.find((s) => s !== a);
    const dyad = `${source.join(", ")} → ${target.join(", ") || "—"}`;
    let opener = el("span", { class: "claim-dyad" }, dyad);
    if (a && b) {
      opener = el("button", { type: "button", class: "claim-open", "data-a": a, "data-b": b }, dyad);
      opener.addEventListener("click", () => openDyad(a, b));
    }
    const reasons = (claim.reasons || []).map((reason) => Render.badge(String(reason), "reason"));
    const publishers = (claim.publishers || []).join(", ");
    return el("li", { class: "claim-item", "data-event-id": claim.event_id, "data-cluster-id": claim.cluster_id },
      el("div", { class: "claim-row" },
        el("time", { class: "date", datetime: claim.date || null }, claim.date || "undated"),
        Render.badge(String(claim.event || "?"), "type", `Goldstein ${claim.goldstein}`),
        opener),
      el("div", { class: "claim-reasons" }, reasons),
      Render.sentence(claim),
      el("div", { class: "source" },
        Render.openDocButton(claim.doc_id),
        Render.sourceLink(claim.url, claim.title || claim.url || claim.doc_id),
        publishers ? el("span", { class: "muted" }, ` · ${publishers}`) : null));
  }

  // ---------------------------------------------------------------- wiring

  function refreshAll() {
    const view = state.view;
    const jobs = [loadNetwork(), loadAlerts(), loadClaims()];
    if (view?.kind === "dyad") jobs.push(openDyad(view.a, view.b));
    else if (view?.kind === "actor") jobs.push(openActor(view.actor));
    else if (view?.kind === "search") jobs.push(openSearch(view.q));
    return Promise.all(jobs);
  }

  function restoreFromHash() {
    const params = new URLSearchParams(location.hash.slice(1));
    const dyad = (params.get("dyad") || "").split(",");
    if (dyad.length === 2 && dyad[0] && dyad[1]) return openDyad(dyad[0], dyad[1]);
    if (params.get("actor")) return openActor(params.get("actor"));
    if (params.get("q")) return openSearch(params.get("q"));
    if (params.get("doc")) return openDocument(params.get("doc"));
    return null;
  }

  function init() {
    $("window-form").addEventListener("submit", (event) => {
      event.preventDefault();
      if (readWindow()) refreshAll();
    });
    $("window-preset").addEventListener("change", async (event) => {
      await applyPreset(event.target.value);
      if (readWindow()) refreshAll();
    });
    for (const id of ["since", "until"]) {
      $(id).addEventListener("change", () => { $("window-preset").value = "custom"; });
    }
    $("timeline-by").addEventListener("change", () => {
      if (state.view?.kind === "dyad") loadTimeline(state.view.a, state.view.b);
    });
    $("search").addEventListener("submit", (event) => {
      event.preventDefault();
      openSearch($("search-input").value);
    });
    for (const button of document.querySelectorAll("button[data-close]")) {
      button.addEventListener("click", () => {
        state.view = null;
        setHash(null);
        show("intro-panel");
        markSelection();
      });
    }
    // a pasted or typed #dyad=A,B / #actor=X / #q=... opens that view (links can be shared)
    window.addEventListener("hashchange", () => { restoreFromHash(); });
    // any evidence or claim item can open its document
    document.addEventListener("click", (event) => {
      const button = event.target instanceof Element ? event.target.closest("button.open-doc") : null;
      if (button) openDocument(button.dataset.docId);
    });
    document.body.dataset.ready = "loading";
    // the view in the URL opens once the network is there (its node names label the panels)
    loadStats()
      .then(() => Promise.all([loadNetwork().then(restoreFromHash), loadAlerts(), loadClaims()]))
      .finally(() => { document.body.dataset.ready = "true"; });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
