// Shared by the tests/check suites (not a test file): the CLI as a child process, the fixture
// widgets on a local server, and the demo softphone allowing the check's host origin.
import { execFile } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
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
export function freePort() {
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
export async function startFixtures() {
  const servers = await startServers(1, [path.join(here, "fixtures")]);
  return { origin: servers.origins[0], close: () => servers.close() };
}

/** The demo softphone over http, accepting the emulator the check will start on `hostPort`. */
export async function startDemoFor(hostPort) {
  const widget = await startDemoWidget({
    port: 0,
    http: true,
    emulatorOrigin: [`http://127.0.0.1:${hostPort}`, `http://localhost:${hostPort}`],
  });
  return { url: `http://localhost:${widget.port}/`, close: () => widget.close() };
}

export function byName(report) {
  return Object.fromEntries(report.scenarios.map((s) => [s.name, s]));
}

export const errorsOf = (scenario) => scenario.violations.filter((v) => v.severity === "error");
