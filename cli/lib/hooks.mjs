// What `callcore check` clicks and fills in a widget, and how it finds it. Two ways, the first
// that names a hook wins:
//   1. a hooks file (--hooks FILE): each action or field the scenarios use, mapped to a CSS
//      selector in the widget's frame, with the clicks that uncover it (a popover, a tab) or a
//      choice in a <select> instead of a click; or marked "auto" (the widget does it by itself);
//   2. data-callcore-action / data-callcore-field attributes on the widget's own elements.
// This file reads and validates the hooks file; lib/runner.mjs acts on it.
import { readFile } from "node:fs/promises";

/** What a person does in a softphone, by the names the scenarios use (lib/scenarios.mjs). */
export const ACTIONS = {
  login: "log in",
  logout: "log out",
  availability: "toggle availability (one control that flips it)",
  available: "become available (when the widget has one control per state)",
  unavailable: "become unavailable",
  dial: "place the call to the number in the dial field, or to the one DIAL_NUMBER gave",
  ring: "simulate an inbound call from the number in the incoming-number field",
  "remote-answers": "the callee picks up an outbound call",
  "caller-hangs-up": "the caller of a ringing inbound call gives up",
  answer: "answer a ringing inbound call",
  decline: "decline a ringing inbound call",
  hangup: "hang up a call in progress",
  save: "save (complete) an ended call",
};

export const FIELDS = {
  "dial-number": "the number to call",
  "incoming-number": "the caller's number of a simulated inbound call",
};

/** A bad hooks file: exit code 2, like bad usage. `message` names the key and the rule. */
export class HooksError extends Error {}

const ENTRY_KEYS = new Set(["action", "field", "selector", "clicks", "select", "value", "label", "auto", "note"]);
const STEP_KEYS = new Set(["select", "value", "label"]);

const show = (value) => JSON.stringify(value);

function nonEmptyString(value) {
  return typeof value === "string" && value.trim() !== "";
}

/** A `{select, value}` or `{select, label}` step, at `where`. */
function checkSelectStep(step, where, fail) {
  for (const key of Object.keys(step)) {
    if (!STEP_KEYS.has(key)) fail(`${where}.${key}`, `is not a key of a <select> step; use select with value or label`);
  }
  if (!nonEmptyString(step.select)) fail(`${where}.select`, "must be a CSS selector (a non-empty string)");
  const has = ["value", "label"].filter((k) => k in step);
  if (has.length !== 1) fail(where, `a <select> step needs exactly one of value or label${has.length ? ", not both" : ""}`);
  if (typeof step[has[0]] !== "string") fail(`${where}.${has[0]}`, "must be a string (the option's value or its visible text)");
  return { select: step.select, [has[0]]: step[has[0]] };
}

