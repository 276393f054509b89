// `node demo/start.mjs` as a user runs it, in a child process: shared by the CLI tests and the
// durability suite, which kills it with SIGKILL.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { client } from "./helpers.mjs";

const START = fileURLToPath(new URL("../../demo/start.mjs", import.meta.url));
const CLEAN_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("CALLCORE_")));

/**
 * Runs start.mjs; `ready` resolves {child, emulator, widget, exit} once both URLs are printed
 * (emulator: a helpers.mjs client). `exit` resolves {code, signal, stdout, stderr}. The child is
 * killed when the test ends, if still running.
 */
export function startDemo(t, args, env = {}) {
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
      if (widget && emulator && stdout.includes("Ctrl-C")) resolve({ child, widget, emulator: client(`http://127.0.0.1:${emulator}`), port: Number(emulator), exit });
    });
    exit.then((result) => reject(new Error(`start.mjs exited early: ${JSON.stringify(result)}`)));
  });
  ready.catch(() => {}); // tests that expect an early exit await `exit` only
  return { ready, exit };
}

/** Flags for a run on ephemeral ports over plain http, with its data in `dataDir`. */
export const ephemeral = (dataDir, ...more) => ["--http", "--widget-port", "0", "--emulator-port", "0", "--data-dir", dataDir, ...more];
