// The distributable files load in Node (ESM and CommonJS), the browser file
// defines the global `callcore`, and the WebAssembly core answers.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const require = createRequire(import.meta.url);
const dist = new URL("../../web/dist/", import.meta.url);

test("ESM bundle exports default, CallingExtensions, Constants, IFrameManager, loadCore", async () => {
  const m = await import("../../web/dist/callcore.mjs");
  assert.equal(typeof m.default, "function");
  assert.equal(m.default, m.CallingExtensions);
  assert.equal(typeof m.IFrameManager, "function");
  assert.equal(typeof m.IFrameManager.createIFrame, "function");
  assert.equal(typeof m.Constants, "object");
  assert.equal(typeof m.loadCore, "function");
});

test("CommonJS bundle loads with require and has the same exports", async () => {
  const m = require("../../web/dist/callcore.cjs");
  const esm = await import("../../web/dist/callcore.mjs");
  assert.equal(typeof m.default, "function");
  assert.equal(m.default, m.CallingExtensions);
  assert.equal(typeof m.IFrameManager, "function");
  assert.deepEqual({ ...m.Constants }, { ...esm.Constants });
  assert.equal(m.Constants.VERSION, "0.9.7");
});

test("the SDK package's exports (web/package.json, a workspace) resolve to the built files by name", async () => {
  const pkg = JSON.parse(readFileSync(new URL("../../web/package.json", import.meta.url), "utf8"));
  assert.equal(pkg.name, "callcore");
  assert.deepEqual(pkg.exports["."].import, { types: "./dist/callcore.d.ts", default: "./dist/callcore.mjs" });
  assert.deepEqual(pkg.exports["."].require, { types: "./dist/callcore.d.cts", default: "./dist/callcore.cjs" });
  assert.equal(require.resolve("callcore"), fileURLToPath(new URL("callcore.cjs", dist)));
  const esm = await import("callcore");
  const cjs = require("callcore");
  assert.equal(typeof esm.default, "function");
  assert.equal(typeof cjs.default, "function");
});

test("the WASM core loads in Node through the ESM bundle and serves its catalogue", async () => {
  const { loadCore } = await import("../../web/dist/callcore.mjs");
  const core = await loadCore();
  assert.equal(await loadCore(), core, "loaded once and shared");
  const catalog = core.catalog();
  assert.equal(catalog.sdkVersion, "0.9.7");
  assert.equal(catalog.undefined, "\u001bundefined", "the sentinel for undefined is published");
  const types = catalog.messages.map((m) => m.type);
  for (const type of ["SYNC", "SYNC_ACK", "INITIALIZED", "DIAL_NUMBER", "CALL_COMPLETED", "ERROR", "FAILED"]) {
    assert.ok(types.includes(type), `${type} in the catalogue`);
  }
  assert.deepEqual(Object.keys(catalog.methods).sort(), [
    "callAnswered", "callCompleted", "callData", "callEnded", "callTransferred", "finalizeEngagement",
    "incomingCall", "initialized", "navigateToRecord", "outgoingCall", "publishToChannel", "resizeWidget",
    "sendError", "setWidgetUrl", "userAvailable", "userLoggedIn", "userLoggedOut", "userUnavailable",
  ]);
  assert.ok(catalog.violations.length > 10);
  assert.ok(catalog.violations.every((v) => typeof v.code === "string"));
  assert.deepEqual(catalog.hubspotOrigins.filter((o) => !o.startsWith("https://")), [], "https only");
});

test("the WASM core loads through the CommonJS bundle too", async () => {
  const { loadCore } = require("../../web/dist/callcore.cjs");
  const catalog = (await loadCore()).catalog();
  assert.equal(catalog.sdkVersion, "0.9.7");
});

test("the core validates envelopes and REST bodies, and rejects bad session options", async () => {
  const { loadCore } = await import("../../web/dist/callcore.mjs");
  const core = await loadCore();
  const good = core.validateEnvelope({ type: "CALL_ENDED", data: { externalCallId: "abc", callEndStatus: "COMPLETED" }, messageId: "1_2" });
  assert.equal(good.ok, true);
  const bad = core.validateEnvelope({ type: "CALL_ENDED", data: { externalCallId: 5 }, messageId: "1_2" });
  assert.equal(bad.ok, false);
  assert.ok(bad.errors.some((e) => e.field === "data.externalCallId"));
  const rest = core.validateRest("inboundCall", "{");
  assert.equal(rest.ok, false);
  assert.throws(() => core.createSession({ role: "neither" }), (error) => {
    assert.match(error.message, /^callcore: /);
    assert.equal(error.code, "CALLCORE_E_OPTIONS");
    return true;
  });
});

test("the browser file defines the global `callcore` and its core loads without Node", async () => {
  const source = readFileSync(new URL("callcore.js", dist), "utf8");
  // a bare context: only what a browser page also has
  const page = { WebAssembly, atob, TextDecoder, TextEncoder, console, setTimeout, clearTimeout };
  page.self = page;
  page.window = page;
  vm.createContext(page);
  vm.runInContext(source, page);
  assert.equal(typeof page.callcore, "object");
  assert.deepEqual(Object.keys(page.callcore).sort(), ["CallingExtensions", "Constants", "IFrameManager", "default", "loadCore"]);
  assert.equal(page.callcore.default, page.callcore.CallingExtensions);
  const catalog = (await page.callcore.loadCore()).catalog();
  assert.equal(catalog.sdkVersion, "0.9.7");
});

test("the ESM bundle and the browser file hold no Node-only code path", () => {
  for (const file of ["callcore.mjs", "callcore.js"]) {
    const source = readFileSync(new URL(file, dist), "utf8");
    assert.doesNotMatch(source, /require\(["']fs["']\)|__dirname/, file);
  }
});

// The size pass took cJSON's printer and musl's printf (with its soft long double) out of
// the module: every text the core hands out is json_writer's, every format callcore's own
// (wasm/format.c). One call to cJSON_PrintUnformatted brought 16 KB of gzip back unnoticed.
test("the WebAssembly links neither cJSON's printer nor musl's printf", () => {
  const symbols = readFileSync(new URL("../../build-wasm/wasm/callcore-core.js.symbols", import.meta.url), "utf8")
    .trim()
    .split("\n")
    .map((line) => line.slice(line.indexOf(":") + 1));
  assert.ok(symbols.includes("callcore_receive"), "the symbol map names the core's functions");
  for (const name of ["cJSON_PrintUnformatted", "print_value", "printf_core", "fmt_fp", "__divtf3"]) {
    assert.ok(!symbols.includes(name), `${name} is linked into the module`);
  }
});
