// `node demo/start.mjs` as a user runs it: durable across kill -9, clean on SIGTERM, flags wired
// through, and a busy port reported in one line with exit code 1.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import test from "node:test";
import { fileURLToPath } from "node:url";
import { client, SETTINGS, tempDir } from "./helpers.mjs";

const START = fileURLToPath(new URL("../../demo/start.mjs", import.meta.url));
const CLEAN_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("CALLCORE_")));

/** Runs start.mjs; resolves {child, emulator, widget, exit} once both URLs are printed. */
function startDemo(t, args, env = {}) {
  const child = spawn(process.execPath, [START, ...args], { env: { ...CLEAN_ENV, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  const exit = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr })));
  t.after(() => child.exitCode === null && child.signalCode === null && child.kill("SIGKILL"));
  child.stderr.on("data", (c) => (stderr += c));
  const ready = new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      const widget = /demo widget\s+(\S+)/.exec(stdout)?.[1];
      const emulator = /emulator\s+http:\/\/localhost:(\d+)\//.exec(stdout)?.[1];
      if (widget && emulator && stdout.includes("Ctrl-C")) resolve({ child, widget, emulator: client(`http://127.0.0.1:${emulator}`), exit });
    });
    exit.then((result) => reject(new Error(`start.mjs exited early: ${JSON.stringify(result)}`)));
  });
  ready.catch(() => {}); // tests that expect an early exit await `exit` only
  return { ready, exit };
}

const ephemeral = (dataDir, ...more) => ["--http", "--widget-port", "0", "--emulator-port", "0", "--data-dir", dataDir, ...more];

test("acknowledged writes survive kill -9 of the server process", async (t) => {
  const dataDir = tempDir(t);
  const first = await startDemo(t, ephemeral(dataDir)).ready;
  assert.equal((await first.emulator.v3("POST", "/77/settings", { body: SETTINGS })).status, 200);
  const patched = (await first.emulator.dated("PATCH", "/77/settings", { body: { name: "Written before the kill" } })).json;
  const contact = (await first.emulator.call("POST", "/_emulator/records/contacts", { body: { lastName: "Durable", phone: "+12025550122" } })).json;
  first.child.kill("SIGKILL");
  assert.equal((await first.exit).signal, "SIGKILL");

  const second = await startDemo(t, ephemeral(dataDir)).ready;
  assert.deepEqual((await second.emulator.v3("GET", "/77/settings")).json, patched);
  assert.deepEqual((await second.emulator.call("GET", `/_emulator/records/contacts/${contact.id}`)).json, contact);
  second.child.kill("SIGKILL");
});

test("SIGTERM stops both servers and closes the database cleanly", async (t) => {
  const dataDir = tempDir(t);
  const { child, widget, emulator, exit } = await startDemo(t, ephemeral(dataDir)).ready;
  assert.equal((await fetch(`${widget}config.json`.replace("localhost", "127.0.0.1"))).status, 200);
  assert.equal((await emulator.call("GET", "/_emulator/config")).status, 200);
  child.kill("SIGTERM");
  const { code } = await exit;
  assert.equal(code, 0);
  // SQLite folds the WAL back into the database and removes it when the last connection closes.
  assert.equal(existsSync(path.join(dataDir, "emulator.sqlite-wal")), false);
});

test("--tokens restricts the REST credentials", async (t) => {
  const { emulator } = await startDemo(t, ephemeral(tempDir(t), "--tokens", "s3cret,other")).ready;
  assert.equal((await emulator.call("GET", "/crm/v3/extensions/calling/1/settings", { hapikey: "s3cret" })).status, 200);
  assert.equal((await emulator.call("GET", "/crm/v3/extensions/calling/1/settings", { hapikey: "guess" })).status, 401);
});

async function busyPort(t) {
  const blocker = net.createServer();
  await new Promise((resolve) => blocker.listen(0, "127.0.0.1", resolve));
  t.after(() => blocker.close());
  return blocker.address().port;
}

test("a busy widget port is one line naming the setting, exit code 1", async (t) => {
  const port = await busyPort(t);
  const { exit } = startDemo(t, ["--http", "--data-dir", tempDir(t), "--emulator-port", "0"], { CALLCORE_WIDGET_PORT: String(port) });
  const { code, stderr, stdout } = await exit;
  assert.equal(code, 1);
  assert.equal(stderr, `callcore demo: port ${port} is in use; set CALLCORE_WIDGET_PORT or --widget-port\n`);
  assert.equal(stdout, "");
});

test("a busy emulator port is one line naming the setting, exit code 1", async (t) => {
  const port = await busyPort(t);
  const { exit } = startDemo(t, ephemeral(tempDir(t), "--emulator-port", String(port)));
  const { code, stderr } = await exit;
  assert.equal(code, 1);
  assert.equal(stderr, `callcore demo: port ${port} is in use; set CALLCORE_EMULATOR_PORT or --emulator-port\n`);
});

test("a bad flag is a short usage error, exit code 1", async (t) => {
  const { code, stderr } = await startDemo(t, ["--widget-port", "http"]).exit;
  assert.equal(code, 1);
  assert.match(stderr, /^callcore demo: --widget-port \/ CALLCORE_WIDGET_PORT must be a port number/);
  assert.doesNotMatch(stderr, /\n\s+at /, "no stack trace");
});
