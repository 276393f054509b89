// A handshake that fails: the check stops after the first scenario, within seconds, with what
// the widget's frame logged, the SYNCs the host sent and their targetOrigin, and the fix; every
// other scenario is "not run", with the reason. `callcore replay` of the trace says the same.
// And --host-origin: the host page seen at an origin the widget allows.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import path from "node:path";
import { test } from "node:test";
import { SCENARIO_NAMES } from "../../cli/lib/scenarios.mjs";
import { byName, callcore, checkSuite } from "./helpers.mjs";

const env = checkSuite({ fixtures: true, tmp: true });

test("a widget that refuses the host's origin: diagnosed after the first scenario, in seconds", { timeout: 60000 }, async () => {
  const url = `${env.origin}/fixtures/refuses-host.html`;
  const trace = path.join(env.tmp, "refused.json");
  const started = Date.now();
  const run = await callcore(["check", url, "--format", "json", "--trace", trace]);
  const elapsed = Date.now() - started;
  assert.ok(elapsed < 20000, `took ${elapsed} ms: a refused handshake must not cost 14 timeouts`);
  assert.equal(run.code, 1, "a failed handshake fails the check");
  assert.equal(run.stderr, "");
  const report = JSON.parse(run.stdout);
  assert.deepEqual(report.summary, { scenarios: 14, passed: 0, failed: 1, notDriven: 0, notRun: 13 });

  const [first, ...rest] = report.scenarios;
  assert.equal(first.name, "handshake");
  assert.equal(first.status, "fail");
  assert.match(first.missing[0], /^no SYNC_ACK within [0-9.]+ s; stopped waiting: the widget's console says it refuses the host's origin$/);
  const d = first.diagnosis;
  assert.equal(d.stage, "SYNC_ACK");
  assert.equal(d.hostOrigin, "http://localhost:9026");
  // What the widget's frame logged: callcore's sentence, naming the origin it refused.
  const refusal = d.logged.find((l) => l.from === "widget" && l.level === "warning");
  assert.ok(refusal, JSON.stringify(d.logged));
  assert.match(refusal.text, /^\[callcore\] SYNC: http:\/\/localhost:9026 is not an allowed host origin; add it to allowedHostOrigins/);
  // What was sent: SYNCs, to the widget's origin.
  assert.ok(d.sent.count >= 1);
  assert.deepEqual(d.sent.targetOrigins, [env.origin]);
  assert.equal(d.received, 0);
  assert.equal(d.fix, "The widget refuses the host's origin http://localhost:9026: add it to the widget's allowedHostOrigins, " +
    "or run the check with --host-origin set to an origin the widget already allows.");

  assert.deepEqual(rest.map((s) => s.name), SCENARIO_NAMES.slice(1));
  for (const s of rest) {
    assert.equal(s.status, "not-run");
    assert.equal(s.notRun, `the handshake failed in handshake (see its diagnosis); ${s.name} needs it`);
  }

  // The text report, from the trace: the same diagnosis for a person.
  const text = await callcore(["replay", trace]);
  assert.equal(text.code, 1);
  assert.match(text.stdout, /^FAIL {7}handshake /m);
  assert.match(text.stdout, /^ {4}the handshake failed \(no SYNC_ACK\); diagnosis:$/m);
  assert.match(text.stdout, /^ {8}warning at [0-9.]+ m?s: \[callcore\] SYNC: http:\/\/localhost:9026 is not an allowed host origin/m);
  assert.match(text.stdout, new RegExp(`^ {6}the host \\(http://localhost:9026\\) sent [0-9]+ SYNCs? to targetOrigin ${env.origin.replace(/\./g, "\\.")}, from `, "m"));
  assert.match(text.stdout, /^ {6}fix: The widget refuses the host's origin http:\/\/localhost:9026: add it/m);
  assert.match(text.stdout, /^NOT RUN {4}reload /m);
  assert.match(text.stdout, /0\/14 scenarios passed, 1 failed, 13 not run\.\n$/);
  const junit = await callcore(["replay", trace, "--format", "junit"]);
  assert.match(junit.stdout, /<testsuite [^>]* failures="1" errors="0" skipped="13"/);
  assert.equal((junit.stdout.match(/<skipped message="not run: the handshake failed in handshake/g) || []).length, 13);
});

test("--host-origin: the host page at the origin the widget allows, on the emulator's own port", { timeout: 60000 }, async () => {
  const url = `${env.origin}/fixtures/refuses-host.html?allow=${encodeURIComponent("http://crm.test:8080")}`;
  const run = await callcore(["check", url, "--host-origin", "http://crm.test:8080", "--scenario", "handshake", "--format", "json"]);
  const { handshake } = byName(JSON.parse(run.stdout));
  assert.equal(handshake.status, "pass", JSON.stringify(handshake));
  assert.equal(run.code, 0);
});

test("a widget URL that answers 404: the diagnosis says so, and the check stops", { timeout: 60000 }, async () => {
  const started = Date.now();
  const run = await callcore(["check", `${env.origin}/fixtures/no-such-widget.html`, "--scenario", "handshake,login", "--format", "json"]);
  assert.ok(Date.now() - started < 20000);
  assert.equal(run.code, 1);
  const [handshake, login] = JSON.parse(run.stdout).scenarios;
  assert.match(handshake.missing[0], /stopped waiting: the widget's page did not load \(.*no-such-widget\.html answered HTTP 404\)$/);
  assert.equal(handshake.diagnosis.fix, "The widget's URL answered HTTP 404: correct the URL, or serve the widget's page there.");
  assert.equal(login.status, "not-run");
});

test("a widget whose server forbids framing: the diagnosis names X-Frame-Options, in seconds", { timeout: 60000 }, async () => {
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html", "x-frame-options": "DENY" });
    res.end("<!doctype html><p>not in a frame</p>");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const url = `http://localhost:${server.address().port}/`;
    const started = Date.now();
    const run = await callcore(["check", url, "--scenario", "handshake,login", "--format", "json"]);
    assert.ok(Date.now() - started < 20000);
    assert.equal(run.code, 1);
    const [handshake, login] = JSON.parse(run.stdout).scenarios;
    const d = handshake.diagnosis;
    assert.ok(d.logged.some((l) => /Refused to display '.*' in a frame because it set 'X-Frame-Options' to 'deny'/.test(l.text)), JSON.stringify(d.logged));
    assert.equal(d.fix, `The widget's server forbids framing (X-Frame-Options or CSP frame-ancestors): let http://localhost:9026 frame ${new URL(url).origin}.`);
    assert.equal(login.status, "not-run");
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
