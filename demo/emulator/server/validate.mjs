// Body checks go through the core; this file only turns its verdict into HubSpot's 400 shape.
import { invalid } from "../../lib/api-error.mjs";
import { readJsonText } from "../../lib/body.mjs";

/** HubSpot's 400 naming every field of the core's `errors`. */
function refused(errors) {
  const named = errors.map((e) => ({ message: e.message, in: e.field || "body", code: e.code }));
  return invalid(`Invalid input: ${named.map((e) => e.message).join("; ")}`, named);
}

/**
 * The core's verdict for `raw` (a JSON string); throws 400 naming every bad field. Before any
 * schema the core reads the text: its size, nesting and string lengths, duplicate keys, and
 * strings no store keeps intact (U+0000, a lone UTF-16 surrogate: FIELD_FORMAT naming the field).
 * Its `value` is the tree the core checked, and the only one the emulator stores.
 */
export function validated(core, kind, raw) {
  const verdict = core.validateRest(kind, raw);
  if (!verdict.ok) throw refused(verdict.errors);
  return verdict;
}

/**
 * The value the core read from `raw`, a body with no REST kind of its own (the host page's
 * /_emulator/ API): kind "json" applies only the rules every body is read by, and any JSON value
 * passes (the caller checks its shape). Throws 400 naming each field the core refused.
 */
export function readable(core, raw) {
  return validated(core, "json", raw).value;
}

/**
 * The request's body as the core read it for `kind`: the one reading the emulator stores
 * (readJsonText only makes sure the text is JSON at all). Throws 400 naming each bad field.
 */
export async function readValidated(req, { core, bodyLimit }, kind) {
  return validated(core, kind, await readJsonText(req, bodyLimit)).value;
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
