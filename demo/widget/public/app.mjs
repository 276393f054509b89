// The demo softphone: a widget built on callcore's glue (the drop-in for
// @hubspot/calling-extensions-sdk). Every message goes through the WebAssembly
// core, which reports what it finds wrong in the "Protocol notes" panel.
import {
  CallBook,
  DISPOSITIONS,
  cleanNumber,
  completionPayload,
  defaultTitle,
  dispositionId,
  endStatusInfo,
  formatDuration,
  matchName,
  peerLabel,
  recordOf,
} from "./calls.mjs";

const $ = (id) => document.getElementById(id);
const SESSION_KEY = "demo-phone:session";
// The softphone's instances (the record-page widget, the remote frame of every tab, the calling
// window) share login, availability and calls through the core, on this channel.
const INSTANCE_CHANNEL = "callcore-demo-phone";
const DEFAULT_SIZE = { width: 400, height: 650 };

const saved = readSession();
const ui = {
  loggedIn: Boolean(saved.loggedIn),
  available: false,
  agentName: saved.agentName || "Demo Agent",
  agentNumber: saved.agentNumber || "+18005550100",
  size: saved.size || DEFAULT_SIZE,
  host: null, // onReady's data
  visibility: null,
  violations: [],
  instances: null, // the core's view of this softphone's instances (option instances)
};
const book = new CallBook();
let ext = null;
let timer = null;

function readSession() {
  try {
    return JSON.parse(localStorage.getItem(SESSION_KEY) || "{}") || {};
  } catch {
    return {};
  }
}

function writeSession() {
  const { loggedIn, agentName, agentNumber, size } = ui;
  try {
    localStorage.setItem(SESSION_KEY, JSON.stringify({ loggedIn, agentName, agentNumber, size }));
  } catch {
    /* private mode: the session is simply not remembered */
  }
}

// ---------------------------------------------------------------- SDK

async function loadConfig() {
  try {
    const response = await fetch("/config.json", { cache: "no-store" });
    if (response.ok) return await response.json();
  } catch {
    /* served without the demo server: fall back to HubSpot's own origins */
  }
  return {};
}

function connect(config) {
  const options = {
    debugMode: false,
    policy: "warn",
    eventHandlers: {
      onReady,
      onDialNumber,
      onEndCall,
      onVisibilityChanged,
      onCreateEngagementSucceeded,
      onCreateEngagementFailed,
      onEngagementCreated: (data) => onCreateEngagementSucceeded(data),
      onCallerIdMatchSucceeded,
      onCallerIdMatchFailed,
      onUpdateEngagementSucceeded,
      onUpdateEngagementFailed,
      onNavigateToRecordFailed: () => toast("The host could not open that record.", "error"),
      onFinalizeEngagementSucceeded: () => toast("Engagement finalized."),
      onFinalizeEngagementFailed: (data) => toast(`Finalizing failed: ${errorText(data)}`, "error"),
      onPublishToChannelSucceeded: () => toast("Published to the channel."),
      onPublishToChannelFailed: (data) => toast(`Publishing failed: ${errorText(data)}`, "error"),
      onSetCallState: (data) => toast(`Host set the call state: ${JSON.stringify(data)}`),
      defaultEventHandler: (data, envelope) => {
        if (envelope && envelope.type === "ERROR") return; // the core already reported what it was about
        toast(`Host sent ${envelope ? envelope.type : "a message"}`);
      },
      onViolation,
      onInstancesChanged,
    },
    instances: { channel: INSTANCE_CHANNEL },
  };
  if (Array.isArray(config.allowedHostOrigins) && config.allowedHostOrigins.length) {
    options.allowedHostOrigins = config.allowedHostOrigins;
  }
  ext = new callcore.CallingExtensions(options);
  window.demoPhone = { ext, book, ui }; // for the curious, in the console
}

