// What a widget project gets from `npm i callcore`: the SDK is packed as npm packs it
// (`npm pack -w callcore`, prepack included), installed into a fresh project in the temp
// folder, bundled there by esbuild, webpack 5 and Vite as a widget app would (ESM `import` and,
// where the bundler takes it, CommonJS `require`), and used as the `<script>` files. Each result
// is framed by a host page on HubSpot's reference SDK (tests/e2e/fixtures/host-reference.html)
// in Chromium, and must do the handshake and play a call the host sees message by message.
// Also: the package imports in Node with no window (server-side rendering), has no
// dependencies, and its installed size is printed beside the reference SDK's.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { build as esbuild } from "esbuild";
import { build as viteBuild } from "vite";
import webpack from "webpack";
import { frameOf, launchBrowser, startServers } from "../e2e/support.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const e2eFixtures = join(root, "tests", "e2e", "fixtures");
const referenceDir = join(root, "node_modules", "@hubspot", "calling-extensions-sdk");
const SHIPPED = [
  "dist/callcore.cjs", "dist/callcore.d.cts", "dist/callcore.d.ts", "dist/callcore.js", "dist/callcore.mjs",
  "dist/split/callcore-core.wasm", "dist/split/callcore.js", "package.json",
];

let work; // the temp folder: the packed tarball, the widget project (app/) and what is served (out/)
let app;
let out;
let packed; // npm pack --json's entry for the SDK
let servers;
let browser;
let HOST;
let WIDGET;

const npm = (args, cwd) => execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/** `npm pack --json` prints the JSON after whatever a lifecycle script printed. */
function packJson(text) {
  const start = text.search(/^\[/m);
  assert.ok(start >= 0, `no JSON from npm pack:\n${text}`);
  return JSON.parse(text.slice(start));
}

/** Bytes of every file under dir, as installed (apparent sizes, what a tarball unpacks to). */
function bytesUnder(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += bytesUnder(path);
    else if (entry.isFile() && entry.name !== ".package-lock.json") total += statSync(path).size;
  }
  return total;
}

/** The packages installed in a node_modules folder (scoped ones counted one by one). */
function packagesIn(nodeModules) {
  const names = [];
  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith(".")) continue;
    if (entry.startsWith("@")) for (const sub of readdirSync(join(nodeModules, entry))) names.push(`${entry}/${sub}`);
    else names.push(entry);
  }
  return names;
}

// The widget, the same for every build: `CallingExtensions` and `Constants` come from the
// import line above it. The test drives the call with play() once the handshake is done.
const WIDGET_BODY = `
window.received = [];
window.violations = [];
window.hostErrors = []; // the reference host answers each widget event with ERROR UNKNOWN_MESSAGE_TYPE
window.constantsVersion = Constants.VERSION;
const ext = new CallingExtensions({
  eventHandlers: {
    onReady: () => {
      window.received.push("onReady");
      ext.initialized({ isLoggedIn: true, sizeInfo: { width: 360, height: 620 } });
    },
    defaultEventHandler: (data, envelope) => window.hostErrors.push(envelope ? envelope.type : data && data.type),
    onViolation: (violation) => window.violations.push(violation),
  },
});
window.play = () => {
  const externalCallId = "consumer-" + Date.now();
  ext.outgoingCall({ externalCallId, toNumber: "+442073238299", fromNumber: "+18884827768", callStartTime: Date.now(), createEngagement: false });
  ext.callEnded({ externalCallId, callEndStatus: Constants.callEndStatus.INTERNAL_COMPLETED });
  ext.callCompleted({ externalCallId, hideWidget: false });
};
`;
const ESM_ENTRY = `import CallingExtensions, { Constants } from "callcore";\n${WIDGET_BODY}`;
const CJS_ENTRY = `const { default: CallingExtensions, Constants } = require("callcore");\n${WIDGET_BODY}`;

const page = (scripts) => `<!doctype html>
<html><head><meta charset="utf-8"><title>consumer widget</title></head>
<body><p>softphone</p>
${scripts}
</body></html>
`;

