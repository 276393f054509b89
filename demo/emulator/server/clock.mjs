// ISO date-times for createdAt/updatedAt. A write in the same millisecond as the previous one
// still moves updatedAt forward, so clients can rely on it changing on every PATCH.
export function timestampAfter(previous) {
  const last = previous ? Date.parse(previous) : -Infinity;
  return new Date(Math.max(Date.now(), last + 1)).toISOString();
}
