// What every emulator window (each tab, the calling window) shows of the others: each host
// session's login, availability and current call, as that session's core reports it through
// getState(). Carried on the emulator's own BroadcastChannel ("callcore-emulator", this origin
// only). Display only: no rule about calls is decided here (the core decides; sessions that share
// calls will do so through the core's own option, not this channel).
import { h } from "./dom.mjs";

export const CHANNEL_NAME = "callcore-emulator";
const HEARTBEAT_MS = 3000;
const STALE_MS = 10000;

const CALL_LABELS = { dialing: "dialing", ringing: "ringing", inProgress: "on a call", ended: "call ended" };

export class Presence {
  /**
   * where: "tab" or "window" (how this window is named in the others' lists).
   * onMessage(message): the channel's other messages (the calling window's dial requests...).
   * render(entries): called with every known session, own first, whenever one changes.
   */
  constructor({ where, onMessage = () => {}, render = () => {} }) {
    this.windowId = `${where}-${Math.random().toString(36).slice(2, 8)}`;
    this.where = where;
    this.onMessage = onMessage;
    this.render = render;
    this.own = new Map(); // surface → summary
    this.others = new Map(); // `${windowId}/${surface}` → {entry, at}
    this.channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(CHANNEL_NAME) : null;
    if (this.channel) {
      this.channel.onmessage = (event) => this.receive(event.data);
      this.post({ type: "hello" });
    }
    this.timer = setInterval(() => {
      this.announce();
      this.expire();
    }, HEARTBEAT_MS);
    window.addEventListener("pagehide", () => this.post({ type: "bye", windowId: this.windowId }));
  }

  post(message) {
    try {
      this.channel?.postMessage(message);
    } catch {}
  }

  /** A host's summary() changed (or its host went away: null). */
  update(surface, summary) {
    const before = JSON.stringify(this.own.get(surface) ?? null);
    if (summary) this.own.set(surface, summary);
    else this.own.delete(surface);
    if (JSON.stringify(summary ?? null) === before) return;
    this.announce();
    this.show();
  }

  announce() {
    for (const [surface, summary] of this.own) this.post({ type: "presence", windowId: this.windowId, where: this.where, surface, summary });
    if (!this.own.size) this.post({ type: "presence", windowId: this.windowId, where: this.where, surface: null, summary: null });
  }

  receive(message) {
    if (!message || typeof message !== "object") return;
    if (message.type === "hello") return this.announce();
    if (message.type === "bye") {
      for (const key of [...this.others.keys()]) if (key.startsWith(`${message.windowId}/`)) this.others.delete(key);
      return this.show();
    }
    if (message.type === "presence" && typeof message.windowId === "string") {
      for (const key of [...this.others.keys()]) {
        if (key.startsWith(`${message.windowId}/`) && (!message.surface || key !== `${message.windowId}/${message.surface}`)) {
          if (!message.surface) this.others.delete(key);
        }
      }
      if (message.surface && message.summary) {
        this.others.set(`${message.windowId}/${message.surface}`, {
          entry: { windowId: message.windowId, where: message.where, surface: message.surface, ...message.summary, own: false },
          at: Date.now(),
        });
      }
      return this.show();
    }
    this.onMessage(message);
  }

  expire() {
    const now = Date.now();
    let changed = false;
    for (const [key, { at }] of this.others) {
      if (now - at > STALE_MS) {
        this.others.delete(key);
        changed = true;
      }
    }
    if (changed) this.show();
  }

  entries() {
    const own = [...this.own].map(([surface, summary]) => ({ windowId: this.windowId, where: this.where, surface, ...summary, own: true }));
    return [...own, ...[...this.others.values()].map((o) => o.entry)];
  }

  show() {
    this.render(this.entries());
  }
}

/** The nav bar's (or the calling window's) line: one chip per session, the current call first. */
export function presenceChips(entries) {
  const withCall = entries.find((e) => e.call && e.call.state !== "ended");
  const chips = entries.map((e) => {
    const where = e.own ? (e.surface === "window" ? "this window" : "this tab") : e.surface === "window" ? "calling window" : `tab ${e.windowId.slice(-4)}`;
    const state = !e.appId ? "no provider" : !e.synced ? "connecting" : e.loggedIn ? (e.available ? "available" : "logged in") : "logged out";
    const detail = `${e.appName || "no provider"}: ${e.loggedIn ? "logged in" : "logged out"}, ${e.available === true ? "available" : e.available === false ? "unavailable" : "availability unknown"}`;
    return h(
      "span",
      { class: `presence-chip ${e.loggedIn ? "on" : "off"}`, dataset: { surface: e.surface, own: String(e.own), loggedIn: String(e.loggedIn) }, title: detail },
      `${e.surface} · ${where} · ${state}`,
    );
  });
  if (withCall) {
    const label = CALL_LABELS[withCall.call.state] || withCall.call.state;
    chips.unshift(
      h("span", { class: "presence-chip call", dataset: { name: "presence-call", surface: withCall.surface } }, `☎ ${label}${withCall.call.who ? ` · ${withCall.call.who}` : ""} (${withCall.surface})`),
    );
  }
  return chips;
}
