// Loads the WebAssembly core once and wraps its C API (strings in, JSON out).
// Nothing here decides anything about the protocol: see core/include/callcore.h.
import createCallcoreModule from "../generated/callcore-core.cjs";
import { compileBinary } from "./core-binary.mjs";
import { catalogJson, instantiate, takeText, textAt } from "./core-instance.mjs";
import catalog from "../generated/catalog.mjs";
import { decode, encode } from "./wire-json.mjs";

const BRIEF = catalog.briefDrains;

// Compiling happens as soon as the glue is evaluated, not when the first
// CallingExtensions is built: a page's own scripts, its layout and (for a host)
// the widget's iframe load meanwhile, and the SYNC or SYNC_ACK that waits for
// the core comes that much sooner. A WebAssembly.Module, or a promise of one;
// a failure surfaces through loadCore().
let compiled;
try {
  compiled = compileBinary();
} catch (error) {
  compiled = Promise.reject(error);
}
if (typeof compiled.then === "function") compiled.catch(() => {});

let loading = null;

/** The core, loaded on first use and shared by every session of the page. */
export function loadCore() {
  if (!loading) loading = instantiate(createCallcoreModule, compiled).then((module) => new Core(module));
  return loading;
}

/** A core around another build of the module and its .wasm bytes (bench/wasm-bench.mjs compares builds). */
export async function loadCoreFrom(createModule, wasmBytes) {
  return new Core(await instantiate(createModule, WebAssembly.compile(wasmBytes)));
}

// Strings cross into linear memory through one heap buffer kept between calls
// (no malloc and free per string), with the engine's UTF-8 codec except for
// short ASCII text: emcc's stringToUTF8 spent a tenth of a message's time in
// bench/wasm-bench.mjs measuring every character first, and in Chromium each
// TextEncoder.encodeInto costs about a microsecond of binding before it copies
// anything, more than a plain loop over an origin, a method name or an envelope.
const encoder = new TextEncoder();
// Inputs up to this size share one buffer kept on the heap; larger ones get their own, freed at once.
const SCRATCH_KEPT = 64 * 1024;
// Longer text goes to encodeInto straight away.
const ASCII_LOOP_MAX = 512;

/** Writes `text` as NUL-terminated UTF-8 at `pointer` (room up to `end`); returns the next free byte. */
function put(heap, text, pointer, end) {
  const n = text.length;
  if (n <= ASCII_LOOP_MAX) {
    let i = 0;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c > 0x7f) break;
      heap[pointer + i] = c;
    }
    if (i === n) {
      heap[pointer + n] = 0;
      return pointer + n + 1;
    }
  }
  const { written } = encoder.encodeInto(text, heap.subarray(pointer, end));
  heap[pointer + written] = 0;
  return pointer + written + 1;
}

class Core {
  constructor(module) {
    this.module = module;
    this.scratchPointer = 0;
    this.scratchSize = 0;
    // The two heap words callcore_drain_brief writes its strings' addresses to, kept for every drain.
    this.briefSlots = module._malloc(8);
    if (!this.briefSlots) throw new Error("callcore: out of memory");
  }

  /** Calls `fn` with each string as a pointer to a NUL-terminated UTF-8 copy on the heap. */
  withStrings(strings, fn) {
    const m = this.module;
    let size = 0; // UTF-8 needs at most 3 bytes per UTF-16 code unit
    for (const text of strings) if (text !== null && text !== undefined) size += 3 * text.length + 1;
    const kept = size <= SCRATCH_KEPT;
    let base = kept ? this.scratchPointer : 0;
    if (!kept || size > this.scratchSize) {
      base = m._malloc(size);
      if (!base) throw new Error("callcore: out of memory");
      if (kept) {
        if (this.scratchPointer) m._free(this.scratchPointer);
        this.scratchPointer = base;
        this.scratchSize = size;
      }
    }
    const heap = m.HEAPU8; // after malloc: a grown memory has a new buffer
    let at = base;
    const pointers = strings.map((text) => {
      if (text === null || text === undefined) return 0;
      const pointer = at;
      at = put(heap, text, pointer, base + size);
      return pointer;
    });
    try {
      return fn(...pointers);
    } finally {
      if (!kept) m._free(base);
    }
  }

  /** A NUL-terminated UTF-8 string of the core's as a JS string. */
  text(pointer) {
    return textAt(this.module, pointer);
  }

  /** Reads and frees a string the core handed over. */
  take(pointer) {
    return takeText(this.module, pointer);
  }

  errorName(code) {
    return this.text(this.module._callcore_errno_name(code));
  }

  catalog() {
    return JSON.parse(catalogJson(this.module));
  }

  validateEnvelope(envelope) {
    const json = typeof envelope === "string" ? envelope : encode(envelope);
    return decode(this.withStrings([json], (p) => this.take(this.module._callcore_validate_envelope(p))));
  }

