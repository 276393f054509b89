// The CRM pages: contact and company lists, a record page with Call buttons and the record's
// call timeline (what CALL_COMPLETED wrote).
import { KINDS, api } from "./api.mjs";
import { $, formatDate, formatDuration, h, initials } from "./dom.mjs";

/** HubSpot's default call outcomes (hs_call_disposition ids) and their labels. */
const DISPOSITIONS = {
  "f240bbac-87c9-4f6e-bf70-924b57d47db7": "Connected",
  "9d9162e7-6cf3-4944-bf63-4dff82258764": "Busy",
  "73a0d17f-1163-4015-bdd5-ec830791da20": "No answer",
  "b2cf5968-551e-4856-9783-52b3da59a7d0": "Left voicemail",
  "a4c4c377-d246-4b32-a13b-75a56a4cd0ff": "Left live message",
  "17b47fee-58de-441e-a44c-c6300d46f273": "Wrong number",
};

const FIELDS = {
  contacts: [
    { key: "firstName", label: "First name" },
    { key: "lastName", label: "Last name" },
    { key: "email", label: "Email", type: "email" },
    { key: "phone", label: "Phone number", type: "tel" },
  ],
  companies: [
    { key: "name", label: "Company name" },
    { key: "domain", label: "Domain" },
    { key: "phone", label: "Phone number", type: "tel" },
  ],
};

export function recordName(kind, record) {
  if (!record) return "";
  if (kind === "companies") return record.name || "Unnamed company";
  return [record.firstName, record.lastName].filter(Boolean).join(" ") || record.email || "Unnamed contact";
}

export class Crm {
  constructor({ onCall }) {
    this.onCall = onCall; // (kind, record, phoneNumber) => void
    this.records = { contacts: [], companies: [] };
    this.view = null; // {page: "list"|"record", kind, id}
    this.timelineFor = null;
  }

  async load() {
    const records = await api.records();
    this.records = { contacts: records.contacts || [], companies: records.companies || [] };
  }

  async findRecord(kind, id) {
    let record = this.records[kind].find((r) => String(r.id) === String(id));
    if (!record) {
      await this.load().catch(() => {});
      record = this.records[kind].find((r) => String(r.id) === String(id));
    }
    return record || null;
  }

  currentRecord() {
    return this.view && this.view.page === "record" ? { kind: this.view.kind, id: Number(this.view.id) } : null;
  }

  openRecord(kind, id) {
    location.hash = `#/${kind}/${id}`;
  }

  /** Re-reads the timeline when `kind/id` (or, without arguments, any record) is on screen. */
  refresh(kind, id) {
    const current = this.currentRecord();
    if (!current) return;
    if (kind && (current.kind !== kind || String(current.id) !== String(id))) return;
    this.renderTimeline(current.kind, current.id);
  }

  // ------------------------------------------------------------ lists

  async showList(kind) {
    this.view = { page: "list", kind };
    await this.load().catch((error) => showError(error));
    const rows = this.records[kind].map((record) =>
      h(
        "tr",
        { dataset: { id: record.id } },
        h("td", {}, h("a", { href: `#/${kind}/${record.id}`, class: "record-link" }, h("span", { class: "avatar sm" }, initials(recordName(kind, record))), recordName(kind, record))),
        h("td", { class: "muted" }, kind === "contacts" ? record.email || "" : record.domain || ""),
        h("td", { class: "mono" }, record.phone || "—"),
        h(
          "td",
          { class: "actions" },
          record.phone
            ? h("button", { type: "button", class: "small call", onclick: () => this.onCall(kind, record, record.phone) }, "Call")
            : null,
        ),
      ),
    );
    const title = kind === "contacts" ? "Contacts" : "Companies";
    $("content").replaceChildren(
      h(
        "div",
        { class: "page" },
        h("div", { class: "page-head" }, h("h1", {}, title, h("span", { class: "count" }, String(this.records[kind].length))), this.addForm(kind)),
        h(
          "table",
          { class: "records" },
          h("thead", {}, h("tr", {}, h("th", {}, "Name"), h("th", {}, kind === "contacts" ? "Email" : "Domain"), h("th", {}, "Phone number"), h("th", {}, ""))),
          h("tbody", {}, rows.length ? rows : h("tr", {}, h("td", { colspan: 4, class: "muted" }, "No records yet."))),
        ),
      ),
    );
  }

  addForm(kind) {
    const inputs = FIELDS[kind].map((f) => h("input", { name: f.key, placeholder: f.label, type: f.type || "text", "aria-label": f.label }));
    const form = h(
      "form",
      {
        class: "add-form",
        onsubmit: async (event) => {
          event.preventDefault();
          const fields = Object.fromEntries(inputs.map((i) => [i.name, i.value.trim()]).filter(([, v]) => v));
          try {
            const created = await api.createRecord(kind, fields);
            if (created && created.id) this.openRecord(kind, created.id);
            else this.showList(kind);
          } catch (error) {
            showError(error);
          }
        },
      },
      inputs,
      h("button", { type: "submit", class: "small primary" }, "Add"),
    );
    return h("details", { class: "add" }, h("summary", {}, `+ Add ${KINDS[kind].singular}`), form);
  }

  // ------------------------------------------------------------ record page

