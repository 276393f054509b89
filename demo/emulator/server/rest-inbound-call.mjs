// POST /crm/extensions/calling/2026-03/inbound-call (seed 002): answers callerIdMatches from the
// CRM records and, when asked, files the call on the timeline of the first match.
import { firstMatchedRecord, matchCallerId } from "./caller-id.mjs";
import { restEndpoint } from "./rest-endpoint.mjs";
import { readValidated } from "./validate.mjs";

export function addInboundCallRoute(router, ctx) {
  const { authenticate, records, portalId } = ctx;
  router.add("/crm/extensions/calling/2026-03/inbound-call", {
    POST: restEndpoint(authenticate, "bearer", async ({ req }) => {
      const call = await readValidated(req, ctx, "inboundCall");
      const callerIdMatches = matchCallerId(records, call.fromNumber.e164Number, portalId);
      if (call.createEngagement) fileInboundCall(ctx.engagements, call, callerIdMatches);
      return { status: 200, body: { callerIdMatches } };
    }),
  });
}

// One engagement per externalCallId: the host page may already have created it on INCOMING_CALL,
// and a backend retrying the request must not duplicate the timeline entry.
function fileInboundCall(engagements, call, matches) {
  const properties = {
    hs_call_direction: "INBOUND",
    hs_call_status: call.finalCallStatus,
    hs_call_from_number: call.fromNumber.e164Number,
    hs_call_to_number: call.toNumber.e164Number,
    hs_timestamp: call.callStartedTimestamp ?? new Date().toISOString(),
    // REST gives seconds; the hs_call_duration property is milliseconds as a string.
    ...(call.durationSeconds !== undefined && { hs_call_duration: String(call.durationSeconds * 1000) }),
    ...call.engagementProperties,
  };
  const existing = engagements.findByExternalCallId(call.externalCallId);
  if (existing) engagements.update(existing, properties);
  else engagements.create({ ...firstMatchedRecord(matches), externalCallId: call.externalCallId, properties });
}
