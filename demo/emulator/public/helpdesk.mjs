// "Connect a number to the help desk": pick a calling app, ask its channel-connection webhook
// (through the emulator server) for its numbers, connect one.
import { api } from "./api.mjs";
import { $, h } from "./dom.mjs";
import { KEYS, helpdeskApps, numberRows, readOverrides } from "./providers.mjs";

const CONNECTED_KEY = "callcore-emulator:helpdesk-numbers";

function connectedNumbers() {
  try {
    return JSON.parse(localStorage.getItem(CONNECTED_KEY) || "[]");
  } catch {
    return [];
  }
}

const SECRET_SOURCES = {
  generated: "made by the emulator; --client-secret sets it",
  "every-app": "from --client-secret, for every app",
  "per-app": "from --client-secret, for this app",
};

/**
 * "client secret <secret> (where it comes from)": the key the emulator signs this app's webhook
 * requests with (X-HubSpot-Signature-v3), for the developer to give their app. `clientSecret` is
 * /_emulator/apps's {secret, source}; nothing when the server sent none.
 */
export function clientSecretLine(clientSecret, attributes = {}) {
  if (!clientSecret || typeof clientSecret.secret !== "string") return null;
  return h(
    "span",
    { class: "small client-secret", title: "The emulator signs this app's webhook requests with it (X-HubSpot-Signature-v3)", ...attributes },
    "client secret ",
    h("code", { class: "secret" }, clientSecret.secret),
    h("span", { class: "muted" }, ` (${SECRET_SOURCES[clientSecret.source] || clientSecret.source})`),
  );
}

export async function showHelpdesk() {
  const content = $("content");
  content.replaceChildren(h("div", { class: "page" }, h("h1", {}, "Help desk"), h("p", { class: "muted" }, "Loading apps…")));
  let apps;
  try {
    apps = await api.apps();
  } catch (error) {
    content.replaceChildren(h("div", { class: "page" }, h("h1", {}, "Help desk"), h("div", { class: "alert error" }, error.message)));
    return;
  }
  const overrides = readOverrides(localStorage);
  const choices = helpdeskApps(apps || [], overrides);
  const secretOf = (appId) => (apps || []).find((app) => app.appId === appId)?.clientSecret;
  const result = h("div", { class: "numbers", id: "helpdesk-numbers" });
  const listButton = h("button", { type: "button", class: "primary", id: "helpdesk-list", disabled: true }, "List numbers");
  let chosen = null;

  const appList = h(
    "div",
    { class: "app-choices", role: "radiogroup", "aria-label": "Calling app" },
    choices.map((app) =>
      h(
        "label",
        { class: `app-choice ${app.selectable ? "" : "disabled"}`, dataset: { appId: String(app.appId) }, title: app.reason || "" },
        h("input", {
          type: "radio",
          name: "helpdesk-app",
          value: String(app.appId),
          disabled: !app.selectable,
          onchange: () => {
            chosen = app;
            listButton.disabled = false;
            result.replaceChildren();
          },
        }),
        h(
          "span",
          { class: "app-text" },
          h("strong", {}, app.name),
          h("span", { class: "muted small mono" }, app.webhook || "no webhook"),
          clientSecretLine(secretOf(app.appId)),
          h(
            "span",
            { class: "small" },
            app.selectable
              ? app.overridden
                ? `selectable through ${KEYS.channel}`
                : "channel connection ready"
              : `unavailable: ${app.reason}`,
          ),
        ),
      ),
    ),
  );

  listButton.addEventListener("click", async () => {
    if (!chosen) return;
    listButton.disabled = true;
    result.replaceChildren(h("p", { class: "muted" }, `Asking ${chosen.name}'s webhook…`));
    try {
      const answer = await api.helpdeskNumbers(chosen.appId);
      result.replaceChildren(numbersPanel(chosen, answer || {}));
    } catch (error) {
      result.replaceChildren(h("div", { class: "alert error" }, `The webhook answer was refused: ${error.message}`));
    } finally {
      listButton.disabled = false;
    }
  });

  content.replaceChildren(
    h(
      "div",
      { class: "page helpdesk" },
      h("h1", {}, "Connect a number to the help desk"),
      h(
        "p",
        { class: "muted" },
        "HubSpot POSTs {appId, portalId, userId} to the app's channel-connection webhook, signed with the app's client secret (",
        h("code", {}, "X-HubSpot-Signature-v3"),
        "), and lists the numbers it answers. ",
        "An app is greyed out unless its channel connection is ready, or this browser sets ",
        h("code", {}, `${KEYS.channel}=true`),
        ".",
      ),
      h("section", { class: "card" }, h("h2", {}, "1. Calling app"), appList, h("div", { class: "row" }, listButton, channelToggle(overrides))),
      h("section", { class: "card" }, h("h2", {}, "2. Number"), result),
      connectedPanel(),
    ),
  );
}

