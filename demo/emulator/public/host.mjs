// The host side of the conversation: callcore's CallingExtensions in the host role, plus what
// HubSpot does for a widget (docs/protocol.md 4.6): DIAL_NUMBER with the record's context, engagement
// creation, caller-ID matching, CALL_COMPLETED's properties on the timeline, and the rest.
// The conversation's state (handshake, login, availability, calls, currentCall) is the core's,
// read with ext.getState() and rendered again whenever the core reports something: a handler, an
// envelope either way (onTraffic), a violation. The page keeps only what HubSpot knows beyond the
// protocol: a call's CRM record, whom caller ID matched, the other party's number.
import { KINDS, api, kindOfObjectType, kindOfObjectTypeId } from "./api.mjs";
import { $, h } from "./dom.mjs";

/** A DIAL_NUMBER is remembered this long for the OUTGOING_CALL_STARTED it should cause. */
const DIAL_CONTEXT_MS = 5 * 60 * 1000;

/** How long a leaving page's widget may take to unload (and say what it says then) before its session ends. */
const LEAVE_GRACE_MS = 1500;

/** getState() before the core's session exists (the WebAssembly is still loading). */
const NO_STATE = { phase: "unsynced", syncing: false, loggedIn: false, available: null, widgetVersion: null, calls: [], currentCall: null };

/** The status chip of the call the user is busy with, by the core's call state. */
const CALL_LABELS = { dialing: "dialing", ringing: "ringing", inProgress: "on a call", ended: "call ended" };

/** The element ids of today's dock (index.html); another surface passes its own (surface-ui.mjs). */
/**
 * The host sessions of every tab and of the calling window share what they know of calls through
 * the core's option instances (docs/instances.md), on a channel of the emulator's own origin: a
 * ring announced in one tab shows in all, a second announcement of it is the core's DUPLICATE_CALL,
 * and an engagement is made once. Not in `callcore check`, whose judge replays each tab's host
 * session alone.
 */
export const SHARED_HOST_OPTIONS = { instances: { channel: "callcore-emulator-hosts" } };

export const DOCK_IDS = {
  frame: "widget-frame",
  status: "widget-status",
  endCall: "end-call",
  alerts: "alerts",
  shell: "widget-shell",
  title: "widget-title",
  minimise: "minimise",
  hide: "hide",
  show: "show",
  hidden: "widget-hidden",
  hiddenText: "widget-hidden-text",
};

export class WidgetHost {
  /**
   * @param {object} deps
   *   config       /_emulator/config
   *   log          MessageLog (or anything with addTraffic(record, surface) and addLocal(violation, surface))
   *   crm          {currentRecord(), findRecord(kind,id), openRecord(kind,id), refresh(kind,id), recordName(kind, record)}
   *   surface      what SYNC's iframeLocation says: "widget" (the dock), "remote" (the nav bar), "window"
   *   usesCallingWindow  what SYNC's usesCallingWindow says (the app's setting)
   *   ids          the ids of the elements it renders into (DOCK_IDS' keys); several hosts on one
   *                page each get their own
   *   coreOptions  more CallingExtensions options for every session this host makes (e.g. the
   *                core's `instances` option, when host sessions share calls)
   *   extOptions   more CallingExtensions options (`callcore check`: strict policy, the widget's
   *                origin); applied after coreOptions
   *   onChange     called after each render of the status (the page's presence, ring banners)
   */
  constructor({ config, log, crm, surface = "widget", usesCallingWindow = false, ids = DOCK_IDS, coreOptions = {}, extOptions = {}, onChange = () => {} }) {
    this.config = config;
    this.surface = surface;
    this.usesCallingWindow = usesCallingWindow;
    this.ids = { ...DOCK_IDS, ...ids };
    this.coreOptions = coreOptions;
    this.extOptions = extOptions;
    this.onChange = onChange;
    this.log = log;
    this.crm = crm;
    this.ext = null;
    this.provider = null;
    this.renderPending = false;
    this.resetPage();
    this.visibility = { isMinimized: false, isHidden: false };
    this.el("endCall")?.addEventListener("click", () => this.endCall());
    this.el("minimise")?.addEventListener("click", () =>
      this.setVisibility({ isMinimized: !this.visibility.isMinimized, isHidden: false }),
    );
    this.el("hide")?.addEventListener("click", () => this.setVisibility({ isMinimized: false, isHidden: true }));
    this.el("show")?.addEventListener("click", () => this.setVisibility({ isMinimized: false, isHidden: false }));
    this.renderStatus();
  }

