// One JSON document per app with createdAt/updatedAt: the calling settings and the channel
// connection are both this shape (table calling_settings or channel_connections).
import { jsonText } from "../../lib/json-text.mjs";
import { timestampAfter } from "./clock.mjs";

export function createAppDocuments(db, table) {
  const select = db.prepare(`SELECT body, created_at, updated_at FROM ${table} WHERE app_id = ?`);
  const selectAll = db.prepare(`SELECT app_id, body, created_at, updated_at FROM ${table} ORDER BY app_id`);
  const insert = db.prepare(`INSERT INTO ${table} (app_id, body, created_at, updated_at) VALUES (?, ?, ?, ?)`);
  const update = db.prepare(`UPDATE ${table} SET body = ?, updated_at = ? WHERE app_id = ?`);
  const remove = db.prepare(`DELETE FROM ${table} WHERE app_id = ?`);

  const toDocument = (row) => row && { ...JSON.parse(row.body), createdAt: row.created_at, updatedAt: row.updated_at };

  return {
    get: (appId) => toDocument(select.get(appId)),
    list: () => selectAll.all().map((row) => ({ appId: row.app_id, document: toDocument(row) })),
    /** The stored document, or null if the app already has one (the caller answers 409). */
    create(appId, fields) {
      const now = timestampAfter();
      try {
        insert.run(appId, jsonText(fields), now, now);
      } catch (error) {
        if (error.code === "SQLITE_CONSTRAINT_PRIMARYKEY") return null;
        throw error;
      }
      return toDocument(select.get(appId));
    },
    /** Merges `changes` in; null if the app has no document. */
    patch: db.transaction((appId, changes) => {
      const row = select.get(appId);
      if (!row) return null;
      update.run(jsonText({ ...JSON.parse(row.body), ...changes }), timestampAfter(row.updated_at), appId);
      return toDocument(select.get(appId));
    }),
    /** true if there was one to delete. */
    remove: (appId) => remove.run(appId).changes > 0,
  };
}
