// What the host page does as HubSpot during a call: create the engagement (OUTGOING_CALL_STARTED
// or INCOMING_CALL with createEngagement), update it (CALL_COMPLETED with engagementProperties)
// and match caller ids (INCOMING_CALL).
import { notFound } from "../../lib/api-error.mjs";
import { jsonEndpoint } from "../../lib/respond.mjs";
import { firstMatchedRecord, matchCallerId } from "./caller-id.mjs";
import { isPlainObject, parseId, readInternalJson, requireObject, throwIfErrors } from "./internal-input.mjs";
import { RECORD_KINDS } from "./records.mjs";

const DIRECTIONS = ["OUTBOUND", "INBOUND"];
const pickRecord = ({ objectType, objectId }) => ({ objectType, objectId });
const kindOfObjectType = (objectType) => Object.keys(RECORD_KINDS).find((k) => RECORD_KINDS[k].objectType === objectType);

function engagementInput(body, records) {
  requireObject(body);
  const errors = [];
  const optionalString = (field) => {
    const value = body[field];
    if (value === undefined || value === null) return null;
    if (typeof value === "string") return value;
    errors.push({ in: field, code: "FIELD_TYPE", message: `${field} must be a string, not ${JSON.stringify(value)}` });
    return null;
  };
  const direction = String(body.direction ?? "OUTBOUND").toUpperCase();
  if (!DIRECTIONS.includes(direction)) {
    errors.push({ in: "direction", code: "FIELD_ENUM", message: `direction ${JSON.stringify(body.direction)} is not one of ${DIRECTIONS.join(", ")}` });
  }
  const input = {
    direction,
    externalCallId: optionalString("externalCallId"),
    toNumber: optionalString("toNumber"),
    fromNumber: optionalString("fromNumber"),
    objectType: null,
    objectId: null,
  };
  if (body.objectType != null || body.objectId != null) {
    const kind = kindOfObjectType(body.objectType);
    if (!kind) {
      errors.push({ in: "objectType", code: "FIELD_ENUM", message: `objectType ${JSON.stringify(body.objectType)} is not one of CONTACT, COMPANY` });
    } else if (!Number.isInteger(body.objectId) || !records.get(kind, body.objectId)) {
      errors.push({ in: "objectId", code: "FIELD_RANGE", message: `objectId ${JSON.stringify(body.objectId)} is not a ${RECORD_KINDS[kind].singular} id` });
    } else {
      Object.assign(input, { objectType: body.objectType, objectId: body.objectId });
    }
  }
  throwIfErrors(errors);
  return input;
}

function propertiesInput(body) {
  requireObject(body);
  const { properties } = body;
  if (properties === undefined) {
    throwIfErrors([{ in: "properties", code: "FIELD_REQUIRED", message: "properties (an object of strings, numbers or booleans) is required" }]);
  }
  const message = "properties must be an object of strings, numbers or booleans";
  const scalar = (v) => v === null || ["string", "number", "boolean"].includes(typeof v);
  if (!isPlainObject(properties) || !Object.values(properties).every(scalar)) {
    throwIfErrors([{ in: "properties", code: "FIELD_TYPE", message }]);
  }
  return properties;
}

export function addEngagementRoutes(router, ctx) {
  const { records, engagements, portalId } = ctx;
  router.add("/_emulator/engagements", {
    POST: jsonEndpoint(async (req) => {
      const value = await readInternalJson(req, ctx);
      const call = engagementInput(value, records);
      // One engagement per call: the app's backend may have filed it already (inbound-call).
      const existing = engagements.findByExternalCallId(call.externalCallId);
      if (existing) return { status: 200, body: { engagementId: existing, ...pickRecord(engagements.get(existing)) } };
      // A call dialled on the keypad has no record yet: file it where the other party's number is.
      const otherParty = call.direction === "OUTBOUND" ? call.toNumber : call.fromNumber;
      const record = call.objectType ? call : firstMatchedRecord(matchCallerId(records, otherParty, portalId));
      const engagement = engagements.create({
        ...pickRecord(record),
        externalCallId: call.externalCallId,
        properties: {
          hs_call_direction: call.direction,
          hs_call_status: call.direction === "OUTBOUND" ? "CONNECTING" : "RINGING",
          hs_call_to_number: call.toNumber,
          hs_call_from_number: call.fromNumber,
          hs_timestamp: new Date().toISOString(),
        },
      });
      return { status: 201, body: { engagementId: engagement.id, ...pickRecord(engagement) } };
    }),
  });

  router.add("/_emulator/engagements/:id", {
    GET: jsonEndpoint(async (req, { params }) => {
      const engagement = engagements.get(parseId(params.id, "engagement"));
      if (!engagement) throw notFound(`No engagement ${params.id}`);
      return { status: 200, body: engagement };
    }),
    PATCH: jsonEndpoint(async (req, { params }) => {
      const id = parseId(params.id, "engagement");
      const value = await readInternalJson(req, ctx);
      const engagement = engagements.update(id, propertiesInput(value));
      if (!engagement) throw notFound(`No engagement ${id}`);
      return { status: 200, body: engagement };
    }),
  });

  router.add("/_emulator/caller-id", {
    POST: jsonEndpoint(async (req) => {
      const value = await readInternalJson(req, ctx);
      requireObject(value);
      if (typeof value.phoneNumber !== "string" || !value.phoneNumber.trim()) {
        throwIfErrors([{ in: "phoneNumber", code: "FIELD_REQUIRED", message: "phoneNumber (a string) is required" }]);
      }
      return { status: 200, body: { callerIdMatches: matchCallerId(records, value.phoneNumber, portalId) } };
    }),
  });
}
