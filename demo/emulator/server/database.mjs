// The emulator's SQLite file. WAL + synchronous=FULL: a write is on disk before we answer, so
// every acknowledged write survives a restart, a killed process and a power cut.
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

// Settings and channel connections are stored as the JSON the core validated (its schema owns
// the fields); CRM records and engagements are the emulator's own, so they get columns.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS calling_settings (
  app_id INTEGER PRIMARY KEY, body TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS channel_connections (
  app_id INTEGER PRIMARY KEY, body TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS contacts (
  id INTEGER PRIMARY KEY AUTOINCREMENT, first_name TEXT, last_name TEXT, email TEXT, phone TEXT,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS companies (
  id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, domain TEXT, phone TEXT,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS engagements (
  id INTEGER PRIMARY KEY AUTOINCREMENT, object_type TEXT, object_id INTEGER, external_call_id TEXT,
  properties TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS contacts_by_phone ON contacts (phone);
CREATE INDEX IF NOT EXISTS companies_by_phone ON companies (phone);
CREATE INDEX IF NOT EXISTS engagements_by_record ON engagements (object_type, object_id);
CREATE INDEX IF NOT EXISTS engagements_by_call ON engagements (external_call_id);
`;

export function openDatabase(dataDir) {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, "emulator.sqlite"));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("busy_timeout = 5000");
  db.exec(SCHEMA);
  return db;
}

export function createMeta(db) {
  const read = db.prepare("SELECT value FROM meta WHERE key = ?").pluck();
  const write = db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  return { get: (key) => read.get(key), set: (key, value) => write.run(key, value) };
}
