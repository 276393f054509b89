// Each app's client secret: the key HubSpot signs its requests to the app with
// (X-HubSpot-Signature-v3, demo/lib/hubspot-signature.mjs). `--client-secret SECRET` gives every
// app that one, `--client-secret APPID=SECRET` one app its own. Otherwise each app has its own,
// derived from a random key the emulator makes once and keeps in its database: stable across
// restarts, different per app, and with no row to write when an app first appears.
import { createHmac, randomBytes } from "node:crypto";

const KEY_NAME = "clientSecretKey";
const SECRET = /^[^\s\p{Cc}]{1,512}$/u;
// Digits then "=" is always an app id: a secret of that shape cannot be given for every app.
const PER_APP = /^([0-9]+)=(.*)$/s;
const INT32_MAX = 2147483647;

/**
 * The flag's or the variable's entries ("SECRET" or "APPID=SECRET", comma-separated, the flag
 * repeatable) → {all, apps: Map(appId → secret)}, or undefined when there are none. Throws a
 * one-line Error naming the bad entry.
 */
export function parseClientSecrets(values, name = "--client-secret") {
  const entries = [values ?? []].flat().flatMap((value) => String(value).split(",")).map((e) => e.trim());
  if (entries.length === 0) return undefined;
  let all = null;
  const apps = new Map();
  for (const entry of entries) {
    const perApp = PER_APP.exec(entry);
    const [appId, secret] = perApp ? [Number(perApp[1]), perApp[2]] : [null, entry];
    if (appId !== null && !(/^[1-9][0-9]{0,9}$/.test(perApp[1]) && appId <= INT32_MAX)) {
      throw new Error(`${name}: app id ${perApp[1]} in ${JSON.stringify(entry.slice(0, 60))} is not a positive 32-bit integer`);
    }
    if (!SECRET.test(secret)) {
      throw new Error(`${name} must be SECRET or APPID=SECRET, a secret of 1 to 512 characters without spaces or commas; got ${JSON.stringify(entry.slice(0, 60))}`);
    }
    if (appId === null ? all !== null : apps.has(appId)) {
      throw new Error(`${name} gives ${appId === null ? "the secret for every app" : `app ${appId}'s secret`} twice`);
    }
    if (appId === null) all = secret;
    else apps.set(appId, secret);
  }
  return { all, apps };
}

/** A programmatic `clientSecret` option: a string (every app) or {all, apps} as parsed above. */
function normalise(configured) {
  if (configured === undefined || configured === null) return { all: null, apps: new Map() };
  if (typeof configured === "string") {
    if (!SECRET.test(configured)) invalidOption();
    return { all: configured, apps: new Map() };
  }
  const apps = configured.apps instanceof Map ? configured.apps : new Map(Object.entries(configured.apps ?? {}).map(([k, v]) => [Number(k), v]));
  for (const [appId, secret] of apps) if (!Number.isInteger(appId) || !SECRET.test(secret)) invalidOption();
  if (configured.all != null && !SECRET.test(configured.all)) invalidOption();
  return { all: configured.all ?? null, apps };
}

function invalidOption() {
  throw new Error("clientSecret must be a secret of 1 to 512 characters without spaces, or {all, apps: {appId: secret}}");
}

// UUID-shaped, as HubSpot's client secrets are: 128 bits of the key's HMAC of the app id.
function derive(key, appId) {
  const hex = createHmac("sha256", key).update(`client secret of app ${appId}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * of(appId) → {secret, source}: source "per-app" or "every-app" (set by --client-secret) or
 * "generated". The key is made in an immediate transaction, so two emulators starting on one
 * data directory agree on it.
 */
export function createClientSecrets(db, meta, configured) {
  const { all, apps } = normalise(configured);
  const key = db.transaction(() => {
    if (!meta.get(KEY_NAME)) meta.set(KEY_NAME, randomBytes(32).toString("hex"));
    return Buffer.from(meta.get(KEY_NAME), "hex");
  }).immediate();

  function of(appId) {
    if (apps.has(appId)) return { secret: apps.get(appId), source: "per-app" };
    if (all !== null) return { secret: all, source: "every-app" };
    return { secret: derive(key, appId), source: "generated" };
  }
  return { of, secretOf: (appId) => of(appId).secret };
}
