// The three report formats of `callcore check` and `callcore replay`: text for people, JSON for
// scripts, JUnit XML for CI systems. All three say the same thing.
import { checkpointLabel, describeMiss, tabName } from "./judge.mjs";

const STATUS_WORD = { pass: "PASS", fail: "FAIL", "not-driven": "NOT DRIVEN", "not-run": "NOT RUN" };

function seconds(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

export function buildReport({ command, widgetUrl, results }) {
  const count = (status) => results.filter((r) => r.status === status).length;
  return {
    command,
    widgetUrl,
    passed: results.length > 0 && results.every((r) => r.status === "pass"),
    summary: { scenarios: results.length, passed: count("pass"), failed: count("fail"), notDriven: count("not-driven"), notRun: count("not-run") },
    scenarios: results,
  };
}

function violationLine(v) {
  const where = [v.tab && tabName(v.tab), v.direction === "inbound" ? "widget→host" : v.direction === "outbound" ? "host→widget" : "local", v.type, v.outcome]
    .filter(Boolean)
    .join(", ");
  return `${v.severity === "error" ? "ERROR" : "warn "} ${v.code} (${where}) at ${seconds(v.at)}: ${v.message}`;
}

/** The handshake's diagnosis, for a person: what the widget logged, what was sent, the fix. */
export function diagnosisLines(d, indent = "    ") {
  const lines = [`${indent}the handshake failed (no ${d.stage}); diagnosis:`];
  const sub = `${indent}  `;
  for (const load of d.loads.filter((l) => l.error || l.status >= 400)) {
    lines.push(`${sub}the widget's page ${load.url}: ${load.error || `HTTP ${load.status}`}`);
  }
  if (d.logged.length) {
    lines.push(`${sub}the widget's frame logged:`);
    for (const l of d.logged) {
      const who = l.from === "browser" ? "browser " : "";
      lines.push(`${sub}  ${who}${l.level} at ${seconds(l.at)}: ${l.text}${l.count ? ` (${l.count} times)` : ""}`);
    }
  } else {
    lines.push(`${sub}the widget's frame logged nothing`);
  }
  const s = d.sent;
  lines.push(s.count
    ? `${sub}the host (${d.hostOrigin}) sent ${s.count} SYNC${s.count > 1 ? "s" : ""} to targetOrigin ${s.targetOrigins.join(", ")}, from ${seconds(s.firstAt)} to ${seconds(s.lastAt)}; the widget sent ${d.received} message${d.received === 1 ? "" : "s"} back`
    : `${sub}the host (${d.hostOrigin}) sent no SYNC`);
  lines.push(`${sub}fix: ${d.fix}`);
  return lines;
}

export function formatText(report) {
  const lines = [`callcore ${report.command} ${report.widgetUrl}`, ""];
  const width = Math.max(...report.scenarios.map((r) => r.name.length), 8);
  for (const r of report.scenarios) {
    lines.push(`${STATUS_WORD[r.status].padEnd(10)} ${r.name.padEnd(width)}  ${seconds(r.durationMs).padStart(7)}  ${r.title}`);
    for (const c of r.checkpoints) lines.push(c.met ? `    ok   ${checkpointLabel(c)} (${seconds(c.at)})` : `    MISS ${describeMiss(c)}`);
    for (const n of r.notes || []) lines.push(`    note ${n}`);
    for (const v of r.violations) lines.push(`    ${violationLine(v)}`);
    if (r.notDriven) lines.push(`    not driven: ${r.notDriven}`);
    if (r.notRun) lines.push(`    not run: ${r.notRun}`);
    for (const f of r.fidelity) lines.push(`    trace: ${f}`);
    if (r.diagnosis) lines.push(...diagnosisLines(r.diagnosis));
  }
  const s = report.summary;
  const parts = [s.failed && `${s.failed} failed`, s.notDriven && `${s.notDriven} not driven`, s.notRun && `${s.notRun} not run`].filter(Boolean);
  lines.push("", `${s.passed}/${s.scenarios} scenarios passed${parts.length ? `, ${parts.join(", ")}` : ""}.`);
  return `${lines.join("\n")}\n`;
}

export function formatJson(report) {
  return `${JSON.stringify(report, null, 2)}\n`;
}

const escapeXml = (text) =>
  String(text).replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c])
    // XML 1.0 forbids most control characters, which envelopes may carry.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

export function formatJunit(report) {
  const s = report.summary;
  const total = report.scenarios.reduce((sum, r) => sum + r.durationMs, 0) / 1000;
  const notRun = s.notRun || 0;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="callcore ${escapeXml(report.command)}" tests="${s.scenarios}" failures="${s.failed + s.notDriven}" time="${total.toFixed(3)}">`,
    `  <testsuite name="${escapeXml(report.widgetUrl)}" tests="${s.scenarios}" failures="${s.failed + s.notDriven}" errors="0" skipped="${notRun}" time="${total.toFixed(3)}">`,
  ];
  for (const r of report.scenarios) {
    const head = `    <testcase classname="callcore.check" name="${escapeXml(r.name)}" time="${(r.durationMs / 1000).toFixed(3)}"`;
    if (r.status === "not-run") {
      out.push(`${head}>`, `      <skipped message="${escapeXml(`not run: ${r.notRun}`)}"/>`, "    </testcase>");
      continue;
    }
    const details = [
      ...r.missing,
      ...r.violations.map(violationLine),
      ...(r.notDriven ? [`not driven: ${r.notDriven}`] : []),
      ...r.fidelity.map((f) => `trace: ${f}`),
      ...(r.diagnosis ? diagnosisLines(r.diagnosis, "") : []),
    ];
    if (r.status === "pass") {
      const warnings = [...(r.notes || []).map((n) => `note ${n}`), ...r.violations.map(violationLine)];
      out.push(warnings.length ? `${head}>\n      <system-out>${escapeXml(warnings.join("\n"))}</system-out>\n    </testcase>` : `${head}/>`);
      continue;
    }
    const first = r.notDriven ? `not driven: ${r.notDriven}` : r.missing[0] || violationLine(r.violations.find((v) => v.severity === "error") || r.violations[0] || { message: "failed" });
    out.push(`${head}>`);
    out.push(`      <failure type="${r.status}" message="${escapeXml(first)}">${escapeXml(details.join("\n"))}</failure>`);
    out.push("    </testcase>");
  }
  out.push("  </testsuite>", "</testsuites>");
  return `${out.join("\n")}\n`;
}

export const FORMATS = { text: formatText, json: formatJson, junit: formatJunit };
