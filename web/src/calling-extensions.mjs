// The drop-in CallingExtensions class: the reference SDK's options, methods,
// handler names and calling conventions, with every message passing through
// the core. The glue keeps timers and windows; the core makes every decision.
import catalog from "../generated/catalog.mjs";
import { loadCore } from "./core.mjs";
import IFrameManager from "./iframe-manager.mjs";
import { encodeWithin, OVER_BUDGET } from "./wire-json.mjs";

export default class CallingExtensions {
  constructor(options) {
    if (!options || !options.eventHandlers) throw new Error("Invalid options or missing eventHandlers.");
    this.options = options;
    this.eventHandlers = options.eventHandlers;
    this.instanceId = Date.now();
    this.session = null;
    this.pending = []; // events and calls not yet fed to the core (see relay)
    this.nested = 0; // where the next call made from inside a handler goes in `pending`
    this.performing = false;
    this.thrown = null; // the first exception of an app callback during relay
    this.timer = null;
    this.destroyed = false;
    this.windows = new IFrameManager({
      iFrameOptions: options.iFrameOptions,
      onMessage: (origin, fromPeer, data) =>
        this.relay((s, now) => s.receive(origin, fromPeer, this.serialise(data), now), fromPeer ? { origin, data } : null),
      onLoad: () => this.relay((s, now) => s.iframeLoaded(now)),
      onPageHide: () => this.relay((s, now) => s.unload(now)),
    });
    this.ready = loadCore().then(
      (core) => this.start(core),
      (error) => console.error("[callcore] the WebAssembly core failed to load", error),
    );
  }

  /** Session options: the app's choices plus what only the page knows. */
  sessionOptions() {
    const o = this.options;
    const isHost = this.windows.isHost;
    const options = {
      role: isHost ? "host" : "widget",
      instanceId: this.instanceId,
      handlers: Object.keys(this.eventHandlers),
      debugMode: o.debugMode,
    };
    for (const key of ["policy", "failedCatchAll", "limits", "completionTimeoutMs", "dialDedupWindowMs", "version"]) {
      if (o[key] !== undefined) options[key] = o[key];
    }
    if (isHost) {
      options.hostOrigin = this.windows.ownOrigin();
      options.iframeOrigin = this.windows.iframeOrigin();
      if (o.syncFields) options.syncFields = o.syncFields;
      if (o.allowedWidgetOrigins) options.allowedWidgetOrigins = o.allowedWidgetOrigins;
    } else {
      options.ownOrigin = this.windows.ownOrigin();
      options.referrerOrigin = this.windows.referrerOrigin();
      if (o.allowedHostOrigins) options.allowedHostOrigins = o.allowedHostOrigins;
    }
    return options;
  }

  start(core) {
    if (this.destroyed) return;
    this.limits = { ...catalog.limits, ...this.options.limits };
    this.session = core.createSession(this.sessionOptions());
    this.relay(() => {}); // the construction's own findings, then what waited for the core
  }

  /**
   * Feeds one event to the core, then carries out its actions. Events that
   * come before the core is loaded, or from inside a handler the actions
   * call, wait their turn: the wire order is always the order the core saw.
   * What a handler does comes right after the event that called it, before
   * any event still waiting (as if the handler had run synchronously).
   */
  relay(step, inbound = null) {
    if (this.destroyed) return;
    if (this.performing) {
      this.pending.splice(this.nested++, 0, [step, inbound]);
      return;
    }
    this.pending.push([step, inbound]);
    if (!this.session) return;
    this.performing = true;
    try {
      while (this.pending.length && !this.destroyed) {
        const [next, received] = this.pending.shift();
        this.nested = 0;
        next(this.session, Date.now());
        this.perform(received);
      }
    } finally {
      this.performing = false;
    }
    // An app handler that threw did not stop the rest (a post, the queue's flush):
    // its exception leaves now, out of the listener or call that started the work.
    const thrown = this.thrown;
    this.thrown = null;
    if (thrown) throw thrown;
  }