  /** This host's element `name` (a key of DOCK_IDS), or null when its surface has none. */
  el(name) {
    return $(this.ids[name]);
  }

  /** Forgets what the page knew of the previous widget. */
  resetPage() {
    this.context = new Map(); // externalCallId → HubSpot's side of the call: {externalCallId, direction, number, record, matchName}
    this.dialContext = null; // the last DIAL_NUMBER's record, for the OUTGOING_CALL_STARTED it causes
    this.syncFailed = false; // SYNC_ACK_FAILED came: the core gave up on this page load
    this.widgetPage = {}; // one token per widget page (READY): an answer after a round trip goes only to the page that asked
  }

  /** The core's snapshot of the conversation (see the head of this file). */
  state() {
    return (this.ext && this.ext.getState()) || NO_STATE;
  }

  /** The core's record of a call, or null. */
  coreCall(externalCallId, state = this.state()) {
    return state.calls.find((call) => call.externalCallId === externalCallId) || null;
  }

  // ------------------------------------------------------------ provider

  /**
   * Loads `provider`'s widget (destroying the previous one); null unloads. The previous session
   * is told the page went away first, so the core reports a call left open (CALL_LEFT_OPEN), as
   * it does when the widget's page reloads.
   */
  mount(provider) {
    this.unmount();
    this.provider = provider;
    const frame = this.el("frame");
    if (this.el("title")) this.el("title").textContent = provider ? provider.name : "No provider";
    this.visibility = { isMinimized: false, isHidden: false };
    this.applyVisibility();
    if (!provider) {
      frame.replaceChildren(h("div", { class: "empty" }, "Choose a calling provider to load its widget."));
      this.renderStatus();
      return;
    }
    frame.replaceChildren();
    this.ext = new callcore.CallingExtensions({
      debugMode: false,
      policy: "warn",
      iFrameOptions: {
        src: provider.url,
        width: `${provider.width}px`,
        height: `${provider.height}px`,
        hostElementSelector: `#${this.ids.frame}`,
      },
      syncFields: {
        portalId: this.config.portalId,
        userId: this.config.userId,
        ownerId: this.config.ownerId,
        iframeLocation: this.surface,
        usesCallingWindow: this.usesCallingWindow === true,
      },
      eventHandlers: this.handlers(),
      ...this.coreOptions,
      ...this.extOptions,
    });
    if (this.surface === "widget") window.emulatorHost = this; // for the curious, in the console
    this.applyVisibility();
    this.renderStatus();
  }

