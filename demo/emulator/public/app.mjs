// The emulator's host page: a stand-in for HubSpot towards a calling widget.
import { api } from "./api.mjs";
import { Crm } from "./crm.mjs";
import { $, h } from "./dom.mjs";
import { clientSecretLine, showHelpdesk } from "./helpdesk.mjs";
import { CHECK_MODE, CHECK_HOST_OPTIONS, installCheckHook } from "./check-hook.mjs";
import { SHARED_HOST_OPTIONS, WidgetHost } from "./host.mjs";
import { MessageLog } from "./log.mjs";
import { Presence, presenceChips } from "./presence.mjs";
import { KEYS, PROVIDER_KEY, buildProviders, chosenProvider, findDemoApp, readOverrides } from "./providers.mjs";
import { idsFor, surfaceShell } from "./surface-ui.mjs";
import {
  CALLING_WINDOW_NAME,
  LEAVE_WARNING,
  SURFACE_FIELDS,
  callingWindowPath,
  openCall,
  sameSurfaces,
  surfaceOverride,
  surfacesFor,
} from "./surfaces.mjs";

let config = {};
let apps = [];
let providers = [];
let crm = null;
let log = null;
let presence = null;
/** The record page's dock (iframeLocation "widget") and the nav bar's frame ("remote"). */
let dock = null;
let remote = null;
/** The one of the two this tab uses for the chosen provider. */
let host = null;
/** The chosen provider (null: none) and where its widget goes (surfaces.mjs). */
let provider = null;
let surfaces = surfacesFor({});
/** The page the dock was mounted for: the dock belongs to one page (route). */
let dockRoute = null;
/** Route changes that took the dock away so far: only the newest mounts the next page's dock. */
let dockLeaves = 0;
/** The URL before the last route change, to go back to when the user stays. */
let currentUrl = location.href;
/** A DIAL_NUMBER handed to the calling window, until it says it took it. */
let pendingDial = null;
let ringShownFor = null;
let surfacesOpen = false;

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

  log = new MessageLog();
  crm = new Crm({ onCall: callFrom });
  $("remote-panel").append(surfaceShell("remote"));
  presence = new Presence({
    where: "tab",
    onMessage: onChannelMessage,
    render: (entries) => $("presence").replaceChildren(...presenceChips(entries)),
  });
  const hostOptions = {
    config, log, crm,
    coreOptions: CHECK_MODE ? {} : SHARED_HOST_OPTIONS,
    extOptions: CHECK_MODE ? CHECK_HOST_OPTIONS : {},
    onChange: onHostChange,
  };
  dock = new WidgetHost({ ...hostOptions, surface: "widget" });
  remote = new WidgetHost({ ...hostOptions, surface: "remote", ids: idsFor("remote") });
  host = dock;
  window.emulator = {
    config,
    crm,
    log,
    dock,
    remote,
    presence,
    /** The host of the surface this tab uses (the dock, or the nav bar's remote frame). */
    get host() {
      return host;
    },
    get surfaces() {
      return surfaces;
    },
  };
  $("remote-toggle").addEventListener("click", () => setRemoteOpen($("remote-panel").hidden));
  if (CHECK_MODE) {
    // Headless conformance run (cli/): the runner mounts the widget under test itself, on the
    // surface ?surface= names; the host's sessions record their inputs through
    // CHECK_HOST_OPTIONS' onCoreTrace.
    const surface = new URLSearchParams(location.search).get("surface") === "remote" ? "remote" : "widget";
    host = surface === "remote" ? remote : dock;
    showSurface(surface);
    if (surface === "remote") setRemoteOpen(true);
    installCheckHook({ host, crm, config, surface });
    return;
  }

  $("provider-select").addEventListener("change", (event) => choose(event.target.value));
  $("install-demo").addEventListener("click", installDemo);
  $("clear-overrides").addEventListener("click", () => {
    for (const key of Object.values(KEYS)) localStorage.removeItem(key);
    refreshProviders({ remount: true });
  });
  $("open-calling-window").addEventListener("click", () => openCallingWindow());
  // Another tab (or the console via a reload) changed an override or the provider.
  window.addEventListener("storage", (event) => {
    if (Object.values(KEYS).includes(event.key) || event.key === PROVIDER_KEY) refreshProviders({ remount: true });
  });
  // HubSpot warns before a reload or closing the tab ends a call (the browser shows its own text).
  window.addEventListener("beforeunload", (event) => {
    if (!openCall(dock.state()) && !openCall(remote.state())) return;
    event.preventDefault();
    event.returnValue = LEAVE_WARNING;
    return LEAVE_WARNING;
  });

  refreshProviders({ remount: true });
  currentUrl = location.href;
  window.addEventListener("hashchange", onHashChange);
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
  const selected = chosenProvider(providers, localStorage.getItem(PROVIDER_KEY));

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
  if (remount) use(selected);
}

