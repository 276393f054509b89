// The emulator's SQLite file as the tests see it: opened read-only from outside the server, so
// "the store is unchanged" and "the store is intact" are checked on the disk, not through the
// API under test.
import path from "node:path";
import Database from "better-sqlite3";

export const databaseFile = (dataDir) => path.join(dataDir, "emulator.sqlite");

/** A read-only connection to `dataDir`'s store; closed when the test ends. */
export function openStore(t, dataDir) {
  const db = new Database(databaseFile(dataDir), { readonly: true, fileMustExist: true });
  t.after(() => db.close());
  return db;
}

/**
 * Every row of every table (sqlite_sequence included, so even a rolled-back AUTOINCREMENT would
 * show), as one comparable string. Tables come from sqlite_master, so a table added later is
 * covered without touching this file.
 */
export function snapshot(db) {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
  const dump = {};
  for (const table of tables) {
    const quoted = `"${table.replaceAll('"', '""')}"`;
    dump[table] = db.prepare(`SELECT * FROM ${quoted} ORDER BY rowid`).raw().all();
  }
  return JSON.stringify(dump, (_, v) => (typeof v === "bigint" ? v.toString() : v));
}

/** PRAGMA integrity_check's verdict: ["ok"] when the file is sound. */
export function integrityCheck(db) {
  return db.prepare("PRAGMA integrity_check").pluck().all();
}
