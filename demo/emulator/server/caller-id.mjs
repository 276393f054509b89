// Caller-ID matching: which contacts and companies have this phone number. Shared by the REST
// inbound-call endpoint and the host page's INCOMING_CALL (POST /_emulator/caller-id).

/**
 * A dialled or displayed number in E.164, as HubSpot compares them: "+44 20 7323 8299",
 * "0044 20…" and "(888) 482-7768" all become "+…". A bare 10-digit number is read as North
 * American (+1), the emulator portal's default country. Returns null if no digits remain.
 */
export function normalisePhone(text) {
  if (typeof text !== "string") return null;
  const trimmed = text.trim();
  let digits = trimmed.replace(/\D/g, "");
  if (!digits) return null;
  if (!trimmed.startsWith("+")) {
    if (digits.startsWith("00")) digits = digits.slice(2);
    else if (digits.length === 10) digits = "1" + digits;
  }
  return "+" + digits;
}

/** callerIdMatches as the inbound-call endpoint answers them: contacts first, then companies. */
export function matchCallerId(records, phone, portalId) {
  const e164 = normalisePhone(phone);
  if (!e164) return [];
  const contacts = records.withPhone("contacts", e164).map((c) => ({
    callerIdType: "CONTACT",
    objectCoordinates: { objectId: c.id, objectTypeId: "0-1", portalId },
    email: c.email ?? "",
    firstName: c.firstName ?? "",
    lastName: c.lastName ?? "",
  }));
  const companies = records.withPhone("companies", e164).map((c) => ({
    callerIdType: "COMPANY",
    objectCoordinates: { objectId: c.id, objectTypeId: "0-2", portalId },
    name: c.name,
  }));
  return [...contacts, ...companies];
}

/** {objectType, objectId} of the first match, or nulls: where an unassociated call is filed. */
export function firstMatchedRecord(matches) {
  const first = matches[0];
  if (!first) return { objectType: null, objectId: null };
  return { objectType: first.callerIdType, objectId: first.objectCoordinates.objectId };
}
