// Hooks files (--hooks): a bad one is refused before anything starts, naming the key and the rule,
// exit 2; a good one drives a widget that carries no data-callcore-* attribute, through a popover
// toggle, a tab and a <select> (tests/check/fixtures/popover-select.html).
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { HooksError, parseHooks } from "../../cli/lib/hooks.mjs";
import { byName, callcore, checkSuite, errorsOf } from "./helpers.mjs";

const env = checkSuite({ fixtures: true, tmp: true });

/** The hooks file of popover-select.html: every control by its id. */
const POPOVER_HOOKS = {
  note: "popover-select.html: availability is a <select>; the inbound simulator is behind the ⋯ menu and its Tools tab",
  hooks: [
    { action: "login", selector: "#sign-in" },
    { action: "available", select: "#status", value: "available" },
    { action: "unavailable", select: "#status", label: "Away" },
    { field: "incoming-number", clicks: ["#menu-toggle", "#tab-tools"], selector: "#caller" },
    { action: "ring", clicks: ["#menu-toggle", "#tab-tools"], selector: "#ring-now" },
    { action: "answer", selector: "#pick-up" },
    { action: "decline", selector: "#reject" },
    { action: "hangup", selector: "#end" },
    { action: "save", selector: "#log-call", note: "Save completes the call" },
  ],
};

async function hooksFile(name, value) {
  const file = path.join(env.tmp, name);
  await writeFile(file, typeof value === "string" ? value : JSON.stringify(value, null, 2));
  return file;
}

test("a hooks file is validated entry by entry: the key and the rule", () => {
  const bad = (value) => {
    try {
      parseHooks(value, "h.json");
    } catch (error) {
      assert.ok(error instanceof HooksError);
      return error.message;
    }
    assert.fail(`accepted ${JSON.stringify(value)}`);
  };
  const cases = [
    [[], 'h.json: the top level must be an object: {"hooks": [...]}'],
    [{ hook: [] }, 'h.json: hook is not a key of a hooks file; it has "hooks" (and an optional "note")'],
    [{ hooks: [] }, 'h.json: hooks must be a non-empty list of {"action"|"field", ...} entries'],
    [{ hooks: ["#x"] }, /^h\.json: hooks\[0\] must be an object such as/],
    [{ hooks: [{ selector: "#x" }] }, 'h.json: hooks[0] needs "action" or "field"'],
    [{ hooks: [{ action: "dial", field: "dial-number", selector: "#x" }] }, "h.json: hooks[0] names both an action and a field; one entry per hook"],
    [{ hooks: [{ action: "dail", selector: "#x" }] }, /^h\.json: hooks\[0\]\.action "dail" is not an action; known: login, logout, availability, available, unavailable, dial,/],
    [{ hooks: [{ field: "number", selector: "#x" }] }, 'h.json: hooks[0].field "number" is not a field; known: dial-number, incoming-number'],
    [{ hooks: [{ action: "dial" }] }, /^h\.json: hooks\[0\] \(action dial\)\.selector is required: the CSS selector of the element to click/],
    [{ hooks: [{ action: "dial", selector: "" }] }, /^h\.json: hooks\[0\] \(action dial\)\.selector is required/],
    [{ hooks: [{ action: "dial", selector: "#x", onClick: "go" }] }, /^h\.json: hooks\[0\]\.onClick is not a hook key; known: action, field, selector, clicks/],
    [{ hooks: [{ action: "dial", selector: "#x", clicks: "#open" }] }, /^h\.json: hooks\[0\] \(action dial\)\.clicks must be a non-empty list of CSS selectors/],
    [{ hooks: [{ action: "dial", selector: "#x", clicks: [] }] }, /clicks must be a non-empty list/],
    [{ hooks: [{ action: "dial", selector: "#x", clicks: ["#a", 3] }] }, /^h\.json: hooks\[0\] \(action dial\)\.clicks\[1\] must be a CSS selector \(a non-empty string\) or a/],
    [{ hooks: [{ action: "dial", selector: "#x", clicks: [{ select: "#line" }] }] }, "h.json: hooks[0] (action dial).clicks[0] a <select> step needs exactly one of value or label"],
    [{ hooks: [{ action: "dial", selector: "#x", clicks: [{ select: "#line", value: "1", click: "#y" }] }] }, /clicks\[0\]\.click is not a key of a <select> step/],
    [{ hooks: [{ action: "available", select: "#status" }] }, "h.json: hooks[0] (action available) a <select> step needs exactly one of value or label"],
    [{ hooks: [{ action: "available", select: "#status", value: "a", label: "A" }] }, "h.json: hooks[0] (action available) a <select> step needs exactly one of value or label, not both"],
    [{ hooks: [{ action: "available", select: "#status", value: 1 }] }, /\(action available\)\.value must be a string/],
    [{ hooks: [{ action: "available", selector: "#s", select: "#status", value: "a" }] }, "h.json: hooks[0] (action available) has both selector (a click) and select (a <select> choice); use one"],
    [{ hooks: [{ action: "dial", selector: "#x", value: "1" }] }, "h.json: hooks[0] (action dial).value goes with select (a <select> choice); a click takes a selector only"],
    [{ hooks: [{ field: "dial-number", select: "#n", value: "1" }] }, "h.json: hooks[0] (field dial-number).select is for actions; a field is filled by typing into its selector"],
    [{ hooks: [{ action: "remote-answers", auto: true, selector: "#x" }] }, 'h.json: hooks[0] (action remote-answers) "auto": true means nothing is clicked or filled, so it takes no selector'],
    [{ hooks: [{ action: "remote-answers", auto: "yes" }] }, "h.json: hooks[0] (action remote-answers).auto must be true (or left out)"],
    [{ hooks: [{ action: "dial", selector: "#x", note: 5 }] }, "h.json: hooks[0] (action dial).note must be a string"],
    [{ hooks: [{ action: "dial", selector: "#x" }, { action: "dial", selector: "#y" }] }, "h.json: hooks[1] names action dial again (first at hooks[0]); one entry per hook"],
  ];
  for (const [value, expected] of cases) {
    const message = bad(value);
    if (expected instanceof RegExp) assert.match(message, expected, JSON.stringify(value));
    else assert.equal(message, expected, JSON.stringify(value));
  }
});

