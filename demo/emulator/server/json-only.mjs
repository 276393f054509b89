// POST and PATCH must say Content-Type: application/json. HubSpot's API expects it too, but the
// reason here is the browser: the /_emulator/ API has no credentials and hapikey rides in the
// URL, so any web page could otherwise send a "simple" cross-site form or text/plain POST to this
// local server. A JSON content type needs a CORS preflight, which this server never grants.
import { unsupportedMediaType } from "../../lib/api-error.mjs";

export function requireJsonContentType(req) {
  if (req.method !== "POST" && req.method !== "PATCH") return;
  const type = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json") {
    throw unsupportedMediaType(`${req.method} needs the header Content-Type: application/json${type ? `, not ${type}` : ""}`);
  }
}