/** How each variant is built into out/<name>/index.html. */
const VARIANTS = {
  async "esbuild-esm"(dir) {
    const { metafile } = await esbuild({ absWorkingDir: app, entryPoints: [join(app, "src/widget.mjs")], bundle: true, format: "esm", platform: "browser", minify: true, metafile: true, outfile: join(dir, "widget.js"), logLevel: "warning" });
    picked["esbuild-esm"] = distFiles(Object.keys(metafile.inputs));
    writeFileSync(join(dir, "index.html"), page('<script type="module" src="./widget.js"></script>'));
  },
  async "esbuild-cjs"(dir) {
    const { metafile } = await esbuild({ absWorkingDir: app, entryPoints: [join(app, "src/widget.cjs")], bundle: true, format: "iife", platform: "browser", minify: true, metafile: true, outfile: join(dir, "widget.js"), logLevel: "warning" });
    picked["esbuild-cjs"] = distFiles(Object.keys(metafile.inputs));
    writeFileSync(join(dir, "index.html"), page('<script src="./widget.js"></script>'));
  },
  async "webpack-esm"(dir) {
    picked["webpack-esm"] = await runWebpack(join(app, "src/widget.mjs"), dir);
  },
  async "webpack-cjs"(dir) {
    picked["webpack-cjs"] = await runWebpack(join(app, "src/widget.cjs"), dir);
  },
  async "vite-esm"(dir) {
    // A Vite app: index.html with a module script, built with relative asset URLs. Vite takes
    // ES modules only in an app's own source, so there is no CommonJS variant.
    const [result] = [].concat(await viteBuild({ root: join(app, "vite"), base: "./", configFile: false, logLevel: "warn", build: { outDir: dir, emptyOutDir: true } }));
    picked["vite-esm"] = distFiles(result.output.flatMap((chunk) => Object.keys(chunk.modules || {})));
  },
  async "script"(dir) {
    // The <script> file as HubSpot's demos use the reference's: globals `default` and `Constants`.
    cpSync(join(app, "node_modules/callcore/dist/callcore.js"), join(dir, "callcore.js"));
    writeFileSync(join(dir, "widget.js"), `(function () {\nconst CallingExtensions = window.default, Constants = window.Constants;\nif (window.IFrameManager !== window.callcore.IFrameManager) throw new Error("no IFrameManager global");\n${WIDGET_BODY}})();\n`);
    writeFileSync(join(dir, "index.html"), page('<script src="./callcore.js"></script>\n<script src="./widget.js"></script>'));
  },
  async "script-split"(dir) {
    // The split build: the script with callcore-core.wasm beside it.
    cpSync(join(app, "node_modules/callcore/dist/split"), dir, { recursive: true });
    writeFileSync(join(dir, "widget.js"), `(function () {\nconst { default: CallingExtensions, Constants } = window.callcore;\n${WIDGET_BODY}})();\n`);
    writeFileSync(join(dir, "index.html"), page('<script src="./callcore.js"></script>\n<script src="./widget.js"></script>'));
  },
};

const webpackWarnings = {};
const picked = {}; // variant -> the package files it bundled (dist/…)
const distFiles = (paths) => paths.map((p) => String(p).replace(/\\/g, "/")).filter((p) => p.includes("node_modules/callcore/")).map((p) => p.slice(p.indexOf("node_modules/callcore/") + "node_modules/callcore/".length)).sort();
function runWebpack(entry, dir) {
  return new Promise((resolve, reject) => {
    webpack({
      mode: "production",
      context: app,
      entry,
      target: "web",
      devtool: false,
      performance: { hints: false },
      output: { path: dir, filename: "widget.js" },
    }, (error, stats) => {
      if (error) return reject(error);
      const info = stats.toJson({ all: false, errors: true, warnings: true, modules: true, nestedModules: true });
      if (stats.hasErrors()) return reject(new Error(info.errors.map((e) => e.message).join("\n")));
      webpackWarnings[entry] = info.warnings.map((w) => w.message);
      writeFileSync(join(dir, "index.html"), page('<script src="./widget.js"></script>'));
      const ids = (modules) => (modules || []).flatMap((m) => [m.nameForCondition || m.identifier || "", ...ids(m.modules)]);
      resolve(distFiles(ids(info.modules)));
    });
  });
}

