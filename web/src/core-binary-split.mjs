// Where the WebAssembly comes from in the split build (web/dist/split/callcore.js,
// bundled in place of core-binary.mjs by web/tools/bundle.mjs): callcore-core.wasm
// beside the script, compiled while it streams in.

// Only while the script runs does the page say which script it is.
const script = typeof document !== "undefined" ? document.currentScript : null;
const url = new URL("callcore-core.wasm", script && script.src ? script.src : globalThis.location.href);

/** The compiled WebAssembly.Module (a promise: it streams in). */
export function compileBinary() {
  return fetch(url, { credentials: "same-origin" }).then((response) => {
    if (!response.ok) throw new Error(`callcore: ${url} answered ${response.status}`);
    // Streaming needs the application/wasm type; from a server without it, compile the bytes.
    return WebAssembly.compileStreaming(response.clone()).catch(() => response.arrayBuffer().then((b) => WebAssembly.compile(b)));
  });
}
