// `node demo/start.mjs` as a user runs it: clean on SIGTERM, flags wired through, and a busy port
// reported in one line with exit code 1. Durability across kill -9: tests/durability/.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import test from "node:test";
import { tempDir } from "./helpers.mjs";
import { ephemeral, startDemo } from "./start-demo.mjs";

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

test("--tokens restricts the REST credentials and the host page's API", async (t) => {
  const { emulator } = await startDemo(t, ephemeral(tempDir(t), "--tokens", "s3cret,other")).ready;
  assert.equal((await emulator.call("GET", "/crm/v3/extensions/calling/1/settings", { hapikey: "s3cret" })).status, 200);
  assert.equal((await emulator.call("GET", "/crm/v3/extensions/calling/1/settings", { hapikey: "guess" })).status, 401);
  assert.equal((await emulator.call("GET", "/_emulator/apps")).status, 401);
  assert.equal((await emulator.call("GET", "/_emulator/apps", { bearer: "other" })).status, 200);
});

/** GET `path` on 127.0.0.1:`port` naming `host` as the Host: the status. */
function statusAs(port, path, host) {
  return new Promise((resolve, reject) => {
    http.get({ host: "127.0.0.1", port, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode);
    }).on("error", reject);
  });
}

test("--allow-host and CALLCORE_ALLOW_HOSTS add names both servers answer; others get 421", async (t) => {
  const { widget, port } = await startDemo(t, ephemeral(tempDir(t), "--allow-host", "dev.example", "--allow-host", "proxy.example:8443"), {
    CALLCORE_ALLOW_HOSTS: "ignored.example",
  }).ready;
  const widgetPort = Number(new URL(widget).port);
  for (const [serverPort, path] of [[port, "/_emulator/config"], [widgetPort, "/config.json"]]) {
    for (const host of [`localhost:${serverPort}`, `dev.example:${serverPort}`, "proxy.example:8443"]) assert.equal(await statusAs(serverPort, path, host), 200, `${path} as ${host}`);
    for (const host of [`evil.example:${serverPort}`, `ignored.example:${serverPort}`]) assert.equal(await statusAs(serverPort, path, host), 421, `${path} as ${host}`);
  }
  // The variable alone, when no flag is given.
  const byEnv = await startDemo(t, ephemeral(tempDir(t)), { CALLCORE_ALLOW_HOSTS: "a.example, b.example" }).ready;
  assert.equal(await statusAs(byEnv.port, "/_emulator/config", `b.example:${byEnv.port}`), 200);
});

test("a bad --allow-host is a one-line error, exit code 1", async (t) => {
  const { code, stderr } = await startDemo(t, ephemeral(tempDir(t), "--allow-host", "http://dev.example/")).exit;
  assert.equal(code, 1);
  assert.match(stderr, /^callcore demo: --allow-host \/ CALLCORE_ALLOW_HOSTS takes name\[:port\]/);
  assert.doesNotMatch(stderr, /\n\s+at /, "no stack trace");
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
