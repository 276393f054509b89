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

/** The client went away before its body arrived: nobody is left to answer, nothing went wrong here. */
export class ClientGoneError extends Error {}

// JSON must be UTF-8 (RFC 8259). Decoding leniently would turn bad bytes into U+FFFD and store
// text the client never sent; a BOM is kept, so JSON.parse refuses it as before.
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Resolves to the body as a UTF-8 string; rejects with BodyTooLargeError as soon as the body is
 * known to pass `limit` bytes (announced by Content-Length, or while streaming), so the 413 goes
 * out while the client is still sending. What follows is read and dropped, up to the drain cap.
 */
export function readBody(req, limit = DEFAULT_BODY_LIMIT) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let tooLarge = false;
    const refuse = () => {
      tooLarge = true;
      chunks.length = 0;
      reject(new BodyTooLargeError(limit));
    };
    if (Number(req.headers["content-length"]) > limit) refuse();
    req.on("data", (chunk) => {
      size += chunk.length;
      if (tooLarge) {
        if (size > limit * DRAIN_FACTOR) req.destroy();
        return;
      }
      if (size > limit) return refuse();
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (tooLarge) return;
      try {
        resolve(utf8.decode(Buffer.concat(chunks)));
      } catch {
        reject(new MalformedJsonError("the body is not valid UTF-8"));
      }
    });
    // "close" without a complete body, or node's "aborted": the client went away (a no-op if we
    // already refused). Any other stream error is ours and keeps its stack.
    req.on("close", () => {
      if (!req.complete) reject(new ClientGoneError("the client closed the connection before its body arrived"));
    });
    req.on("error", (error) =>
      reject(error.code === "ECONNRESET" || error.message === "aborted" ? new ClientGoneError("the client closed the connection before its body arrived") : error),
    );
  });
}

/** {raw, value}: the text and JSON.parse's reading of it, for a server with no core to ask. */
export async function readJson(req, limit = DEFAULT_BODY_LIMIT) {
  const raw = await readBody(req, limit);
  if (raw.trim() === "") throw new MalformedJsonError("the body is empty; send a JSON object");
  let value;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw new MalformedJsonError(error.message);
  }
  return { raw, value };
}

/**
 * The body's text, once it is known to be JSON (RFC 8259). JSON.parse only says yes or no here
 * and its value is thrown away: the emulator stores the tree the core read from this very text
 * (demo/emulator/server/validate.mjs), never a second reading that could differ from it. The core
 * now reads JSON as strictly as JSON.parse (RFC 8259); the gate stays for the wording of its 400s,
 * which the abuse battery pins.
 */
export async function readJsonText(req, limit = DEFAULT_BODY_LIMIT) {
  return (await readJson(req, limit)).raw;
}
