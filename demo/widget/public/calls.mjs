// The softphone's call records and the rules that turn them into protocol payloads.
// No DOM and no SDK here: app.mjs drives the UI, this module owns the data.

/** HubSpot's default call outcomes (hs_call_disposition ids). */
export const DISPOSITIONS = [
  { id: "f240bbac-87c9-4f6e-bf70-924b57d47db7", label: "Connected" },
  { id: "9d9162e7-6cf3-4944-bf63-4dff82258764", label: "Busy" },
  { id: "73a0d17f-1163-4015-bdd5-ec830791da20", label: "No answer" },
  { id: "b2cf5968-551e-4856-9783-52b3da59a7d0", label: "Left voicemail" },
  { id: "a4c4c377-d246-4b32-a13b-75a56a4cd0ff", label: "Left live message" },
  { id: "17b47fee-58de-441e-a44c-c6300d46f273", label: "Wrong number" },
];

/** CALL_ENDED's callEndStatus → the hs_call_status the engagement gets, and a default outcome. */
const END_STATUS = {
  COMPLETED: { status: "COMPLETED", disposition: "Connected", label: "Call ended" },
  CANCELED: { status: "CANCELED", disposition: "No answer", label: "Call canceled" },
  BUSY: { status: "BUSY", disposition: "Busy", label: "Line busy" },
  NO_ANSWER: { status: "NO_ANSWER", disposition: "No answer", label: "No answer" },
  FAILED: { status: "FAILED", disposition: "", label: "Call failed" },
  REJECTED: { status: "CANCELED", disposition: "", label: "Call declined" },
  MISSED: { status: "NO_ANSWER", disposition: "", label: "Missed call" },
};

export function endStatusInfo(callEndStatus) {
  return END_STATUS[callEndStatus] || END_STATUS.COMPLETED;
}

export function dispositionId(label) {
  const found = DISPOSITIONS.find((d) => d.label === label);
  return found ? found.id : "";
}