test("a good hooks file: actions, fields, clicks, select steps and auto", () => {
  const hooks = parseHooks({
    hooks: [
      ...POPOVER_HOOKS.hooks,
      { action: "dial", clicks: [{ select: "#line", label: "Line 2" }, "#keypad-toggle"], selector: "button.call" },
      { action: "remote-answers", auto: true, note: "the dialing screen answers by itself" },
      { field: "dial-number", auto: true },
    ],
  });
  assert.deepEqual(hooks.actions.available, { kind: "action", name: "available", clicks: [], note: undefined, select: "#status", value: "available" });
  assert.deepEqual(hooks.actions.dial.clicks, [{ select: "#line", label: "Line 2" }, { click: "#keypad-toggle" }]);
  assert.equal(hooks.actions["remote-answers"].auto, true);
  assert.equal(hooks.fields["dial-number"].auto, true);
  assert.equal(hooks.fields["incoming-number"].selector, "#caller");
  // Every selector, with where it is, for the syntax check in the browser.
  assert.ok(hooks.selectors.some((s) => s.where === "hooks[9] (action dial).clicks[0].select" && s.selector === "#line"));
  assert.ok(hooks.selectors.some((s) => s.where === "hooks[3] (field incoming-number).clicks[1]" && s.selector === "#tab-tools"));
});

test("callcore check --hooks with a bad file: one sentence, exit 2, nothing started", async () => {
  const url = `${env.origin}/fixtures/popover-select.html`;
  const cases = [
    [await hooksFile("not-json.json", "{hooks: ["), /^callcore: .*not-json\.json: not valid JSON \(/],
    [path.join(env.tmp, "absent.json"), /^callcore: .*absent\.json: not readable \(ENOENT\)/],
    [await hooksFile("typo.json", { hooks: [{ action: "hang-up", selector: "#end" }] }), /typo\.json: hooks\[0\]\.action "hang-up" is not an action; known: /],
  ];
  for (const [file, message] of cases) {
    const started = Date.now();
    const run = await callcore(["check", url, "--hooks", file]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, message);
    assert.equal(run.stderr.split("\n").filter(Boolean).length, 1, "one line, no stack");
    assert.equal(run.stdout, "");
    assert.ok(Date.now() - started < 5000, "refused before Chromium starts");
  }
  const missing = await callcore(["check", url, "--hooks"]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--hooks needs a value/);
});

test("a selector that is not CSS is refused as a bad hooks file, before any scenario", { timeout: 60000 }, async () => {
  const file = await hooksFile("bad-css.json", { hooks: [{ action: "login", selector: "#sign-in" }, { action: "ring", clicks: ["#menu-toggle", "#tab-tools:clicked"], selector: "#ring-now" }] });
  const run = await callcore(["check", `${env.origin}/fixtures/popover-select.html`, "--hooks", file]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /bad-css\.json: hooks\[1\] \(action ring\)\.clicks\[1\] "#tab-tools:clicked" is not a valid CSS selector\n$/);
  assert.equal(run.stdout, "");
});

test("a widget with no attributes, driven by its hooks file through a popover, a tab and a <select>", { timeout: 90000 }, async () => {
  const file = await hooksFile("popover.json", POPOVER_HOOKS);
  const url = `${env.origin}/fixtures/popover-select.html`;
  const run = await callcore(["check", url, "--hooks", file, "--scenario", "login,inbound,inbound-declined", "--format", "json"]);
  const s = byName(JSON.parse(run.stdout));
  for (const name of ["login", "inbound", "inbound-declined"]) {
    assert.equal(s[name].status, "pass", `${name}: ${JSON.stringify({ missing: s[name].missing, errors: errorsOf(s[name]), notDriven: s[name].notDriven })}`);
  }
  assert.equal(run.code, 0);
  // The <select> made both availability messages (by value, then by label).
  const labels = s.login.checkpoints.map((c) => c.label);
  assert.deepEqual(labels.slice(-2), ["USER_AVAILABLE", "USER_UNAVAILABLE"]);
  // The number was typed behind the menu and its tab, then Ring pressed in the still-open menu.
  assert.ok(s.inbound.checkpoints.find((c) => c.label === "a caller-ID match for the caller").met);

  // Without its hooks file, the same widget cannot be driven, and the report says what is missing.
  const bare = await callcore(["check", url, "--scenario", "login", "--format", "json"]);
  assert.equal(bare.code, 1);
  assert.equal(byName(JSON.parse(bare.stdout)).login.notDriven, 'the widget has no [data-callcore-action="login"] element to click');

  // A hooks file whose selector matches nothing: not driven, naming the hook and its selector.
  const wrong = await hooksFile("wrong.json", { hooks: [{ action: "login", selector: "#log-in" }] });
  const miss = await callcore(["check", url, "--hooks", wrong, "--scenario", "login", "--format", "json"]);
  assert.equal(miss.code, 1);
  assert.equal(byName(JSON.parse(miss.stdout)).login.notDriven, 'the action "login" (#log-in) matches no element in the widget within 3 s');
});
