// The link between one IFrameManager and its core session: it feeds the core
// what happened, drains what to do and hands each action to the manager or to
// the app. It decides nothing about the protocol: see core/include/callcore.h.
import catalog from "../generated/catalog.mjs";
import { loadCore } from "./core.mjs";
import { decode, encode, encodeFast, OVER_BUDGET } from "./wire-json.mjs";

// Distinct sentences printed per instance, at most: a peer that repeats a
// mistake (a SYNC every 100 ms from an origin not allowed) says it once.
const PRINTED_MAX = 256;

// Core sessions made on this page so far: each one's number in the trace.
let sessions = 0;

/** A copy in the core's JSON form: undefined values as the catalogue's sentinel. */
const asJson = (value) => JSON.parse(encode(value));

/**
 * Reports one trace entry, built by `make` only when the app listens, to its
 * onCoreTrace. What that throws is kept in `errors` and thrown once the
 * input's actions are carried out, as an observer's is.
 */
function trace(hook, make, errors) {
  if (!hook) return;
  try {
    hook(make());
  } catch (error) {
    errors.push(error);
  }
}

/**
 * What a post action sends. With asIs (option postAsIs) the core checked the
 * app's message and changed nothing in it but to add members after its own
 * (its messageId): the app's object is posted, copied as the reference copies
 * it, with those members added. Only a message JSON carries exactly is posted
 * so (see plainJson); any other is posted as the core read it.
 */
function envelopeOf(action, context) {
  if (!action.asIs) return action.envelope;
  const { message, json, plain } = context.sent;
  return Object.assign({}, plain ? message : decode(json), action.append);
}

export default class SessionLink {
  /**
   * @param {object} options  the session's options (role, origins, handlers, ...)
   * @param {object} target   what carries the actions out: post(envelope, origin, via),
   *   deliver(action, received), accepted(received) (a peer's message the core took),
   *   resize(width, height), destination(origin), peer(message) (to the
   *   app's other instances), observers() → {onViolation, onTraffic,
   *   onCoreTrace, onInstancesChanged} of the app
   */
  constructor(options, target) {
    this.options = options;
    this.target = target;
    this.limits = { ...catalog.limits, ...options.limits };
    this.session = null;
    this.id = 0; // the session's number on this page, once made
    this.pending = []; // what happened before the core was loaded, in order
    this.timer = null;
    this.drains = 0; // drains so far: a timer request from an older drain is stale
    this.timerDrain = 0;
    this.received = null; // the last message fed to receive, and its JSON
    this.sent = null; // the message fed to call("sendMessage") under way: {message, json}
    this.inputs = 0; // inputs fed so far: a preview holds only while none followed
    this.preview = null; // {data, inputs, actions}: callcore_dispatch's actions for the message delivered
    this.printed = new Set();
    this.closed = false;
    this.ready = loadCore().then(
      (core) => this.start(core),
      (error) => console.error("[callcore] the WebAssembly core failed to load", error),
    );
  }

  start(core) {
    if (this.closed) return;
    this.session = core.createSession(this.options);
    this.id = ++sessions;
    const observers = this.target.observers();
    const errors = [];
    trace(observers.onCoreTrace, () => ({ t: Date.now(), session: this.id, input: "create", options: asJson(this.options) }), errors);
    this.settle(null, observers, errors); // the construction's own findings
    let thrown = null;
    for (const [input, context] of this.pending.splice(0)) {
      try {
        this.run(input, context);
      } catch (error) {
        thrown = thrown || error;
      }
    }
    if (thrown) throw thrown;
  }

  /**
   * Feeds one input to the core and carries out its actions at once, as the
   * SDK does its work inside the call or listener that started it: a handler
   * runs before the message listener returns, a post before the SDK method
   * returns. Before the core is loaded, inputs wait in order.
   * `input`: {input, ...} as the trace reports it, less its time and session
   * (see Session.apply); `context`: {received} for a message event, {event,
   * hooks} for a dispatch.
   */
  run(input, context = null) {
    if (this.closed) return;
    if (!this.session) {
      this.pending.push([input, context]);
      return;
    }
    const entry = { t: Date.now(), session: this.id, ...input };
    // The app's observers, read once per input (the same object serves its trace and its actions).
    const observers = this.target.observers();
    const errors = [];
    trace(observers.onCoreTrace, () => ({ ...entry }), errors);
    this.inputs++;
    this.session.apply(entry);
    this.settle(context, observers, errors);
  }

  /**
   * Drains the core and carries the actions out. The posts are traced first,
   * before any input a handler feeds while they are carried out, so the trace
   * lists them in the order the core made them. `observers`: the app's, read
   * for this input; `errors`: the trace hook's so far, thrown last.
   */
  settle(context, observers, errors) {
    const actions = this.session.drain();
    const hook = observers.onCoreTrace;
    if (hook) {
      const t = Date.now();
      for (const action of actions) {
        if (action.action !== "post") continue;
        trace(hook, () => ({
          t, session: this.id, output: "post", targetOrigin: action.targetOrigin,
          envelope: asJson(envelopeOf(action, context)),
        }), errors);
      }
    }
    this.perform(actions, context, ++this.drains, errors, observers);
  }

  receive(data, origin, fromPeer) {
    const { json } = this.serialise(data);
    this.received = { data, json };
    // Only the peer's messages are traffic worth showing (pages hear plenty of others).
    // fromPeer: true, false, or "gone" (no source window: see IFrameManager.onMessage).
    const from = fromPeer === "gone" ? "gone" : Boolean(fromPeer);
    this.run({ input: "receive", origin, fromPeer: from, json }, { received: data, origin, fromPeer: from });
  }

