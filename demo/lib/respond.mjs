// Response writers shared by both servers.
import { jsonText } from "./json-text.mjs";

export function sendJson(res, status, body, headers = {}) {
  const text = jsonText(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-store",
    ...headers,
  });
  res.end(text);
}

export function sendEmpty(res, status, headers = {}) {
  res.writeHead(status, headers);
  res.end();
}

/** Adapts `handler(req, match) → {status, body?, headers?}` into a route handler that writes it. */
export function jsonEndpoint(handler) {
  return async (req, res, match) => {
    const { status, body, headers } = await handler(req, match);
    if (body === undefined) sendEmpty(res, status, headers);
    else sendJson(res, status, body, headers);
  };
}
