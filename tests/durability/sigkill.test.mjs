// Durability of `npm start`'s emulator: SIGKILL it in the middle of six concurrent streams of
// writes (settings create/patch on both prefixes, contacts, engagements and their updates,
// channel connections created and deleted), restart it on the same data directory, and check
// that every acknowledged write is there and the SQLite file passes PRAGMA integrity_check.
// Three rounds, each verified again after the next kill.
import assert from "node:assert/strict";
import { existsSync, statSync } from "node:fs";
import test from "node:test";
import { emulator, tempDir } from "../emulator/helpers.mjs";
import { ephemeral, startDemo } from "../emulator/start-demo.mjs";
import { databaseFile, integrityCheck, openStore } from "../emulator/store-snapshot.mjs";
import { createLedger, runStreams, verifyLedger } from "./write-streams.mjs";

const ROUNDS = 3;
const WRITES_BEFORE_KILL = Number(process.env.DURABILITY_WRITES ?? 120); // per round

function integrityOf(t, dataDir) {
  const store = openStore(t, dataDir);
  const verdict = integrityCheck(store);
  store.close();
  return verdict;
}

test(`acknowledged writes survive SIGKILL mid-stream (${ROUNDS} rounds), and the store stays intact`, async (t) => {
  const dataDir = tempDir(t, "callcore-durability-");
  const ledger = createLedger();
  const lines = [];

  for (let round = 1; round <= ROUNDS; round++) {
    const demo = await startDemo(t, ephemeral(dataDir)).ready;
    if (round > 1) {
      assert.deepEqual(integrityOf(t, dataDir), ["ok"], `integrity after kill ${round - 1}`);
      const checked = await verifyLedger(demo.emulator, ledger);
      lines.push(`  after kill ${round - 1}: ${ledger.acknowledged} writes acknowledged so far, all ${checked} entities hold their last acknowledged write; integrity_check ok`);
    }

    const before = ledger.acknowledged;
    let killedWith = null;
    await runStreams(demo.emulator, ledger, round * 10000, (acknowledged) => {
      if (killedWith === null && acknowledged - before >= WRITES_BEFORE_KILL) {
        killedWith = acknowledged - before;
        demo.child.kill("SIGKILL"); // at once: the other five streams have a write in flight
      }
    });
    const { signal } = await demo.exit;
    assert.equal(signal, "SIGKILL");
    const wal = `${databaseFile(dataDir)}-wal`;
    const walBytes = existsSync(wal) ? statSync(wal).size : 0;
    lines.push(`  round ${round}: killed after ${killedWith} acknowledged writes, ${ledger.acknowledged - before} in all by the time every stream noticed; WAL left behind: ${walBytes} bytes`);
    assert.ok(killedWith >= WRITES_BEFORE_KILL, "the kill came mid-stream, after the planned number of writes");
  }

  // The last restart: verify all rounds, then stop cleanly and check the file once more.
  const demo = await startDemo(t, ephemeral(dataDir)).ready;
  const checked = await verifyLedger(demo.emulator, ledger);
  demo.child.kill("SIGTERM");
  assert.equal((await demo.exit).code, 0);
  assert.deepEqual(integrityOf(t, dataDir), ["ok"]);
  lines.push(`  after kill ${ROUNDS}: ${ledger.acknowledged} writes acknowledged, all verified: ${checked} entities (${ledger.settings.size} settings, ${ledger.contacts.length} contacts, ${ledger.engagements.size} engagements, ${ledger.channels.size} channel connections) hold their last acknowledged write; integrity_check ok`);
  console.log(["durability (SIGKILL mid-stream):", ...lines].join("\n"));
});

test("the verifier itself notices a lost or altered write", async (t) => {
  const { client } = await emulator(t);
  const lost = createLedger();
  lost.contacts.push({ id: 4242, firstName: "Never", lastName: "Stored", email: null, phone: null });
  await assert.rejects(verifyLedger(client, lost), /contact 4242 was acknowledged, then lost/);

  const altered = createLedger();
  altered.settings.set(1, { last: { name: "a write the store never saw", updatedAt: "2020-01-01T00:00:00.000Z" }, inFlight: null });
  await assert.rejects(verifyLedger(client, altered), /app 1: the last acknowledged write is not what is stored/);

  const deleted = createLedger();
  deleted.channels.set(1, { last: { exists: false, url: null }, inFlight: null });
  await assert.rejects(verifyLedger(client, deleted), /channel of app 1/);
});