function onReady(data) {
  ui.host = data || {};
  const chip = $("link-chip");
  chip.dataset.state = "ready";
  chip.textContent = ui.host.portalId ? `portal ${ui.host.portalId}` : "connected";
  chip.title = `Connected to ${ui.host.hostUrl || "the host"} (${ui.host.iframeLocation || "widget"})`;
  $("open-calling-window").hidden = !callingWindowUrl();
  const payload = { isLoggedIn: ui.loggedIn, isAvailable: ui.available, sizeInfo: { ...ui.size } };
  if (typeof ui.host.engagementId === "number") payload.engagementId = ui.host.engagementId; // resuming
  ext.initialized(payload);
  render();
}

/**
 * Another instance logged in, took a call, answered or saved one; or one joined, left or now
 * leads. The core keeps what they share: this page follows it.
 */
function onInstancesChanged(instances) {
  const state = ext.getState();
  if (!state) return;
  ui.instances = instances;
  if (state.loggedIn !== ui.loggedIn) {
    ui.loggedIn = state.loggedIn;
    writeSession();
  }
  if (state.available !== null) ui.available = state.available;
  if (instances) book.mirror(state.calls);
  render();
}

/** Other live instances of this softphone: a call this page leaves is handed to them. */
function othersAlive() {
  const instances = ui.instances;
  return Boolean(instances && instances.members.some((m) => !m.self));
}

/**
 * HubSpot's calling window, opened by the app when usesCallingWindow is false (HubSpot opens it
 * itself otherwise): the host's own page, which embeds this softphone again.
 */
function callingWindowUrl() {
  const host = ui.host || {};
  if (host.usesCallingWindow !== false || host.iframeLocation === "window" || !host.hostUrl || !host.portalId) return null;
  return `${host.hostUrl}/calling-integration-popup-ui/${encodeURIComponent(host.portalId)}?usesCallingWindow=false`;
}

function onDialNumber(data) {
  const number = cleanNumber(data && (data.phoneNumber || data.phone_number));
  if (!number) {
    toast("The host asked to dial, but sent no number.", "error");
    return;
  }
  if (!ui.loggedIn) {
    $("dial-number").value = number;
    toast("Log in to call this number.", "error");
    return;
  }
  if (book.isBusy()) {
    toast(book.isActive() ? "Already on a call: hang up first." : "Save the last call before placing another.", "error");
    return;
  }
  $("dial-number").value = number;
  startOutbound(number, data);
}

function onEndCall() {
  const call = book.current;
  if (!book.isActive(call)) {
    toast("The host asked to end a call, but none is active.");
    return;
  }
  toast("The host ended the call.");
  endCall(call, call.answeredAt ? "COMPLETED" : "CANCELED");
}

function onVisibilityChanged(data) {
  ui.visibility = data || {};
  const state = ui.visibility.isHidden ? "hidden" : ui.visibility.isMinimized ? "minimised" : "visible";
  const chip = $("visibility-chip");
  chip.hidden = false;
  chip.dataset.state = state;
  chip.textContent = state;
  chip.title = `VISIBILITY_CHANGED ${JSON.stringify(data)}`;
  toast(`The host says the widget is ${state}.`);
}

function onCreateEngagementSucceeded(data) {
  const id = data ? data.engagementId : undefined;
  const state = ext.getState();
  const call = book.bindEngagement(id, (state && state.calls) || []);
  if (!call) toast(`Engagement ${id} arrived for no waiting call: ignored.`, "error");
  render();
}

function onCreateEngagementFailed(data) {
  const call = book.failEngagement(errorText(data));
  if (call) toast(`No engagement for this call: ${call.engagement.error}`, "error");
  render();
}

function onCallerIdMatchSucceeded(data) {
  book.bindCallerId(data && data.callerIdMatches);
  render();
}

function onCallerIdMatchFailed(data) {
  book.failCallerId(errorText(data));
  render();
}

function onUpdateEngagementSucceeded(data) {
  const call = data ? book.byEngagement(data.engagementId) : null;
  if (call) call.saved = "ok";
  toast(`Call logged${data && data.engagementId ? ` (engagement ${data.engagementId})` : ""}.`, "ok");
}

