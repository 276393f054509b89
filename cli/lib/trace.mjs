// The trace file: every event of every scenario with its time, as the emulator page recorded it
// through the glue's input-trace hook (onCoreTrace: the inputs of the host's core session, the
// envelopes it posted) plus the runner's marks and checkpoints. An input's JSON text is kept as
// an object when that loses nothing, else as the exact text the core was given, so a replay
// feeds the core byte for byte what the page fed it.
//
// A scenario over several pages (tabs, the calling window) keeps them apart with `tab` on each
// event of a page other than the first tab ("2", "window"); session numbers are per page. A
// trace without `tab` is one page's, as every trace was before: it judges as it always did.
import { readFile, writeFile } from "node:fs/promises";

export const TRACE_FORMAT = "callcore-check-trace/1";

/** The key an input's JSON text is shown under in the file, when it round-trips as an object. */
const TEXT_KEYS = { receive: "envelope", call: "payload", dispatch: "event" };

/**
 * JSON text → the friendliest lossless field: {[key]: value} when it round-trips exactly, else
 * {json}. {[key]: null} is no text at all (a call's omitted argument); the text "null" stays text.
 */
function readable(json, key) {
  if (json === null || json === undefined) return { [key]: null };
  try {
    const value = JSON.parse(json);
    if (value !== null && JSON.stringify(value) === json) return { [key]: value };
  } catch {
    /* not JSON (the glue could not serialise it): keep the text */
  }
  return { json };
}

/** A page event (an onCoreTrace entry) as it goes into the trace file. */
export function fromPage(event) {
  const key = TEXT_KEYS[event.input];
  if (!key) return event;
  const { json, ...rest } = event;
  return { ...rest, ...readable(json, key) };
}

/** The input as the core's session takes it (CoreSession.apply): its JSON text back under `json`. */
export function toInput(event) {
  const key = TEXT_KEYS[event.input];
  if (!key || "json" in event) return event;
  const { [key]: value, ...rest } = event;
  return { ...rest, json: value === null ? null : JSON.stringify(value) };
}

/**
 * Whether a post the replay made is the one the page recorded. The page records envelopes
 * with undefined spelled as the core's sentinel (`undefinedText`, the catalogue's
 * "undefined"); so is the replayed one before they are compared.
 */
export function sameEnvelope(replayed, recorded, undefinedText) {
  const spelled = JSON.stringify(replayed, (_key, value) => (value === undefined ? undefinedText : value));
  return spelled === JSON.stringify(recorded);
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
