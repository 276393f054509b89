// GET /_emulator/config and /_emulator/apps: what the host page needs to act as HubSpot.
import { jsonEndpoint } from "../../lib/respond.mjs";
import { DEMO_APP_ID } from "./seed.mjs";

export function addOverviewRoutes(router, { identity, settings, channels, clientSecrets, origin }) {
  router.add("/_emulator/config", {
    // demoAppId: the app LocalSettings:Calling:installDemoWidget=local stands for. hubspotOrigin
    // is the emulator's own origin, never one taken from the request's Host: echoed back, that
    // would hand a page whose domain points here (DNS rebinding) its own name as HubSpot's.
    GET: jsonEndpoint(async () => ({
      status: 200,
      body: { ...identity, hubspotOrigin: origin(), demoAppId: DEMO_APP_ID },
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
