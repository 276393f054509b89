// Where the WebAssembly comes from in the one-file builds (callcore.mjs, .cjs, .js):
// inlined as a string of one character per byte (web/generated/callcore-core-wasm.mjs,
// written by web/tools/generate.mjs; esbuild prints it ASCII-only, bytes 0x80-0xFF as \xNN).
// Not base64: base64 shifts the bytes out of the alignment gzip's and brotli's matches
// need, and cost 11 KB more of gzip (bench/notes.md). A top-level string, so the engine
// scans it once, not again each time a function holding it is compiled lazily; decoded
// and compiled here, never fetched as a data: URL (that round trip through the network
// stack cost a widget tens of milliseconds before its SYNC_ACK).
import text from "../generated/callcore-core-wasm.mjs";

function bytesOf(string) {
  const bytes = new Uint8Array(string.length);
  for (let i = 0; i < string.length; i++) bytes[i] = string.charCodeAt(i);
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
  const bytes = bytesOf(text);
  try {
    return new WebAssembly.Module(bytes);
  } catch {
    return WebAssembly.compile(bytes); // a bad binary is reported from here, asynchronously
  }
}