function onUpdateEngagementFailed(data) {
  toast(`The host could not log the call: ${errorText(data)}`, "error");
}

function onViolation(violation) {
  ui.violations.unshift({ ...violation, at: new Date() });
  if (ui.violations.length > 200) ui.violations.length = 200;
  renderViolations();
}

function errorText(data) {
  return (data && data.error && data.error.message) || (data && data.message) || "no reason given";
}

// ---------------------------------------------------------------- calls

function startOutbound(number, context = null) {
  const call = book.start("OUTBOUND", { remoteNumber: number, ownNumber: ui.agentNumber, context });
  ext.outgoingCall({
    externalCallId: call.externalCallId,
    toNumber: call.toNumber,
    fromNumber: call.fromNumber,
    callStartTime: call.startedAt,
    createEngagement: true,
  });
  render();
}

function startInbound(fromNumber) {
  const call = book.start("INBOUND", { remoteNumber: fromNumber, ownNumber: ui.agentNumber });
  ext.incomingCall({
    externalCallId: call.externalCallId,
    fromNumber: call.fromNumber,
    toNumber: call.toNumber,
    callStartTime: call.startedAt,
    createEngagement: true,
  });
  render();
}

function answer(call) {
  if (!book.isActive(call) || call.answeredAt) return;
  call.answeredAt = Date.now();
  ext.callAnswered({ externalCallId: call.externalCallId });
  render();
}

function endCall(call, callEndStatus) {
  if (!book.isActive(call)) return;
  call.endedAt = Date.now();
  call.endStatus = callEndStatus;
  const payload = { externalCallId: call.externalCallId, callEndStatus };
  if (call.engagement.id !== null) payload.engagementId = call.engagement.id;
  ext.callEnded(payload);
  prepareEndedForm(call);
  render();
}

/**
 * The page is going away (a reload, a navigation) with a call not yet saved. Nothing of this
 * page survives, so close the call on the wire now: otherwise the host keeps an engagement with
 * no outcome (calling-extensions-sdk#46). At beforeunload: Chromium delivers what a frame posts later (pagehide,
 * unload) with event.source null, which a host that checks the sender drops. pagehide is the
 * fallback for when beforeunload did not fire; both are registered before the SDK's own.
 */
function closeBeforeLeaving() {
  const call = book.current;
  if (!ext || !call || call.completed) return;
  if (othersAlive()) return; // the core hands the call to another instance: it goes on there
  if (!call.endedAt) endCall(call, call.answeredAt ? "COMPLETED" : "CANCELED");
  call.completed = true;
  ext.callCompleted(completionPayload(call, { title: defaultTitle(call), notes: "", disposition: "", keepOpen: true }));
}

function prepareEndedForm(call) {
  $("call-title").value = defaultTitle(call);
  $("disposition").value = dispositionId(endStatusInfo(call.endStatus).disposition);
  $("notes").value = "";
  $("finalize").checked = false;
}

function completeCall(call) {
  const payload = completionPayload(call, {
    title: $("call-title").value.trim(),
    notes: $("notes").value,
    disposition: $("disposition").value,
    keepOpen: $("keep-open").checked,
  });
  call.completed = true;
  ext.callCompleted(payload);
  if ($("finalize").checked) {
    if (call.engagement.id !== null) {
      ext.finalizeEngagement({ externalCallId: call.externalCallId, engagementId: call.engagement.id });
    } else {
      toast("No engagement to finalize for this call.", "error");
    }
  }
  book.currentId = null;
  $("dial-number").value = "";
  toast("Saving the call…");
  render();
}

// ---------------------------------------------------------------- rendering

function screenName() {
  const call = book.current;
  if (!ui.loggedIn && !book.isBusy()) return "login";
  if (!call || call.completed) return "home";
  if (call.endedAt) return "ended";
  if (call.answeredAt) return "incall";
  return call.direction === "INBOUND" ? "ringing" : "dialing";
}

