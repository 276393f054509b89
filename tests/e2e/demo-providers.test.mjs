// The emulator page's provider rules (demo/emulator/public/providers.mjs), without a browser:
// isReady gating and the localStorage overrides HubSpot reads.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  KEYS,
  buildProviders,
  findDemoApp,
  helpdeskApps,
  numberRows,
  readOverrides,
} from "../../demo/emulator/public/providers.mjs";

const storage = (entries = {}) => ({ getItem: (key) => (key in entries ? entries[key] : null) });

const settings = (fields) => ({
  name: "App",
  url: "https://app.example.com/widget",
  width: 400,
  height: 600,
  isReady: true,
  supportsCustomObjects: false,
  supportsInboundCalling: false,
  usesCallingWindow: false,
  usesRemote: false,
  ...fields,
});

const APPS = [
  { appId: 1, settings: settings({ name: "callcore demo", url: "http://localhost:9025/", isReady: false, height: 650 }), channelConnection: { url: "http://localhost:9025/helpdesk/webhook", isReady: false } },
  { appId: 2, settings: settings({ name: "Ready app" }), channelConnection: { url: "https://app.example.com/hook", isReady: true } },
  { appId: 3, settings: null, channelConnection: { url: "https://only-hook.example.com/", isReady: false } },
  { appId: 4, settings: settings({ name: "No hook", isReady: false }), channelConnection: null },
];

test("without overrides, apps that are not ready are listed but not selectable", () => {
  const providers = buildProviders(APPS, readOverrides(storage()));
  assert.deepEqual(
    providers.map((p) => [p.appId, p.name, p.selectable]),
    [
      [1, "callcore demo", false],
      [2, "Ready app", true],
      [4, "No hook", false],
    ],
  );
  assert.match(providers[0].reason, /isReady/);
  assert.equal(providers[0].height, 650, "the iframe is sized from the settings");
});

test("installDemoWidget=local makes the emulator's demo app selectable", () => {
  const providers = buildProviders(APPS, readOverrides(storage({ [KEYS.installDemo]: "local" })));
  const demo = providers.find((p) => p.appId === 1);
  assert.equal(demo.selectable, true);
  assert.deepEqual(demo.overridden, [`${KEYS.installDemo}=local`]);
  assert.equal(providers.find((p) => p.appId === 4).selectable, false, "other apps are untouched");
});

test("installDemoWidget with no demo app registered installs HubSpot's local demo", () => {
  const providers = buildProviders([APPS[1]], readOverrides(storage({ [KEYS.installDemo]: "local" })));
  const local = providers.find((p) => p.appId === "local-demo");
  assert.equal(local.url, "https://localhost:9025/");
  assert.equal(local.selectable, true);
});

test("the CallingExtensions override applies its fields to every app, or to the one it names", () => {
  const everyApp = buildProviders(APPS, readOverrides(storage({ [KEYS.settings]: JSON.stringify({ isReady: true, width: 320 }) })));
  assert.ok(everyApp.every((p) => p.selectable && p.width === 320));

  const oneApp = buildProviders(
    APPS,
    readOverrides(storage({ [KEYS.settings]: JSON.stringify({ appId: 4, isReady: true, name: "Mine", url: "http://localhost:3000/" }) })),
  );
  const mine = oneApp.find((p) => p.appId === 4);
  assert.deepEqual([mine.name, mine.url, mine.selectable], ["Mine", "http://localhost:3000/", true]);
  assert.equal(oneApp.find((p) => p.appId === 1).selectable, false);
});

test("a malformed CallingExtensions override is reported and ignored", () => {
  const overrides = readOverrides(storage({ [KEYS.settings]: "{isReady:true" }));
  assert.equal(overrides.settings, null);
  assert.match(overrides.settingsError, /JSON/);
  assert.equal(buildProviders(APPS, overrides)[0].selectable, false);
  assert.match(readOverrides(storage({ [KEYS.settings]: "[1]" })).settingsError, /object/);
});

test("findDemoApp recognises the demo by id, origin, HubSpot's demo port or its name", () => {
  assert.equal(findDemoApp(APPS, { demoAppId: 2 }).appId, 2);
  assert.equal(findDemoApp(APPS, { widgetOrigin: "https://app.example.com" }).appId, 2);
  assert.equal(findDemoApp(APPS).appId, 1);
  assert.equal(findDemoApp([APPS[1]]), null);
});

test("help desk: selectable when the channel connection is ready or the override is true", () => {
  const plain = helpdeskApps(APPS, readOverrides(storage()));
  assert.deepEqual(plain.map((a) => [a.appId, a.selectable]), [
    [1, false],
    [2, true],
    [3, false],
    [4, false],
  ]);
  assert.match(plain[3].reason, /no channel connection/);

  const forced = helpdeskApps(APPS, readOverrides(storage({ [KEYS.channel]: "true" })));
  assert.deepEqual(forced.map((a) => [a.appId, a.selectable, a.overridden]), [
    [1, true, true],
    [2, true, false],
    [3, true, true],
    [4, false, false],
  ]);
  assert.equal(helpdeskApps(APPS, readOverrides(storage({ [KEYS.channel]: "yes" })))[0].selectable, false, "only \"true\" counts");
});

test("number rows: names over 24 characters are cut, extension numbers are not selectable", () => {
  const rows = numberRows([
    { e164PhoneNumber: "+16175550100", friendlyName: "Support" },
    { e164PhoneNumber: "+442079460100", friendlyName: "London customer care hotline (24/7)" },
    { e164PhoneNumber: "+16175550101", extension: "204", friendlyName: "Billing" },
    { e164PhoneNumber: "+16175550102", friendlyName: "Sales", selectable: false },
  ]);
  assert.deepEqual(
    rows.map((r) => [r.friendlyName, r.selectable, r.cutHere]),
    [
      ["Support", true, false],
      ["London customer care hot", true, true],
      ["Billing", false, false],
      ["Sales", false, false],
    ],
  );
  assert.match(rows[2].reason, /extension/);
});
