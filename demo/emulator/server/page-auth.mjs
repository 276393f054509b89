// The host page's /_emulator/ API under --tokens. Without tokens it is open, like everything
// else on a local tool. With tokens it is locked like the REST routes: it lists every app's
// settings and webhook URL and every CRM record, and it creates records and calls webhooks, so
// an emulator that refuses an unknown hapikey must not hand all of that to anyone who asks here.
//
// A script sends `Authorization: Bearer <token>`. A browser opens /_emulator/login?token=<token>
// once: the answer sets a cookie and sends it on to the page, which then works unchanged (its
// same-origin fetches carry the cookie). The cookie holds an HMAC of the token, not the token,
// so it is valid exactly as long as the token is accepted, and a cookie seen is no token learnt.
// HttpOnly: no script reads it; SameSite=Strict: no other site's page or form sends it; Path:
// other servers on this host name (cookies ignore ports) never receive it.
import { createHmac, timingSafeEqual } from "node:crypto";
import { unauthenticated } from "../../lib/api-error.mjs";
import { sendEmpty } from "../../lib/respond.mjs";

export const LOGIN_PATH = "/_emulator/login";
const PAGE_PREFIX = "/_emulator/";
const MAC_LABEL = "callcore emulator page";

const mac = (token) => createHmac("sha256", token).update(MAC_LABEL).digest("base64url");

/** `name`'s value in a Cookie header, or null. */
function cookieValue(header, name) {
  for (const part of (header ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at !== -1 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return null;
}

/**
 * tokens: the accepted tokens ([]: the API stays open). authenticate: auth.mjs's, for a Bearer
 * header. port(): the bound port, which names the cookie (two emulators on one host name, each
 * with its own tokens, must not overwrite each other's).
 */
export function createPageAuth({ tokens, authenticate, port }) {
  const accepted = tokens.map((token) => Buffer.from(mac(token)));
  const cookieName = () => `callcore_emulator_${port()}`;
  const isAccepted = (value) => {
    const given = Buffer.from(value ?? "");
    return accepted.some((expected) => expected.length === given.length && timingSafeEqual(expected, given));
  };

  /** Throws 401 for a protected /_emulator/ path without the cookie or an accepted Bearer token. */
  function check(req, url) {
    if (accepted.length === 0 || !url.pathname.startsWith(PAGE_PREFIX) || url.pathname === LOGIN_PATH) return;
    if (isAccepted(cookieValue(req.headers.cookie, cookieName()))) return;
    if (req.headers.authorization !== undefined) return authenticate("bearer", req, url);
    throw unauthenticated(
      `The emulator runs with --tokens, so its page API needs a credential: open ${LOGIN_PATH}?token=<one of the tokens> ` +
        "once in this browser, or send an Authorization: Bearer <token> header",
    );
  }

  /** GET /_emulator/login?token=…: the cookie, then on to the page ("/"). */
  function addLoginRoute(router) {
    router.add(LOGIN_PATH, {
      GET: async (req, res, { url }) => {
        const headers = { Location: "/", "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };
        if (accepted.length === 0) return sendEmpty(res, 303, headers); // nothing to log in to
        const token = url.searchParams.get("token") ?? "";
        if (!token) throw unauthenticated(`${LOGIN_PATH} needs ?token=<one of the emulator's --tokens>`);
        const value = mac(token);
        if (!isAccepted(value)) throw unauthenticated("The token is not one of the emulator's accepted tokens (--tokens, CALLCORE_EMULATOR_TOKENS)");
        sendEmpty(res, 303, { ...headers, "Set-Cookie": `${cookieName()}=${value}; Path=${PAGE_PREFIX}; HttpOnly; SameSite=Strict` });
      },
    });
  }

  return { check, addLoginRoute };
}
