// startEmulator: a local stand-in for HubSpot. REST under HubSpot's own paths (so an app's backend
// switches by base URL), the host page and its /_emulator/ API, all on one node:http server,
// with state in <dataDir>/emulator.sqlite.
import http from "node:http";
import path from "node:path";
import { DEFAULT_BODY_LIMIT } from "../../lib/body.mjs";
import { answerClientErrors } from "../../lib/client-error.mjs";
import { loadSharedCore } from "../../lib/core.mjs";
import { createHostCheck } from "../../lib/host-check.mjs";
import { closeServer, listen, originOf } from "../../lib/listen.mjs";
import { browserBundle, defaultDataDir, repoRoot } from "../../lib/paths.mjs";
import { createRequestHandler } from "../../lib/request-handler.mjs";
import { createRouter } from "../../lib/router.mjs";
import { createAppDocuments } from "./app-documents.mjs";
import { createAuthenticator, parseTokens } from "./auth.mjs";
import { createClientSecrets } from "./client-secrets.mjs";
import { createMeta, openDatabase } from "./database.mjs";
import { createEngagements } from "./engagements.mjs";
import { addEngagementRoutes } from "./internal-engagements.mjs";
import { addHelpdeskRoute } from "./internal-helpdesk.mjs";
import { addOverviewRoutes } from "./internal-overview.mjs";
import { addRecordRoutes } from "./internal-records.mjs";
import { createRecords } from "./records.mjs";
import { addAppDocumentRoutes } from "./rest-app-documents.mjs";
import { addCallingWindowRoute } from "./calling-window.mjs";
import { requireJsonContentType } from "./json-only.mjs";
import { createPageAuth } from "./page-auth.mjs";
import { addInboundCallRoute } from "./rest-inbound-call.mjs";
import { seed } from "./seed.mjs";

// The emulated account and user: what SYNC and the REST answers report.
const IDENTITY = { portalId: 123456, userId: 1001, ownerId: 2001 };

/**
 * tokens: accepted hapikeys / Bearer tokens; empty means any non-empty one (default from
 * CALLCORE_EMULATOR_TOKENS, comma-separated). widgetOrigin: where the demo widget runs, for the
 * seeded demo app. clientSecret: what webhook requests are signed with, a string for every app
 * or {all, apps: {appId: secret}} (client-secrets.mjs); by default each app has its own.
 * allowHosts: Host names answered besides localhost, 127.0.0.1 and [::1] ("name" on this port,
 * or "name:port"); any other Host gets 421. Resolves to {url, port, routes, clientSecret(appId),
 * close()} (routes: every [{pattern, methods}] the router serves); rejects with code EADDRINUSE
 * on a busy port.
 */
export async function startEmulator({
  port = 9026,
  host = "127.0.0.1",
  dataDir = defaultDataDir,
  tokens = parseTokens(process.env.CALLCORE_EMULATOR_TOKENS),
  widgetOrigin = "https://localhost:9025",
  publicDir = path.join(repoRoot, "demo/emulator/public"),
  bodyLimit = DEFAULT_BODY_LIMIT,
  clientSecret,
  allowHosts = [],
  log = () => {},
} = {}) {
  const core = await loadSharedCore();
  const db = openDatabase(dataDir);
  try {
    const stores = {
      meta: createMeta(db),
      settings: createAppDocuments(db, "calling_settings"),
      channels: createAppDocuments(db, "channel_connections"),
      records: createRecords(db),
      engagements: createEngagements(db),
    };
    seed({ db, ...stores }, new URL(widgetOrigin).origin);
    const clientSecrets = createClientSecrets(db, stores.meta, clientSecret);

    let origin = null;
    let boundPort = null;
    const ctx = {
      ...stores,
      core,
      clientSecrets,
      authenticate: createAuthenticator(tokens),
      bodyLimit,
      identity: IDENTITY,
      portalId: IDENTITY.portalId,
      origin: () => origin,
      log,
    };
    const router = createRouter();
    addAppDocumentRoutes(router, ctx);
    addInboundCallRoute(router, ctx);
    addOverviewRoutes(router, ctx);
    addRecordRoutes(router, ctx);
    addEngagementRoutes(router, ctx);
    addHelpdeskRoute(router, ctx);
    addCallingWindowRoute(router, { portalId: IDENTITY.portalId, publicDir });
    // /_emulator/* follows --tokens too (page-auth.mjs); credentials before the content type.
    const pageAuth = createPageAuth({ tokens, authenticate: ctx.authenticate, port: () => boundPort });
    pageAuth.addLoginRoute(router);

    const hosts = createHostCheck({ scheme: "http", allowHosts });
    const handler = createRequestHandler({
      router,
      hosts,
      publicDir,
      files: { "/callcore.js": browserBundle },
      before: (req, url) => {
        pageAuth.check(req, url);
        requireJsonContentType(req);
      },
      log,
    });
    // A missing Host is answered by hosts.check, in HubSpot's error shape, not by node's empty 400.
    const server = http.createServer({ requireHostHeader: false }, handler);
    answerClientErrors(server);
    boundPort = await listen(server, port, host);
    origin = originOf("http", host, boundPort);
    hosts.bind(boundPort, host);

    let closing = null;
    const close = () => (closing ??= closeServer(server).then(() => db.close()));
    return { url: `${origin}/`, port: boundPort, routes: router.list(), clientSecret: clientSecrets.secretOf, close };
  } catch (error) {
    db.close();
    throw error;
  }
}