const timings = {};
before(async () => {
  let t = Date.now();
  work = mkdtempSync(join(tmpdir(), "callcore-consumer-"));
  app = join(work, "app");
  out = join(work, "out");
  mkdirSync(join(app, "src"), { recursive: true });
  mkdirSync(join(app, "vite"), { recursive: true });

  // npm pack as a release does it: the workspace's prepack runs (it builds only what is missing).
  [packed] = packJson(npm(["pack", "-w", "callcore", "--pack-destination", work, "--json"], root));
  timings.pack = Date.now() - t;

  // A widget project with nothing but the tarball. No dependency means no registry either.
  t = Date.now();
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "consumer-widget", version: "1.0.0", private: true }, null, 2));
  npm(["install", "--offline", "--no-audit", "--no-fund", join(work, packed.filename)], app);
  timings.install = Date.now() - t;

  t = Date.now();
  writeFileSync(join(app, "src/widget.mjs"), ESM_ENTRY);
  writeFileSync(join(app, "src/widget.cjs"), CJS_ENTRY);
  writeFileSync(join(app, "vite/main.js"), ESM_ENTRY);
  writeFileSync(join(app, "vite/index.html"), page('<script type="module" src="./main.js"></script>'));
  for (const [name, make] of Object.entries(VARIANTS)) {
    const dir = join(out, name);
    mkdirSync(dir, { recursive: true });
    await make(dir);
  }
  timings.bundle = Date.now() - t;

  servers = await startServers(2, [out, e2eFixtures]);
  [HOST, WIDGET] = servers.origins;
  browser = await launchBrowser();
}, { timeout: 150000 });

after(async () => {
  if (browser) await browser.close();
  if (servers) await servers.close();
  if (work) rmSync(work, { recursive: true, force: true });
}, { timeout: 30000 });

test("the tarball holds only what a widget needs, and the SDK has no dependencies", () => {
  assert.deepEqual(packed.files.map((f) => f.path).sort(), SHIPPED);
  const manifest = JSON.parse(readFileSync(join(app, "node_modules/callcore/package.json"), "utf8"));
  for (const field of ["dependencies", "peerDependencies", "optionalDependencies"]) assert.equal(manifest[field], undefined, field);
  assert.deepEqual(packagesIn(join(app, "node_modules")), ["callcore"]);
});

test("the installed size, beside the reference SDK's", (t) => {
  const mine = bytesUnder(join(app, "node_modules"));
  const theirs = bytesUnder(referenceDir);
  const reference = packJson(npm(["pack", referenceDir, "--dry-run", "--json", "--ignore-scripts"], work))[0];
  const kB = (n) => `${(n / 1000).toFixed(1)} kB`;
  const rows = [
    ["", "packages", "tarball", "installed"],
    [`callcore ${packed.version}`, "1", kB(packed.size), kB(mine)],
    [`@hubspot/calling-extensions-sdk ${reference.version}`, "1", kB(reference.size), kB(theirs)],
  ];
  for (const row of rows) t.diagnostic(`${row[0].padEnd(40)} ${row[1].padStart(8)} ${row[2].padStart(9)} ${row[3].padStart(10)}`);
  t.diagnostic(`timings: pack ${timings.pack} ms, install ${timings.install} ms, 7 builds ${timings.bundle} ms`);
  assert.equal(mine, packed.unpackedSize, "installed = the tarball unpacked, nothing else");
});

test("importing it in Node with no window (server-side rendering) throws nothing", () => {
  const esm = `const m = await import("callcore");
if (typeof window !== "undefined") throw new Error("a window in Node?");
if (typeof m.default !== "function" || m.default !== m.CallingExtensions) throw new Error("default export");
if (m.Constants.VERSION !== "0.9.7") throw new Error("Constants");
console.log("esm ok");`;
  const cjs = `const m = require("callcore");
if (typeof m.default !== "function" || typeof m.IFrameManager !== "function") throw new Error("exports");
console.log("cjs ok");`;
  assert.equal(execFileSync(process.execPath, ["--input-type=module", "-e", esm], { cwd: app, encoding: "utf8" }).trim(), "esm ok");
  assert.equal(execFileSync(process.execPath, ["-e", cjs], { cwd: app, encoding: "utf8" }).trim(), "cjs ok");
});

