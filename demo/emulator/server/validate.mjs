// Body checks go through the core; this file only turns its verdict into HubSpot's 400 shape.
import { invalid } from "../../lib/api-error.mjs";

/** The core's verdict for `raw` (a JSON string); throws 400 naming every bad field. */
export function validated(core, kind, raw) {
  const verdict = core.validateRest(kind, raw);
  if (!verdict.ok) {
    const errors = verdict.errors.map((e) => ({ message: e.message, in: e.field || "body", code: e.code }));
    throw invalid(`Invalid input: ${errors.map((e) => e.message).join("; ")}`, errors);
  }
  return verdict;
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