/** Spaces, dashes and brackets out; a leading + kept. What the user typed stays recognisable. */
export function cleanNumber(text) {
  const trimmed = String(text || "").trim();
  const plus = trimmed.startsWith("+") ? "+" : "";
  return plus + trimmed.replace(/[^0-9*#]/g, "");
}

/** "Ada Lovelace" for a contact match, the name for a company, else the email. */
export function matchName(match) {
  if (!match) return "";
  if (match.callerIdType === "COMPANY") return match.name || "Unnamed company";
  const name = [match.firstName, match.lastName].filter(Boolean).join(" ");
  return name || match.email || "Unnamed contact";
}

export function formatDuration(ms) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, "0");
  const ss = String(s).padStart(2, "0");
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

function newId() {
  if (globalThis.crypto && typeof globalThis.crypto.randomUUID === "function") return globalThis.crypto.randomUUID();
  return `call-${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

/**
 * Every call the softphone has placed or taken, keyed by externalCallId. Replies from the host
 * carry no call id, so each is bound to the call that asked for it — never to "the last one".
 */
export class CallBook {
  constructor() {
    this.calls = new Map();
    this.currentId = null;
  }

  get current() {
    return this.currentId ? this.calls.get(this.currentId) || null : null;
  }

  /** @param {"OUTBOUND"|"INBOUND"} direction */
  start(direction, { remoteNumber, ownNumber, context = null, now = Date.now() }) {
    const call = {
      externalCallId: newId(),
      direction,
      remoteNumber,
      fromNumber: direction === "OUTBOUND" ? ownNumber : remoteNumber,
      toNumber: direction === "OUTBOUND" ? remoteNumber : ownNumber,
      context, // DIAL_NUMBER's data for click-to-call
      startedAt: now,
      answeredAt: null,
      endedAt: null,
      endStatus: null,
      // "pending" until the host answers CREATE_ENGAGEMENT_*, then "created" or "failed"
      engagement: { state: "pending", id: null, error: null },
      // inbound: "pending" until CALLER_ID_MATCH_*, then "matched" or "failed"
      callerId: { state: direction === "INBOUND" ? "pending" : "none", matches: [], error: null },
      muted: false,
      onHold: false,
      completed: false,
      saved: null, // "ok" | "failed" after UPDATE_ENGAGEMENT_*
    };
    this.calls.set(call.externalCallId, call);
    this.currentId = call.externalCallId;
    return call;
  }

  get(externalCallId) {
    return this.calls.get(externalCallId) || null;
  }

  /** The oldest call still waiting for `what` ("engagement" or "callerId"). */
  waitingFor(what) {
    for (const call of this.calls.values()) if (call[what].state === "pending") return call;
    return null;
  }

  byEngagement(engagementId) {
    for (const call of this.calls.values()) if (call.engagement.id === engagementId) return call;
    return null;
  }

  /**
   * Binds CREATE_ENGAGEMENT_SUCCEEDED to a call: the call the core itself bound the id to
   * (from getState()), else the oldest call still waiting. Null when no call asked for one.
   */
  bindEngagement(engagementId, coreCalls = []) {
    const fromCore = coreCalls.find((c) => c.engagementId === engagementId && this.calls.has(c.externalCallId));
    const call = fromCore ? this.calls.get(fromCore.externalCallId) : this.waitingFor("engagement");
    if (!call) return null;
    call.engagement = { state: "created", id: engagementId, error: null };
    return call;
  }

  failEngagement(message) {
    const call = this.waitingFor("engagement");
    if (!call) return null;
    call.engagement = { state: "failed", id: null, error: message };
    return call;
  }

  bindCallerId(matches) {
    const call = this.waitingFor("callerId");
    if (!call) return null;
    call.callerId = { state: "matched", matches: Array.isArray(matches) ? matches : [], error: null };
    return call;
  }

  failCallerId(message) {
    const call = this.waitingFor("callerId");
    if (!call) return null;
    call.callerId = { state: "failed", matches: [], error: message };
    return call;
  }

  /**
   * Takes in what the core knows of the calls of this softphone's instances (option instances:
   * a ring shown in every tab, answered or saved in one, a call handed to this one when another
   * closed or a calling window opened). Only what the core shares is known here: the numbers,
   * the state, the engagement; states only move forward, so this instance's own calls, which
   * its app moves itself, stay as they are. Returns whether anything changed.
   */
  mirror(coreCalls, now = Date.now()) {
    let changed = false;
    for (const shared of coreCalls) {
      if (!shared.owner) continue; // without option instances: nothing is shared
      let call = this.calls.get(shared.externalCallId);
      if (!call) {
        if (shared.state === "completed" || shared.state === "transferred") continue; // over before we came
        call = mirroredCall(shared);
        this.calls.set(call.externalCallId, call);
        changed = true;
      }
      changed = follow(call, shared, now) || changed;
    }
    const current = this.current;
    if (!current || current.completed) {
      const open = [...this.calls.values()].filter((c) => !c.completed).pop();
      if (open && open.externalCallId !== this.currentId) {
        this.currentId = open.externalCallId;
        changed = true;
      }
    }
    return changed;
  }

  isActive(call = this.current) {
    return Boolean(call && !call.endedAt);
  }

  /** True while a call is ringing, dialing or answered, or ended but not yet saved. */
  isBusy(call = this.current) {
    return Boolean(call && !call.completed);
  }
}

/** A call another instance owns, as this one first hears of it. */
function mirroredCall(shared) {
  const direction = shared.direction === "inbound" ? "INBOUND" : "OUTBOUND";
  const fromNumber = shared.fromNumber || "";
  const toNumber = shared.toNumber || "";
  return {
    externalCallId: shared.externalCallId,
    direction,
    remoteNumber: (direction === "INBOUND" ? fromNumber : toNumber) || "another tab's call",
    fromNumber,
    toNumber,
    context: null,
    startedAt: shared.startedAt || Date.now(),
    answeredAt: null,
    endedAt: null,
    endStatus: null,
    engagement: { state: "pending", id: null, error: null },
    callerId: { state: "none", matches: [], error: null },
    muted: false,
    onHold: false,
    completed: false,
    saved: null,
    mirrored: true,
  };
}

/** Moves a mirrored call along to the owner's state; whether anything changed. */
function follow(call, shared, now) {
  const before = JSON.stringify([call.answeredAt, call.endedAt, call.endStatus, call.completed, call.engagement.id]);
  const state = shared.state;
  if (state === "inProgress" && call.answeredAt === null) call.answeredAt = now;
  if ((state === "ended" || state === "completed" || state === "transferred") && call.endedAt === null) {
    call.endedAt = shared.endedAt || now;
    call.endStatus = shared.endStatus || call.endStatus || "COMPLETED";
  }
  if (state === "completed" || state === "transferred") call.completed = true;
  if (typeof shared.engagementId === "number") call.engagement = { state: "created", id: shared.engagementId, error: null };
  return JSON.stringify([call.answeredAt, call.endedAt, call.endStatus, call.completed, call.engagement.id]) !== before;
}

/** The CRM record a call is about: the caller-ID match (inbound) or DIAL_NUMBER's callee (outbound). */
export function recordOf(call, portalId) {
  if (!call) return null;
  const match = call.callerId.matches[0];
  if (match && match.objectCoordinates) return { ...match.objectCoordinates };
  const ctx = call.context;
  if (!ctx) return null;
  const callee = ctx.calleeInfo || {};
  const objectId = Number(callee.calleeId || ctx.objectId || 0);
  if (!objectId) return null;
  const objectTypeId = callee.calleeObjectTypeId || (ctx.objectType === "COMPANY" ? "0-2" : "0-1");
  return { portalId: Number(ctx.portalId || portalId || 0), objectId, objectTypeId };
}

/** Who the call is with, for titles: the matched name, else the number. */
export function peerLabel(call) {
  if (!call) return "";
  const match = call.callerId.matches[0];
  return match ? matchName(match) : call.remoteNumber;
}

/** CALL_COMPLETED's data for a finished call and the user's notes. */
export function completionPayload(call, { title, notes, disposition, keepOpen }) {
  const end = endStatusInfo(call.endStatus);
  const talkMs = call.answeredAt ? call.endedAt - call.answeredAt : 0;
  const properties = {
    hs_timestamp: call.startedAt,
    hs_call_title: title || defaultTitle(call),
    hs_call_body: notes || "",
    hs_call_direction: call.direction,
    hs_call_duration: String(Math.max(0, Math.round(talkMs))),
    hs_call_status: end.status,
    hs_call_from_number: call.fromNumber,
    hs_call_to_number: call.toNumber,
  };
  if (disposition) properties.hs_call_disposition = disposition;
  const record = recordOf(call);
  if (record && record.objectId) {
    properties.hs_call_callee_object_id = String(record.objectId);
    properties.hs_call_callee_object_type = record.objectTypeId === "0-2" ? "COMPANY" : "CONTACT";
  }
  const payload = { externalCallId: call.externalCallId };
  if (call.engagement.id !== null) payload.engagementId = call.engagement.id;
  payload.hideWidget = !keepOpen;
  payload.engagementProperties = properties;
  return payload;
}

export function defaultTitle(call) {
  const who = peerLabel(call);
  return call.direction === "INBOUND" ? `Inbound call from ${who}` : `Call with ${who}`;
}