  /**
   * The app's message handler was given `event`: the core picks the handlers.
   * For the message it has just delivered, with nothing fed to it since, the
   * core has said already (option previewDispatch): its answer is carried
   * out without a second crossing. The trace still records the dispatch, so a
   * replay feeds it to the core the long way and gets the same actions.
   */
  dispatch(event, hooks) {
    const json = this.received && this.received.data === event ? this.received.json : this.serialise(event).json;
    const preview = this.preview;
    this.preview = null;
    if (preview && preview.data === event && preview.inputs === this.inputs && this.session && !this.closed) {
      const observers = this.target.observers();
      const errors = [];
      trace(observers.onCoreTrace, () => ({ t: Date.now(), session: this.id, input: "dispatch", json }), errors);
      this.perform(preview.actions, { event, hooks }, ++this.drains, errors, observers);
      return;
    }
    this.run({ input: "dispatch", json }, { event, hooks });
  }

  call(method, payload) {
    const encoded = payload === undefined ? { json: null, plain: false } : this.serialise(payload);
    // sendMessage's argument is the envelope: the core may post it as is (option postAsIs).
    const sent = method === "sendMessage" ? { message: payload, ...encoded } : null;
    this.run({ input: "call", method, json: encoded.json }, sent && { sent });
  }

  tick() {
    this.run({ input: "tick" });
  }

  iframeLoaded() {
    this.run({ input: "iframeLoaded" });
  }

  unload() {
    this.run({ input: "unload" });
  }

  /** A message from another instance of the app (option instances), as the channel gave it. */
  peer(text) {
    this.run({ input: "peer", json: text });
  }

  /**
   * An app callback that throws stops the app callbacks after it in the same
   * drain (as an exception does in the SDK) but not the glue's own work (the
   * timer, the resize); it leaves at the end, out of the call that started it.
   */
  perform(all, context, drain, errors, observers) {
    // A preview of callcore_dispatch waits for the app's message handler (see dispatch).
    let actions = all;
    if (all.some((a) => a.preview)) {
      actions = all.filter((a) => !a.preview);
      const previewed = all.filter((a) => a.preview).map(({ preview, ...action }) => action);
      this.preview = { data: context && context.received, inputs: this.inputs, actions: previewed };
    }
    let thrown = null;
    const app = (callback) => {
      if (thrown) return;
      try {
        callback();
      } catch (error) {
        thrown = error;
      }
    };
    const observerErrors = errors;
    const observe = (callback) => {
      try {
        callback();
      } catch (error) {
        observerErrors.push(error);
      }
    };
    const { onViolation, onTraffic, onInstancesChanged } = observers;
    const violations = (direction, type) =>
      actions.filter((a) => a.action === "violation" && a.direction === direction && (!type || a.type === type));
    if (context && context.fromPeer && onTraffic) {
      observe(() => onTraffic({
        direction: "inbound", origin: context.origin, envelope: context.received,
        violations: violations("inbound"), time: Date.now(),
      }));
    }
    if (context && context.fromPeer && actions.some((a) => a.action === "post" || a.action === "deliver")) {
      app(() => this.target.accepted(context.received));
    }
    for (const action of actions) {
      switch (action.action) {
        case "post": {
          const envelope = envelopeOf(action, context);
          if (onTraffic) {
            observe(() => onTraffic({
              direction: "outbound", origin: action.targetOrigin, envelope,
              violations: violations("outbound", envelope.type), time: Date.now(),
            }));
          }
          this.target.destination(action.targetOrigin);
          app(() => this.target.post(envelope, action.targetOrigin, action.via));
          break;
        }
        case "deliver":
          app(() => this.target.deliver(action, context && context.received));
          break;
        case "call":
          app(() => context.hooks.call(action.handler, context.event));
          break;
        case "send":
          app(() => context.hooks.send(action.message));
          break;
        case "violation":
          if (onViolation) observe(() => onViolation(action));
          this.print(action.message);
          break;
        case "timer":
          if (drain >= this.timerDrain) this.schedule(action.delayMs, drain);
          break;
        case "resize":
          app(() => this.target.resize(action.width, action.height));
          break;
        case "event":
          if (action.details && action.details.origin) this.target.destination(action.details.origin);
          if (action.event === "INSTANCES_CHANGED" && onInstancesChanged) {
            observe(() => onInstancesChanged(this.session.state().instances));
          }
          break;
        case "peer":
          this.target.peer(action.message);
          break;
        default:
          break;
      }
    }
    if (thrown) throw thrown;
    if (observerErrors.length) throw observerErrors[0];
  }

  schedule(delayMs, drain) {
    this.timerDrain = drain;
    clearTimeout(this.timer);
    this.timer = null;
    // Due now (the queue of calls made before the handshake): right after what
    // the handlers just did, before anything else can overtake it.
    if (delayMs === 0) this.tick();
    else if (delayMs !== null) this.timer = setTimeout(() => this.tick(), delayMs);
  }

  print(sentence) {
    if (this.printed.has(sentence)) return;
    if (this.printed.size < PRINTED_MAX) this.printed.add(sentence);
    console.warn(`[callcore] ${sentence}`);
  }

  state() {
    return this.session ? this.session.state() : null;
  }

  close() {
    this.closed = true;
    clearTimeout(this.timer);
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
    const standIn = (json) => ({ json, plain: false });
    try {
      return encodeFast(value, maxEnvelopeBytes, maxDepth);
    } catch (error) {
      if (error === OVER_BUDGET) return standIn(" ".repeat(maxEnvelopeBytes + 1));
      if (error instanceof RangeError) return standIn("[".repeat(maxDepth + 1));
      return standIn("\u0000");
    }
  }
}
