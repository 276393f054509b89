// Call engagements: what HubSpot writes on a record's timeline. properties is HubSpot's
// hs_call_* map, merged on every update (CALL_COMPLETED's engagementProperties).
import { jsonText } from "../../lib/json-text.mjs";
import { timestampAfter } from "./clock.mjs";

export function createEngagements(db) {
  const insert = db.prepare(
    "INSERT INTO engagements (object_type, object_id, external_call_id, properties, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
  );
  const one = db.prepare("SELECT * FROM engagements WHERE id = ?");
  const byCall = db.prepare("SELECT id FROM engagements WHERE external_call_id = ? ORDER BY id DESC LIMIT 1").pluck();
  const forRecord = db.prepare("SELECT * FROM engagements WHERE object_type = ? AND object_id = ? ORDER BY created_at DESC, id DESC");
  const write = db.prepare("UPDATE engagements SET properties = ?, updated_at = ? WHERE id = ?");

  const toEngagement = (row) =>
    row && {
      id: row.id,
      objectType: row.object_type,
      objectId: row.object_id,
      externalCallId: row.external_call_id,
      properties: JSON.parse(row.properties),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };

  const get = (id) => toEngagement(one.get(id));

  /** objectType/objectId may be null: a call no record matched is still stored. */
  function create({ objectType = null, objectId = null, externalCallId = null, properties = {} }) {
    const now = timestampAfter();
    const { lastInsertRowid } = insert.run(objectType, objectId, externalCallId, jsonText(properties), now, now);
    return get(Number(lastInsertRowid));
  }

  /** Merges `properties` in; null if there is no such engagement. */
  const update = db.transaction((id, properties) => {
    const row = one.get(id);
    if (!row) return null;
    write.run(jsonText({ ...JSON.parse(row.properties), ...properties }), timestampAfter(row.updated_at), id);
    return get(id);
  });

  return {
    create,
    get,
    update,
    findByExternalCallId: (externalCallId) => (externalCallId ? byCall.get(externalCallId) ?? null : null),
    /** A record's timeline, newest first. */
    forRecord: (objectType, objectId) => forRecord.all(objectType, objectId).map(toEngagement),
  };
}
