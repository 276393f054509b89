// The command line itself: bad usage is one clear sentence naming the flag and the rule, exit 2,
// nothing started; a widget that cannot be driven is "not driven" with the reason, exit 1.
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { callcore, checkSuite } from "./helpers.mjs";

const env = checkSuite({ fixtures: true, tmp: true });

test("usage errors name the flag and the rule, exit 2", async () => {
  const cases = [
    [["check"], /callcore check needs exactly one widget URL/],
    [["check", "not a url"], /widget URL "not a url" is not an absolute URL/],
    [["check", "ftp://x/"], /widget URL must be http or https, not ftp:/],
    [["check", "http://x/", "--scenario", "teleport"], /--scenario teleport is not a scenario; known: handshake, login/],
    [["check", "http://x/", "--format", "xml"], /--format must be one of text, json, junit, not "xml"/],
    [["check", "http://x/", "--timeout", "-1"], /--timeout must be a number of seconds between 0 and 600/],
    [["check", "http://x/", "--host-port", "70000"], /--host-port must be a port number 0-65535/],
    [["check", "http://x/", "--trace"], /--trace needs a value/],
    [["check", "http://x/", "--hooks"], /--hooks needs a value/],
    [["check", "http://x/", "--host-origin", "https://app.hubspot.com"], /--host-origin must be an http origin \(the emulator serves no https\), not https:/],
    [["check", "http://x/", "--host-origin", "http://localhost:9026/path"], /--host-origin must be an origin \(scheme, host, port\), with no path or query/],
    [["check", "http://x/", "--host-origin", "http://127.0.0.1:9026"], /--host-origin needs a host name, not the address 127\.0\.0\.1: to be seen at http:\/\/127\.0\.0\.1:PORT, use --host-port PORT/],
    [["check", "http://x:9/", "--host-origin", "http://x:9"], /--host-origin http:\/\/x:9 is the widget's own origin/],
    [["replay", "t.json", "--hooks", "h.json"], /--hooks is not an option of callcore replay/],
    [["replay", "t.json", "--timeout", "3"], /--timeout is not an option of callcore replay/],
    [["fly"], /unknown command "fly"/],
  ];
  for (const [args, message] of cases) {
    const run = await callcore(args);
    assert.equal(run.code, 2, args.join(" "));
    assert.match(run.stderr, message);
    assert.equal(run.stdout, "");
  }
});

test("replay refuses a file that is not a trace, naming the rule", async () => {
  const file = path.join(env.tmp, "not-a-trace.json");
  await writeFile(file, JSON.stringify({ hello: "world" }));
  const run = await callcore(["replay", file]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /not a callcore check trace \(format must be "callcore-check-trace\/1"\)/);
  const missing = await callcore(["replay", path.join(env.tmp, "nothing.json")]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /not a readable trace \(ENOENT\)/);
});

test("scenarios lists every scenario with what it checks", async () => {
  const run = await callcore(["scenarios"]);
  assert.equal(run.code, 0);
  assert.equal(run.stdout.trim().split("\n").length, 14);
  assert.match(run.stdout, /^inbound-missed +inbound call the caller hangs up while it rings/m);
  assert.match(run.stdout, /^reload +the widget reloads mid-call/m);
  assert.match(run.stdout, /^two-tabs-inbound +a ring in tab 1 reaches tab 2/m);
});

test("a page without the hooks a scenario needs: not driven, with the reason; exit 1", { timeout: 60000 }, async () => {
  // The reference fixture page with its buttons removed before the runner looks for them.
  const page = path.join("fixtures", "bare-widget.html");
  const url = `${env.origin}/${page}`;
  const run = await callcore(["check", url, "--scenario", "handshake,login", "--format", "json"]);
  assert.equal(run.code, 1);
  const [handshake, login] = JSON.parse(run.stdout).scenarios;
  assert.equal(handshake.status, "pass", "the handshake needs no hook");
  assert.equal(login.status, "not-driven");
  assert.equal(login.notDriven, 'the widget has no [data-callcore-action="login"] element to click');
});