  /** Runs app code (a handler); an exception is kept for the end of relay. */
  app(callback) {
    try {
      callback();
    } catch (error) {
      if (!this.thrown) this.thrown = error;
    }
  }

  perform(inbound) {
    const actions = this.session.drain();
    // Filtered only for an onTraffic handler: this runs for every message.
    const violations = (direction) => actions.filter((a) => a.action === "violation" && a.direction === direction);
    if (inbound) this.traffic("inbound", inbound.origin, inbound.data, () => violations("inbound"));
    for (const action of actions) {
      switch (action.action) {
        case "post":
          if (this.options.debugMode) console.log("[callcore] send", action.envelope);
          this.traffic("outbound", action.targetOrigin, action.envelope,
            () => violations("outbound").filter((v) => v.type === action.envelope.type));
          this.windows.post(action.envelope, action.targetOrigin);
          break;
        case "call":
          this.app(() => this.eventHandlers[action.handler](action.envelope.data, action.envelope));
          break;
        case "violation":
          this.report(action);
          break;
        case "timer":
          clearTimeout(this.timer);
          this.timer = null;
          // Due now (the queue of calls made before the handshake): right after what
          // the handlers just did, before anything else can overtake it.
          if (action.delayMs === 0) this.relay((s, now) => s.tick(now));
          else if (action.delayMs !== null) this.timer = setTimeout(() => this.relay((s, now) => s.tick(now)), action.delayMs);
          break;
        case "resize":
          this.windows.resize(action.width, action.height);
          break;
        default: // "event": READY and friends are for UIs built on the session state
          break;
      }
    }
  }

  /** callcore's onTraffic handler: every envelope either way, with the core's findings. */
  traffic(direction, origin, envelope, findings) {
    const handler = this.eventHandlers.onTraffic;
    if (typeof handler === "function") this.app(() => handler({ direction, origin, envelope, violations: findings(), time: Date.now() }));
  }

  report(violation) {
    if (typeof this.eventHandlers.onViolation === "function") this.app(() => this.eventHandlers.onViolation(violation));
    console.warn(`[callcore] ${violation.message}`);
  }

  /** Any message, as the reference's sendMessage: the type is the caller's. */
  sendMessage(message) {
    this.relay((s, now) => s.call("sendMessage", this.serialise(message), now));
  }

  /** The session's view of the conversation (phase, login, calls); null until loaded. */
  getState() {
    return this.session ? this.session.state() : null;
  }

  /** Stops listening, cancels timers and releases the core session. */
  destroy() {
    this.destroyed = true;
    clearTimeout(this.timer);
    this.windows.remove();
    if (this.session) this.session.free();
    this.session = null;
  }

  /**
   * JSON for the core. What cannot become JSON gets a stand-in the core itself
   * classifies, so the violation and its sentence stay the core's: past the size
   * limit (found while writing, see encodeWithin) a text one byte over it; nested
   * past the engine's stack a text one level too deep; cyclic or holding a BigInt
   * a text that is not JSON.
   */
  serialise(value) {
    const { maxEnvelopeBytes, maxDepth } = this.limits;
    try {
      return encodeWithin(value, maxEnvelopeBytes);
    } catch (error) {
      if (error === OVER_BUDGET) return " ".repeat(maxEnvelopeBytes + 1);
      if (error instanceof RangeError) return "[".repeat(maxDepth + 1);
      return "\u0000";
    }
  }
}

// One method per SDK method of the catalogue (initialized, outgoingCall, ...).
// An omitted argument stays omitted: the core puts `data: undefined` on the wire.
for (const method of Object.keys(catalog.methods)) {
  CallingExtensions.prototype[method] = function sdkMethod(payload) {
    this.relay((s, now) => s.call(method, payload === undefined ? null : this.serialise(payload), now));
  };
}
