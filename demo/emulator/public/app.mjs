// The emulator's host page: a stand-in for HubSpot towards a calling widget.
import { api } from "./api.mjs";
import { Crm } from "./crm.mjs";
import { $, h } from "./dom.mjs";
import { clientSecretLine, showHelpdesk } from "./helpdesk.mjs";
import { CHECK_MODE, CHECK_HOST_OPTIONS, installCheckHook } from "./check-hook.mjs";
import { WidgetHost } from "./host.mjs";
import { MessageLog } from "./log.mjs";
import { KEYS, buildProviders, findDemoApp, readOverrides } from "./providers.mjs";

const PROVIDER_KEY = "callcore-emulator:provider";

let config = {};
let apps = [];
let providers = [];
let host = null;
let crm = null;

async function main() {
  if (typeof callcore === "undefined") {
    $("content").replaceChildren(h("div", { class: "alert error" }, "callcore.js did not load: run `bash scripts/build.sh`."));
    return;
  }
  try {
    [config, apps] = await Promise.all([api.config(), api.apps()]);
  } catch (error) {
    $("content").replaceChildren(h("div", { class: "alert error" }, `The emulator server is not answering: ${error.message}`));
    return;
  }
  $("account").textContent = `portal ${config.portalId} · user ${config.userId}`;
  $("account").title = `ownerId ${config.ownerId}${config.hubspotOrigin ? ` · API ${config.hubspotOrigin}` : ""}`;

  const log = new MessageLog();
  crm = new Crm({ onCall: (kind, record, phone) => host.dial(kind, record, phone) });
  host = new WidgetHost({ config, log, crm, extOptions: CHECK_MODE ? CHECK_HOST_OPTIONS : {} });
  window.emulator = { config, host, crm, log };
  if (CHECK_MODE) {
    // Headless conformance run (cli/): the runner mounts the widget under test itself; the
    // host's sessions record their inputs through CHECK_HOST_OPTIONS' onCoreTrace.
    installCheckHook({ host, crm });
    return;
  }

  $("provider-select").addEventListener("change", (event) => choose(event.target.value));
  $("install-demo").addEventListener("click", installDemo);
  $("clear-overrides").addEventListener("click", () => {
    for (const key of Object.values(KEYS)) localStorage.removeItem(key);
    refreshProviders({ remount: true });
  });
  // Another tab (or the console via a reload) changed an override.
  window.addEventListener("storage", (event) => {
    if (Object.values(KEYS).includes(event.key)) refreshProviders({ remount: true });
  });

  refreshProviders({ remount: true });
  window.addEventListener("hashchange", route);
  route();
}

/** What HubSpot's guide has developers type in the console, as a button. */
function installDemo() {
  localStorage.setItem(KEYS.installDemo, "local");
  const demo = findDemoApp(apps, config);
  if (demo) localStorage.setItem(PROVIDER_KEY, String(demo.appId));
  refreshProviders({ remount: true });
}

/** Rebuilds the switcher from the apps and this browser's overrides. */
async function refreshProviders({ remount = false, reload = false } = {}) {
  if (reload) apps = await api.apps().catch(() => apps);
  const overrides = readOverrides(localStorage);
  providers = buildProviders(apps, overrides, config);
  renderOverrideState(overrides);

  const select = $("provider-select");
  const remembered = localStorage.getItem(PROVIDER_KEY);
  const usable = providers.filter((p) => p.selectable);
  let selected = providers.find((p) => String(p.appId) === remembered && p.selectable) || null;
  if (!selected && remembered === null && usable.length === 1) selected = usable[0];

  select.replaceChildren(
    h("option", { value: "" }, providers.length ? "— choose a provider —" : "— no calling apps registered —"),
    ...providers.map((p) =>
      h(
        "option",
        { value: String(p.appId), disabled: !p.selectable, class: p.selectable ? "" : "greyed", title: p.reason || p.url },
        `${p.name}${p.selectable ? "" : " (not ready)"}`,
      ),
    ),
  );
  select.value = selected ? String(selected.appId) : "";
  renderProviderMeta(selected);
  if (remount) {
    const current = host.provider;
    const same = current && selected && String(current.appId) === String(selected.appId) && current.url === selected.url &&
      current.width === selected.width && current.height === selected.height;
    if (!same) host.mount(selected);
  }
}