function checkEntry(entry, where, fail) {
  if (!entry || typeof entry !== "object" || Array.isArray(entry)) fail(where, "must be an object such as {\"action\": \"dial\", \"selector\": \"button.call\"}");
  for (const key of Object.keys(entry)) {
    if (!ENTRY_KEYS.has(key)) fail(`${where}.${key}`, `is not a hook key; known: ${[...ENTRY_KEYS].join(", ")}`);
  }
  const kinds = ["action", "field"].filter((k) => k in entry);
  if (kinds.length !== 1) fail(where, kinds.length ? "names both an action and a field; one entry per hook" : "needs \"action\" or \"field\"");
  const kind = kinds[0];
  const name = entry[kind];
  const known = kind === "action" ? ACTIONS : FIELDS;
  if (typeof name !== "string" || !Object.hasOwn(known, name)) {
    fail(`${where}.${kind}`, `${show(name)} is not ${kind === "action" ? "an action" : "a field"}; known: ${Object.keys(known).join(", ")}`);
  }
  const label = `${where} (${kind} ${name})`;
  if ("note" in entry && typeof entry.note !== "string") fail(`${label}.note`, "must be a string");

  if ("auto" in entry) {
    if (entry.auto !== true) fail(`${label}.auto`, "must be true (or left out)");
    const extra = ["selector", "clicks", "select", "value", "label"].filter((k) => k in entry);
    if (extra.length) fail(label, `"auto": true means nothing is clicked or filled, so it takes no ${extra.join(", ")}`);
    return { kind, name, auto: true, note: entry.note };
  }

  const hook = { kind, name, clicks: [], note: entry.note };
  if ("clicks" in entry) {
    if (!Array.isArray(entry.clicks) || entry.clicks.length === 0) {
      fail(`${label}.clicks`, "must be a non-empty list of CSS selectors (or {\"select\", \"value\"|\"label\"} steps), clicked in order");
    }
    hook.clicks = entry.clicks.map((step, i) => {
      if (nonEmptyString(step)) return { click: step };
      if (step && typeof step === "object" && !Array.isArray(step)) return checkSelectStep(step, `${label}.clicks[${i}]`, fail);
      return fail(`${label}.clicks[${i}]`, "must be a CSS selector (a non-empty string) or a {\"select\", \"value\"|\"label\"} step");
    });
  }
  if (kind === "field") {
    for (const key of ["select", "value", "label"]) {
      if (key in entry) fail(`${label}.${key}`, "is for actions; a field is filled by typing into its selector");
    }
    if (!nonEmptyString(entry.selector)) fail(`${label}.selector`, "is required: the CSS selector of the input to type into (or \"auto\": true when the widget has no such field)");
    hook.selector = entry.selector;
    return hook;
  }
  if ("select" in entry) {
    if ("selector" in entry) fail(label, "has both selector (a click) and select (a <select> choice); use one");
    Object.assign(hook, checkSelectStep({ select: entry.select, ...pick(entry, ["value", "label"]) }, label, fail));
    return hook;
  }
  for (const key of ["value", "label"]) {
    if (key in entry) fail(`${label}.${key}`, "goes with select (a <select> choice); a click takes a selector only");
  }
  if (!nonEmptyString(entry.selector)) fail(`${label}.selector`, "is required: the CSS selector of the element to click (or select with value/label, or \"auto\": true)");
  hook.selector = entry.selector;
  return hook;
}

function pick(object, keys) {
  return Object.fromEntries(keys.filter((k) => k in object).map((k) => [k, object[k]]));
}

/**
 * Validates a parsed hooks file. Returns {actions: {name: hook}, fields: {name: hook},
 * selectors: [{where, selector}]} (the selectors, for a syntax check in the browser).
 * `source` names the file in messages.
 */
export function parseHooks(value, source = "hooks file") {
  const fail = (where, rule) => {
    throw new HooksError(`${source}: ${where} ${rule}`);
  };
  if (!value || typeof value !== "object" || Array.isArray(value)) fail("the top level", "must be an object: {\"hooks\": [...]}");
  for (const key of Object.keys(value)) {
    if (key !== "hooks" && key !== "note") fail(key, "is not a key of a hooks file; it has \"hooks\" (and an optional \"note\")");
  }
  if (!Array.isArray(value.hooks) || value.hooks.length === 0) fail("hooks", "must be a non-empty list of {\"action\"|\"field\", ...} entries");
  const result = { source, actions: {}, fields: {}, selectors: [] };
  const seen = new Map();
  value.hooks.forEach((entry, i) => {
    const hook = checkEntry(entry, `hooks[${i}]`, fail);
    const key = `${hook.kind} ${hook.name}`;
    if (seen.has(key)) fail(`hooks[${i}]`, `names ${key} again (first at hooks[${seen.get(key)}]); one entry per hook`);
    seen.set(key, i);
    (hook.kind === "action" ? result.actions : result.fields)[hook.name] = hook;
    const where = `hooks[${i}] (${key})`;
    if (hook.selector) result.selectors.push({ where: `${where}.selector`, selector: hook.selector });
    if (hook.select) result.selectors.push({ where: `${where}.select`, selector: hook.select });
    (hook.clicks || []).forEach((step, j) => {
      result.selectors.push({ where: `${where}.clicks[${j}]${step.select ? ".select" : ""}`, selector: step.click || step.select });
    });
  });
  return result;
}

/** Reads and validates `file`; a missing file or bad JSON is a HooksError too. */
export async function readHooks(file) {
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new HooksError(`${file}: not readable (${error.code || error.message})`);
  }
  let value;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HooksError(`${file}: not valid JSON (${error.message})`);
  }
  return parseHooks(value, file);
}

/** No hooks file: every hook comes from data-callcore-* attributes. */
export const NO_HOOKS = Object.freeze({ actions: {}, fields: {}, selectors: [] });
