/* comity dashboard: DOM building blocks.
 *
 * Every piece of document or event text reaches the page as a text node (textContent,
 * createTextNode) or through setAttribute on an attribute that cannot run code. Nothing here
 * parses data as HTML. Strings handed to plotly, which renders a subset of HTML in titles and
 * hover labels, go through escapeHtml first.
 */
"use strict";

const Render = (() => {
  const SVG_NS = "http://www.w3.org/2000/svg";
  const SAFE_ATTRIBUTES = new Set([
    "class", "id", "role", "tabindex", "title", "type", "datetime", "hidden",
    "aria-label", "aria-labelledby", "aria-pressed", "aria-current", "aria-hidden",
  ]);

  /** An element with attributes and children (strings become text nodes). */
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (!SAFE_ATTRIBUTES.has(name) && !name.startsWith("data-")) {
        throw new Error(`el(): attribute ${name} is not on the safe list`);
      }
      node.setAttribute(name, value === true ? "" : String(value));
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** An SVG element; attribute values are numbers, colours and data keys set with setAttribute. */
  function svg(tag, attrs = {}) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value !== null && value !== undefined) node.setAttribute(name, String(value));
    }
    return node;
  }

  function clear(node) {
    node.replaceChildren();
    return node;
  }

  /** & < > " ' escaped, for the few strings that plotly renders as HTML. */
  function escapeHtml(value) {
    return String(value ?? "").replace(/[&<>"']/g, (c) => ({
      "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
    })[c]);
  }

  /** The URL when it is an absolute http(s) URL, else null (javascript:, data:, relative ...). */
  function safeHttpUrl(value) {
    const text = String(value ?? "").trim();
    if (!/^https?:\/\//i.test(text)) return null;
    try {
      const url = new URL(text);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch {
      return null;
    }
  }

  /** A link opened in a new tab without opener or referrer, or plain text when the URL is unsafe. */
  function sourceLink(url, label) {
    const href = safeHttpUrl(url);
    const text = String(label || url || "");
    if (!href) return el("span", { class: "doc-title" }, text);
    const link = el("a", { class: "doc-title" }, text);
    link.setAttribute("href", href);
    link.setAttribute("target", "_blank");
    link.setAttribute("rel", "noopener noreferrer");
    return link;
  }

  /** [before, trigger, after] of the evidence sentence, or null when the offsets do not fit. */
  function splitTrigger(text, span, triggerSpan, eventText) {
    if (Array.isArray(span) && Array.isArray(triggerSpan)) {
      const start = triggerSpan[0] - span[0];
      const end = triggerSpan[1] - span[0];
      if (Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start && end <= text.length) {
        return [text.slice(0, start), text.slice(start, end), text.slice(end)];
      }
    }
    const words = String(eventText || "").trim();
    const at = words ? text.indexOf(words) : -1;
    if (at >= 0) return [text.slice(0, at), words, text.slice(at + words.length)];
    return null;
  }

  /** The sentence as text nodes with the trigger in a <mark>. */
  function sentence(event) {
    const text = String(event.text ?? "").replace(/\s+/g, " ");
    const raw = String(event.text ?? "");
    const node = el("p", { class: "sentence" });
    // offsets index the raw sentence: split first, then tidy white space in each part
    const parts = splitTrigger(raw, event.span, event.trigger_span, event.eventText);
    if (!parts) return append(node, [text]);
    const tidy = (s) => s.replace(/\s+/g, " ");
    return append(node, [tidy(parts[0]).trimStart(), el("mark", {}, tidy(parts[1])), tidy(parts[2]).trimEnd()]);
  }

  function badge(text, kind, title) {
    return el("span", { class: `badge badge-${kind}`, title }, text);
  }

  /** A button that opens the stored document in the dashboard (the page listens for .open-doc). */
  function openDocButton(docId) {
    if (!docId) return null;
    return el("button", { type: "button", class: "open-doc", "data-doc-id": docId,
      title: "open the stored document: its text with every coded event marked, and its quality" }, "document");
  }

  /** The document text as text nodes, each event trigger in a <mark> (offsets index the text). */
  function documentText(text, events) {
    const spans = [];
    for (const event of events || []) {
      const span = event.trigger_span;
      if (!Array.isArray(span) || !(span[1] > span[0])) continue;
      spans.push({ start: span[0], end: span[1], event });
    }
    spans.sort((x, y) => x.start - y.start || y.end - x.end);
    const node = el("div", { class: "doc-body" });
    let at = 0;
    for (const { start, end, event } of spans) {
      if (start < at || end > text.length) continue; // overlapping or out of range: keep the first
      node.append(document.createTextNode(text.slice(at, start)));
      const label = `${event.event}: ${actorCodes(event.source)} → ${actorCodes(event.target) || "—"} (${event.modality})`;
      node.append(el("mark", { title: label, "data-event-id": event.id }, text.slice(start, end)));
      at = end;
    }
    node.append(document.createTextNode(text.slice(at)));
    return node;
  }

  /** " · quality 0.87": the document's 0..1 quality score (`comity quality DOC` explains it). */
  function qualityNote(score) {
    const n = Number(score);
    if (score === null || score === undefined || !Number.isFinite(n)) return null;
    const kind = n < 0.5 ? "quality-low" : "muted";
    return el("span", { class: kind, title: "document quality: 1 minus the penalties of its flags" },
      ` · quality ${n.toFixed(2)}`);
  }

  /** "3 sources" / "single source": independent publishers reporting the event (provenance). */
  function corroborationBadge(corroboration) {
    const n = Number(corroboration);
    if (corroboration === null || corroboration === undefined || !Number.isFinite(n)) return null;
    const title = "independent publishers reporting this event (syndicated copies count once)";
    return n <= 1 ? badge("single source", "single-source", title) : badge(`${n} sources`, "corroborated", title);
  }

  function actorCodes(refs) {
    return (refs || []).map((r) => r.code || r.name || r.actorText || "?").join(", ");
  }

  function formatScore(score) {
    if (score === null || score === undefined || Number.isNaN(Number(score))) return "–";
    const text = Math.abs(Number(score)).toFixed(2);
    if (Number(text) === 0) return "0.00"; // no "−0.00"
    return (Number(score) > 0 ? "+" : "−") + text;
  }

  /** One evidence item: meta line (date, type, modality, actors), the sentence, the source. */
  function evidenceItem(event) {
    const modality = String(event.modality || "asserted");
    const meta = el("div", { class: "meta" },
      el("time", { class: "date", datetime: event.date || null }, event.date || "undated"),
      badge(event.event || "?", `type quad-${Number(event.quad) || 0}`,
        event.cameo ? `CAMEO ${event.cameo}, Goldstein ${event.goldstein}` : null),
      badge(modality, `modality modality-${modality.replace(/[^a-z]/g, "")}`, "modality"),
      event.negated ? badge("negated", "negated", "the sentence negates the event") : null,
      corroborationBadge(event.corroboration),
      el("span", { class: "actors" }, `${actorCodes(event.source)} → ${actorCodes(event.target) || "—"}`),
    );
    const doc = event.document || {};
    const source = el("div", { class: "source" },
      openDocButton(event.doc_id),
      sourceLink(doc.url, doc.title || doc.url || event.doc_id),
      doc.source ? el("span", { class: "muted" }, ` · ${doc.source}`) : null,
      doc.published ? el("span", { class: "muted" }, ` · published ${doc.published}`) : null,
      qualityNote(doc.quality),
    );
    return el("li", { class: "evidence-item", "data-event-id": event.id, "data-doc-id": event.doc_id },
      meta, sentence(event), source);
  }

  function message(text, kind = "muted") {
    return el("p", { class: kind }, text);
  }

  return {
    el, svg, append, clear, escapeHtml, safeHttpUrl, sourceLink, splitTrigger, sentence, badge,
    evidenceItem, formatScore, message, corroborationBadge, documentText, openDocButton,
  };
})();
