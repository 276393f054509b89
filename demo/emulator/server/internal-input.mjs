// Input checks for the host page's /_emulator/ API. These bodies are the emulator's own (not
// HubSpot's REST seeds), so the core has no schema for them; the checks stay this small.
import { invalid, notFound } from "../../lib/api-error.mjs";
import { readJsonText } from "../../lib/body.mjs";
import { readable } from "./validate.mjs";

/** The body's JSON value as the core read it (kind "json": its reading rules, no schema). */
export async function readInternalJson(req, { core, bodyLimit }) {
  return readable(core, await readJsonText(req, bodyLimit));
}

export const isPlainObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

export function requireObject(value) {
  if (!isPlainObject(value)) {
    const message = "the body must be a JSON object";
    throw invalid(message, [{ message, in: "body", code: "NOT_AN_OBJECT" }]);
  }
  return value;
}

/**
 * A positive integer id from a path segment, else 404 (no such thing can exist), saying what an
 * id looks like. Past 2^53 a Number would round to a neighbouring id, so those are refused too.
 */
export function parseId(text, what) {
  const id = /^[1-9][0-9]{0,15}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(id)) throw notFound(`No ${what} ${JSON.stringify(text)}: a ${what} id is a positive whole number`);
  return id;
}

/** Throws one 400 naming every {in, code, message} collected, if any. */
export function throwIfErrors(errors) {
  if (errors.length) throw invalid(`Invalid input: ${errors.map((e) => e.message).join("; ")}`, errors);
}
