// GET /_emulator/config and /_emulator/apps: what the host page needs to act as HubSpot.
import { jsonEndpoint } from "../../lib/respond.mjs";
import { DEMO_APP_ID } from "./seed.mjs";

// The origin the browser used to reach us is the one the widget will see as its host, so take it
// from the Host header (localhost and 127.0.0.1 are different origins); fall back to our own.
function originOfRequest(req, fallback) {
  const host = req.headers.host;
  return host && /^[A-Za-z0-9.\-]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$/.test(host) ? `http://${host}` : fallback;
}

export function addOverviewRoutes(router, { identity, settings, channels, clientSecrets, origin }) {
  router.add("/_emulator/config", {
    // demoAppId: the app LocalSettings:Calling:installDemoWidget=local stands for.
    GET: jsonEndpoint(async (req) => ({
      status: 200,
      body: { ...identity, hubspotOrigin: originOfRequest(req, origin()), demoAppId: DEMO_APP_ID },
    })),
  });

  router.add("/_emulator/apps", {
    GET: jsonEndpoint(async () => {
      const apps = new Map();
      const entry = (appId) => apps.get(appId) ?? apps.set(appId, { appId, settings: null, channelConnection: null }).get(appId);
      for (const { appId, document } of settings.list()) entry(appId).settings = document;
      for (const { appId, document } of channels.list()) entry(appId).channelConnection = document;
      // The key the emulator signs this app's webhook requests with, for the page to show.
      for (const app of apps.values()) app.clientSecret = clientSecrets.of(app.appId);
      return { status: 200, body: [...apps.values()].sort((a, b) => a.appId - b.appId) };
    }),
  });
}