function choose(appId) {
  const provider = providers.find((p) => String(p.appId) === appId && p.selectable) || null;
  if (provider) localStorage.setItem(PROVIDER_KEY, String(provider.appId));
  else localStorage.setItem(PROVIDER_KEY, "");
  renderProviderMeta(provider);
  const current = host.provider;
  if (current && provider && String(current.appId) === String(provider.appId) && current.url === provider.url) return;
  host.mount(provider);
}

function renderProviderMeta(provider) {
  const meta = $("provider-meta");
  const greyed = providers.filter((p) => !p.selectable);
  const lines = [];
  if (provider) {
    lines.push(
      h(
        "div",
        { class: "meta-line" },
        h("span", { class: "mono url", title: provider.url }, provider.url),
        h("span", { class: "muted" }, `${provider.width}×${provider.height}`),
        provider.overridden.length
          ? h("span", { class: "chip override", title: `isReady ${provider.isReady}, set by ${provider.overridden.join(", ")}` }, "ready by override")
          : h("span", { class: "chip good" }, "isReady"),
      ),
    );
    const secret = clientSecretLine(apps.find((app) => String(app.appId) === String(provider.appId))?.clientSecret, { id: "provider-client-secret" });
    if (secret) lines.push(h("div", { class: "meta-line" }, secret));
  }
  if (greyed.length) {
    lines.push(
      h(
        "div",
        { class: "meta-line muted small" },
        `Greyed out: ${greyed.map((p) => `${p.name} (${p.reason})`).join("; ")}. See the overrides below.`,
      ),
    );
  }
  if (!provider && !readOverrides(localStorage).installDemo && findDemoApp(apps, config)) {
    lines.push(
      h(
        "div",
        { class: "meta-line" },
        h("button", { type: "button", class: "small primary", id: "quick-install-demo", onclick: installDemo }, "Use the local demo softphone"),
        h("span", { class: "muted small" }, `sets ${KEYS.installDemo}=local`),
      ),
    );
  }
  meta.replaceChildren(...lines);
}

function renderOverrideState(overrides) {
  const items = [
    [KEYS.settings, overrides.settingsRaw, overrides.settingsError],
    [KEYS.installDemo, overrides.installDemo, null],
    [KEYS.channel, overrides.channelRaw, null],
  ];
  $("override-state").replaceChildren(
    h("div", { class: "small muted" }, "In this browser now:"),
    ...items.map(([key, value, error]) =>
      h(
        "div",
        { class: "override-line" },
        h("code", {}, key.replace("LocalSettings:", "…")),
        " ",
        value === null || value === undefined ? h("span", { class: "muted" }, "not set") : h("code", { class: "value" }, value),
        error ? h("span", { class: "error" }, ` — ignored: ${error}`) : null,
      ),
    ),
  );
  $("override-help").classList.toggle("active", Boolean(overrides.settingsRaw || overrides.installDemo || overrides.channelRaw));
}

function route() {
  const [, page = "contacts", id] = (location.hash || "#/contacts").split("/");
  for (const link of document.querySelectorAll("#nav a")) link.classList.toggle("active", link.dataset.route === page);
  if (page === "helpdesk") {
    crm.view = { page: "helpdesk" };
    showHelpdesk();
  } else if (page === "contacts" || page === "companies") {
    if (id) crm.showRecord(page, id);
    else crm.showList(page);
  } else {
    location.hash = "#/contacts";
  }
}

main();
