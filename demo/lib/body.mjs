// Reads a request body with a size cap. Oversized bodies are drained (up to a hard cap) rather
// than cut off, so the client gets to read our 413 instead of a reset connection.
export const DEFAULT_BODY_LIMIT = 1024 * 1024;
const DRAIN_FACTOR = 8; // past limit x 8 we stop being polite and drop the connection

export class BodyTooLargeError extends Error {
  constructor(limit) {
    super(`the request body is larger than the ${limit}-byte limit`);
    this.limit = limit;
  }
}

export class MalformedJsonError extends Error {}

/** Resolves to the body as a UTF-8 string; rejects with BodyTooLargeError past `limit` bytes. */
export function readBody(req, limit = DEFAULT_BODY_LIMIT) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let tooLarge = Number(req.headers["content-length"]) > limit;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (tooLarge) {
        chunks.length = 0;
        if (size > limit * DRAIN_FACTOR) req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => (tooLarge ? reject(new BodyTooLargeError(limit)) : resolve(Buffer.concat(chunks).toString("utf8"))));
    // "close" without a complete body: the client went away, or we dropped it past the drain cap.
    req.on("close", () => {
      if (!req.complete) reject(tooLarge ? new BodyTooLargeError(limit) : new Error("the client closed the request early"));
    });
    req.on("error", reject);
  });
}

/** {raw, value}: the text (kept for the core, which parses it itself) and JSON.parse's result. */
export async function readJson(req, limit = DEFAULT_BODY_LIMIT) {
  const raw = await readBody(req, limit);
  if (raw.trim() === "") throw new MalformedJsonError("the body is empty; send a JSON object");
  try {
    return { raw, value: JSON.parse(raw) };
  } catch (error) {
    throw new MalformedJsonError(error.message);
  }
}
