// The request loop both servers share: routes first, then static files (GET/HEAD), and every
// failure answered as JSON in HubSpot's error shape. Unexpected errors are logged, never leaked.
import { ApiError, invalid, methodNotAllowed, notFound, tooLarge } from "./api-error.mjs";
import { BodyTooLargeError, ClientGoneError, MalformedJsonError } from "./body.mjs";
import { checkFraming } from "./host-check.mjs";
import { sendJson } from "./respond.mjs";
import { sendFile, sendStatic } from "./static-files.mjs";

function asApiError(error) {
  if (error instanceof ApiError) return error;
  if (error instanceof BodyTooLargeError) return tooLarge(`Request body too large: ${error.message}`);
  if (error instanceof MalformedJsonError) {
    return invalid(`Invalid input JSON: ${error.message}`, [{ message: error.message, in: "body", code: "MALFORMED_JSON" }]);
  }
  return null;
}

/**
 * files: {"/path": absoluteFile} served before `publicDir` (e.g. the callcore bundle).
 * hosts: a host-check.mjs check, run on every request before anything else (400, 421).
 * before(req, url): runs before a matched route's handler and may throw an ApiError to refuse it.
 */
export function createRequestHandler({ router, publicDir, files = {}, hosts, before = () => {}, log = () => {} }) {
  // Not optional: a server that forgets it answers every Host, and DNS rebinding is back.
  if (!hosts) throw new Error("createRequestHandler needs `hosts` (lib/host-check.mjs)");
  async function serveFiles(req, res, pathname) {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    if (Object.hasOwn(files, pathname)) return sendFile(req, res, files[pathname]);
    return publicDir ? sendStatic(req, res, publicDir, pathname) : false;
  }

  return async function handle(req, res) {
    const url = new URL(req.url, "http://request.invalid");
    try {
      checkFraming(req);
      hosts.check(req);
      const match = router.match(req.method, url.pathname);
      if (match?.handler) {
        before(req, url);
        return await match.handler(req, res, { params: match.params, url });
      }
      if (match?.allow) throw methodNotAllowed(req.method, match.allow);
      if (await serveFiles(req, res, url.pathname)) return;
      throw notFound(`No such endpoint or file: ${req.method} ${url.pathname}`);
    } catch (caught) {
      // One line, no stack: a client hanging up mid-body is an ordinary day, not our failure.
      if (caught instanceof ClientGoneError) return log(`${req.method} ${url.pathname}: ${caught.message}`);
      let error = asApiError(caught);
      if (!error) {
        log(`error: ${req.method} ${url.pathname}: ${caught.stack ?? caught}`);
        error = new ApiError(500, "INTERNAL_ERROR", "The emulator failed to handle this request; see its console");
      }
      if (res.headersSent) return res.destroy();
      sendJson(res, error.status, error.toBody(), error.headers);
    }
  };
}
