// The host side of the conversation: callcore's CallingExtensions in the host role, plus what
// HubSpot does for a widget (PROTOCOL.md 4.6): DIAL_NUMBER with the record's context, engagement
// creation, caller-ID matching, CALL_COMPLETED's properties on the timeline, and the rest.
import { KINDS, api, kindOfObjectType, kindOfObjectTypeId } from "./api.mjs";
import { $, h } from "./dom.mjs";

/** A DIAL_NUMBER is remembered this long for the OUTGOING_CALL_STARTED it should cause. */
const DIAL_CONTEXT_MS = 5 * 60 * 1000;

export class WidgetHost {
  /**
   * @param {object} deps
   *   config       /_emulator/config
   *   log          MessageLog
   *   crm          {currentRecord(), findRecord(kind,id), openRecord(kind,id), refresh(kind,id), recordName(kind, record)}
   *   extOptions   more CallingExtensions options (`callcore check`: strict policy, the widget's origin)
   */
  constructor({ config, log, crm, extOptions = {} }) {
    this.config = config;
    this.extOptions = extOptions;
    this.log = log;
    this.crm = crm;
    this.ext = null;
    this.provider = null;
    this.resetSession();
    this.visibility = { isMinimized: false, isHidden: false };
    $("end-call").addEventListener("click", () => this.endCall());
    $("minimise").addEventListener("click", () =>
      this.setVisibility({ isMinimized: !this.visibility.isMinimized, isHidden: false }),
    );
    $("hide").addEventListener("click", () => this.setVisibility({ isMinimized: false, isHidden: true }));
    $("show").addEventListener("click", () => this.setVisibility({ isMinimized: false, isHidden: false }));
    this.renderStatus();
  }

  resetSession() {
    // pageLoads: SYNC_ACKs so far, one per widget page load (a reply after a round trip goes to the page that asked)
    this.session = { synced: false, failed: false, initialized: false, loggedIn: false, available: null, widgetVersion: null, pageLoads: 0 };
    this.calls = new Map(); // externalCallId → {externalCallId, direction, state, record, engagementId, number}
    this.dialContext = null;
  }

  // ------------------------------------------------------------ provider