function channelToggle(overrides) {
  const on = overrides.channel;
  return h(
    "button",
    {
      type: "button",
      class: "small",
      id: "toggle-channel-override",
      onclick: () => {
        if (on) localStorage.removeItem(KEYS.channel);
        else localStorage.setItem(KEYS.channel, "true");
        showHelpdesk();
      },
    },
    on ? `Remove ${KEYS.channel}` : `Set ${KEYS.channel}=true`,
  );
}

function numbersPanel(app, answer) {
  const warnings = Array.isArray(answer.warnings) ? answer.warnings : [];
  const rows = numberRows(answer.numbers);
  // The server cut long names already; its warnings say which ("phoneNumbers[1].friendlyName").
  for (const w of warnings) {
    const at = /\[(\d+)\]\.friendlyName$/.exec(w.field || "");
    if (at && rows[Number(at[1])]) rows[Number(at[1])].cutHere = true;
  }
  const connect = h("button", { type: "button", class: "primary", id: "helpdesk-connect", disabled: true }, "Connect");
  let picked = null;
  const status = h("span", { class: "small", id: "helpdesk-status" });
  const table = h(
    "table",
    { class: "records number-table" },
    h("thead", {}, h("tr", {}, h("th", {}, ""), h("th", {}, "Friendly name"), h("th", {}, "Number"), h("th", {}, "Extension"), h("th", {}, ""))),
    h(
      "tbody",
      {},
      rows.length
        ? rows.map((row) =>
            h(
              "tr",
              { class: row.selectable ? "" : "disabled", dataset: { number: row.e164PhoneNumber || "", extension: row.extension } },
              h(
                "td",
                {},
                h("input", {
                  type: "radio",
                  name: "helpdesk-number",
                  value: String(row.index),
                  disabled: !row.selectable,
                  "aria-label": `${row.friendlyName} ${row.e164PhoneNumber}`,
                  onchange: () => {
                    picked = row;
                    connect.disabled = false;
                    status.textContent = "";
                  },
                }),
              ),
              h("td", { class: "friendly" }, row.friendlyName),
              h("td", { class: "mono" }, row.e164PhoneNumber || ""),
              h("td", { class: "mono" }, row.extension ? `ext. ${row.extension}` : ""),
              h("td", { class: "muted small" }, row.reason || (row.cutHere ? "name cut to 24 characters" : "")),
            ),
          )
        : h("tr", {}, h("td", { colspan: 5, class: "muted" }, "The webhook answered no numbers.")),
    ),
  );
  connect.addEventListener("click", () => {
    if (!picked) return;
    const list = connectedNumbers().filter((n) => !(n.appId === app.appId && n.e164PhoneNumber === picked.e164PhoneNumber));
    list.push({ appId: app.appId, app: app.name, e164PhoneNumber: picked.e164PhoneNumber, friendlyName: picked.friendlyName, at: new Date().toISOString() });
    localStorage.setItem(CONNECTED_KEY, JSON.stringify(list));
    status.textContent = `Connected ${picked.friendlyName} (${picked.e164PhoneNumber}) to the help desk.`;
    const panel = $("helpdesk-connected");
    if (panel) panel.replaceWith(connectedPanel());
  });
  return h(
    "div",
    {},
    warnings.length
      ? h(
          "div",
          { class: "alert warning", id: "helpdesk-warnings" },
          h("strong", {}, "The webhook's answer needed fixing:"),
          h("ul", {}, warnings.map((w) => h("li", { title: w.field || "" }, h("code", {}, w.code || "WARNING"), " ", w.message || w.field || ""))),
        )
      : null,
    table,
    h("div", { class: "row" }, connect, status),
  );
}

function connectedPanel() {
  const list = connectedNumbers();
  return h(
    "section",
    { class: "card", id: "helpdesk-connected" },
    h("h2", {}, "Connected numbers"),
    list.length
      ? h(
          "ul",
          { class: "connected" },
          list.map((n) => h("li", {}, h("strong", {}, n.friendlyName), " ", h("span", { class: "mono" }, n.e164PhoneNumber), h("span", { class: "muted small" }, ` · ${n.app}`))),
        )
      : h("p", { class: "muted" }, "None yet."),
  );
}
