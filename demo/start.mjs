// `npm start` (after scripts/build.sh): the demo widget and the emulator, until Ctrl-C/SIGTERM.
// Start-up problems (a busy port, a bad flag) are one line on stderr and exit code 1.
import path from "node:path";
import { parseTokens } from "./emulator/server/auth.mjs";
import { startEmulator } from "./emulator/server/index.mjs";
import { DEMO_APP_ID } from "./emulator/server/seed.mjs";
import { HELP, readOptions, USAGE } from "./cli-options.mjs";
import { startDemoWidget } from "./widget/server.mjs";

const PORT_SETTINGS = { widget: "CALLCORE_WIDGET_PORT or --widget-port", emulator: "CALLCORE_EMULATOR_PORT or --emulator-port" };

function fail(message) {
  process.stderr.write(`callcore demo: ${message}\n`);
  process.exit(1);
}

function startupError(error, which) {
  if (error.code === "EADDRINUSE") return `port ${error.port} is in use; set ${PORT_SETTINGS[which]}`;
  if (error.code === "EACCES") return `port ${error.port} needs privileges; set ${PORT_SETTINGS[which]}`;
  return error.message;
}

async function main() {
  let options;
  try {
    options = readOptions();
  } catch (error) {
    return fail(`${error.message}\n${USAGE}`);
  }
  if (options.help) return console.log(HELP);

  // Browsers reach both servers as localhost (the certificate's name); both spellings of the
  // emulator's origin are accepted by the widget, as either may be typed into the address bar.
  const log = (line) => console.log(line);
  const running = [];
  const stop = () => Promise.all(running.map((server) => server.close()));
  let emulatorPort = options.emulatorPort;
  let emulator = null;
  let which = "widget";
  try {
    const widget = await startDemoWidget({
      port: options.widgetPort,
      http: options.http,
      certDir: path.join(options.dataDir, "certs"),
      emulatorOrigin: () => [`http://localhost:${emulatorPort}`, `http://127.0.0.1:${emulatorPort}`],
      // The demo app's secret, as the emulator signs with it (--client-secret, or its own).
      clientSecret: () => emulator?.clientSecret(DEMO_APP_ID),
      allowHosts: options.allowHosts,
      log,
    });
    running.push(widget);
    which = "emulator";
    const widgetOrigin = `${options.http ? "http" : "https"}://localhost:${widget.port}`;
    emulator = await startEmulator({
      port: options.emulatorPort,
      dataDir: options.dataDir,
      widgetOrigin,
      ...(options.tokens !== undefined && { tokens: parseTokens(options.tokens) }),
      ...(options.bodyLimit !== undefined && { bodyLimit: options.bodyLimit }),
      ...(options.clientSecret !== undefined && { clientSecret: options.clientSecret }),
      allowHosts: options.allowHosts,
      log,
    });
    running.push(emulator);
    emulatorPort = emulator.port;
    console.log(`callcore demo widget  ${widgetOrigin}/`);
    console.log(`callcore emulator     http://localhost:${emulator.port}/`);
    console.log("Help-desk webhooks are signed (X-HubSpot-Signature-v3); each app's client secret is on the emulator's Help desk tab.");
    if (parseTokens(options.tokens).length > 0) {
      console.log(`With --tokens the emulator's page asks for one: open http://localhost:${emulator.port}/_emulator/login?token=<token> once.`);
    }
    const certificateHint = options.http ? "" : ` (first accept the widget's self-signed certificate once at ${widgetOrigin}/)`;
    console.log(`Open the emulator, pick a contact and press Call${certificateHint}; Ctrl-C stops.`);
  } catch (error) {
    await stop();
    return fail(startupError(error, which));
  }

  let stopping = false;
  const shutdown = async () => {
    if (stopping) process.exit(1); // a second Ctrl-C: stop waiting
    stopping = true;
    await stop();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((error) => fail(error.message));
