// The emulator server's JSON endpoints (/_emulator/...), as the host page uses them.

export class ApiError extends Error {
  constructor(message, status, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

async function request(method, path, body) {
  const init = { method, headers: { accept: "application/json" }, cache: "no-store" };
  if (body !== undefined) {
    init.headers["content-type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    throw new ApiError(`the emulator server did not answer (${error.message})`, 0, null);
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    const reason = (json && (json.message || (json.error && json.error.message))) || text || response.statusText;
    throw new ApiError(`${reason} (HTTP ${response.status})`, response.status, json);
  }
  return json;
}

/** The path segment of a record kind and the CRM's object type names for it. */
export const KINDS = {
  contacts: { objectType: "CONTACT", objectTypeId: "0-1", singular: "contact" },
  companies: { objectType: "COMPANY", objectTypeId: "0-2", singular: "company" },
};

export function kindOfObjectType(objectType) {
  const wanted = String(objectType || "").toUpperCase();
  return Object.keys(KINDS).find((kind) => KINDS[kind].objectType === wanted) || null;
}

export function kindOfObjectTypeId(objectTypeId) {
  return Object.keys(KINDS).find((kind) => KINDS[kind].objectTypeId === String(objectTypeId)) || null;
}

export const api = {
  config: () => request("GET", "/_emulator/config"),
  apps: () => request("GET", "/_emulator/apps"),
  records: () => request("GET", "/_emulator/records"),
  createRecord: (kind, fields) => request("POST", `/_emulator/records/${kind}`, fields),
  updateRecord: (kind, id, fields) => request("PATCH", `/_emulator/records/${kind}/${id}`, fields),
  timeline: (kind, id) => request("GET", `/_emulator/records/${kind}/${id}/engagements`),
  /** {objectType: "CONTACT"|"COMPANY", objectId, externalCallId, direction, toNumber, fromNumber} → {engagementId} */
  createEngagement: (fields) => request("POST", "/_emulator/engagements", fields),
  updateEngagement: (id, properties) => request("PATCH", `/_emulator/engagements/${id}`, { properties }),
  callerId: (phoneNumber) => request("POST", "/_emulator/caller-id", { phoneNumber }),
  helpdeskNumbers: (appId) => request("POST", `/_emulator/helpdesk/${appId}/numbers`, {}),
};