function choose(appId) {
  const chosen = providers.find((p) => String(p.appId) === appId && p.selectable) || null;
  if (chosen) localStorage.setItem(PROVIDER_KEY, String(chosen.appId));
  else localStorage.setItem(PROVIDER_KEY, "");
  renderProviderMeta(chosen);
  use(chosen);
}

/**
 * Puts `next`'s widget where its settings say (surfaces.mjs): the nav bar's remote frame, or the
 * page's dock. Nothing happens when the provider and its surfaces are unchanged.
 */
function use(next) {
  const same = provider && next && String(provider.appId) === String(next.appId) && provider.url === next.url &&
    provider.width === next.width && provider.height === next.height && sameSurfaces(provider.settings, next.settings);
  if (same || (!provider && !next && host.provider === null && host.ext === null && dockRoute !== null)) return;
  provider = next;
  surfaces = surfacesFor(next ? next.settings : {});
  dock.usesCallingWindow = remote.usesCallingWindow = surfaces.usesCallingWindow;
  const surface = next && surfaces.tab === "remote" ? "remote" : "widget";
  showSurface(surface);
  if (surface === "remote") {
    dock.mount(null);
    remote.mount(next);
    host = remote;
  } else {
    remote.mount(null);
    dock.mount(next);
    host = dock;
  }
  dockRoute = routeKey();
  renderRemote();
}

/** Shows the dock or the nav bar's frame (the provider card stays in the dock either way). */
function showSurface(surface) {
  $("dock").dataset.surface = surface;
  $("remote").hidden = surface !== "remote";
  if (surface !== "remote") setRemoteOpen(false);
  const note = $("dock-note");
  note.hidden = surface !== "remote";
  note.textContent = surface === "remote"
    ? "This app has inbound calling: its widget is the remote frame in the navigation bar (☎ above), in every tab."
    : "";
}

function setRemoteOpen(open) {
  $("remote-panel").hidden = !open;
  $("remote-toggle").setAttribute("aria-expanded", String(open));
}

/** A host rendered its status: tell the other windows, update the nav bar's frame and banner. */
function onHostChange(changed) {
  if (!presence) return;
  presence.update(changed.surface, changed.provider ? changed.summary() : null);
  if (changed === remote) renderRemote();
}

function renderRemote() {
  if (!remote) return;
  const summary = remote.summary();
  const call = summary.call;
  const label = !summary.appId
    ? "Calling"
    : call
      ? `${call.state === "ringing" ? "Ringing" : call.state === "ended" ? "Call ended" : "On a call"}${call.who ? ` · ${call.who}` : ""}`
      : `${summary.appName} · ${summary.synced ? (summary.loggedIn ? "logged in" : "logged out") : "connecting…"}`;
  $("remote-label").textContent = label;
  $("remote-toggle").dataset.call = call ? (call.state === "ringing" ? "ringing" : "call") : "";
  // A ring opens the frame once (the user must see it), and offers the calling window.
  const ringing = call && call.state === "ringing" ? call.externalCallId : null;
  if (ringing && ringShownFor !== ringing) setRemoteOpen(true);
  ringShownFor = ringing;
  const banner = Boolean(ringing && surfaces.callingWindow && host === remote);
  $("ring-banner").hidden = !banner;
  if (banner) $("ring-banner-text").textContent = `Incoming call${call.who ? ` from ${call.who}` : ""} for ${summary.appName}`;
}

// ------------------------------------------------------------ the calling window

/**
 * Opens the calling window, or brings the open one forward without reloading it (its calls live
 * there). Must run from a user's click: browsers block pop-ups otherwise. null when blocked.
 */
function openCallingWindow() {
  const win = window.open("", CALLING_WINDOW_NAME, "popup,width=480,height=820");
  if (!win) {
    host.alert("The browser blocked the calling window: allow pop-ups for the emulator's page.", "warning");
    return null;
  }
  let blank = false;
  try {
    blank = win.location.href === "about:blank";
  } catch {
    blank = false;
  }
  if (blank) win.location.replace(callingWindowPath(config.portalId));
  win.focus();
  return win;
}