function render() {
  const screen = screenName();
  for (const section of document.querySelectorAll(".screen")) section.hidden = section.id !== `screen-${screen}`;
  const call = book.current;

  $("agent-label").textContent = ui.agentName;
  $("agent-number-label").textContent = ui.agentNumber;
  const toggle = $("availability");
  toggle.setAttribute("aria-pressed", String(ui.available));
  toggle.dataset.available = String(ui.available);
  $("availability-label").textContent = ui.available ? "Available" : "Unavailable";
  $("incoming-hint").textContent = ui.available
    ? "Rings this softphone as if someone called your number."
    : "You are unavailable: HubSpot would not expect inbound calls (the core will say so).";

  renderInstances();
  if (call) renderCall(call, screen);
  clearInterval(timer);
  timer = null;
  if (screen === "incall") {
    timer = setInterval(() => renderTimer(call), 250);
    renderTimer(call);
  }
}

function renderCall(call, screen) {
  const who = peerLabel(call);
  const record = recordOf(call, ui.host && ui.host.portalId);
  if (screen === "dialing") {
    $("dialing-number").textContent = call.remoteNumber;
    const ctx = call.context;
    $("dialing-context").textContent = ctx
      ? `from HubSpot · ${(ctx.objectType || "record").toLowerCase()} ${ctx.objectId || ""}`.trim()
      : "dialed from the keypad";
    renderEngagement($("dialing-engagement"), call);
  } else if (screen === "ringing") {
    const matched = call.callerId.matches.length > 0;
    $("ringing-name").textContent = matched ? who : call.callerId.state === "pending" ? "Looking up caller…" : "Unknown caller";
    $("ringing-number").textContent = call.remoteNumber;
    renderMatches($("ringing-matches"), call);
    renderEngagement($("ringing-engagement"), call);
  } else if (screen === "incall") {
    $("incall-name").textContent = who;
    $("incall-number").textContent = who === call.remoteNumber ? (call.direction === "INBOUND" ? "Inbound call" : "Outbound call") : call.remoteNumber;
    $("incall-avatar").textContent = initials(who);
    $("muted-badge").hidden = !call.muted;
    $("hold-badge").hidden = !call.onHold;
    $("mute").setAttribute("aria-pressed", String(call.muted));
    $("hold").setAttribute("aria-pressed", String(call.onHold));
    $("open-record").disabled = !record;
    renderEngagement($("incall-engagement"), call);
  } else if (screen === "ended") {
    const end = endStatusInfo(call.endStatus);
    $("ended-status").textContent = end.label;
    $("ended-peer").textContent = who === call.remoteNumber ? who : `${who} · ${call.remoteNumber}`;
    $("ended-duration").textContent = formatDuration(call.answeredAt ? call.endedAt - call.answeredAt : 0);
    renderEngagement($("ended-engagement"), call);
  }
}

/** Where this instance runs, and whether it or another one speaks for the calls. */
function renderInstances() {
  const chip = $("instances-chip");
  const instances = ui.instances;
  chip.hidden = !instances;
  if (!instances) return;
  const others = instances.members.filter((m) => !m.self).length;
  const leads = instances.leader === instances.member;
  chip.dataset.state = leads ? "leader" : "mirror";
  chip.textContent = `${instances.surface || "…"}${others ? ` +${others}` : ""}`;
  chip.title = `${leads ? "This instance speaks to HubSpot for calls" : "Another instance speaks to HubSpot for calls; this one mirrors them"}` +
    ` (${instances.members.length} instance${instances.members.length === 1 ? "" : "s"} on ${instances.channel})`;
}

function renderTimer(call) {
  if (!call || !call.answeredAt) return;
  $("timer").textContent = formatDuration((call.endedAt || Date.now()) - call.answeredAt);
}

function renderEngagement(element, call) {
  const e = call.engagement;
  element.dataset.state = e.state;
  if (e.state === "created") element.textContent = `Engagement ${e.id}`;
  else if (e.state === "failed") element.textContent = `No engagement: ${e.error}`;
  else element.textContent = "Creating the engagement…";
}

