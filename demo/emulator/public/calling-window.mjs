// The calling window (/calling-integration-popup-ui/{portalId}): HubSpot's popup where calls
// live, so that navigating HubSpot's tabs does not end them. It mounts the provider this browser
// chose (PROVIDER_KEY, as the tabs) with iframeLocation "window"; SYNC's usesCallingWindow is the
// app's setting, or false when the app opened the window itself with ?usesCallingWindow=false.
// A tab's click-to-call hands it the DIAL_NUMBER over the emulator's BroadcastChannel.
import { api } from "./api.mjs";
import { CHECK_MODE, CHECK_HOST_OPTIONS, installCheckHook } from "./check-hook.mjs";
import { $, h } from "./dom.mjs";
import { WidgetHost } from "./host.mjs";
import { MessageLog } from "./log.mjs";
import { Presence, presenceChips } from "./presence.mjs";
import { KEYS, PROVIDER_KEY, buildProviders, chosenProvider, readOverrides } from "./providers.mjs";
import { idsFor, surfaceShell } from "./surface-ui.mjs";
import { LEAVE_WARNING, openCall, portalIdOfPath, sameSurfaces, windowUsesCallingWindow } from "./surfaces.mjs";

let config = {};
let apps = [];
let host = null;
let presence = null;
const dialsTaken = new Set();

/** What the host needs of HubSpot's CRM here: records are read; navigation happens in the tab that opened the window. */
const crm = {
  currentRecord: () => null,
  async findRecord(kind, id) {
    const records = await api.records().catch(() => ({}));
    return (records[kind] || []).find((r) => String(r.id) === String(id)) || null;
  },
  openRecord(kind, id) {
    const hash = `#/${kind}/${id}`;
    try {
      if (window.opener && !window.opener.closed && window.opener.location.origin === location.origin) {
        window.opener.location.hash = hash;
        window.opener.focus();
        return;
      }
    } catch {}
    window.open(`/${hash}`, "_blank");
  },
  /** The tabs show the timeline: tell them an engagement changed. */
  refresh(kind, id) {
    presence?.post({ type: "refresh", kind, id });
  },
};

async function main() {
  if (typeof callcore === "undefined") {
    $("window-main").replaceChildren(h("div", { class: "alert error" }, "callcore.js did not load: run `bash scripts/build.sh`."));
    return;
  }
  try {
    [config, apps] = await Promise.all([api.config(), api.apps()]);
  } catch (error) {
    $("window-main").replaceChildren(h("div", { class: "alert error" }, `The emulator server is not answering: ${error.message}`));
    return;
  }
  if (portalIdOfPath(location.pathname) !== String(config.portalId)) {
    $("window-main").replaceChildren(h("div", { class: "alert error" }, "This calling window is not for this emulator's portal."));
    return;
  }
  $("account").textContent = `portal ${config.portalId} · user ${config.userId}`;
  $("window-main").append(surfaceShell("window"));
  const log = new MessageLog();
  presence = new Presence({
    where: "window",
    onMessage,
    render: (entries) => $("presence").replaceChildren(...presenceChips(entries)),
  });
  host = new WidgetHost({
    config,
    log,
    crm,
    surface: "window",
    ids: idsFor("window"),
    usesCallingWindow: windowUsesCallingWindow({}, location.search),
    extOptions: CHECK_MODE ? CHECK_HOST_OPTIONS : {},
    onChange: (changed) => presence.update("window", changed.provider ? changed.summary() : null),
  });
  window.emulator = { config, host, crm, log, presence };
  if (CHECK_MODE) {
    installCheckHook({ host, crm, config, surface: "window" });
    return;
  }
  mountChosen();
  window.addEventListener("storage", async (event) => {
    if (!Object.values(KEYS).includes(event.key) && event.key !== PROVIDER_KEY) return;
    apps = await api.apps().catch(() => apps);
    mountChosen();
  });
  window.addEventListener("beforeunload", (event) => {
    if (!openCall(host.state())) return;
    event.preventDefault();
    event.returnValue = LEAVE_WARNING;
    return LEAVE_WARNING;
  });
}

/** Mounts the provider the tabs use (again only when it or its settings changed). */
function mountChosen() {
  const providers = buildProviders(apps, readOverrides(localStorage), config);
  const chosen = chosenProvider(providers, localStorage.getItem(PROVIDER_KEY));
  const current = host.provider;
  const usesCallingWindow = windowUsesCallingWindow(chosen ? chosen.settings : {}, location.search);
  if (current && chosen && String(current.appId) === String(chosen.appId) && current.url === chosen.url &&
      sameSurfaces(current.settings, chosen.settings) && host.usesCallingWindow === usesCallingWindow) return;
  host.usesCallingWindow = usesCallingWindow;
  document.title = chosen ? `${chosen.name} · Calling window` : "Calling window · HubSpot emulator";
  host.mount(chosen);
}

/** A tab's click-to-call: take it once the widget is loaded (the tab asks again until then). */
function onMessage(message) {
  if (message.type !== "dial" || typeof message.dialId !== "string" || dialsTaken.has(message.dialId)) return;
  if (message.kind !== "contacts" && message.kind !== "companies") return;
  if (!host.ext || host.state().phase !== "initialized") return;
  dialsTaken.add(message.dialId);
  const ok = host.dial(message.kind, { id: message.recordId }, String(message.phoneNumber || ""));
  presence.post({ type: "dial-result", dialId: message.dialId, ok });
  window.focus();
}

main();
