// The live message log: every envelope between host and widget (callcore's onTraffic), with
// the core's verdict, filterable and exportable as JSON.
import { $, formatTime, h } from "./dom.mjs";

const MAX_RECORDS = 5000;

/** The log's controls and table, built into the page's empty <section class="log" id="log">. */
function buildLog(section) {
  const open = section.dataset.open === "true";
  section.replaceChildren(
    h(
      "div",
      { class: "log-head" },
      h(
        "button",
        { type: "button", class: "bare log-toggle", id: "log-toggle", "aria-expanded": String(open) },
        `${open ? "▾" : "▸"} Message log `,
        h("span", { class: "count", id: "log-count" }, "0"),
      ),
      h(
        "div",
        { class: "log-filters" },
        h("input", { id: "filter-type", placeholder: "type, e.g. CALL_", "aria-label": "Filter by type" }),
        h(
          "select",
          { id: "filter-direction", "aria-label": "Filter by direction" },
          h("option", { value: "" }, "both directions"),
          h("option", { value: "inbound" }, "widget → host"),
          h("option", { value: "outbound" }, "host → widget"),
        ),
        h("input", { id: "filter-verdict", placeholder: "verdict, e.g. ok, FIELD_", "aria-label": "Filter by verdict" }),
        h("button", { type: "button", class: "small", id: "log-export" }, "Export JSON"),
        h("button", { type: "button", class: "small", id: "log-clear" }, "Clear"),
      ),
    ),
    h(
      "div",
      { class: "log-body" },
      h(
        "table",
        { class: "log-table" },
        h("thead", {}, h("tr", {}, ...["time", "dir", "type", "data", "verdict"].map((name) => h("th", {}, name)))),
        h("tbody", { id: "log-rows" }),
      ),
    ),
  );
}

export class MessageLog {
  constructor() {
    buildLog($("log"));
    this.records = [];
    this.rows = $("log-rows");
    this.filters = { type: "", direction: "", verdict: "" };
    this.pendingRender = false;
    $("filter-type").addEventListener("input", (e) => this.setFilter("type", e.target.value));
    $("filter-direction").addEventListener("change", (e) => this.setFilter("direction", e.target.value));
    $("filter-verdict").addEventListener("input", (e) => this.setFilter("verdict", e.target.value));
    $("log-export").addEventListener("click", () => this.download());
    $("log-clear").addEventListener("click", () => this.clear());
    $("log-toggle").addEventListener("click", () => {
      const log = $("log");
      const open = log.dataset.open !== "true";
      log.dataset.open = String(open);
      $("log-toggle").setAttribute("aria-expanded", String(open));
      $("log-toggle").firstChild.textContent = `${open ? "▾" : "▸"} Message log `;
    });
  }

  /** onTraffic's record: {direction, origin, envelope, violations, time}; surface: which frame's host ("widget", "remote", "window"). */
  addTraffic({ direction, origin, envelope, violations = [], time = Date.now() }, surface = "widget") {
    this.add({
      time,
      direction,
      surface,
      origin,
      type: envelope && typeof envelope === "object" ? String(envelope.type) : "(not an object)",
      envelope: clone(envelope),
      violations: violations.map(slim),
    });
  }

  /** A finding the core made outside any envelope (direction "local"). */
  addLocal(violation, surface = "widget") {
    this.add({ time: Date.now(), direction: "local", surface, origin: "", type: violation.type || "(local)", envelope: null, violations: [slim(violation)] });
  }

  add(record) {
    this.records.push(record);
    if (this.records.length > MAX_RECORDS) this.records.splice(0, this.records.length - MAX_RECORDS);
    this.scheduleRender();
  }

  scheduleRender() {
    if (this.pendingRender) return;
    this.pendingRender = true;
    requestAnimationFrame(() => {
      this.pendingRender = false;
      this.render();
    });
  }

  setFilter(key, value) {
    this.filters[key] = value.trim();
    this.render();
  }

  matches(record) {
    const { type, direction, verdict } = this.filters;
    if (type && !record.type.toLowerCase().includes(type.toLowerCase())) return false;
    if (direction && record.direction !== direction) return false;
    if (verdict) {
      const text = verdictText(record).toLowerCase();
      if (!text.includes(verdict.toLowerCase())) return false;
    }
    return true;
  }

  visible() {
    return this.records.filter((record) => this.matches(record));
  }

  render() {
    const shown = this.visible();
    const body = $("log").querySelector(".log-body");
    const atBottom = body.scrollTop + body.clientHeight >= body.scrollHeight - 24;
    this.rows.replaceChildren(...shown.slice(-500).map(row));
    $("log-count").textContent = shown.length === this.records.length ? String(this.records.length) : `${shown.length}/${this.records.length}`;
    if (atBottom) body.scrollTop = body.scrollHeight;
  }

  clear() {
    this.records = [];
    this.render();
  }

  /** The records shown (filters applied), as a JSON file download. */
  download() {
    const records = this.visible().map((r) => ({ ...r, time: new Date(r.time).toISOString() }));
    const blob = new Blob([JSON.stringify({ exportedAt: new Date().toISOString(), filters: this.filters, records }, null, 2)], {
      type: "application/json",
    });
    const url = URL.createObjectURL(blob);
    const link = h("a", { href: url, download: `callcore-log-${new Date().toISOString().replace(/[:.]/g, "-")}.json` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}

function slim(v) {
  return { code: v.code, severity: v.severity, direction: v.direction, type: v.type, field: v.field, message: v.message, outcome: v.outcome };
}

function clone(value) {
  try {
    return JSON.parse(JSON.stringify(value, (key, v) => (v === undefined ? "(undefined)" : v)));
  } catch {
    return String(value);
  }
}

export function verdictText(record) {
  if (!record.violations.length) return "ok";
  return record.violations.map((v) => `${v.code} ${v.severity} ${v.outcome} ${v.message}`).join(" ");
}

function row(record) {
  const dir = record.direction === "inbound" ? "W→H" : record.direction === "outbound" ? "H→W" : "local";
  const severity = record.violations.some((v) => v.severity === "error") ? "error" : record.violations.length ? "warning" : "ok";
  const data = record.envelope && typeof record.envelope === "object" ? summary(record.envelope) : "";
  const verdict = record.violations.length
    ? record.violations.map((v) => h("div", { class: "finding", title: v.message }, h("code", {}, v.code), " ", v.message))
    : "ok";
  const details = h(
    "details",
    { class: "envelope" },
    h("summary", {}, data || "—"),
    h("pre", {}, JSON.stringify(record.envelope, null, 2)),
  );
  return h(
    "tr",
    { dataset: { direction: record.direction, severity, surface: record.surface || "widget" } },
    h("td", { class: "time" }, formatTime(record.time)),
    h("td", { class: "dir", title: `the ${record.surface || "widget"} frame's host` }, dir),
    h("td", { class: "type" }, record.type),
    h("td", { class: "data" }, record.envelope ? details : ""),
    h("td", { class: "verdict" }, verdict),
  );
}

function summary(envelope) {
  const { type, messageId, ...rest } = envelope;
  const data = "data" in rest ? rest.data : rest;
  const text = JSON.stringify(data);
  if (text === undefined) return "";
  return text.length > 140 ? `${text.slice(0, 140)}…` : text;
}
