// Load on loopback with wrk (Debian): 200 apps' calling settings read and written concurrently
// for a bounded time. Any non-2xx answer or socket error fails; the figures are printed, never
// asserted (the machine may be slow or shared). Then the store, read from the SQLite file, must
// hold for every app the last write the load saw acknowledged (or a later one still in flight).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import test from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { emulator, SETTINGS, tempDir } from "../emulator/helpers.mjs";
import { integrityCheck, openStore } from "../emulator/store-snapshot.mjs";

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL("./settings-mix.lua", import.meta.url));
const FIRST_APP = 1001;
const APPS = Number(process.env.LOAD_APPS ?? 200);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 16);

/** POSTs settings for every app, a few at a time. */
async function seedApps(client) {
  const ids = Array.from({ length: APPS }, (_, i) => FIRST_APP + i);
  for (let i = 0; i < ids.length; i += 10) {
    const batch = ids.slice(i, i + 10).map((id) => client.v3("POST", `/${id}/settings`, { body: { ...SETTINGS, name: `seeded ${id}` } }));
    for (const response of await Promise.all(batch)) assert.equal(response.status, 200, response.text);
  }
}

/** LOAD_OUT's lines → {figures, threads, newest: Map(app → {updatedAt, name}), issued: Map(app → Set)}. */
function readResults(file) {
  const result = { figures: {}, threads: [], newest: new Map(), issued: new Map() };
  for (const line of readFileSync(file, "utf8").trim().split("\n")) {
    const [kind, ...rest] = line.split("\t");
    if (kind === "thread") result.threads.push(Object.fromEntries(rest[1].split(" ").map((kv) => kv.split("=")).map(([k, v]) => [k, Number(v)])));
    else if (kind === "newest") {
      const [app, updatedAt, name] = rest;
      const seen = result.newest.get(Number(app));
      if (!seen || updatedAt > seen.updatedAt) result.newest.set(Number(app), { updatedAt, name });
    } else if (kind === "issued") {
      const names = result.issued.get(Number(rest[0])) ?? new Set();
      for (const name of rest[1].split("|").filter(Boolean)) names.add(name);
      result.issued.set(Number(rest[0]), names);
    } else result.figures[kind] = rest[0];
  }
  return result;
}

const ms = (us) => (Number(us) / 1000).toFixed(2);

test(`${CONNECTIONS} connections read and write ${APPS} apps' settings for ${SECONDS} s: no errors, the last write kept`, async (t) => {
  const server = await emulator(t);
  await seedApps(server.client);
  const out = path.join(tempDir(t, "callcore-load-"), "wrk-result.tsv");
  const env = { ...process.env, LOAD_FIRST_APP: String(FIRST_APP), LOAD_APPS: String(APPS), LOAD_OUT: out };
  // --timeout 30s: a slow, shared machine makes requests slow, not wrong; only real errors count.
  const args = ["-t2", `-c${CONNECTIONS}`, `-d${SECONDS}s`, "--timeout", "30s", "-s", SCRIPT, server.url];
  const { stdout } = await run("wrk", args, { env, timeout: (SECONDS + 60) * 1000 });
  await server.close(); // lets requests still in flight when wrk stopped finish before the check

  const { figures, threads, newest, issued } = readResults(out);
  const requests = Number(figures.requests);
  const seconds = Number(figures.duration_us) / 1e6;
  const writes = threads.reduce((n, th) => n + th.writes, 0);
  const reads = threads.reduce((n, th) => n + th.reads, 0);
  const not2xx = threads.reduce((n, th) => n + th.not_2xx, 0);
  console.log(
    [
      `load: wrk ${args.slice(0, 3).join(" ")} against ${APPS} apps (PATCH/GET settings, both prefixes)`,
      `  requests served ${requests} in ${seconds.toFixed(2)} s = ${(requests / seconds).toFixed(0)} req/s (${writes} PATCH and ${reads} GET sent)`,
      `  latency p50 ${ms(figures.p50_us)} ms, p90 ${ms(figures.p90_us)} ms, p99 ${ms(figures.p99_us)} ms, p99.9 ${ms(figures["p99.9_us"])} ms, max ${ms(figures.max_us)} ms`,
      `  errors: ${figures.errors}, non-2xx ${not2xx}`,
    ].join("\n"),
  );
  assert.ok(requests > 0, `wrk served nothing:\n${stdout}`);
  assert.equal(figures.errors, "connect=0 read=0 write=0 status=0 timeout=0", stdout);
  assert.equal(not2xx, 0, "every answer was 2xx");

  const store = openStore(t, server.dataDir);
  assert.deepEqual(integrityCheck(store), ["ok"]);
  const rows = new Map(
    store.prepare("SELECT app_id, body, updated_at FROM calling_settings WHERE app_id >= ? AND app_id < ?").all(FIRST_APP, FIRST_APP + APPS).map((r) => [r.app_id, r]),
  );
  assert.equal(rows.size, APPS, "every seeded app is still there");
  let exact = 0;
  let later = 0;
  for (const [app, seen] of newest) {
    const row = rows.get(app);
    const stored = JSON.parse(row.body);
    if (row.updated_at === seen.updatedAt) {
      assert.equal(stored.name, seen.name, `app ${app}: the store holds another write than the one acknowledged at ${seen.updatedAt}`);
      exact++;
    } else {
      // Only a write still in flight when wrk stopped may have landed after the newest answer.
      assert.ok(row.updated_at > seen.updatedAt, `app ${app}: the store (${row.updated_at}) is older than an acknowledged write (${seen.updatedAt})`);
      assert.ok(issued.get(app)?.has(stored.name), `app ${app}: the store holds ${JSON.stringify(stored.name)}, which the load never sent`);
      later++;
    }
  }
  console.log(`  store check: ${newest.size} apps written; ${exact} hold exactly the last acknowledged write, ${later} a later in-flight one; integrity_check ok`);
  assert.ok(newest.size >= Math.min(APPS, writes) * 0.5, `only ${newest.size} apps were written`);
  assert.ok(later <= CONNECTIONS, `${later} apps changed after their last acknowledged write; at most ${CONNECTIONS} requests were in flight`);
});
