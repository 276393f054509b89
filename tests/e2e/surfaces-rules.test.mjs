// Which surface the emulator gives an app (demo/emulator/public/surfaces.mjs), without a browser:
// the rule of README's "Surfaces" section, the calling window's path and query, the open call
// that makes a page warn before leaving, and the switch's localStorage override.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  LEAVE_WARNING,
  callingWindowPath,
  openCall,
  portalIdOfPath,
  sameSurfaces,
  surfaceOverride,
  surfacesFor,
  windowUsesCallingWindow,
} from "../../demo/emulator/public/surfaces.mjs";

test("an inbound app gets a remote frame in every tab; any other app the record page's widget", () => {
  const cases = [
    // [supportsInboundCalling, usesRemote, usesCallingWindow] → [tab, callingWindow]
    [[true, true, false], ["remote", false]],
    [[true, undefined, false], ["remote", false]], // usesRemote not given: not false
    [[true, true, true], ["remote", true]],
    [[true, false, false], ["widget", false]], // usesRemote false keeps the widget (the seeded demo app)
    [[true, false, true], ["widget", true]],
    [[false, true, false], ["widget", false]], // no inbound calling: no remote
    [[false, false, true], ["widget", true]],
    [[undefined, undefined, undefined], ["widget", false]],
    [["true", "true", "true"], ["widget", false]], // only booleans count
  ];
  for (const [[supportsInboundCalling, usesRemote, usesCallingWindow], [tab, callingWindow]] of cases) {
    const got = surfacesFor({ supportsInboundCalling, usesRemote, usesCallingWindow });
    assert.deepEqual(got, { tab, callingWindow, usesCallingWindow: callingWindow }, JSON.stringify({ supportsInboundCalling, usesRemote, usesCallingWindow }));
  }
  assert.deepEqual(surfacesFor(), { tab: "widget", callingWindow: false, usesCallingWindow: false });
  assert.equal(sameSurfaces({ supportsInboundCalling: true }, { supportsInboundCalling: true, usesRemote: true, name: "x" }), true);
  assert.equal(sameSurfaces({ supportsInboundCalling: true }, { supportsInboundCalling: true, usesRemote: false }), false);
  assert.equal(sameSurfaces({}, { usesCallingWindow: true }), false);
});

test("the calling window's path, its portal id (digits only, bounded) and its usesCallingWindow", () => {
  assert.equal(callingWindowPath(123456), "/calling-integration-popup-ui/123456");
  assert.equal(callingWindowPath(123456, { usesCallingWindow: false }), "/calling-integration-popup-ui/123456?usesCallingWindow=false");
  assert.equal(callingWindowPath(123456, { check: true }), "/calling-integration-popup-ui/123456?callcore-check=1");
  assert.equal(portalIdOfPath("/calling-integration-popup-ui/123456"), "123456");
  for (const bad of ["/calling-integration-popup-ui/", "/calling-integration-popup-ui/12a", "/calling-integration-popup-ui/1234567890123456", "/calling-integration-popup-ui/-1", "/x/123456", "/calling-integration-popup-ui/1/2", null]) {
    assert.equal(portalIdOfPath(bad), null, String(bad));
  }
  assert.equal(windowUsesCallingWindow({ usesCallingWindow: true }, ""), true);
  assert.equal(windowUsesCallingWindow({ usesCallingWindow: true }, "?usesCallingWindow=false"), false);
  assert.equal(windowUsesCallingWindow({ usesCallingWindow: false }, "?usesCallingWindow=true"), false, "the query can only say false");
  assert.equal(windowUsesCallingWindow({}, ""), false);
});

test("a call is open until it ends: the page warns before leaving it", () => {
  const state = (callState) => ({ currentCall: "c1", calls: [{ externalCallId: "c1", state: callState }] });
  for (const s of ["dialing", "ringing", "inProgress"]) assert.ok(openCall(state(s)), s);
  for (const s of ["ended", "completed", "transferred"]) assert.equal(openCall(state(s)), null, s);
  assert.equal(openCall({ currentCall: null, calls: [] }), null);
  assert.equal(openCall(null), null);
  assert.match(LEAVE_WARNING, /call in progress/);
});

test("the Surfaces switch writes the app's three settings into the override, keeping its other fields", () => {
  const fields = { supportsInboundCalling: true, usesRemote: true, usesCallingWindow: false };
  assert.deepEqual(JSON.parse(surfaceOverride(null, 1, fields)), { appId: 1, ...fields });
  assert.deepEqual(JSON.parse(surfaceOverride('{"appId":1,"isReady":true,"usesRemote":false}', 1, fields)), { appId: 1, isReady: true, ...fields });
  assert.deepEqual(JSON.parse(surfaceOverride('{"appId":2,"isReady":true}', 1, fields)), { appId: 1, ...fields }, "another app's override is replaced");
  assert.deepEqual(JSON.parse(surfaceOverride("not json", 1, { usesCallingWindow: true, usesRemote: "yes" })), { appId: 1, usesCallingWindow: true });
});
