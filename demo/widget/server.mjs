// The demo softphone's server: the widget page (demo/widget/public/), the callcore bundle, the
// widget's /config.json and the demo app's help-desk webhook. HTTPS on localhost by default,
// like HubSpot's demo apps; `http: true` serves plain http, for tests.
import http from "node:http";
import https from "node:https";
import path from "node:path";
import { invalid } from "../lib/api-error.mjs";
import { readJson } from "../lib/body.mjs";
import { createHostCheck } from "../lib/host-check.mjs";
import { closeServer, listen, originOf } from "../lib/listen.mjs";
import { browserBundle, defaultDataDir, repoRoot } from "../lib/paths.mjs";
import { createRequestHandler } from "../lib/request-handler.mjs";
import { jsonEndpoint } from "../lib/respond.mjs";
import { createRouter } from "../lib/router.mjs";
import { localhostCertificate } from "./certificate.mjs";
import { HELPDESK_NUMBERS } from "./helpdesk-numbers.mjs";

// HubSpot's app origins, which the widget must also accept: it is the same page in both places.
const HUBSPOT_ORIGINS = ["https://app.hubspot.com", "https://app-*.hubspot.com"];

function addRoutes(router, emulatorOrigins) {
  router.add("/config.json", {
    GET: jsonEndpoint(async () => ({ status: 200, body: { allowedHostOrigins: [...emulatorOrigins(), ...HUBSPOT_ORIGINS] } })),
  });

  // A real app would look the portal up and list its numbers; the demo has one list for all.
  router.add("/helpdesk/webhook", {
    POST: jsonEndpoint(async (req) => {
      const { value } = await readJson(req);
      const missing = ["appId", "portalId", "userId"].filter((k) => !Number.isInteger(value?.[k]));
      if (missing.length) {
        const errors = missing.map((k) => ({ message: `${k} must be an integer`, in: k, code: "FIELD_TYPE" }));
        throw invalid(`Invalid webhook request: ${errors.map((e) => e.message).join("; ")}`, errors);
      }
      return { status: 200, body: { phoneNumbers: HELPDESK_NUMBERS } };
    }),
  });
}

/**
 * emulatorOrigin: the host page's origin(s) the widget accepts — a string, an array, or a
 * function returning either (when the emulator's port is known only after this server starts).
 * allowHosts: Host names answered besides localhost, 127.0.0.1 and [::1] (as for the emulator).
 * Resolves to {url, port, close()}; rejects with code EADDRINUSE on a busy port.
 */
export async function startDemoWidget({
  port = 9025,
  host = "127.0.0.1",
  http: plainHttp = false,
  certDir = path.join(defaultDataDir, "certs"),
  emulatorOrigin = "http://localhost:9026",
  publicDir = path.join(repoRoot, "demo/widget/public"),
  allowHosts = [],
  log = () => {},
} = {}) {
  const emulatorOrigins = () => [emulatorOrigin].flat().flatMap((o) => (typeof o === "function" ? [o()].flat() : [o]));
  const router = createRouter();
  addRoutes(router, emulatorOrigins);
  // Only its own names (DNS rebinding, lib/host-check.mjs); a missing Host is answered there too.
  const hosts = createHostCheck({ scheme: plainHttp ? "http" : "https", allowHosts });
  const handler = createRequestHandler({ router, publicDir, files: { "/callcore.js": browserBundle }, hosts, log });
  const options = { requireHostHeader: false };
  const server = plainHttp ? http.createServer(options, handler) : https.createServer({ ...localhostCertificate(certDir), ...options }, handler);
  const boundPort = await listen(server, port, host);
  hosts.bind(boundPort, host);
  let closing = null;
  return {
    url: `${originOf(plainHttp ? "http" : "https", host, boundPort)}/`,
    port: boundPort,
    close: () => (closing ??= closeServer(server)),
  };
}
