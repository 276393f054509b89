// Where the WebAssembly comes from in the one-file builds (callcore.mjs, .cjs, .js):
// inlined as base64 (web/generated/callcore-core-wasm.mjs, written by
// web/tools/generate.mjs). A top-level string, so the engine scans it once, not
// again each time a function holding it is compiled lazily; decoded and compiled
// here, never fetched as a data: URL (that round trip through the network stack
// cost a widget tens of milliseconds before its SYNC_ACK).
import base64 from "../generated/callcore-core-wasm.mjs";

function bytesOf(text) {
  if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The compiled WebAssembly.Module, compiled here and now: about a millisecond and a
 * half for this module in Chromium (V8 compiles function bodies lazily), after which
 * the first CallingExtensions has its session before the page's next task, so the
 * SYNC or SYNC_ACK never waits for a compile. An engine that refuses to compile this
 * much synchronously gets the asynchronous compile instead (a promise of the module).
 */
export function compileBinary() {
  const bytes = bytesOf(base64);
  try {
    return new WebAssembly.Module(bytes);
  } catch {
    return WebAssembly.compile(bytes); // a bad binary is reported from here, asynchronously
  }
}
