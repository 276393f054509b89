// JSON text of a value the core read, for the store and for answers. JSON.stringify writes -0 as
// 0, so a body the core read as -0 would be stored, and answered, as a number it never held;
// everything else is written exactly as JSON.stringify writes it.
export function jsonText(value) {
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : JSON.stringify(value);
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (typeof value.toJSON === "function") return jsonText(value.toJSON());
  if (Array.isArray(value)) return `[${value.map((item) => jsonText(item) ?? "null").join(",")}]`;
  const members = [];
  for (const key of Object.keys(value)) {
    const text = jsonText(value[key]);
    if (text !== undefined) members.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${members.join(",")}}`;
}
