// The section of BENCHMARKS.md that says why each missed target is missed, from the
// figures of the same run (bench/report.mjs calls it after the targets table): what
// the target allows callcore per message, or in bytes, or in ms, beside what the
// parts it cannot drop cost alone. Nothing here is typed in by hand: a sentence that
// draws a conclusion is written only when the figures support it.

/** The traffic targets: [measure, label, the ratio allowed to the reference pair's time, messages per unit]. */
const TRAFFIC = [
  ["w2h", "widget → host", 1 / 0.9, 1],
  ["h2w", "host → widget", 1 / 0.9, 1],
  ["rtt", "ping-pong (per message: half a round trip)", 1.1, 2],
];

/** µs per message of one pairing in one measure (rates are messages/s, rtt ms per round trip). */
function perMessageUs(measures, key, messages) {
  const m = measures[key].median;
  return key === "rtt" ? (m * 1000) / messages : 1e6 / m;
}

/**
 * Writes the section through `out` and `table` (report.mjs's helpers); `n` formats numbers.
 * Each input may be null (a bench that did not run): its rows are left out.
 */
export function writeBudget({ inspectorless, glueBurst, coreBurst, size, handshake, web }, { out, table, n }) {
  out("### What each missed target would need");
  out();
  out("Each target allows callcore a budget above the reference. Beside it, what the core costs for the very messages");
  out("the traffic measures time (`bench/burst-mix.json`: CALL_DATA from the widget's `callData`, VISIBILITY_CHANGED");
  out("from the host's `sendMessage`, with the options the glue gives a session): natively (`core_bench --mix`), and");
  out("as WebAssembly with its JSON crossing in Chromium, no postMessage (`bench/chromium-glue-bench.mjs --mix`). A");
  out("message costs its sender's side and its receiver's, so both roles' figures are added. All from this run.");
  out();
  if (inspectorless && glueBurst && coreBurst) {
    const pairings = inspectorless.pairings;
    const ref = pairings[inspectorless.reference];
    const cc = pairings.find((p) => p.host === "callcore" && p.widget === "callcore");
    const bothSides = (figures) => (figures.perMessage.widget.median_ns + figures.perMessage.host.median_ns) / 1000;
    const glue = bothSides(glueBurst);
    const native = bothSides(coreBurst);
    const rows = [["measure (no inspector)", "reference pair, µs per message", "budget: allowed extra, µs", "callcore pair's extra, µs", "core natively, both sides, µs", "core as WebAssembly + crossing in Chromium, both sides, µs"]];
    const over = { native: 0, glue: 0 };
    for (const [key, label, allowed, messages] of TRAFFIC) {
      const reference = perMessageUs(ref.measures, key, messages);
      const budget = reference * (allowed - 1);
      const extra = perMessageUs(cc.measures, key, messages) - reference;
      if (native > budget) over.native++;
      if (glue > budget) over.glue++;
      rows.push([label, n(reference, 2), n(budget, 2), n(extra, 2), n(native, 2), n(glue, 2)]);
    }
    table(rows);
    const all = TRAFFIC.length;
    if (over.native === all) {
      out("In every traffic measure the core alone, natively, with no WebAssembly, glue or crossing, costs more per");
      out("message than the whole budget: meeting these targets takes a cheaper core, whatever the glue does.");
    } else if (over.glue > 0) {
      out(`The core natively fits the budget in ${all - over.native} of ${all} traffic measures; as WebAssembly with its JSON`);
      out(`crossing it does not in ${over.glue} of ${all}, before any of the glue's other work (the SDK's members, the`);
      out("handlers, postMessage from deeper in the stack). Meeting those targets takes a core that costs in the browser");
      out("about what it costs natively, and a glue that adds almost nothing to it.");
    } else {
      out("The core, even as WebAssembly with its crossing, fits the budget in every traffic measure: the rest of the");
      out("callcore pair's extra time is the glue's own work.");
    }
    out();
  }
  if (size) {
    const part = (id) => size.parts.find((p) => p.part === id);
    const coreCode = part("core-code");
    const coreData = part("core-data");
    if (coreCode && coreData) {
      const alone = coreCode.split.gzip + coreData.split.gzip;
      const limit = size.targets.split.limit;
      out(`**Download.** The core's code and data alone cost the split build ${n(alone)} B of gzip, ${n(alone / limit, 1)}× the`);
      out(`${n(limit)} B target, before cJSON, the allocator, libc and the glue (section 4).${alone > limit ? " No trimming of the" : ""}`);
      if (alone > limit) out("rest meets it: it takes a core written for size, or a widget build without the WebAssembly core.");
      out();
    }
  }
  if (handshake && web) {
    const cc = handshake.pairings.find((p) => p.host === "callcore" && p.widget === "callcore");
    const ref = handshake.pairings.find((p) => p.host === "reference" && p.widget === "reference");
    const at = (p, name) => p.steps.find((s) => s.name === name)?.medianMs;
    const loading = (p, side) => at(p, `${side}: SDK script loaded`) - at(p, `${side}: bench page script running`);
    const scripts = ["host", "widget"].map((side) => loading(cc, side) - loading(ref, side));
    const behind = at(cc, "widget: widget onReady") - at(ref, "widget: widget onReady");
    if ([...scripts, behind].every(Number.isFinite)) {
      out(`**Handshake.** The budget is 0 ms. In \`bench/handshake-timeline.mjs\` the callcore pair's widget is ready`);
      out(`${n(behind, 1)} ms after the reference pair's; loading callcore's script takes the host ${n(scripts[0], 1)} ms and the`);
      out(`widget ${n(scripts[1], 1)} ms longer than loading the reference's (the file, its parse, decoding and compiling the`);
      out("WebAssembly; the widget's page starts only once the host's script has built the iframe, so the two add up).");
      out();
    }
  }
}
