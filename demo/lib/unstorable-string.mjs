// Strings valid in JSON text that cannot arrive intact: U+0000 (the C core reads NUL-terminated
// strings, so "a\u0000b" would become "a") and lone UTF-16 surrogates (no UTF-8 encoding exists;
// the core refuses them with a vague parse error and SQLite would store U+FFFD instead).

/** {path, message} for the first such key or value in `value` (core-style path: a.b[0]), or null. */
export function unstorableString(value, path = "") {
  if (typeof value === "string") return problem(value, path || "body");
  if (value === null || typeof value !== "object") return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorableString(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    const found = problem(key, at, "key") ?? unstorableString(item, at);
    if (found) return found;
  }
  return null;
}

function problem(text, path, what = "value") {
  const printable = path.replaceAll("\0", "\\u0000"); // the path itself may hold the bad key
  const at = `the ${what} at ${JSON.stringify(printable)}`;
  if (text.includes("\0")) return { path: printable, message: `${at} contains U+0000, which is not allowed in text` };
  if (!text.isWellFormed()) return { path: printable, message: `${at} contains a lone UTF-16 surrogate, which is not valid Unicode` };
  return null;
}