  async showRecord(kind, id) {
    this.view = { page: "record", kind, id };
    const record = await this.findRecord(kind, id);
    if (!record) {
      $("content").replaceChildren(h("div", { class: "page" }, h("p", {}, `No ${KINDS[kind].singular} ${id}.`), h("a", { href: `#/${kind}` }, "Back to the list")));
      return;
    }
    const name = recordName(kind, record);
    const sub = kind === "contacts" ? record.email : record.domain;
    $("content").replaceChildren(
      h(
        "div",
        { class: "page record", dataset: { kind, id: String(id) } },
        h("a", { href: `#/${kind}`, class: "back" }, `← ${kind === "contacts" ? "Contacts" : "Companies"}`),
        h(
          "div",
          { class: "record-grid" },
          h(
            "section",
            { class: "card about" },
            h("div", { class: "record-head" }, h("span", { class: "avatar lg" }, initials(name)), h("div", {}, h("h1", { class: "record-name" }, name), sub ? h("div", { class: "muted" }, sub) : null)),
            this.phoneRow(kind, record),
            this.editForm(kind, record),
          ),
          h("section", { class: "card timeline-card" }, h("h2", {}, "Activity"), h("div", { id: "timeline", class: "timeline" }, h("p", { class: "muted" }, "Loading…"))),
        ),
      ),
    );
    this.renderTimeline(kind, id);
  }

  phoneRow(kind, record) {
    if (!record.phone) return h("p", { class: "muted" }, "No phone number: add one below to call.");
    return h(
      "div",
      { class: "phone-row" },
      h("div", {}, h("div", { class: "label" }, "Phone number"), h("div", { class: "mono" }, record.phone)),
      h("button", { type: "button", class: "primary call", id: "record-call", onclick: () => this.onCall(kind, record, record.phone) }, "☎ Call"),
    );
  }

  editForm(kind, record) {
    const inputs = FIELDS[kind].map((f) =>
      h("label", {}, f.label, h("input", { name: f.key, value: record[f.key] || "", type: f.type || "text" })),
    );
    const status = h("span", { class: "muted small" });
    return h(
      "form",
      {
        class: "edit-form",
        onsubmit: async (event) => {
          event.preventDefault();
          const fields = {};
          for (const label of inputs) {
            const input = label.querySelector("input");
            fields[input.name] = input.value.trim();
          }
          try {
            await api.updateRecord(kind, record.id, fields);
            await this.load();
            await this.showRecord(kind, record.id);
          } catch (error) {
            status.textContent = error.message;
          }
        },
      },
      h("h2", {}, "About this ", KINDS[kind].singular),
      inputs,
      h("div", { class: "row" }, h("button", { type: "submit", class: "small" }, "Save"), status),
    );
  }

  async renderTimeline(kind, id) {
    const token = `${kind}/${id}/${Date.now()}`;
    this.timelineFor = token;
    let engagements;
    try {
      engagements = (await api.timeline(kind, id)) || [];
    } catch (error) {
      if ($("timeline")) $("timeline").replaceChildren(h("p", { class: "error" }, error.message));
      return;
    }
    const box = $("timeline");
    if (!box || this.timelineFor !== token) return;
    if (!Array.isArray(engagements)) engagements = engagements.engagements || engagements.results || [];
    box.replaceChildren(...(engagements.length ? engagements.map(engagementCard) : [h("p", { class: "muted" }, "No calls logged yet.")]));
  }
}

function engagementCard(engagement) {
  const p = engagement.properties || {};
  const direction = String(p.hs_call_direction || engagement.direction || "").toUpperCase();
  const inbound = direction === "INBOUND";
  // Created with the call's numbers and a CONNECTING/RINGING status; CALL_COMPLETED adds the rest.
  const logged = Boolean(p.hs_call_title || p.hs_call_body || p.hs_call_disposition || p.hs_call_duration);
  const disposition = p.hs_call_disposition ? DISPOSITIONS[p.hs_call_disposition] || p.hs_call_disposition : null;
  const facts = [
    fact("Direction", inbound ? "Inbound" : "Outbound", "direction"),
    p.hs_call_status ? fact("Status", p.hs_call_status, "status") : null,
    p.hs_call_duration !== undefined && p.hs_call_duration !== null && p.hs_call_duration !== "" ? fact("Duration", formatDuration(p.hs_call_duration), "duration") : null,
    disposition ? fact("Outcome", disposition, "disposition") : null,
  ];
  const id = engagement.engagementId ?? engagement.id;
  return h(
    "article",
    { class: `engagement ${logged ? "" : "open"}`, dataset: { engagementId: String(id), externalCallId: engagement.externalCallId || "" } },
    h(
      "header",
      {},
      h("span", { class: `call-icon ${inbound ? "in" : "out"}` }, inbound ? "↙" : "↗"),
      h("span", { class: "title" }, p.hs_call_title || (logged ? "Call" : "Call in progress")),
      h("time", { datetime: engagement.createdAt }, formatDate(timestampOf(p.hs_timestamp) || engagement.createdAt)),
    ),
    h("div", { class: "facts" }, facts),
    p.hs_call_body ? h("div", { class: "body notes" }, p.hs_call_body) : logged ? null : h("div", { class: "muted small" }, "Created when the call started; CALL_COMPLETED fills it in."),
    h("footer", { class: "muted small" }, `engagement ${id}`, engagement.externalCallId ? ` · call ${engagement.externalCallId}` : ""),
  );
}

/** hs_timestamp is ms since the epoch (number or string) or an ISO date-time. */
function timestampOf(value) {
  if (value === undefined || value === null || value === "") return null;
  const n = Number(value);
  if (Number.isFinite(n)) return n;
  const parsed = Date.parse(value);
  return Number.isFinite(parsed) ? parsed : null;
}

function fact(label, value, name) {
  return h("span", { class: "fact", dataset: { fact: name } }, h("span", { class: "label" }, label), " ", h("strong", {}, value));
}

function showError(error) {
  const content = $("content");
  content.prepend(h("div", { class: "alert error" }, error.message));
}
