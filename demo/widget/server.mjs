// The demo softphone's server: the widget page (demo/widget/public/), the callcore bundle, the
// widget's /config.json and the demo app's help-desk webhook, which checks HubSpot's signature
// when given the app's client secret. HTTPS on localhost by default, like HubSpot's demo apps;
// `http: true` serves plain http, for tests.
import http from "node:http";
import https from "node:https";
import path from "node:path";
import { invalid } from "../lib/api-error.mjs";
import { MalformedJsonError, readBody } from "../lib/body.mjs";
import { createHostCheck } from "../lib/host-check.mjs";
import { closeServer, listen, originOf } from "../lib/listen.mjs";
import { browserBundle, defaultDataDir, repoRoot } from "../lib/paths.mjs";
import { createRequestHandler } from "../lib/request-handler.mjs";
import { jsonEndpoint } from "../lib/respond.mjs";
import { createRouter } from "../lib/router.mjs";
import { localhostCertificate } from "./certificate.mjs";
import { HELPDESK_NUMBERS } from "./helpdesk-numbers.mjs";
import { createSignatureGate } from "./signed-webhook.mjs";

// HubSpot's app origins, which the widget must also accept: it is the same page in both places.
const HUBSPOT_ORIGINS = ["https://app.hubspot.com", "https://app-*.hubspot.com"];

// As readJson, but on text already read: the signature is checked on the exact text first.
function parseJson(raw) {
  if (raw.trim() === "") throw new MalformedJsonError("the body is empty; send a JSON object");
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw new MalformedJsonError(error.message);
  }
}

function addRoutes(router, emulatorOrigins, checkSignature) {
  router.add("/config.json", {
    GET: jsonEndpoint(async () => ({ status: 200, body: { allowedHostOrigins: [...emulatorOrigins(), ...HUBSPOT_ORIGINS] } })),
  });

  // A real app would look the portal up and list its numbers; the demo has one list for all.
  router.add("/helpdesk/webhook", {
    POST: jsonEndpoint(async (req) => {
      const raw = await readBody(req);
      checkSignature?.(req, raw);
      const value = parseJson(raw);
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
 * clientSecret: the demo app's client secret, or a function returning it; with one, the webhook
 * refuses (401) a request not signed with it, stale, or replayed. Without one (tests of the page
 * alone) it checks nothing; `npm start` always passes the emulator's.
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
  clientSecret,
  allowHosts = [],
  log = () => {},
} = {}) {
  const emulatorOrigins = () => [emulatorOrigin].flat().flatMap((o) => (typeof o === "function" ? [o()].flat() : [o]));
  const checkSignature = clientSecret === undefined ? null : createSignatureGate({ clientSecret, scheme: plainHttp ? "http" : "https" });
  const router = createRouter();
  addRoutes(router, emulatorOrigins, checkSignature);
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
