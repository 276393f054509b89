// `Constants` is the reference SDK's export, group for group and value for value.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { test } from "node:test";
import { loadCallcore, loadReference } from "./support.mjs";

const require = createRequire(import.meta.url);
const reference = loadReference().Constants;
const referencePackage = require("@hubspot/calling-extensions-sdk/package.json");
const { Constants } = await loadCallcore();

test("the same constant groups as the reference SDK", () => {
  assert.deepEqual(Object.keys(Constants).sort(), Object.keys(reference).sort());
});

for (const group of Object.keys(reference).filter((g) => g !== "VERSION")) {
  test(`Constants.${group} equals the reference's`, () => {
    // keys and values (not key order: callcore builds the groups in its catalogue's order)
    assert.deepEqual(Constants[group], reference[group]);
  });
}

test("Constants.VERSION is the reference package's version", () => {
  assert.equal(Constants.VERSION, referencePackage.version);
  // The 0.9.7 tarball's dist was built before its version bump and still says
  // "0.9.7-beta.0" (in Constants.VERSION and in its SYNC_ACK); callcore says "0.9.7".
  assert.ok(reference.VERSION.startsWith(Constants.VERSION), reference.VERSION);
});
