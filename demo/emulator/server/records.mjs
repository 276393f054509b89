// The emulator's CRM records: contacts and companies, each with one E.164 phone number.
import { timestampAfter } from "./clock.mjs";

// API field → column, per record kind (the /_emulator/records/{kind} path segment).
export const RECORD_KINDS = {
  contacts: { table: "contacts", singular: "contact", objectType: "CONTACT", columns: { firstName: "first_name", lastName: "last_name", email: "email", phone: "phone" } },
  companies: { table: "companies", singular: "company", objectType: "COMPANY", columns: { name: "name", domain: "domain", phone: "phone" } },
};

export function createRecords(db) {
  const statements = Object.fromEntries(
    Object.entries(RECORD_KINDS).map(([kind, { table, columns }]) => {
      const selectList = ["id", ...Object.entries(columns).map(([field, column]) => `${column} AS ${field}`)].join(", ");
      return [
        kind,
        {
          all: db.prepare(`SELECT ${selectList} FROM ${table} ORDER BY id`),
          one: db.prepare(`SELECT ${selectList}, updated_at FROM ${table} WHERE id = ?`),
          byPhone: db.prepare(`SELECT ${selectList} FROM ${table} WHERE phone = ? ORDER BY id`),
        },
      ];
    }),
  );

  const strip = (row) => row && (({ updated_at, ...record }) => record)(row);

  function create(kind, fields) {
    const { table, columns } = RECORD_KINDS[kind];
    const names = Object.keys(columns);
    const now = timestampAfter();
    const sql = `INSERT INTO ${table} (${names.map((n) => columns[n]).join(", ")}, created_at, updated_at)
                 VALUES (${names.map(() => "?").join(", ")}, ?, ?)`;
    const { lastInsertRowid } = db.prepare(sql).run(...names.map((n) => fields[n] ?? null), now, now);
    return get(kind, Number(lastInsertRowid));
  }

  function get(kind, id) {
    return strip(statements[kind].one.get(id));
  }

  /** Sets the given fields; null if there is no such record. */
  const update = db.transaction((kind, id, fields) => {
    const { table, columns } = RECORD_KINDS[kind];
    const row = statements[kind].one.get(id);
    if (!row) return null;
    const names = Object.keys(fields).filter((n) => columns[n]);
    const assignments = [...names.map((n) => `${columns[n]} = ?`), "updated_at = ?"].join(", ");
    db.prepare(`UPDATE ${table} SET ${assignments} WHERE id = ?`).run(...names.map((n) => fields[n]), timestampAfter(row.updated_at), id);
    return get(kind, id);
  });

  return {
    list: (kind) => statements[kind].all.all(),
    get,
    create,
    update,
    /** Every record of `kind` whose phone is exactly `e164`. */
    withPhone: (kind, e164) => statements[kind].byPhone.all(e164),
  };
}
