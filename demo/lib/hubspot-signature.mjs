// HubSpot's request signature v3, written once for both sides: the emulator signs the webhook
// requests it sends, the demo softphone checks the ones it receives. What HubSpot documents, and
// where: README.md, "Webhook signatures".
//
//   X-HubSpot-Signature-v3      = base64(HMAC-SHA256(clientSecret, method + uri + body + timestamp))
//   X-HubSpot-Request-Timestamp = milliseconds since 1970; older than 5 minutes: reject
//
// uri is the full URL requested (scheme, host, path, query) with twelve escapes decoded.
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "X-HubSpot-Signature-v3";
export const TIMESTAMP_HEADER = "X-HubSpot-Request-Timestamp";
export const MAX_AGE_MS = 5 * 60 * 1000;

// HubSpot decodes exactly these escapes in the URI before signing; any other (%20, %25, …) stays
// as sent. One pass, so "%253A" stays "%253A".
const DECODED = {
  "%3A": ":", "%2F": "/", "%3F": "?", "%40": "@", "%21": "!", "%24": "$",
  "%27": "'", "%28": "(", "%29": ")", "%2A": "*", "%2C": ",", "%3B": ";",
};
const ESCAPES = /%(?:3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi;

/** The URI as it enters the signature: `uri` with HubSpot's twelve escapes decoded. */
export function signedUri(uri) {
  return uri.replace(ESCAPES, (escape) => DECODED[escape.toUpperCase()]);
}

/** The full URL a client requests for `url` (a URL): no fragment, no user info, default port left out. */
export function requestUri(url) {
  return `${url.protocol}//${url.host}${url.pathname}${url.search}`;
}

/** base64(HMAC-SHA256(clientSecret, method + signedUri(uri) + body + timestamp)); body is the exact text sent. */
export function signatureV3({ clientSecret, method, uri, body, timestamp }) {
  return createHmac("sha256", clientSecret).update(`${method}${signedUri(uri)}${body}${timestamp}`, "utf8").digest("base64");
}

/** The two headers that sign a `method` request to `url` (a URL) carrying `body`, at `now`. */
export function signatureHeaders({ clientSecret, method, url, body, now = Date.now() }) {
  const timestamp = String(now);
  return {
    [SIGNATURE_HEADER]: signatureV3({ clientSecret, method, uri: requestUri(url), body, timestamp }),
    [TIMESTAMP_HEADER]: timestamp,
  };
}

const refusal = (code, field, message) => ({ ok: false, code, field, message });
// Exact to the millisecond under an hour, so a request just past the limit does not read as "5 min".
const duration = (ms) => (ms >= 3_600_000 ? `${(ms / 3_600_000).toFixed(1)} h` : `${ms % 1000 ? (ms / 1000).toFixed(3) : ms / 1000} s`);

/**
 * Checks a received request. `signature` and `timestamp` are the two headers as received
 * (undefined when absent), `uri` the full URL the client requested, `body` the exact text.
 * Returns {ok: true, signature, timestamp} (signature: the one expected, the key a replay guard
 * remembers) or {ok: false, code, field, message}.
 *
 * HubSpot only says "older than 5 minutes"; a timestamp more than 5 minutes ahead of this clock
 * is refused too, or a request signed for the future would stay valid for longer than that.
 */
export function verifySignatureV3({ clientSecret, method, uri, body, signature, timestamp, now = Date.now(), maxAgeMs = MAX_AGE_MS }) {
  if (typeof signature !== "string" || signature === "") {
    return refusal("MISSING_SIGNATURE", SIGNATURE_HEADER, `the ${SIGNATURE_HEADER} header is missing; HubSpot signs every request it sends`);
  }
  if (typeof timestamp !== "string" || timestamp === "") {
    return refusal("MISSING_TIMESTAMP", TIMESTAMP_HEADER, `the ${TIMESTAMP_HEADER} header is missing; it is part of what is signed`);
  }
  if (!/^[0-9]{1,15}$/.test(timestamp)) {
    return refusal("INVALID_TIMESTAMP", TIMESTAMP_HEADER, `${TIMESTAMP_HEADER} must be milliseconds since 1970 in digits, not ${JSON.stringify(timestamp.slice(0, 40))}`);
  }
  const age = now - Number(timestamp);
  if (age > maxAgeMs) {
    return refusal("TIMESTAMP_TOO_OLD", TIMESTAMP_HEADER, `the request was signed ${duration(age)} ago; a request older than ${duration(maxAgeMs)} is refused`);
  }
  if (-age > maxAgeMs) {
    return refusal("TIMESTAMP_IN_FUTURE", TIMESTAMP_HEADER, `the request is dated ${duration(-age)} ahead of this server's clock; more than ${duration(maxAgeMs)} is refused`);
  }
  // Compared as text, not as decoded bytes: base64 decoding is lenient (padding, stray
  // characters), so a variant of a valid signature would otherwise pass under another spelling
  // and slip past the replay guard.
  const expected = signatureV3({ clientSecret, method, uri, body, timestamp });
  const given = Buffer.from(signature, "utf8");
  const wanted = Buffer.from(expected, "utf8");
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    return refusal(
      "SIGNATURE_MISMATCH",
      SIGNATURE_HEADER,
      `${SIGNATURE_HEADER} does not match this request: ${method} ${uri}, its body and its timestamp, signed with the app's client secret`,
    );
  }
  return { ok: true, signature: expected, timestamp: Number(timestamp) };
}

/**
 * Remembers each accepted signature until its timestamp leaves the window, so the same request
 * sent again inside the window is known as a replay. Only verified signatures are added, so the
 * memory grows with the signer's traffic, never with an attacker's; past `limit` live entries it
 * refuses rather than forget one that could then be replayed.
 */
export function createReplayGuard({ maxAgeMs = MAX_AGE_MS, limit = 100_000 } = {}) {
  const expiries = new Map(); // signature → last moment its timestamp is inside the window
  let prunedAt = -Infinity;

  function prune(now) {
    if (now - prunedAt < 1000 && expiries.size < limit) return;
    prunedAt = now;
    for (const [signature, expiry] of expiries) if (expiry < now) expiries.delete(signature);
  }

  return {
    /** "accepted" the first time; "replayed" if seen inside the window; "full" past the limit. */
    accept(signature, timestamp, now = Date.now()) {
      prune(now);
      const expiry = expiries.get(signature);
      if (expiry !== undefined && expiry >= now) return "replayed";
      if (expiries.size >= limit) return "full";
      expiries.set(signature, timestamp + maxAgeMs);
      return "accepted";
    },
    get size() {
      return expiries.size;
    },
  };
}
