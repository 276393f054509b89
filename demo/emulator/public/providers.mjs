// Which calling providers the user may pick, and which apps the help desk may connect: the
// registered settings, as HubSpot's localStorage overrides change them. Pure functions; the
// page passes `localStorage` in (tests pass a Map-like object).

export const KEYS = {
  settings: "LocalSettings:Calling:CallingExtensions",
  installDemo: "LocalSettings:Calling:installDemoWidget",
  channel: "LocalSettings:Calling:supportsChannelConnection",
};

/** The emulator's own key: the provider this browser chose (every tab and the calling window read it). */
export const PROVIDER_KEY = "callcore-emulator:provider";

/** The provider the emulator uses: the one remembered under PROVIDER_KEY, or the only usable one. */
export function chosenProvider(providers, remembered) {
  const selected = providers.find((p) => String(p.appId) === remembered && p.selectable) || null;
  if (selected) return selected;
  const usable = providers.filter((p) => p.selectable);
  return remembered === null && usable.length === 1 ? usable[0] : null;
}

/** HubSpot installs the local demo from here; the emulator maps it to its own demo app. */
export const HUBSPOT_LOCAL_DEMO_URL = "https://localhost:9025/";

const SETTINGS_FIELDS = [
  "name",
  "url",
  "width",
  "height",
  "isReady",
  "supportsInboundCalling",
  "usesCallingWindow",
  "usesRemote",
  "supportsCustomObjects",
];

function read(storage, key) {
  try {
    return storage.getItem(key);
  } catch {
    return null;
  }
}

/**
 * The three overrides as this browser holds them.
 * settings: the parsed JSON object (or null); settingsError: why it could not be used.
 */
export function readOverrides(storage) {
  const raw = read(storage, KEYS.settings);
  let settings = null;
  let settingsError = null;
  if (raw !== null && raw !== "") {
    try {
      const parsed = JSON.parse(raw);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) settings = parsed;
      else settingsError = "is not a JSON object";
    } catch {
      settingsError = "is not valid JSON";
    }
  }
  const installDemo = read(storage, KEYS.installDemo);
  const channel = read(storage, KEYS.channel);
  return {
    settings,
    settingsRaw: raw,
    settingsError,
    installDemo: installDemo || null,
    channel: channel === "true",
    channelRaw: channel,
  };
}

/** The app this emulator registered for its demo softphone. */
export function findDemoApp(apps, config = {}) {
  const withSettings = apps.filter((app) => app.settings);
  if (config.demoAppId !== undefined && config.demoAppId !== null) {
    const byId = withSettings.find((app) => String(app.appId) === String(config.demoAppId));
    if (byId) return byId;
  }
  const origin = config.widgetOrigin || config.demoWidgetOrigin;
  if (origin) {
    const byOrigin = withSettings.find((app) => originOf(app.settings.url) === origin);
    if (byOrigin) return byOrigin;
  }
  return (
    withSettings.find((app) => originOf(app.settings.url) === originOf(HUBSPOT_LOCAL_DEMO_URL)) ||
    withSettings.find((app) => /demo/i.test(app.settings.name || "")) ||
    null
  );
}

function originOf(url) {
  try {
    return new URL(url).origin;
  } catch {
    return "";
  }
}

function pickSettings(object) {
  const out = {};
  for (const field of SETTINGS_FIELDS) if (object[field] !== undefined) out[field] = object[field];
  return out;
}

/**
 * Every provider of the switcher: [{appId, name, url, width, height, isReady, selectable,
 * overridden: [what changed it], reason: why not selectable, settings: the merged settings}].
 */
export function buildProviders(apps, overrides, config = {}) {
  const list = [];
  const demo = overrides.installDemo ? findDemoApp(apps, config) : null;
  const overrideTarget = overrides.settings ? overrides.settings.appId : undefined;
  for (const app of apps) {
    if (!app.settings) continue;
    let settings = pickSettings(app.settings);
    const overridden = [];
    if (demo && app === demo) {
      settings = { ...settings, isReady: true };
      overridden.push(`${KEYS.installDemo}=${overrides.installDemo}`);
    }
    if (overrides.settings && (overrideTarget === undefined || String(overrideTarget) === String(app.appId))) {
      settings = { ...settings, ...pickSettings(overrides.settings) };
      overridden.push(KEYS.settings);
    }
    list.push(describe(app.appId, settings, overridden));
  }
  if (overrides.installDemo && !demo) {
    // No demo app registered here: install HubSpot's, as HubSpot would.
    list.push(
      describe(
        "local-demo",
        { name: "Demo App Local", url: HUBSPOT_LOCAL_DEMO_URL, width: 400, height: 650, isReady: true },
        [`${KEYS.installDemo}=${overrides.installDemo}`],
      ),
    );
  }
  return list;
}

function describe(appId, settings, overridden) {
  const width = Number(settings.width) || 400;
  const height = Number(settings.height) || 600;
  let reason = null;
  if (settings.isReady !== true) reason = "isReady is false: not ready for production";
  else if (!settings.url) reason = "no url";
  else if (!/^https?:\/\//.test(String(settings.url))) reason = "url is not http(s)";
  return {
    appId,
    name: settings.name || `App ${appId}`,
    url: settings.url || "",
    width,
    height,
    isReady: settings.isReady === true,
    selectable: reason === null,
    reason,
    overridden,
    settings,
  };
}

/**
 * Apps for "Connect a number to the help desk": [{appId, name, webhook, isReady, selectable, reason}].
 * Selectable when the channel connection is ready, or the browser says
 * supportsChannelConnection=true; an app with no channel connection has no webhook to ask.
 */
export function helpdeskApps(apps, overrides) {
  return apps.map((app) => {
    const connection = app.channelConnection || null;
    const name = (app.settings && app.settings.name) || `App ${app.appId}`;
    let reason = null;
    if (!connection || !connection.url) reason = "no channel connection registered";
    else if (!connection.isReady && !overrides.channel) reason = "channel connection isReady is false";
    return {
      appId: app.appId,
      name,
      webhook: connection ? connection.url : null,
      isReady: Boolean(connection && connection.isReady),
      overridden: Boolean(connection && !connection.isReady && overrides.channel),
      selectable: reason === null,
      reason,
    };
  });
}

/** HubSpot keeps the first 24 characters of a friendly name. */
export const FRIENDLY_NAME_LIMIT = 24;

/**
 * The webhook's numbers as the picker shows them: the friendly name cut to 24 characters (the
 * server normally did it already and warned), extension numbers not selectable.
 */
export function numberRows(numbers) {
  return (Array.isArray(numbers) ? numbers : []).map((n, index) => {
    const raw = String(n.friendlyName ?? "");
    const cut = raw.length > FRIENDLY_NAME_LIMIT;
    const hasExtension = Boolean(n.extension);
    const selectable = n.selectable === undefined ? !hasExtension : Boolean(n.selectable) && !hasExtension;
    return {
      index,
      e164PhoneNumber: n.e164PhoneNumber,
      extension: n.extension || "",
      friendlyName: cut ? raw.slice(0, FRIENDLY_NAME_LIMIT) : raw,
      cutHere: cut,
      selectable,
      reason: selectable ? null : hasExtension ? "numbers with an extension cannot be connected" : "not selectable",
    };
  });
}
