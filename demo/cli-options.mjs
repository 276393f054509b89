// `node demo/start.mjs` options: a flag wins over its environment variable, which wins over the
// default. Bad values throw a one-line Error for start.mjs to print.
import path from "node:path";
import { parseArgs } from "node:util";
import { parseClientSecrets } from "./emulator/server/client-secrets.mjs";
import { parseAllowedHost } from "./lib/host-check.mjs";
import { defaultDataDir } from "./lib/paths.mjs";

export const USAGE = `usage: node demo/start.mjs [--widget-port N] [--emulator-port N] [--data-dir DIR] [--http] [--tokens a,b] [--body-limit BYTES]
                          [--client-secret SECRET | APPID=SECRET] [--allow-host NAME[:PORT]]...`;

/** --help: the usage, and what the options that need more than their name do. */
export const HELP = `${USAGE}
  --client-secret  what the emulator signs webhook requests with (X-HubSpot-Signature-v3) and the
                   softphone checks them against: SECRET for every app, APPID=SECRET for one app
                   (repeatable, or comma-separated; also CALLCORE_CLIENT_SECRET). Default: a secret
                   per app, made and kept by the emulator, shown on its Help desk tab.
  --allow-host     both servers answer only to localhost, 127.0.0.1 and [::1] on their own port (any
                   other Host is a 421, against DNS rebinding). NAME adds a name on each server's own
                   port, NAME:PORT exactly that (a proxy in front); repeat it, or list names in
                   CALLCORE_ALLOW_HOSTS (comma-separated).`;

function port(text, name) {
  const value = Number(text);
  if (!/^\d+$/.test(String(text)) || value > 65535) throw new Error(`${name} must be a port number (0-65535), not ${JSON.stringify(text)}`);
  return value;
}

/** The --allow-host names, each checked (a bad one throws a one-line Error). */
function allowedHosts(list) {
  const names = list.map((h) => h.trim()).filter(Boolean);
  names.forEach(parseAllowedHost);
  return names;
}

export function readOptions(argv = process.argv.slice(2), env = process.env) {
  const { values } = parseArgs({
    args: argv,
    options: {
      "widget-port": { type: "string" },
      "emulator-port": { type: "string" },
      "data-dir": { type: "string" },
      http: { type: "boolean" },
      tokens: { type: "string" },
      "body-limit": { type: "string" },
      "client-secret": { type: "string", multiple: true },
      "allow-host": { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  });
  const bodyLimit = values["body-limit"] ?? env.CALLCORE_BODY_LIMIT;
  if (bodyLimit !== undefined && !/^[1-9]\d*$/.test(bodyLimit)) throw new Error(`--body-limit must be a number of bytes, not ${JSON.stringify(bodyLimit)}`);
  return {
    help: Boolean(values.help),
    widgetPort: port(values["widget-port"] ?? env.CALLCORE_WIDGET_PORT ?? 9025, "--widget-port / CALLCORE_WIDGET_PORT"),
    emulatorPort: port(values["emulator-port"] ?? env.CALLCORE_EMULATOR_PORT ?? 9026, "--emulator-port / CALLCORE_EMULATOR_PORT"),
    dataDir: path.resolve(values["data-dir"] ?? env.CALLCORE_DATA_DIR ?? defaultDataDir),
    http: Boolean(values.http) || env.CALLCORE_DEMO_HTTP === "1",
    tokens: values.tokens ?? env.CALLCORE_EMULATOR_TOKENS, // comma-separated; parsed by the emulator
    bodyLimit: bodyLimit === undefined ? undefined : Number(bodyLimit),
    // {all, apps} or undefined (each app its own); the flag's entries replace the variable's.
    clientSecret: parseClientSecrets(values["client-secret"] ?? env.CALLCORE_CLIENT_SECRET, "--client-secret / CALLCORE_CLIENT_SECRET"),
    allowHosts: allowedHosts(values["allow-host"] ?? (env.CALLCORE_ALLOW_HOSTS ?? "").split(",")),
  };
}