  /** Loads `provider`'s widget (destroying the previous one); null unloads. */
  mount(provider) {
    if (this.ext) this.ext.destroy();
    this.ext = null;
    this.provider = provider;
    this.resetSession();
    this.clearAlerts();
    const frame = $("widget-frame");
    $("widget-title").textContent = provider ? provider.name : "No provider";
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
        hostElementSelector: "#widget-frame",
      },
      syncFields: {
        portalId: this.config.portalId,
        userId: this.config.userId,
        ownerId: this.config.ownerId,
        iframeLocation: "widget",
        usesCallingWindow: false,
      },
      eventHandlers: this.handlers(),
      ...this.extOptions,
    });
    window.emulatorHost = this; // for the curious, in the console
    this.applyVisibility();
    this.renderStatus();
  }

  handlers() {
    const on = (fn) => (data, envelope) => {
      try {
        const result = fn.call(this, data || {}, envelope);
        if (result && typeof result.then === "function") {
          result.catch((error) => this.alert(`Emulator error: ${error.message}`, "error")).finally(() => this.renderStatus());
        }
      } catch (error) {
        this.alert(`Emulator error: ${error.message}`, "error");
      } finally {
        this.renderStatus();
      }
    };
    return {
      onReady: on(this.onReady),
      onInitialized: on(this.onInitialized),
      onUserLoggedIn: on(() => (this.session.loggedIn = true)),
      onUserLoggedOut: on(() => {
        this.session.loggedIn = false;
      }),
      onUserAvailable: on(() => (this.session.available = true)),
      onUserUnavailable: on(() => (this.session.available = false)),
      onOutgoingCall: on(this.onOutgoingCall),
      onIncomingCall: on(this.onIncomingCall),
      onCallAnswered: on((data) => this.setCallState(data.externalCallId, "inProgress")),
      onCallTransferred: on((data) => this.setCallState(data.externalCallId, "transferred")),
      onCallEnded: on((data) => this.setCallState(data.externalCallId, "ended", data.callEndStatus)),
      onCallCompleted: on(this.onCallCompleted),
      onCallData: on(() => {}),
      onNavigateToRecord: on(this.onNavigateToRecord),
      onResizeWidget: on(() => {}), // the core resizes the iframe itself
      onFinalizeEngagement: on((data) => this.onFinalize(data, "FINALIZE_ENGAGEMENT")),
      onPublishToChannel: on((data) => this.onFinalize(data, "PUBLISH_TO_CHANNEL")),
      onSetWidgetUrl: on(() => {}),
      onError: on(this.onWidgetError),
      defaultEventHandler: on((data, envelope) => {
        if (envelope && envelope.type === "SYNC_ACK_FAILED") {
          this.session.failed = true;
          this.alert(`${this.provider.name} did not answer SYNC within 30 s: is ${this.provider.url} a calling widget?`, "error");
        }
      }),
      onTraffic: (record) => this.log.addTraffic(record),
      onViolation: (violation) => {
        if (violation.direction === "local") this.log.addLocal(violation);
      },
    };
  }

  send(type, data) {
    if (!this.ext) return;
    this.ext.sendMessage(data === undefined ? { type } : { type, data });
  }

  // ------------------------------------------------------------ widget → host

  onReady() {
    this.session.synced = true;
    this.session.pageLoads += 1;
    const state = this.ext.getState();
    this.session.widgetVersion = state && state.widgetVersion;
  }

  onInitialized(data) {
    this.session.initialized = true;
    this.session.loggedIn = data.isLoggedIn === true;
    if (typeof data.isAvailable === "boolean") this.session.available = data.isAvailable;
  }

  async onOutgoingCall(data) {
    const call = this.track(data, "OUTBOUND", data.toNumber || data.phoneNumber);
    // A call our DIAL_NUMBER started belongs to that record; a number dialled on the keypad is
    // filed by the server on the record that has the number (or on none).
    const context = this.dialContext;
    const fresh = context && Date.now() - context.at < DIAL_CONTEXT_MS && digits(context.phoneNumber) === digits(call.number);
    if (fresh) this.dialContext = null;
    call.record = fresh ? { kind: context.kind, id: context.id } : null;
    if (data.createEngagement === true) await this.createEngagement(call, data);
  }

  async onIncomingCall(data) {
    const call = this.track(data, "INBOUND", data.fromNumber);
    try {
      const { callerIdMatches = [] } = (await api.callerId(String(data.fromNumber || ""))) || {};
      this.send("CALLER_ID_MATCH_SUCCEEDED", { callerIdMatches });
      const first = callerIdMatches[0];
      if (first) {
        call.record = { kind: kindOfObjectType(first.callerIdType), id: first.objectCoordinates.objectId };
        call.matchName = first.callerIdType === "COMPANY" ? first.name : [first.firstName, first.lastName].filter(Boolean).join(" ");
      }
    } catch (error) {
      this.send("CALLER_ID_MATCH_FAILED", { error: { message: error.message } });
    }
    this.renderStatus();
    if (data.createEngagement === true) await this.createEngagement(call, data);
  }

  /**
   * POST /_emulator/engagements on the call's record; without one (a number dialled on the
   * keypad, an unknown caller) the server files it on the record that has the other party's
   * number, or on none, as HubSpot logs unassociated calls.
   */
  async createEngagement(call, data) {
    const body = {
      externalCallId: call.externalCallId,
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
      call.engagementId = created.engagementId;
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
    const call = this.calls.get(data.externalCallId) || null;
    if (call) call.state = "completed";
    if (data.hideWidget !== false) this.setVisibility({ isMinimized: false, isHidden: true }, "The call was logged and the widget hidden (CALL_COMPLETED without hideWidget: false).");
    const properties = data.engagementProperties;
    if (!properties || typeof properties !== "object") return;
    const given = data.engagementId !== undefined && data.engagementId !== null && data.engagementId !== "";
    const engagementId = given ? Number(data.engagementId) : call && call.engagementId;
    if (!engagementId) {
      this.send("UPDATE_ENGAGEMENT_FAILED", {
        error: { message: `no engagement for call ${data.externalCallId}: it was never created` },
      });
      return;
    }
    // A page that completes its call at beforeunload is gone when the PATCH returns: the answer is
    // not sent to the page that replaced it (which never asked, and whose core refuses sends until
    // INITIALIZED: `callcore check`'s reload scenario failed on that now and then). The phase
    // covers the gap between the new page's load and its SYNC_ACK, which pageLoads cannot see.
    const asked = this.session;
    const askedLoad = asked.pageLoads;
    const askerStillThere = () =>
      this.session === asked && asked.pageLoads === askedLoad && this.ext && this.ext.getState().phase === "initialized";
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
    const call = this.calls.get(data.externalCallId);
    const engagementId = data.engagementId ?? (call && call.engagementId);
    const known = [...this.calls.values()].some((c) => c.engagementId !== null && c.engagementId === Number(engagementId));
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

  /** Click-to-call from a record: DIAL_NUMBER with the record's context, if the widget may take it. */
  dial(kind, record, phoneNumber) {
    if (!this.ext || !this.provider) {
      this.alert("Choose a calling provider first (\"Call from\" above).", "warning");
      return false;
    }
    if (!this.session.synced) {
      this.alert(`${this.provider.name} is still loading.`, "warning");
      return false;
    }
    if (!this.session.loggedIn) {
      this.alert(`You're logged out of ${this.provider.name}. Log in to it, then call again.`, "warning");
      this.setVisibility({ isMinimized: false, isHidden: false });
      return false;
    }
    const active = [...this.calls.values()].find((c) => ["dialing", "ringing", "inProgress"].includes(c.state));
    if (active) {
      this.alert("A call is already in progress: end it before starting another.", "warning");
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
    $("widget-hidden-text").textContent = why;
    this.applyVisibility();
    if (changed && this.ext && this.session.synced) this.send("VISIBILITY_CHANGED", { ...visibility });
  }

  applyVisibility() {
    const shell = $("widget-shell");
    shell.dataset.visibility = this.visibility.isHidden ? "hidden" : this.visibility.isMinimized ? "minimised" : "visible";
    $("widget-hidden").hidden = !(this.provider && this.visibility.isHidden);
    $("minimise").textContent = this.visibility.isMinimized ? "▢" : "–";
    $("minimise").disabled = !this.ext;
    $("hide").disabled = !this.ext;
  }

  // ------------------------------------------------------------ bookkeeping

  track(data, direction, number) {
    const externalCallId = String(data.externalCallId || `(no id ${Date.now()})`);
    const call = {
      externalCallId,
      direction,
      number: number ? String(number) : "",
      state: direction === "INBOUND" ? "ringing" : "dialing",
      record: null,
      matchName: null,
      engagementId: null,
    };
    this.calls.set(externalCallId, call);
    this.renderStatus();
    return call;
  }

  setCallState(externalCallId, state, endStatus) {
    const call = this.calls.get(externalCallId);
    if (!call) return;
    call.state = state;
    if (endStatus) call.endStatus = endStatus;
  }

  currentCall() {
    const calls = [...this.calls.values()];
    return calls.reverse().find((c) => c.state !== "completed" && c.state !== "transferred") || null;
  }

  // ------------------------------------------------------------ status and alerts

  renderStatus() {
    const s = this.session;
    const chips = [];
    if (!this.provider) chips.push(chip("no provider", "off"));
    else if (s.failed) chips.push(chip("no answer to SYNC", "bad"));
    else if (!s.synced) chips.push(chip("connecting…", "wait"));
    else chips.push(chip(`synced${s.widgetVersion ? ` · SDK ${s.widgetVersion}` : ""}`, "good"));
    if (s.synced) {
      chips.push(s.loggedIn ? chip("logged in", "good", "loggedin") : chip("logged out", "off", "loggedin"));
      if (s.available !== null) chips.push(s.available ? chip("available", "good") : chip("unavailable", "off"));
    }
    const call = this.currentCall();
    if (call) {
      const label = { dialing: "dialing", ringing: "ringing", inProgress: "on a call", ended: "call ended" }[call.state] || call.state;
      const who = call.matchName || call.number;
      chips.push(chip(`${label}${who ? ` · ${who}` : ""}`, call.state === "ended" ? "off" : "call", "call"));
      if (call.engagementId) chips.push(chip(`engagement ${call.engagementId}`, "off"));
    }
    $("widget-status").replaceChildren(...chips);
    $("end-call").disabled = !this.ext || !call || call.state === "ended";
  }

  alert(text, kind = "error") {
    const box = $("alerts");
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
    $("alerts").replaceChildren();
  }
}

function digits(number) {
  return String(number || "").replace(/\D/g, "");
}

function chip(text, tone, name) {
  return h("span", { class: `chip ${tone}`, dataset: name ? { name } : undefined }, text);
}