/** Click-to-call with the calling window on: open it, and hand it the DIAL_NUMBER. */
function callFrom(kind, record, phoneNumber) {
  if (!provider || !surfaces.callingWindow) return host.dial(kind, record, phoneNumber);
  if (!openCallingWindow()) return false;
  const dialId = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  pendingDial = { type: "dial", dialId, kind, recordId: record.id, phoneNumber, until: Date.now() + 20000 };
  sendPendingDial();
  return true;
}

/** The window takes the dial once its widget is loaded: ask again until it answers. */
function sendPendingDial() {
  if (!pendingDial) return;
  if (Date.now() > pendingDial.until) {
    host.alert("The calling window did not take the call within 20 s: is it open and is the widget loaded?", "warning");
    pendingDial = null;
    return;
  }
  const { until, ...message } = pendingDial;
  presence.post(message);
  setTimeout(sendPendingDial, 300);
}

function onChannelMessage(message) {
  if (message.type === "dial-result" && pendingDial && message.dialId === pendingDial.dialId) pendingDial = null;
  else if (message.type === "refresh") crm.refresh(message.kind, message.id);
}

function renderProviderMeta(provider) {
  renderSurfacesBox(provider);
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

/** The page a route shows; the dock belongs to one. */
function routeKey() {
  const [, page = "contacts", id = ""] = (location.hash || "#/contacts").split("/");
  return `${page}/${id}`;
}

/**
 * A route change. Leaving a page whose dock holds a call asks first, as HubSpot does; staying puts
 * the address back. The dock then goes with the page: the next one mounts a fresh widget (the core
 * reports the call left open). The nav bar's frame and the calling window are not the page's.
 */
function onHashChange() {
  const leaving = host === dock && dock.provider && dockRoute !== routeKey();
  if (leaving && openCall(dock.state()) && !confirm(LEAVE_WARNING)) {
    history.replaceState(history.state, "", currentUrl);
    return;
  }
  currentUrl = location.href;
  route();
}

function route() {
  const [, page = "contacts", id] = (location.hash || "#/contacts").split("/");
  for (const link of document.querySelectorAll("#nav a")) link.classList.toggle("active", link.dataset.route === page);
  if (host === dock && dock.provider && dockRoute !== routeKey()) {
    // The dock goes with the page it was on (its widget unloads as a leaving page's frame does),
    // and this page gets a fresh one: unless another route change came meanwhile.
    const provider = dock.provider;
    const token = ++dockLeaves;
    dockRoute = routeKey();
    dock.leave().then(() => {
      if (token === dockLeaves && host === dock) dock.mount(provider);
    });
  }
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

// ------------------------------------------------------------ the "Surfaces" switch

/** Three switches for the chosen app's surface settings, kept in this browser's override. */
function renderSurfacesBox(chosen) {
  const box = $("surfaces-box");
  if (!chosen) return box.replaceChildren();
  const settings = chosen.settings || {};
  const boxes = Object.fromEntries(
    SURFACE_FIELDS.map((field) => [field, h("input", { type: "checkbox", name: field, checked: settings[field] === true })]),
  );
  const now = surfacesFor(settings);
  const details = h(
    "details",
    { id: "surfaces-control", open: surfacesOpen, ontoggle: (event) => (surfacesOpen = event.target.open) },
    h("summary", {}, "Surfaces: ", h("strong", { id: "surfaces-now" }, `${now.tab}${now.callingWindow ? " + calling window" : ""}`)),
    h("div", { class: "small muted" }, `Where ${chosen.name}'s widget goes, from its settings (README, "Surfaces"). Applied through ${KEYS.settings} in this browser.`),
    ...SURFACE_FIELDS.map((field) => h("label", {}, boxes[field], h("code", {}, field))),
    h(
      "button",
      {
        type: "button",
        class: "small",
        id: "surfaces-apply",
        onclick: () => {
          if (openCall(host.state()) && !confirm(LEAVE_WARNING)) return;
          const fields = Object.fromEntries(SURFACE_FIELDS.map((field) => [field, boxes[field].checked]));
          localStorage.setItem(KEYS.settings, surfaceOverride(localStorage.getItem(KEYS.settings), chosen.appId, fields));
          refreshProviders({ remount: true });
        },
      },
      "Apply and remount",
    ),
  );
  box.replaceChildren(details);
}

main();
