// The core speaks JSON, but the wire is structured-clone objects that can hold
// keys whose value is `undefined` (PROTOCOL.md 9). Such values cross the
// boundary as one reserved string, in both directions.
export const UNDEFINED = "\u001bundefined";

function keepUndefined(_key, value) {
  return value === undefined ? UNDEFINED : value;
}

/** JSON for the core; undefined values (own keys, array holes) become the sentinel. */
export function encode(value) {
  return JSON.stringify(value, keepUndefined);
}

function restore(value) {
  if (value === UNDEFINED) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = restore(value[i]);
  } else if (value !== null && typeof value === "object") {
    // Assigning in place keeps each key where it was: key order is wire order.
    for (const key of Object.keys(value)) value[key] = restore(value[key]);
  }
  return value;
}

/** Objects from the core's JSON, with the sentinel turned back into undefined. */
export function decode(json) {
  return restore(JSON.parse(json));
}