  /** Destroys the widget's iframe and session (reporting a call left open), keeping the provider. */
  /**
   * The page this frame is on goes away (a record page left): the widget's document is unloaded as
   * a browser unloads a leaving page's frames, beforeunload first, while this session still
   * listens, so a widget that ends and completes its call then is heard; then the session ends
   * (the core reports what is still open: CALL_LEFT_OPEN). Resolves when the frame is gone.
   */
  async leave({ graceMs = LEAVE_GRACE_MS } = {}) {
    const frame = this.ext && this.ext.iFrameManager && this.ext.iFrameManager.iFrame;
    if (frame && frame.contentWindow) {
      const until = Date.now() + graceMs;
      const unloaded = new Promise((resolve) => {
        frame.addEventListener("load", resolve, { once: true });
        setTimeout(resolve, graceMs);
      });
      frame.onload = null; // the blank page's load is not the widget loading again (no new SYNC, no reload report)
      frame.src = "about:blank";
      await unloaded;
      // What the widget posted as it unloaded arrives after, with no source window (the core takes
      // a call's end and completion from it): wait for that, within the grace.
      while (this.holdsCall() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    this.unmount();
  }

  /** Whether this session holds a call not yet completed (a call another tab holds does not count). */
  holdsCall() {
    const state = this.state();
    const self = state.instances ? state.instances.member : null;
    return state.calls.some((c) => (c.owner == null || c.owner === self) && c.state !== "completed" && c.state !== "transferred");
  }

  unmount() {
    if (this.ext) {
      try {
        this.ext.iFrameManager.callcore.unload(); // the core's "page went away": CALL_LEFT_OPEN
      } catch {}
      this.ext.destroy();
    }
    this.ext = null;
    this.resetPage();
    this.clearAlerts();
    this.scheduleRender();
  }

  handlers() {
    const on = (fn) => (data, envelope) => {
      try {
        const result = fn.call(this, data || {}, envelope);
        if (result && typeof result.then === "function") {
          result.catch((error) => this.alert(`Emulator error: ${error.message}`, "error")).finally(() => this.scheduleRender());
        }
      } catch (error) {
        this.alert(`Emulator error: ${error.message}`, "error");
      } finally {
        this.scheduleRender();
      }
    };
    // What the core only takes into its state (INITIALIZED, login, availability, CALL_ANSWERED,
    // CALL_ENDED...) or carries out itself (RESIZE_WIDGET) goes to defaultEventHandler.
    return {
      onReady: on(this.onReady),
      onOutgoingCall: on(this.onOutgoingCall),
      onIncomingCall: on(this.onIncomingCall),
      onCallCompleted: on(this.onCallCompleted),
      onNavigateToRecord: on(this.onNavigateToRecord),
      onFinalizeEngagement: on((data) => this.onFinalize(data, "FINALIZE_ENGAGEMENT")),
      onPublishToChannel: on((data) => this.onFinalize(data, "PUBLISH_TO_CHANNEL")),
      onError: on(this.onWidgetError),
      defaultEventHandler: on((data, envelope) => {
        if (envelope && envelope.type === "SYNC_ACK_FAILED") {
          this.syncFailed = true;
          this.alert(`${this.provider.name} did not answer SYNC within 30 s: is ${this.provider.url} a calling widget?`, "error");
        }
      }),
      onTraffic: (record) => {
        this.log.addTraffic(record, this.surface);
        this.scheduleRender();
      },
      onViolation: (violation) => {
        if (violation.direction === "local") this.log.addLocal(violation, this.surface);
        this.scheduleRender(); // a call left open at a reload, a completion that never came...
      },
      // Another tab's host shared a call or its end (SHARED_HOST_OPTIONS): show it here too.
      onInstancesChanged: () => this.scheduleRender(),
    };
  }

  send(type, data) {
    if (!this.ext) return;
    this.ext.sendMessage(data === undefined ? { type } : { type, data });
  }

  // ------------------------------------------------------------ widget → host

  onReady() {
    this.widgetPage = {}; // a widget page answered SYNC: a new one after each load
    this.syncFailed = false;
  }

  async onOutgoingCall(data) {
    const call = this.remember(data, "OUTBOUND", data.toNumber || data.phoneNumber);
    // A call our DIAL_NUMBER started belongs to that record; a number dialled on the keypad is
    // filed by the server on the record that has the number (or on none).
    const context = this.dialContext;
    const fresh = context && Date.now() - context.at < DIAL_CONTEXT_MS && digits(context.phoneNumber) === digits(call.number);
    if (fresh) this.dialContext = null;
    call.record = fresh ? { kind: context.kind, id: context.id } : null;
    if (data.createEngagement === true) await this.createEngagement(call, data);
  }

  async onIncomingCall(data) {
    const call = this.remember(data, "INBOUND", data.fromNumber);
    try {
      const { callerIdMatches = [] } = (await api.callerId(String(data.fromNumber || ""))) || {};
      const first = callerIdMatches[0];
      if (first) {
        call.record = { kind: kindOfObjectType(first.callerIdType), id: first.objectCoordinates.objectId };
        call.matchName = first.callerIdType === "COMPANY" ? first.name : [first.firstName, first.lastName].filter(Boolean).join(" ");
      }
      this.send("CALLER_ID_MATCH_SUCCEEDED", { callerIdMatches });
    } catch (error) {
      this.send("CALLER_ID_MATCH_FAILED", { error: { message: error.message } });
    }
    if (data.createEngagement === true) await this.createEngagement(call, data);
  }

  /**
   * POST /_emulator/engagements on the call's record; without one (a number dialled on the
   * keypad, an unknown caller) the server files it on the record that has the other party's
   * number, or on none, as HubSpot logs unassociated calls.
   */
  async createEngagement(call, data) {
    const body = {
      externalCallId: call.externalCallId || `(no id ${Date.now()})`,
      direction: call.direction,
      toNumber: String(data.toNumber || data.phoneNumber || ""),
      fromNumber: String(data.fromNumber || ""),
    };
    if (call.record && call.record.kind) {
      body.objectType = KINDS[call.record.kind].objectType;
      body.objectId = Number(call.record.id);
    }
    try {
      const created = await api.createEngagement(body);
      if (!call.record && created.objectType && created.objectId) {
        call.record = { kind: kindOfObjectType(created.objectType), id: created.objectId };
      }
      this.send("CREATE_ENGAGEMENT_SUCCEEDED", { engagementId: created.engagementId });
      if (call.record) this.crm.refresh(call.record.kind, call.record.id);
    } catch (error) {
      this.send("CREATE_ENGAGEMENT_FAILED", { error: { message: error.message } });
    }
  }

  async onCallCompleted(data) {
    const call = this.context.get(data.externalCallId) || null;
    const tracked = this.coreCall(data.externalCallId);
    if (data.hideWidget !== false) this.setVisibility({ isMinimized: false, isHidden: true }, "The call was logged and the widget hidden (CALL_COMPLETED without hideWidget: false).");
    const properties = data.engagementProperties;
    if (!properties || typeof properties !== "object") return;
    const given = data.engagementId !== undefined && data.engagementId !== null && data.engagementId !== "";
    const engagementId = given ? Number(data.engagementId) : tracked && tracked.engagementId;
    if (!engagementId) {
      this.send("UPDATE_ENGAGEMENT_FAILED", {
        error: { message: `no engagement for call ${data.externalCallId}: it was never created` },
      });
      return;
    }
    // A page that completes its call at beforeunload is gone when the PATCH returns: the answer is
    // not sent to the page that replaced it (which never asked, and whose core refuses sends until
    // INITIALIZED: `callcore check`'s reload scenario failed on that now and then). The core's phase
    // covers the gap between the new page's load and its SYNC_ACK, which widgetPage cannot see.
    const asked = this.widgetPage;
    const askerStillThere = () => this.widgetPage === asked && this.state().phase === "initialized";
    try {
      await api.updateEngagement(engagementId, properties);
      if (askerStillThere()) this.send("UPDATE_ENGAGEMENT_SUCCEEDED", { engagementId });
      if (call && call.record) this.crm.refresh(call.record.kind, call.record.id);
      else this.crm.refresh();
    } catch (error) {
      if (askerStillThere()) this.send("UPDATE_ENGAGEMENT_FAILED", { error: { message: error.message } });
    }
  }

  /** FINALIZE_ENGAGEMENT and the older PUBLISH_TO_CHANNEL: succeed for an engagement this host made. */
  onFinalize(data, type) {
    const { calls } = this.state();
    const call = calls.find((c) => c.externalCallId === data.externalCallId);
    const engagementId = data.engagementId ?? (call && call.engagementId);
    const known = calls.some((c) => c.engagementId !== null && c.engagementId === Number(engagementId));
    const reply = { engagementId, externalCallId: data.externalCallId };
    if (known) this.send(`${type}_SUCCEEDED`, reply);
    else this.send(`${type}_FAILED`, { ...reply, error: { message: `engagement ${engagementId} was not created by this call` } });
  }

  async onNavigateToRecord(data) {
    const coordinates = data.objectCoordinates || {};
    const kind = kindOfObjectTypeId(coordinates.objectTypeId);
    const portalMatches = coordinates.portalId === undefined || Number(coordinates.portalId) === Number(this.config.portalId);
    const record = kind && portalMatches ? await this.crm.findRecord(kind, coordinates.objectId) : null;
    if (record) {
      this.crm.openRecord(kind, coordinates.objectId);
      return;
    }
    const reply = { objectCoordinates: coordinates };
    if (data.engagementId !== undefined) reply.engagementId = data.engagementId;
    this.send("NAVIGATE_TO_RECORD_FAILED", reply);
  }

  onWidgetError(data) {
    if (data.type === "UNKNOWN_MESSAGE_TYPE") {
      const original = data.data && data.data.originalMessage;
      this.alert(`The widget did not understand ${original && original.type ? original.type : "a message"}.`, "warning");
      return;
    }
    this.alert(`${this.provider ? this.provider.name : "The widget"}: ${data.message || "an error without a message"}`, "error");
  }

  // ------------------------------------------------------------ host → widget

  /**
   * Click-to-call from a record: DIAL_NUMBER with the record's context, if the widget may take it
   * by the core's state: initialized, logged in, and no call the user is busy with.
   */
  dial(kind, record, phoneNumber) {
    if (!this.ext || !this.provider) {
      this.alert("Choose a calling provider first (\"Call from\" above).", "warning");
      return false;
    }
    const state = this.state();
    if (state.phase !== "initialized") {
      this.alert(`${this.provider.name} is still loading.`, "warning");
      return false;
    }
    if (!state.loggedIn) {
      this.alert(`You're logged out of ${this.provider.name}. Log in to it, then call again.`, "warning");
      this.setVisibility({ isMinimized: false, isHidden: false });
      return false;
    }
    const busy = this.coreCall(state.currentCall, state);
    if (busy) {
      if (busy.state === "ended") this.alert("The last call is not saved yet: finish it in the widget before starting another.", "warning");
      else this.alert("A call is already in progress: end it before starting another.", "warning");
      return false;
    }
    this.setVisibility({ isMinimized: false, isHidden: false });
    this.dialContext = { kind, id: record.id, phoneNumber, at: Date.now() };
    this.send("DIAL_NUMBER", {
      phoneNumber,
      ownerId: this.config.ownerId,
      portalId: this.config.portalId,
      objectId: Number(record.id),
      objectType: KINDS[kind].objectType,
      calleeInfo: { calleeId: Number(record.id), calleeObjectTypeId: KINDS[kind].objectTypeId },
      startTimestamp: Date.now(),
      toPhoneNumberSrc: "phone",
    });
    return true;
  }

  endCall() {
    if (!this.ext) return;
    this.send("END_CALL");
  }

  setVisibility(visibility, why = "The widget is hidden (VISIBILITY_CHANGED {isHidden: true}).") {
    const changed = visibility.isMinimized !== this.visibility.isMinimized || visibility.isHidden !== this.visibility.isHidden;
    this.visibility = { ...visibility };
    if (this.el("hiddenText")) this.el("hiddenText").textContent = why;
    this.applyVisibility();
    if (changed && this.ext && this.state().phase !== "unsynced") this.send("VISIBILITY_CHANGED", { ...visibility });
  }

  applyVisibility() {
    const shell = this.el("shell");
    if (shell) shell.dataset.visibility = this.visibility.isHidden ? "hidden" : this.visibility.isMinimized ? "minimised" : "visible";
    if (this.el("hidden")) this.el("hidden").hidden = !(this.provider && this.visibility.isHidden);
    const minimise = this.el("minimise");
    if (minimise) {
      minimise.textContent = this.visibility.isMinimized ? "▢" : "–";
      minimise.disabled = !this.ext;
    }
    if (this.el("hide")) this.el("hide").disabled = !this.ext;
  }

  // ------------------------------------------------------------ HubSpot's side of a call

  /** What HubSpot knows of a call the widget started beyond the protocol: its record, the caller. */
  remember(data, direction, number) {
    const externalCallId = typeof data.externalCallId === "string" ? data.externalCallId : "";
    const call = { externalCallId, direction, number: number ? String(number) : "", record: null, matchName: null };
    this.context.set(externalCallId, call);
    return call;
  }

  // ------------------------------------------------------------ status and alerts

  /** One render after whatever the core is reporting now (a drain calls several observers). */
  scheduleRender() {
    if (this.renderPending) return;
    this.renderPending = true;
    queueMicrotask(() => {
      this.renderPending = false;
      this.renderStatus();
    });
  }

  renderStatus() {
    const state = this.state();
    const synced = state.phase !== "unsynced";
    const chips = [];
    if (!this.provider) chips.push(chip("no provider", "off"));
    else if (this.syncFailed && !synced && !state.syncing) chips.push(chip("no answer to SYNC", "bad"));
    else if (!synced) chips.push(chip("connecting…", "wait"));
    else chips.push(chip(`synced${state.widgetVersion ? ` · SDK ${state.widgetVersion}` : ""}`, "good"));
    if (synced) {
      chips.push(state.loggedIn ? chip("logged in", "good", "loggedin") : chip("logged out", "off", "loggedin"));
      if (state.available !== null) chips.push(state.available ? chip("available", "good") : chip("unavailable", "off"));
    }
    const call = this.coreCall(state.currentCall, state);
    if (call) {
      const label = CALL_LABELS[call.state] || call.state;
      const known = this.context.get(call.externalCallId);
      const who = known && (known.matchName || known.number);
      chips.push(chip(`${label}${who ? ` · ${who}` : ""}`, call.state === "ended" ? "off" : "call", "call"));
      if (call.engagementId !== null) chips.push(chip(`engagement ${call.engagementId}`, "off"));
    }
    this.el("status")?.replaceChildren(...chips);
    if (this.el("endCall")) this.el("endCall").disabled = !this.ext || !call || call.state === "ended";
    try {
      this.onChange(this);
    } catch (error) {
      console.error(error);
    }
  }

  /** What this host's session says now, in the form the page's presence shows (display only). */
  summary() {
    const state = this.state();
    const call = this.coreCall(state.currentCall, state);
    const known = call && this.context.get(call.externalCallId);
    return {
      surface: this.surface,
      appId: this.provider ? String(this.provider.appId) : null,
      appName: this.provider ? this.provider.name : null,
      synced: state.phase !== "unsynced",
      loggedIn: state.loggedIn,
      available: state.available,
      call: call ? { externalCallId: call.externalCallId, state: call.state, who: (known && (known.matchName || known.number)) || otherParty(call) } : null,
    };
  }

  alert(text, kind = "error") {
    const box = this.el("alerts");
    if (!box) return;
    const item = h(
      "div",
      { class: `alert ${kind}`, role: "alert" },
      h("span", {}, text),
      h("button", { type: "button", class: "bare", "aria-label": "Dismiss", onclick: () => item.remove() }, "×"),
    );
    box.append(item);
    while (box.children.length > 3) box.firstChild.remove();
  }

  clearAlerts() {
    this.el("alerts")?.replaceChildren();
  }
}

/** The other party's number as the core kept it, for a call another tab's host announced. */
function otherParty(call) {
  return (call.direction === "inbound" ? call.fromNumber : call.toNumber) || "";
}

function digits(number) {
  return String(number || "").replace(/\D/g, "");
}

function chip(text, tone, name) {
  return h("span", { class: `chip ${tone}`, dataset: name ? { name } : undefined }, text);
}
