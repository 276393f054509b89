// Shared by the tests/check suites (not a test file): the CLI as a child process, the fixture
// widgets on a local server, the demo softphone allowing the check's host origin, and the
// before/after hooks that start and stop them.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before } from "node:test";
import { fileURLToPath } from "node:url";
import { startDemoWidget } from "../../demo/widget/server.mjs";
import { startServers } from "../e2e/support.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, "../..");
const cli = path.join(repoRoot, "cli/callcore.mjs");

/** Runs `callcore ...args`; resolves to {code, stdout, stderr} whatever the exit code. */
export function callcore(args, { timeout = 170000 } = {}) {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { cwd: repoRoot, timeout, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** A port free right now (the check's emulator binds it: a callcore widget must know it first). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** tests/check/fixtures on a local origin, with /lib/callcore.js and /lib/reference.js. */
async function startFixtures() {
  const servers = await startServers(1, [path.join(here, "fixtures")]);
  return { origin: servers.origins[0], close: () => servers.close() };
}

/** The demo softphone over http, accepting the emulator the check will start on `hostPort`. */
async function startDemoFor(hostPort) {
  const widget = await startDemoWidget({
    port: 0,
    http: true,
    emulatorOrigin: [`http://127.0.0.1:${hostPort}`, `http://localhost:${hostPort}`],
  });
  return { url: `http://localhost:${widget.port}/`, close: () => widget.close() };
}

/**
 * Registers the suite's before/after hooks and returns what they start, filled in by before():
 *   fixtures: `origin` serving tests/check/fixtures
 *   demo:     `demo` (the demo softphone) accepting a check host on `hostPort`
 *   tmp:      `tmp`, a fresh folder removed afterwards
 */
export function checkSuite({ fixtures = false, demo = false, tmp = false }) {
  const env = {};
  const started = []; // what after() closes
  before(async () => {
    if (fixtures) {
      const server = await startFixtures();
      started.push(server);
      env.origin = server.origin;
    }
    if (demo) {
      env.hostPort = await freePort();
      env.demo = await startDemoFor(env.hostPort);
      started.push(env.demo);
    }
    if (tmp) env.tmp = await mkdtemp(path.join(os.tmpdir(), "callcore-check-test-"));
  });
  after(async () => {
    for (const server of started) await server.close();
    if (env.tmp) await rm(env.tmp, { recursive: true, force: true });
  });
  return env;
}

export function byName(report) {
  return Object.fromEntries(report.scenarios.map((s) => [s.name, s]));
}

export const errorsOf = (scenario) => scenario.violations.filter((v) => v.severity === "error");
