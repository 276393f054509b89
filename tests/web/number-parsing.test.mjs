// Numbers in messages come back out of the core with the value JavaScript reads from
// the same text. The WebAssembly build parses plain integers of up to 15 digits with
// its own strtod (wasm/strtod_fast.c) and hands every other decimal to JavaScript's Number(): both
// paths are checked here, through the SYNC_ACK a widget echoes (every top-level key
// of the SYNC is copied into it, docs/protocol.md 1.6), and the printer
// (core/src/json_writer.c) writes each with the fewest digits that read back exactly.
import assert from "node:assert/strict";
import test from "node:test";
import { loadCallcore } from "./support.mjs";

const HOST = "https://host.example";

/** The numbers of the SYNC_ACK a fresh widget session answers a SYNC holding `texts` with. */
async function echoed(texts) {
  const core = await (await loadCallcore()).loadCore();
  const widget = core.createSession({
    role: "widget", instanceId: 1, ownOrigin: "https://widget.example", referrerOrigin: HOST,
    handlers: ["onReady"], allowedHostOrigins: [HOST],
  });
  try {
    const fields = texts.map((text, i) => `"n${i}":${text}`).join(",");
    const result = widget.receive(HOST, true, `{"type":"SYNC","hostUrl":"${HOST}","messageId":"5_1",${fields}}`, 10);
    assert.deepEqual(result, { ok: true });
    const ack = widget.drain().find((action) => action.action === "post").envelope;
    assert.equal(ack.type, "SYNC_ACK");
    return texts.map((_, i) => ack[`n${i}`]);
  } finally {
    widget.free();
  }
}

function assertSameNumbers(texts, values) {
  texts.forEach((text, i) => assert.ok(Object.is(values[i], JSON.parse(text)), `${text} came back as ${values[i]}`));
}

test("integers of up to 15 digits (the fast path), signs, zero and negative zero", async () => {
  const texts = ["0", "-0", "1", "-1", "7", "42", "-42", "1724412340000", "-1724412340000", "999999999999999",
    "-999999999999999", "100000000000000", "123456789012345", "-123456789012345"];
  // a seeded walk over every length from 1 to 15 digits
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let digits = 1; digits <= 15; digits++) {
    for (let k = 0; k < 12; k++) {
      let text = String(1 + Math.floor(random() * 9));
      while (text.length < digits) text += String(Math.floor(random() * 10));
      texts.push(random() < 0.5 ? text : `-${text}`);
    }
  }
  assertSameNumbers(texts, await echoed(texts));
});

test("everything else goes to the full parser: 16 digits, fractions, exponents", async () => {
  const texts = ["1234567890123456", "-1234567890123456", "4503599627370497", "1000000000000000",
    "123456789012345.5", "-123456789012345.5", "0.1", "1.5", "-0.5", "4.35", "1e3", "1E-7", "-2.5e+10", "12e0",
    "5e-324", "1.5e300", "0.25"];
  assertSameNumbers(texts, await echoed(texts));
});

test("numbers 15 digits cannot hold come back exactly (cJSON's printer rounded them within an epsilon)", async () => {
  const texts = ["0.30000000000000004", "9007199254740991", "-9007199254740991", "9007199254740992",
    "1.7976931348623157e308", "-1.7976931348623157e308", "2.2250738585072014e-308", "0.1000000000000001",
    "1234567890123456.7", "4.9406564584124654e-324"];
  assertSameNumbers(texts, await echoed(texts));
});
