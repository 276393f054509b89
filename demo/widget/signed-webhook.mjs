// The help-desk webhook's gate: a request counts only if it was signed with the app's client
// secret (HubSpot's signature v3, demo/lib/hubspot-signature.mjs), is dated within HubSpot's
// 5-minute window, and was not seen before inside it. Anything else is a 401 in HubSpot's error
// shape that names the header and the reason.
import { ApiError } from "../lib/api-error.mjs";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, createReplayGuard, verifySignatureV3 } from "../lib/hubspot-signature.mjs";

const refused = (message, errors) => new ApiError(401, "INVALID_AUTHENTICATION", message, { errors });

/**
 * clientSecret: a string, or a function returning one (the emulator's secret for the demo app is
 * known only once it has started). scheme: "http" or "https", what this server serves, for the
 * URL the signer requested. Returns check(req, body), which throws the refusal.
 */
export function createSignatureGate({ clientSecret, scheme }) {
  const secretOf = typeof clientSecret === "function" ? clientSecret : () => clientSecret;
  const replays = createReplayGuard();

  return function check(req, body) {
    const secret = secretOf();
    if (typeof secret !== "string" || secret === "") {
      throw new ApiError(503, "SERVICE_UNAVAILABLE", "The softphone does not know its client secret yet, so it cannot check this request's signature; try again once the emulator has started");
    }
    // The URL as the client asked for it: Node's server requires the Host header.
    const uri = `${scheme}://${req.headers.host}${req.url}`;
    const at = Date.now();
    const verdict = verifySignatureV3({
      clientSecret: secret,
      method: req.method,
      uri,
      body,
      signature: req.headers[SIGNATURE_HEADER.toLowerCase()],
      timestamp: req.headers[TIMESTAMP_HEADER.toLowerCase()],
      now: at,
    });
    if (!verdict.ok) {
      throw refused(`Invalid webhook signature: ${verdict.message}`, [{ message: verdict.message, in: verdict.field, code: verdict.code }]);
    }
    const replay = replays.accept(verdict.signature, verdict.timestamp, at);
    if (replay === "replayed") {
      const message = `this ${SIGNATURE_HEADER} was already accepted; each request is signed afresh, so the same signature again within 5 minutes is a replay`;
      throw refused(`Replayed webhook request: ${message}`, [{ message, in: SIGNATURE_HEADER, code: "SIGNATURE_REPLAYED" }]);
    }
    if (replay === "full") {
      throw new ApiError(503, "SERVICE_UNAVAILABLE", "The softphone holds too many recent signatures to tell a replay apart; try again in a few minutes");
    }
  };
}
