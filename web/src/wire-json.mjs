// The core speaks JSON, but the wire is structured-clone objects that can hold
// keys whose value is `undefined` (docs/protocol.md 9). Such values cross the
// boundary as one reserved string, in both directions: the core's
// CALLCORE_UNDEFINED, as its catalogue publishes it.
import catalog from "../generated/catalog.mjs";

export const UNDEFINED = catalog.undefined;

function keepUndefined(_key, value) {
  return value === undefined ? UNDEFINED : value;
}

/** JSON for the core; undefined values (own keys, array holes) become the sentinel. */
export function encode(value) {
  return JSON.stringify(value, keepUndefined);
}

/** Thrown by encodeWithin once the text is sure to be over its budget. */
export const OVER_BUDGET = new Error("over the size budget");
/** Thrown by encodeWithin for a value JSON has no form for (a BigInt). */
const NOT_JSON = new Error("not representable as JSON");

/**
 * encode() for values from outside (a message event, an app's payload). A
 * structured clone keeps shared objects shared, so a graph that holds one
 * object twice at each of 40 levels posts in a few bytes and is 2^40 nodes as
 * JSON: the walk stops as soon as the text is sure to exceed `maxBytes`. The
 * count is a lower bound of the UTF-8 length (a key's quotes and colon, a
 * string's characters, at least one character for any other value), so only a
 * text that really is over the limit stops early.
 */
export function encodeWithin(value, maxBytes) {
  let size = -3; // the root comes with the holder key "", counted below as a member
  return JSON.stringify(value, function bounded(key, v) {
    size += (Array.isArray(this) ? 0 : key.length + 3) + (typeof v === "string" ? v.length + 2 : 1);
    if (size > maxBytes) throw OVER_BUDGET;
    if (typeof v === "bigint") throw NOT_JSON;
    return keepUndefined(key, v);
  });
}

// Thrown inside encodeFast's walk: the value is not plain JSON data.
const NOT_PLAIN = new Error("not plain JSON data");

/**
 * encodeWithin's result, and whether `value` is plain JSON data: objects and
 * arrays of the ordinary kinds, strings, finite numbers other than -0,
 * booleans and null, with no undefined and no toJSON. Such a value is exactly
 * what its text reads back as, so a copy of it may stand for the text
 * (option postAsIs), and the engine's own JSON.stringify (no replacer: much
 * faster) writes that text. A walk first checks it, bounded as encodeWithin
 * is (by size, and by `maxDepth` below which it stops looking); anything else
 * takes encodeWithin's way, as before. {json, plain}.
 */
export function encodeFast(value, maxBytes, maxDepth) {
  let size = 0;
  const walk = (v, depth) => {
    switch (typeof v) {
      case "string":
        size += v.length + 2;
        break;
      case "number":
        if (!Number.isFinite(v) || Object.is(v, -0)) throw NOT_PLAIN;
        size += 1;
        break;
      case "boolean":
        size += 4;
        break;
      case "object":
        if (v === null) {
          size += 4;
          break;
        }
        if (depth >= maxDepth) throw NOT_PLAIN;
        if (Array.isArray(v)) {
          if (Object.getPrototypeOf(v) !== Array.prototype) throw NOT_PLAIN;
          for (let i = 0; i < v.length; i++) {
            if (!(i in v)) throw NOT_PLAIN;
            walk(v[i], depth + 1);
          }
          size += v.length + 1;
        } else {
          const proto = Object.getPrototypeOf(v);
          if ((proto !== Object.prototype && proto !== null) || typeof v.toJSON === "function") throw NOT_PLAIN;
          for (const key in v) {
            if (!Object.prototype.hasOwnProperty.call(v, key)) continue;
            size += key.length + 3;
            walk(v[key], depth + 1);
          }
          size += 2;
        }
        break;
      default: // undefined, a function, a symbol, a BigInt
        throw NOT_PLAIN;
    }
    if (size > maxBytes) throw OVER_BUDGET;
  };
  try {
    walk(value, 0);
  } catch (error) {
    if (error !== NOT_PLAIN) throw error;
    return { json: encodeWithin(value, maxBytes), plain: false };
  }
  return { json: JSON.stringify(value), plain: true };
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

// How the sentinel reads inside the core's JSON text: the core escapes the
// ESC character exactly so (core/src/json_writer.c), and nothing else does.
const UNDEFINED_IN_JSON = JSON.stringify(UNDEFINED).slice(1, -1);

/** Objects from the core's JSON, with the sentinel turned back into undefined. */
export function decode(json) {
  const value = JSON.parse(json);
  // Most actions carry no undefined: then there is nothing to walk.
  return json.includes(UNDEFINED_IN_JSON) ? restore(value) : value;
}