function renderMatches(element, call) {
  element.replaceChildren();
  const { state, matches, error } = call.callerId;
  if (state === "failed") {
    element.append(note(`Caller ID lookup failed: ${error}`));
    return;
  }
  if (state === "matched" && matches.length === 0) {
    element.append(note("No CRM record has this number."));
    return;
  }
  for (const match of matches) {
    const row = document.createElement("div");
    row.className = "match";
    const name = document.createElement("div");
    name.className = "match-name";
    name.textContent = matchName(match);
    const kind = document.createElement("div");
    kind.className = "muted small-text";
    kind.textContent = [match.callerIdType === "COMPANY" ? "Company" : "Contact", match.email].filter(Boolean).join(" · ");
    const open = document.createElement("button");
    open.type = "button";
    open.className = "small";
    open.textContent = "Open record";
    open.addEventListener("click", () => navigate(match.objectCoordinates, call));
    const text = document.createElement("div");
    text.append(name, kind);
    row.append(text, open);
    element.append(row);
  }
}

function note(text) {
  const p = document.createElement("p");
  p.className = "hint";
  p.textContent = text;
  return p;
}

function initials(text) {
  const words = String(text).split(/\s+/).filter((w) => /^[\p{L}]/u.test(w));
  if (!words.length) return "☎";
  return words.slice(0, 2).map((w) => w[0].toUpperCase()).join("");
}

function navigate(objectCoordinates, call) {
  if (!objectCoordinates) return;
  const payload = { objectCoordinates };
  if (call && call.engagement.id !== null) payload.engagementId = call.engagement.id;
  ext.navigateToRecord(payload);
}

function renderViolations() {
  const list = $("violation-list");
  list.replaceChildren();
  for (const v of ui.violations) {
    const item = document.createElement("li");
    item.dataset.severity = v.severity;
    const code = document.createElement("code");
    code.textContent = v.code;
    const meta = document.createElement("span");
    meta.className = "meta";
    meta.textContent = [arrow(v.direction), v.type, v.outcome].filter(Boolean).join(" · ");
    const text = document.createElement("div");
    text.textContent = v.message;
    item.append(code, meta, text);
    list.append(item);
  }
  $("violations-empty").hidden = ui.violations.length > 0;
  $("clear-violations").hidden = ui.violations.length === 0;
  const count = $("violation-count");
  count.textContent = String(ui.violations.length);
  count.dataset.severity = ui.violations.some((v) => v.severity === "error") ? "error" : ui.violations.length ? "warning" : "";
}

function arrow(direction) {
  return direction === "inbound" ? "from host" : direction === "outbound" ? "to host" : direction;
}

let toastTimer = null;
function toast(text, kind = "info") {
  const element = $("toast");
  element.textContent = text;
  element.dataset.kind = kind;
  element.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    element.hidden = true;
  }, 4000);
}

// ---------------------------------------------------------------- user actions

