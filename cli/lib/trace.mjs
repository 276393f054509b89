// The trace file: every event of every scenario with its time, as the emulator page recorded it
// (inputs to the host's core session, the envelopes it posted) plus the runner's marks and
// checkpoints. Envelopes are kept as objects when that loses nothing, else as the exact JSON
// text the core was given, so a replay feeds the core byte for byte what the page fed it.
import { readFile, writeFile } from "node:fs/promises";

export const TRACE_FORMAT = "callcore-check-trace/1";

/** JSON text → the friendliest lossless field: {envelope} when it round-trips exactly, else {json}. */
function readable(json, key) {
  if (json === null || json === undefined) return { [key]: null };
  try {
    const value = JSON.parse(json);
    if (JSON.stringify(value) === json) return { [key]: value };
  } catch {
    /* not JSON (the glue could not serialise it): keep the text */
  }
  return { json };
}

/** A page event as it goes into the trace file. */
export function fromPage(event) {
  if (event.input === "receive") {
    const { json, ...rest } = event;
    return { ...rest, ...readable(json, "envelope") };
  }
  if (event.input === "call") {
    const { json, ...rest } = event;
    return { ...rest, ...readable(json, "payload") };
  }
  return event;
}

export function envelopeJson(event) {
  return "json" in event ? event.json : JSON.stringify(event.envelope);
}

export function payloadJson(event) {
  if ("json" in event) return event.json;
  return event.payload === null ? null : JSON.stringify(event.payload);
}

/** The page records envelopes with undefined spelled as the core spells it; so does the replay. */
const UNDEFINED = "\u001bundefined";
const keepUndefined = (_key, value) => (value === undefined ? UNDEFINED : value);

export function sameEnvelope(replayed, recorded) {
  return JSON.stringify(replayed, keepUndefined) === JSON.stringify(recorded);
}

export async function writeTrace(file, trace) {
  await writeFile(file, `${JSON.stringify(trace, null, 1)}\n`);
}

export async function readTrace(file) {
  let trace;
  try {
    trace = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new Error(`${file}: not a readable trace (${error.code || error.message})`);
  }
  if (!trace || trace.format !== TRACE_FORMAT || !Array.isArray(trace.scenarios)) {
    throw new Error(`${file}: not a callcore check trace (format must be "${TRACE_FORMAT}")`);
  }
  for (const [i, scenario] of trace.scenarios.entries()) {
    if (!scenario || typeof scenario.name !== "string" || !Array.isArray(scenario.events)) {
      throw new Error(`${file}: scenarios[${i}] needs a name and an events array`);
    }
  }
  return trace;
}
