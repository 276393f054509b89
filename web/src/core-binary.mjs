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

/** The compiled WebAssembly.Module (a promise). */
export function compileBinary() {
  return WebAssembly.compile(bytesOf(base64));
}
