// The fields of a contact or company sent by the host page's record editor.
import { normalisePhone } from "./caller-id.mjs";
import { RECORD_KINDS } from "./records.mjs";
import { requireObject, throwIfErrors } from "./internal-input.mjs";

// The one format rule here, and a regex because the core exposes it only inside its REST schemas:
// E.164 is "+", a non-zero digit, 2 to 15 digits in all (core/src/schema.c, cc_is_e164).
const E164 = /^\+[1-9][0-9]{1,14}$/;

/**
 * Known string fields of `body` ("" or null clears one; other keys, such as an id echoed back by
 * an editor, are ignored). `creating` adds the minimum a new record needs.
 */
export function recordInput(kind, body, { creating }) {
  requireObject(body);
  const { columns } = RECORD_KINDS[kind];
  const fields = {};
  const errors = [];
  for (const field of Object.keys(columns).filter((f) => Object.hasOwn(body, f))) {
    const value = body[field];
    if (value !== null && typeof value !== "string") {
      errors.push({ in: field, code: "FIELD_TYPE", message: `${field} must be a string, not ${JSON.stringify(value)}` });
      continue;
    }
    fields[field] = value?.trim() || null;
  }
  if (fields.phone && !E164.test(fields.phone)) {
    const suggestion = normalisePhone(fields.phone);
    const hint = suggestion && E164.test(suggestion) ? `; did you mean ${suggestion}?` : "";
    errors.push({ in: "phone", code: "FIELD_FORMAT", message: `phone ${JSON.stringify(fields.phone)} is not an E.164 number ("+" and 2 to 15 digits, e.g. +18884827768)${hint}` });
  }
  if (kind === "companies" && (creating || "name" in fields) && !fields.name) {
    errors.push({ in: "name", code: creating && !("name" in fields) ? "FIELD_REQUIRED" : "FIELD_EMPTY", message: "a company needs a name" });
  }
  if (kind === "contacts" && creating && !fields.firstName && !fields.lastName && !fields.email) {
    errors.push({ in: "firstName", code: "FIELD_REQUIRED", message: "a contact needs a firstName, lastName or email" });
  }
  throwIfErrors(errors);
  return fields;
}