test("each bundler takes the package's ESM file for `import` and its CommonJS file for `require`", () => {
  assert.deepEqual(picked, {
    "esbuild-esm": ["dist/callcore.mjs"],
    "esbuild-cjs": ["dist/callcore.cjs"],
    "webpack-esm": ["dist/callcore.mjs"],
    "webpack-cjs": ["dist/callcore.cjs"],
    "vite-esm": ["dist/callcore.mjs"],
  });
});

// TypeScript as a widget project runs it: an ES module and a CommonJS file under node16 (each
// condition's declarations, read in the right module format), and a bundler-resolved one.
const TS_ESM = `import CallingExtensions, { Constants, type Violation } from "callcore";
const ext: CallingExtensions = new CallingExtensions({
  eventHandlers: { onReady: () => ext.initialized({ isLoggedIn: true }), onViolation: (v: Violation) => console.log(v.code) },
});
export const version: string = Constants.VERSION;
`;
const TS_CJS = `import callcore = require("callcore");
const ext = new callcore.default({ eventHandlers: {} });
const same: typeof callcore.CallingExtensions = callcore.default;
export = { ext, same, version: callcore.Constants.VERSION };
`;
test("its types check in TypeScript: ESM and CommonJS under node16, and under bundler resolution", () => {
  const tsc = join(root, "node_modules/.bin/tsc");
  writeFileSync(join(app, "src/types-esm.mts"), TS_ESM);
  writeFileSync(join(app, "src/types-cjs.cts"), TS_CJS);
  writeFileSync(join(app, "src/types-bundler.ts"), TS_ESM);
  const common = ["--noEmit", "--strict", "--lib", "es2022,dom", "--skipDefaultLibCheck", "--pretty", "false"];
  const run = (args) => {
    try {
      return execFileSync(process.execPath, [tsc, ...common, ...args], { cwd: app, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (error) {
      assert.fail(`tsc ${args.join(" ")}:\n${error.stdout}${error.stderr}`);
    }
  };
  run(["--module", "node16", "--moduleResolution", "node16", "src/types-esm.mts", "src/types-cjs.cts"]);
  run(["--module", "esnext", "--moduleResolution", "bundler", "src/types-bundler.ts"]);
});

test("webpack bundles it with no warning", () => {
  assert.deepEqual(webpackWarnings, { [join(app, "src/widget.mjs")]: [], [join(app, "src/widget.cjs")]: [] });
});

for (const name of Object.keys(VARIANTS)) {
  test(`${name}: under the reference SDK's host, handshake and a call, each message seen by the host`, async () => {
    const tab = await browser.context.newPage();
    const errors = [];
    tab.on("pageerror", (error) => errors.push(error.message));
    try {
      const widgetUrl = `${WIDGET}/fixtures/${name}/index.html`;
      await tab.goto(`${HOST}/fixtures/host-reference.html?widget=${encodeURIComponent(widgetUrl)}`);
      await tab.waitForFunction(() => window.hostReady > 0 && window.wire.some((m) => m.fromIframe && m.type === "INITIALIZED"));
      const widget = await frameOf(tab, `/fixtures/${name}/`);
      await widget.evaluate(() => window.play());
      await tab.waitForFunction(() => window.wire.some((m) => m.fromIframe && m.type === "CALL_COMPLETED"));
      const fromWidget = await tab.evaluate(() => window.wire.filter((m) => m.fromIframe && m.type !== "ERROR"));
      assert.deepEqual(fromWidget.map((m) => m.type), ["SYNC_ACK", "INITIALIZED", "OUTGOING_CALL_STARTED", "CALL_ENDED", "CALL_COMPLETED"]);
      assert.ok(fromWidget.every((m) => m.origin === WIDGET), "each from the widget's origin");
      assert.deepEqual(await widget.evaluate(() => window.received), ["onReady"]);
      assert.equal(await widget.evaluate(() => window.constantsVersion), "0.9.7");
      assert.deepEqual(await widget.evaluate(() => window.violations), []);
      const hostErrors = await widget.evaluate(() => window.hostErrors);
      assert.ok(hostErrors.every((type) => type === "ERROR"), JSON.stringify(hostErrors));
      assert.deepEqual(errors, []);
    } finally {
      await tab.close();
    }
  });
}