  validateRest(kind, body) {
    const json = typeof body === "string" ? body : JSON.stringify(body);
    return JSON.parse(this.withStrings([kind, json], (k, b) => this.take(this.module._callcore_validate_rest(k, b))));
  }

  /** A session for one SDK instance; throws with the core's reason on bad options. */
  createSession(options) {
    const m = this.module;
    const reasonSize = 512;
    const scratch = m._malloc(4 + reasonSize);
    try {
      const pointer = this.withStrings([encode(options)], (o) => m._callcore_session_new(o, scratch, scratch + 4, reasonSize));
      if (!pointer) {
        const code = m.HEAP32 ? m.HEAP32[scratch >> 2] : 0;
        const error = new Error(`callcore: ${this.text(scratch + 4)}`);
        error.code = this.errorName(code);
        throw error;
      }
      return new Session(this, pointer);
    } finally {
      m._free(scratch);
    }
  }
}

/** callcore_receive's from_peer: 1 the peer window, 0 another, 2 (CALLCORE_SOURCE_GONE) no window any more. */
const fromPeerCode = (fromPeer) => (fromPeer === "gone" ? 2 : fromPeer ? 1 : 0);

/** One core session: feed events, then drain the actions they produced. */
class Session {
  constructor(core, pointer) {
    this.core = core;
    this.pointer = pointer;
  }

  result(code) {
    if (code === 0) return { ok: true };
    const m = this.core.module;
    return { ok: false, code: this.core.errorName(code), reason: this.core.text(m._callcore_last_error(this.pointer)) };
  }

  receive(origin, fromPeer, envelopeJson, now) {
    const m = this.core.module;
    return this.result(
      this.core.withStrings([origin, envelopeJson], (o, e) => m._callcore_receive(this.pointer, o, fromPeerCode(fromPeer), e, now)),
    );
  }

  call(method, payloadJson, now) {
    const m = this.core.module;
    return this.result(this.core.withStrings([method, payloadJson], (n, p) => m._callcore_call(this.pointer, n, p, now)));
  }

  dispatch(eventJson, now) {
    const m = this.core.module;
    return this.result(this.core.withStrings([eventJson], (e) => m._callcore_dispatch(this.pointer, e, now)));
  }

  tick(now) {
    return this.result(this.core.module._callcore_tick(this.pointer, now));
  }

  iframeLoaded(now) {
    return this.result(this.core.module._callcore_iframe_loaded(this.pointer, now));
  }

  unload(now) {
    return this.result(this.core.module._callcore_unload(this.pointer, now));
  }

  /** Option instances: a message that arrived on the instance channel (its data, a string). */
  peer(text, now) {
    const m = this.core.module;
    return this.result(this.core.withStrings([text], (p) => m._callcore_peer(this.pointer, p, now)));
  }

  /**
   * Feeds one input in the form the glue's trace hook reports it (sdkOptions.onCoreTrace,
   * see callcore.d.ts) and `callcore replay` reads it back: {input, t, ...}, where `t` is
   * the time given to the core and `json` the exact text it was given.
   */
  apply(entry) {
    switch (entry.input) {
      case "receive":
        return this.receive(entry.origin, entry.fromPeer, entry.json, entry.t);
      case "call":
        return this.call(entry.method, entry.json, entry.t);
      case "dispatch":
        return this.dispatch(entry.json, entry.t);
      case "tick":
        return this.tick(entry.t);
      case "iframeLoaded":
        return this.iframeLoaded(entry.t);
      case "unload":
        return this.unload(entry.t);
      case "peer":
        return this.peer(entry.json, entry.t);
      default:
        throw new Error(`callcore: ${JSON.stringify(entry.input)} is not an input of a core session`);
    }
  }

  /**
   * The actions queued so far, as objects (undefined restored). The commonest
   * queues (a received message's deliver and handler, an app's message posted
   * as is) come from callcore_drain_brief as their strings alone: no JSON text
   * to read out of linear memory and parse. Any other, as JSON.
   */
  drain() {
    const core = this.core;
    const m = core.module;
    const slots = core.briefSlots;
    const kind = m._callcore_drain_brief(this.pointer, slots, slots + 4);
    if (kind === BRIEF.empty) return [];
    const word = slots >> 2; // *first at HEAP32[word], *second at HEAP32[word + 1]
    if (kind === BRIEF.deliverCall) {
      return [{ action: "deliver" }, { action: "call", handler: core.text(m.HEAP32[word]), preview: true }];
    }
    if (kind === BRIEF.postAsIs) {
      const messageId = core.text(m.HEAP32[word + 1]);
      return [{ action: "post", targetOrigin: core.text(m.HEAP32[word]), asIs: true, append: { messageId } }];
    }
    return decode(core.take(m._callcore_drain(this.pointer)));
  }

  state() {
    return JSON.parse(this.core.take(this.core.module._callcore_state_json(this.pointer)));
  }

  free() {
    if (this.pointer) this.core.module._callcore_session_free(this.pointer);
    this.pointer = 0;
  }
}
