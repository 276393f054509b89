// Wraps a REST handler: credentials first (401), then the appId path parameter (400), then the
// handler, whose {status, body} is written as JSON (or nothing, for 204).
import { invalid } from "../../lib/api-error.mjs";
import { jsonEndpoint } from "../../lib/respond.mjs";

const INT32_MAX = 2147483647;

// A path parameter, so not a body rule of the core: the seeds type appId as int32, and an app id
// is positive.
export function parseAppId(text) {
  const id = /^[1-9][0-9]{0,9}$/.test(text) ? Number(text) : NaN;
  if (!(id <= INT32_MAX)) {
    const message = `appId ${JSON.stringify(text)} is not a positive 32-bit integer`;
    throw invalid(message, [{ message, in: "appId", code: "FIELD_RANGE" }]);
  }
  return id;
}

export function restEndpoint(authenticate, authStyle, handler) {
  return jsonEndpoint(async (req, { params, url }) => {
    authenticate(authStyle, req, url);
    const appId = params.appId === undefined ? undefined : parseAppId(params.appId);
    return handler({ req, url, appId });
  });
}