function wire() {
  const select = $("disposition");
  for (const d of DISPOSITIONS) select.append(new Option(d.label, d.id));

  $("login-form").addEventListener("submit", (event) => {
    event.preventDefault();
    ui.agentName = $("agent-name").value.trim() || "Demo Agent";
    ui.agentNumber = cleanNumber($("agent-number").value) || "+18005550100";
    ui.loggedIn = true;
    writeSession();
    ext.userLoggedIn();
    render();
  });
  $("logout").addEventListener("click", () => {
    if (book.isBusy()) {
      toast("Finish the call before logging out.", "error");
      return;
    }
    ui.loggedIn = false;
    ui.available = false;
    writeSession();
    ext.userLoggedOut();
    render();
  });
  $("availability").addEventListener("click", () => {
    ui.available = !ui.available;
    if (ui.available) ext.userAvailable();
    else ext.userUnavailable();
    render();
  });

  const input = $("dial-number");
  $("keypad").addEventListener("click", (event) => {
    const key = event.target.closest("button[data-key]");
    if (!key) return;
    input.value += key.dataset.key;
    input.focus();
  });
  $("backspace").addEventListener("click", () => {
    input.value = input.value.slice(0, -1);
  });
  $("dial-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const number = cleanNumber(input.value);
    if (!number) {
      toast("Enter a number to call.", "error");
      return;
    }
    startOutbound(number);
  });
  $("incoming-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const from = cleanNumber($("incoming-from").value);
    if (!from) {
      toast("Enter the caller's number.", "error");
      return;
    }
    $("simulator").open = false;
    startInbound(from);
  });

  $("callee-answers").addEventListener("click", () => answer(book.current));
  $("callee-busy").addEventListener("click", () => endCall(book.current, "BUSY"));
  $("callee-no-answer").addEventListener("click", () => endCall(book.current, "NO_ANSWER"));
  $("cancel-call").addEventListener("click", () => endCall(book.current, "CANCELED"));
  $("answer").addEventListener("click", () => answer(book.current));
  $("decline").addEventListener("click", () => endCall(book.current, "REJECTED"));
  // Nobody picked up before the caller gave up: a missed call, not a declined one.
  $("caller-hangs-up").addEventListener("click", () => {
    const call = book.current;
    if (call && !call.answeredAt) endCall(call, "MISSED");
  });
  $("hangup").addEventListener("click", () => endCall(book.current, "COMPLETED"));
  $("mute").addEventListener("click", () => {
    const call = book.current;
    if (call) call.muted = !call.muted;
    render();
  });
  $("hold").addEventListener("click", () => {
    const call = book.current;
    if (call) call.onHold = !call.onHold;
    render();
  });
  $("open-record").addEventListener("click", () => {
    const call = book.current;
    navigate(recordOf(call, ui.host && ui.host.portalId), call);
  });
  $("complete-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const call = book.current;
    if (call && call.endedAt && !call.completed) completeCall(call);
  });

  for (const button of document.querySelectorAll("[data-size]")) {
    button.addEventListener("click", () => {
      const [width, height] = button.dataset.size.split("x").map(Number);
      ui.size = { width, height };
      writeSession();
      ext.resizeWidget({ width, height });
      $("tools").open = false;
    });
  }
  $("send-error").addEventListener("click", () => {
    ext.sendError({ message: "Demo Phone: the line to the carrier dropped (a simulated error)." });
    $("tools").open = false;
    toast("Error sent to the host.");
  });
  $("open-calling-window").addEventListener("click", () => {
    const url = callingWindowUrl();
    if (url) window.open(url, "callcore-calling-window", "popup,width=420,height=700");
  });
  $("show-state").addEventListener("click", () => {
    $("tools").open = false;
    showState();
  });
  $("clear-violations").addEventListener("click", () => {
    ui.violations = [];
    renderViolations();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") $("tools").open = false;
  });
}

function showState() {
  let dialog = document.querySelector("dialog.state");
  if (!dialog) {
    dialog = document.createElement("dialog");
    dialog.className = "state";
    const pre = document.createElement("pre");
    const close = document.createElement("button");
    close.type = "button";
    close.className = "small";
    close.textContent = "Close";
    close.addEventListener("click", () => dialog.close());
    dialog.append(pre, close);
    document.body.append(dialog);
  }
  dialog.querySelector("pre").textContent = JSON.stringify(ext.getState(), null, 2);
  dialog.showModal();
}

async function main() {
  $("agent-name").value = ui.agentName;
  $("agent-number").value = ui.agentNumber;
  wire();
  render();
  renderViolations();
  if (window.parent === window) {
    $("standalone").hidden = false;
    const chip = $("link-chip");
    chip.dataset.state = "alone";
    chip.textContent = "no host";
  }
  window.addEventListener("beforeunload", closeBeforeLeaving);
  window.addEventListener("pagehide", closeBeforeLeaving);
  const config = await loadConfig();
  if (typeof callcore === "undefined") {
    toast("callcore.js did not load: run `bash scripts/build.sh`.", "error");
    return;
  }
  connect(config);
}

main();
