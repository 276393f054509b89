// POST /_emulator/helpdesk/{appId}/numbers: what HubSpot does when a user connects a number to
// the help desk. It POSTs {appId, portalId, userId} to the app's channel-connection webhook and
// lists the answer as the core normalises it (friendlyName cut to 24, extensions not selectable).
// A bad answer is a 502 that says exactly what was wrong with it.
import { badGateway, notFound } from "../../lib/api-error.mjs";
import { jsonEndpoint } from "../../lib/respond.mjs";
import { readInternalJson, requireObject } from "./internal-input.mjs";
import { parseAppId } from "./rest-endpoint.mjs";
import { postJson } from "./webhook-client.mjs";

export function addHelpdeskRoute(router, ctx) {
  const { core, channels, clientSecrets, identity, log } = ctx;
  router.add("/_emulator/helpdesk/:appId/numbers", {
    POST: jsonEndpoint(async (req, { params }) => {
      const appId = parseAppId(params.appId);
      // The body carries nothing ({}), but it is read and checked like any other: an unread
      // body of any size would otherwise be accepted, and trigger a webhook call.
      requireObject(await readInternalJson(req, ctx));
      const connection = channels.get(appId);
      if (!connection) throw notFound(`App ${appId} has no channel connection; POST one to …/${appId}/settings/channel-connection`);
      const where = `The webhook at ${connection.url}`;

      let answer;
      try {
        const clientSecret = clientSecrets.secretOf(appId);
        answer = await postJson(connection.url, { appId, portalId: identity.portalId, userId: identity.userId }, { clientSecret });
      } catch (error) {
        throw badGateway(`${where} ${error.message}`);
      }
      log(`help desk: POST ${connection.url} → ${answer.status}`);
      if (answer.status < 200 || answer.status > 299) throw badGateway(`${where} answered HTTP ${answer.status}${reasonIn(answer.text)}`);
      try {
        JSON.parse(answer.text);
      } catch (error) {
        throw badGateway(`${where} answered something that is not JSON (${error.message})`);
      }

      const verdict = core.validateRest("webhookAnswer", answer.text);
      if (!verdict.ok) {
        const errors = verdict.errors.map((e) => ({ message: e.message, in: e.field || "body", code: e.code }));
        throw badGateway(`${where} answered an invalid phone number list: ${errors.map((e) => e.message).join("; ")}`, errors);
      }
      return {
        status: 200,
        body: { appId, url: connection.url, numbers: verdict.value.phoneNumbers, warnings: verdict.warnings },
      };
    }),
  });
}

// The app's own words for a refusal (HubSpot's error shape, as the demo softphone answers a bad
// signature), so "answered HTTP 401" says why; nothing when the answer has none.
function reasonIn(text) {
  try {
    const message = JSON.parse(text)?.message;
    return typeof message === "string" && message ? `: ${message.slice(0, 500)}` : "";
  } catch {
    return "";
  }
}
