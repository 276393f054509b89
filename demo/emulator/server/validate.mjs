// Body checks go through the core; this file only turns its verdict into HubSpot's 400 shape.
import { invalid } from "../../lib/api-error.mjs";

/** HubSpot's 400 naming every field of the core's `errors`. */
function refused(errors) {
  const named = errors.map((e) => ({ message: e.message, in: e.field || "body", code: e.code }));
  return invalid(`Invalid input: ${named.map((e) => e.message).join("; ")}`, named);
}

/**
 * The core's verdict for `raw` (a JSON string); throws 400 naming every bad field. Before any
 * schema the core reads the text: its size, nesting and string lengths, and strings no store
 * keeps intact (U+0000, a lone UTF-16 surrogate: FIELD_FORMAT naming the field).
 */
export function validated(core, kind, raw) {
  const verdict = core.validateRest(kind, raw);
  if (!verdict.ok) throw refused(verdict.errors);
  return verdict;
}

// The host page's /_emulator/ bodies have no REST kind of their own, yet must be read as the core
// reads every REST body before its schema (above). Every kind reads alike, so one is asked and
// only that reading is used: a verdict without a value is a text the core could not read (or
// `null`, which is not an object either). Its sentences start "settings.patch: " (the report's
// subject), which would name a body these are not, so that prefix goes.
const READING_KIND = "settings.patch";

/** Throws 400 naming each field if the core cannot read `raw`, a body with no REST kind. */
export function readable(core, raw) {
  const verdict = core.validateRest(READING_KIND, raw);
  if (verdict.value !== null || verdict.errors.length === 0) return;
  const subject = `${READING_KIND}: `;
  throw refused(verdict.errors.map((e) => ({ ...e, message: e.message.startsWith(subject) ? e.message.slice(subject.length) : e.message })));
}

/**
 * The fields a create `kind` defines, asked of the core rather than restated here: validating an
 * empty object makes it name each required field. Used to keep only known fields when storing.
 */
export function fieldsOf(core, kind) {
  return core.validateRest(kind, "{}").errors.filter((e) => e.code === "FIELD_REQUIRED").map((e) => e.field);
}

/** Only `fields` of `value`, so unknown keys a client sends are not stored and echoed back. */
export function pick(value, fields) {
  return Object.fromEntries(fields.filter((f) => Object.hasOwn(value, f)).map((f) => [f, value[f]]));
}
