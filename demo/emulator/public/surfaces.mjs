// Where HubSpot puts a calling app's widget, from the app's calling settings. Pure functions
// (no DOM, no storage), shared by the host page, the calling window page and the tests.
//
// HubSpot has three frames ("surfaces"), named by SYNC's iframeLocation (docs/protocol.md 4.7):
//   widget  the movable panel of record pages, for apps without inbound calling;
//   remote  a frame in the navigation bar of every HubSpot tab, for apps with inbound calling;
//   window  the iframe of the calling window, a popup at /calling-integration-popup-ui/{portalId}.
// The rule the emulator applies (README, "Surfaces", says what is certain and what assumed):
//   supportsInboundCalling true and usesRemote not false → a `remote` frame in every tab;
//   otherwise                                            → the record page's `widget` dock;
//   usesCallingWindow true → besides, calls are placed in the calling window (`window`).

export const SURFACE_FIELDS = ["supportsInboundCalling", "usesCallingWindow", "usesRemote"];

/** The window.open name of the calling window: one per browsing context group. */
export const CALLING_WINDOW_NAME = "callcore-calling-window";

/** HubSpot's path of the calling window. */
export const CALLING_WINDOW_PREFIX = "/calling-integration-popup-ui/";

/** A portal id as the calling window's path takes it: digits only, at most 15 (below 2^53). */
export const PORTAL_ID_PATTERN = /^[0-9]{1,15}$/;

/**
 * {tab, callingWindow, usesCallingWindow} for an app's (merged) settings:
 *   tab                "remote" | "widget": the frame each HubSpot tab shows
 *   callingWindow      click-to-call opens the calling window and dials there; a ring in a
 *                      remote frame offers to open it
 *   usesCallingWindow  what the tab's frames SYNC (the setting's value, a boolean)
 */
export function surfacesFor(settings = {}) {
  const inbound = settings.supportsInboundCalling === true && settings.usesRemote !== false;
  const callingWindow = settings.usesCallingWindow === true;
  return { tab: inbound ? "remote" : "widget", callingWindow, usesCallingWindow: callingWindow };
}

/** True when two settings objects put the widget in the same places. */
export function sameSurfaces(a, b) {
  const x = surfacesFor(a || {});
  const y = surfacesFor(b || {});
  return x.tab === y.tab && x.callingWindow === y.callingWindow;
}

/** The calling window's path for `portalId`; `usesCallingWindow: false` as the app opens it itself. */
export function callingWindowPath(portalId, { usesCallingWindow, check = false } = {}) {
  const query = new URLSearchParams();
  if (usesCallingWindow === false) query.set("usesCallingWindow", "false");
  if (check) query.set("callcore-check", "1");
  const text = query.toString();
  return `${CALLING_WINDOW_PREFIX}${portalId}${text ? `?${text}` : ""}`;
}

/** The portal id of a calling window path, or null when the path is not one (or not digits). */
export function portalIdOfPath(pathname) {
  if (typeof pathname !== "string" || !pathname.startsWith(CALLING_WINDOW_PREFIX)) return null;
  const rest = pathname.slice(CALLING_WINDOW_PREFIX.length);
  return PORTAL_ID_PATTERN.test(rest) ? rest : null;
}

/**
 * What the calling window's frame SYNCs as usesCallingWindow: false when the app opened it with
 * `?usesCallingWindow=false` (HubSpot's demo does), else the setting's value.
 */
export function windowUsesCallingWindow(settings = {}, search = "") {
  const query = new URLSearchParams(search);
  if (query.get("usesCallingWindow") === "false") return false;
  return settings.usesCallingWindow === true;
}

/** The core's current call, when it is still going (not ended, completed or transferred). */
export function openCall(state) {
  if (!state || !state.currentCall || !Array.isArray(state.calls)) return null;
  const call = state.calls.find((c) => c.externalCallId === state.currentCall);
  return call && !["ended", "completed", "transferred"].includes(call.state) ? call : null;
}

/** The sentence HubSpot's page says before leaving a page whose widget holds a call. */
export const LEAVE_WARNING = "You have a call in progress. Leaving this page will end it.";

/**
 * The LocalSettings:Calling:CallingExtensions value that sets `fields` (the three surface
 * settings) for app `appId`, keeping what the current override says for that app.
 * `raw`: the key's current text (or null).
 */
export function surfaceOverride(raw, appId, fields) {
  let current = {};
  try {
    const parsed = raw ? JSON.parse(raw) : null;
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) current = parsed;
  } catch {
    current = {};
  }
  // An override for another app (or for every app) is narrowed to this one: the switch is per app.
  const base = current.appId === undefined || String(current.appId) === String(appId) ? current : {};
  const next = { ...base, appId };
  for (const field of SURFACE_FIELDS) if (typeof fields[field] === "boolean") next[field] = fields[field];
  return JSON.stringify(next);
}
