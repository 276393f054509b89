// Credentials, per path prefix as in the seeds: /crm/v3 takes a developer API key in the
// `hapikey` query parameter, /2026-03 an `Authorization: Bearer` token. Like a local tool, any
// non-empty value passes unless `tokens` lists the accepted ones.
import { createHash, timingSafeEqual } from "node:crypto";
import { unauthenticated } from "../../lib/api-error.mjs";

/** "a, b,,c" → ["a","b","c"]; undefined/empty → [] (unrestricted). */
export function parseTokens(text) {
  return (text ?? "").split(",").map((t) => t.trim()).filter(Boolean);
}

// Hash first so the comparison takes the same time whatever the lengths.
const digest = (text) => createHash("sha256").update(text).digest();

export function createAuthenticator(tokens = []) {
  const accepted = tokens.map(digest);
  const isAccepted = (token) => accepted.length === 0 || accepted.some((d) => timingSafeEqual(d, digest(token)));

  function credentialOf(style, req, url) {
    if (style === "hapikey") return url.searchParams.get("hapikey") ?? "";
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(req.headers.authorization ?? "");
    return match ? match[1] : "";
  }

  /** Throws 401 unless the request carries an acceptable credential of `style`. */
  return function authenticate(style, req, url) {
    const what = style === "hapikey" ? "a developer API key in the hapikey query parameter" : "an Authorization: Bearer <token> header";
    const credential = credentialOf(style, req, url);
    if (!credential) throw unauthenticated(`Authentication credentials not found: this endpoint needs ${what}`);
    if (!isAccepted(credential)) {
      throw unauthenticated(`The ${style === "hapikey" ? "hapikey" : "Bearer token"} is not one of the emulator's accepted tokens (CALLCORE_EMULATOR_TOKENS)`);
    }
  };
}
