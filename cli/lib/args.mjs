// Command-line arguments of `callcore`: a command, its operand, and --flags. Bad input is an
// error naming the flag and the rule; nothing is started.
import { SCENARIO_NAMES } from "./scenarios.mjs";
import { FORMATS } from "./report.mjs";

export const USAGE = `usage:
  callcore check <widget-url> [--scenario NAME]... [--format text|json|junit] [--trace FILE]
                 [--output FILE] [--timeout SECONDS] [--hooks FILE]
                 [--host-origin http://NAME:PORT] [--host-port PORT]
  callcore replay <trace-file> [--scenario NAME]... [--format text|json|junit] [--output FILE]
  callcore scenarios

scenarios: ${SCENARIO_NAMES.join(", ")} (all by default; --scenario repeats or takes a comma list)
exit code: 0 when every selected scenario passes; 1 when one fails, cannot be driven or is not run
(a failed handshake stops the check after the first scenario); 2 on bad usage or a bad hooks file`;

export class UsageError extends Error {}

const VALUE_FLAGS = new Set(["--scenario", "--format", "--trace", "--output", "--timeout", "--host-port", "--host-origin", "--hooks"]);
const ALLOWED = { check: VALUE_FLAGS, replay: new Set(["--scenario", "--format", "--output"]), scenarios: new Set() };

export function parseArgs(argv) {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") return { command: "help" };
  if (!ALLOWED[command]) throw new UsageError(`unknown command "${command}": use check, replay or scenarios`);
  const options = { command, scenarios: [], format: "text", trace: null, output: null, timeoutMs: 10000, hostPort: 0, hostOrigin: undefined, hooks: null };
  const operands = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === "--help" || arg === "-h") return { command: "help" };
    if (!arg.startsWith("--")) {
      operands.push(arg);
      continue;
    }
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    if (!ALLOWED[command].has(flag)) throw new UsageError(`${flag} is not an option of callcore ${command}`);
    const value = inline !== undefined ? inline : rest[++i];
    if (value === undefined || value === "") throw new UsageError(`${flag} needs a value`);
    if (flag === "--scenario") {
      for (const name of value.split(",").map((n) => n.trim()).filter(Boolean)) {
        if (!SCENARIO_NAMES.includes(name)) throw new UsageError(`--scenario ${name} is not a scenario; known: ${SCENARIO_NAMES.join(", ")}`);
        if (!options.scenarios.includes(name)) options.scenarios.push(name);
      }
    } else if (flag === "--format") {
      if (!FORMATS[value]) throw new UsageError(`--format must be one of ${Object.keys(FORMATS).join(", ")}, not "${value}"`);
      options.format = value;
    } else if (flag === "--timeout") {
      const seconds = Number(value);
      if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600) throw new UsageError(`--timeout must be a number of seconds between 0 and 600, not "${value}"`);
      options.timeoutMs = seconds * 1000;
    } else if (flag === "--host-port") {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--host-port must be a port number 0-65535, not "${value}"`);
      options.hostPort = port;
    } else if (flag === "--host-origin") {
      options.hostOrigin = hostOrigin(value);
    } else {
      options[flag.slice(2)] = value;
    }
  }
  if (command === "scenarios") {
    if (operands.length) throw new UsageError("callcore scenarios takes no operand");
    return options;
  }
  if (operands.length !== 1) throw new UsageError(`callcore ${command} needs exactly one ${command === "check" ? "widget URL" : "trace file"}`);
  if (command === "check") {
    let url;
    try {
      url = new URL(operands[0]);
    } catch {
      throw new UsageError(`widget URL "${operands[0]}" is not an absolute URL`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`widget URL must be http or https, not ${url.protocol}`);
    options.widgetUrl = url.href;
    if (options.hostOrigin === url.origin) {
      throw new UsageError(`--host-origin ${options.hostOrigin} is the widget's own origin; the host page needs another one`);
    }
  } else {
    options.traceFile = operands[0];
  }
  return options;
}

/**
 * --host-origin: an http origin with a host name (Chromium maps the name onto the emulator's
 * port; an IP address cannot be mapped, and the emulator serves no https).
 */
function hostOrigin(value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--host-origin must be an origin such as http://localhost:9026, not "${value}"`);
  }
  if (url.protocol !== "http:") throw new UsageError(`--host-origin must be an http origin (the emulator serves no https), not ${url.protocol}`);
  if (url.href !== `${url.origin}/`) {
    throw new UsageError(`--host-origin must be an origin (scheme, host, port), with no path or query: "${value}"`);
  }
  if (/^\[|^\d+\.\d+\.\d+\.\d+$/.test(url.hostname)) {
    throw new UsageError(`--host-origin needs a host name, not the address ${url.hostname}: to be seen at http://127.0.0.1:PORT, use --host-port PORT`);
  }
  return url.origin;
}
