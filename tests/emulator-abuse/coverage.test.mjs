// The battery's table and the router must list the same endpoints: a route added without a
// battery entry (or an entry left behind by a removed route) fails here, by name.
import assert from "node:assert/strict";
import test from "node:test";
import { emulator } from "../emulator/helpers.mjs";
import { ENDPOINTS, splitKey } from "./endpoints.mjs";
import { endpointAttacks } from "./attacks.mjs";

test("every route the emulator serves has a battery entry, and every entry a route", async (t) => {
  const { routes } = await emulator(t);
  const served = routes.flatMap(({ pattern, methods }) => methods.map((method) => `${method} ${pattern}`)).sort();
  const covered = Object.keys(ENDPOINTS).sort();
  assert.ok(served.length >= 20, `the router lists ${served.length} endpoints; expected the REST and /_emulator/ ones`);
  assert.deepEqual(
    { servedWithoutBattery: served.filter((k) => !covered.includes(k)), batteryWithoutRoute: covered.filter((k) => !served.includes(k)) },
    { servedWithoutBattery: [], batteryWithoutRoute: [] },
  );
});

test("every battery entry yields attacks for each of its path parameters", () => {
  for (const [key, endpoint] of Object.entries(ENDPOINTS)) {
    const [, pattern] = splitKey(key);
    const names = pattern.split("/").filter((s) => s.startsWith(":")).map((s) => s.slice(1));
    assert.deepEqual(Object.keys(endpoint.params).sort(), names.sort(), `${key}: params must give a good value for each of ${names}`);
    const labels = endpointAttacks(key, endpoint).map((a) => a.label);
    for (const name of names) assert.ok(labels.some((l) => l.startsWith(`:${name} = `)), `${key}: no attack on :${name}`);
  }
});
