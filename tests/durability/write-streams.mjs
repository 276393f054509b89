// Streams of writes against a running emulator, each strictly sequential (the next write is sent
// when the previous one was acknowledged), recording in a ledger what was acknowledged and which
// write was in flight when the server died. Sequential streams make the expected state exact: an
// entity holds its last acknowledged write, or the one write that was in flight.
import assert from "node:assert/strict";

export function createLedger() {
  return {
    acknowledged: 0,
    settings: new Map(), // appId → {last: {name, updatedAt} | null, inFlight: name | null}
    contacts: [], // acknowledged POST answers
    engagements: new Map(), // id → {last: engagement, inFlight: hs_call_body | null}
    channels: new Map(), // appId → {last: {exists, url} | null, inFlight: {exists, url} | null}
  };
}

const SETTINGS = {
  url: "https://durable.example/widget", width: 400, height: 600, isReady: false,
  supportsCustomObjects: false, supportsInboundCalling: true, usesCallingWindow: false, usesRemote: false,
};

/**
 * The write streams of one round: each yields writes as {send(), done(response)} forever. `base`
 * keeps app ids and names of different rounds apart.
 */
function streamsFor(client, ledger, base) {
  function* settings(stream) {
    for (let app = base + stream * 1000; ; app++) {
      const entry = { last: null, inFlight: null };
      ledger.settings.set(app, entry);
      for (let n = 0; n < 5; n++) {
        const name = `durable app ${app} write ${n}`;
        const send = n === 0
          ? () => client.v3("POST", `/${app}/settings`, { body: { ...SETTINGS, name } })
          : () => client.dated("PATCH", `/${app}/settings`, { body: { name, width: 100 + n } });
        yield { send, before: () => (entry.inFlight = name), done: ({ json }) => (entry.last = { name, updatedAt: json.updatedAt }) };
      }
    }
  }
  function* contacts(stream) {
    for (let n = 0; ; n++) {
      const body = { firstName: "Durable", lastName: `r${base} s${stream} n${n}`, phone: `+1202${String(base + stream * 100000 + n).padStart(7, "0").slice(-7)}` };
      yield { send: () => client.call("POST", "/_emulator/records/contacts", { body }), done: ({ json }) => ledger.contacts.push(json) };
    }
  }
  function* engagements(stream) {
    for (let call = 0; ; call++) {
      let entry;
      yield {
        send: () => client.call("POST", "/_emulator/engagements", { body: { objectType: "CONTACT", objectId: 1, externalCallId: `durable-${base}-${stream}-${call}` } }),
        done: ({ json }) => ledger.engagements.set(json.engagementId, (entry = { id: json.engagementId, last: null, inFlight: null })),
      };
      for (let n = 0; n < 3; n++) {
        const note = `durable note ${base}/${call}/${n}`;
        yield {
          send: () => client.call("PATCH", `/_emulator/engagements/${entry.id}`, { body: { properties: { hs_call_body: note } } }),
          before: () => (entry.inFlight = note),
          done: ({ json }) => (entry.last = json),
        };
      }
    }
  }
  function* channels(stream) {
    const app = base + 500 + stream;
    const entry = { last: null, inFlight: null };
    ledger.channels.set(app, entry);
    for (let n = 0; ; n++) {
      const url = `https://durable.example/hook/${base}/${n}`;
      const created = { exists: true, url };
      yield { send: () => client.v3("POST", `/${app}/settings/channel-connection`, { body: { url, isReady: false } }), before: () => (entry.inFlight = created), done: () => (entry.last = created) };
      const deleted = { exists: false, url: null };
      yield { send: () => client.dated("DELETE", `/${app}/settings/channel-connection`), before: () => (entry.inFlight = deleted), done: () => (entry.last = deleted) };
    }
  }
  return [settings(0), settings(1), contacts(0), contacts(1), engagements(0), channels(0)];
}

/**
 * Starts every stream; resolves {stopped} once all have ended, which they do when a request
 * fails (the server was killed). onAck(count) runs after each acknowledged write.
 */
export function runStreams(client, ledger, base, onAck = () => {}) {
  const runOne = async (stream) => {
    for (const write of stream) {
      write.before?.();
      let response;
      try {
        response = await write.send();
      } catch {
        return; // the server went away mid-request: this write was never acknowledged
      }
      assert.ok(response.status >= 200 && response.status < 300, `a write was refused while the server was up: ${response.status} ${response.text}`);
      write.done(response);
      ledger.acknowledged++;
      onAck(ledger.acknowledged);
    }
  };
  return Promise.all(streamsFor(client, ledger, base).map(runOne));
}

/** Checks every entity in the ledger against the running emulator; returns how many were checked. */
export async function verifyLedger(client, ledger) {
  let checked = 0;
  for (const [app, { last, inFlight }] of ledger.settings) {
    const { status, json } = await client.v3("GET", `/${app}/settings`);
    if (last === null) {
      // The create itself was in flight: absent, or present with exactly that write.
      assert.ok(status === 404 || json?.name === inFlight, `app ${app}: ${status} ${json?.name}, but its only write was in flight`);
    } else if (json?.name !== inFlight || last.name === inFlight) {
      assert.equal(status, 200, `app ${app}: acknowledged settings are gone`);
      assert.deepEqual({ name: json.name, updatedAt: json.updatedAt }, last, `app ${app}: the last acknowledged write is not what is stored`);
    }
    checked++;
  }
  for (const contact of ledger.contacts) {
    const { status, json } = await client.call("GET", `/_emulator/records/contacts/${contact.id}`);
    assert.equal(status, 200, `contact ${contact.id} was acknowledged, then lost`);
    assert.deepEqual(json, contact);
    checked++;
  }
  for (const [id, { last, inFlight }] of ledger.engagements) {
    const { status, json } = await client.call("GET", `/_emulator/engagements/${id}`);
    assert.equal(status, 200, `engagement ${id} was acknowledged, then lost`);
    if (json.properties.hs_call_body !== inFlight || last?.properties.hs_call_body === inFlight) {
      if (last) assert.deepEqual(json, last, `engagement ${id}: the last acknowledged update is not what is stored`);
      else assert.equal(json.properties.hs_call_body, undefined, `engagement ${id}: holds a note nobody acknowledged`);
    }
    checked++;
  }
  for (const [app, { last, inFlight }] of ledger.channels) {
    const { status, json } = await client.v3("GET", `/${app}/settings/channel-connection`);
    const stored = status === 404 ? { exists: false, url: null } : { exists: true, url: json.url };
    const acceptable = [last ?? { exists: false, url: null }, inFlight].filter(Boolean);
    assert.ok(acceptable.some((s) => s.exists === stored.exists && s.url === stored.url), `channel of app ${app}: stored ${JSON.stringify(stored)}, acknowledged ${JSON.stringify(last)}`);
    checked++;
  }
  return checked;
}
