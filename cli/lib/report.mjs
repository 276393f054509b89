// The three report formats of `callcore check` and `callcore replay`: text for people, JSON for
// scripts, JUnit XML for CI systems. All three say the same thing.
import { describeMiss } from "./judge.mjs";

const STATUS_WORD = { pass: "PASS", fail: "FAIL", "not-driven": "NOT DRIVEN" };

function seconds(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

export function buildReport({ command, widgetUrl, results }) {
  const count = (status) => results.filter((r) => r.status === status).length;
  return {
    command,
    widgetUrl,
    passed: results.length > 0 && results.every((r) => r.status === "pass"),
    summary: { scenarios: results.length, passed: count("pass"), failed: count("fail"), notDriven: count("not-driven") },
    scenarios: results,
  };
}

function violationLine(v) {
  const where = [v.direction === "inbound" ? "widget→host" : v.direction === "outbound" ? "host→widget" : "local", v.type, v.outcome]
    .filter(Boolean)
    .join(", ");
  return `${v.severity === "error" ? "ERROR" : "warn "} ${v.code} (${where}) at ${seconds(v.at)}: ${v.message}`;
}

export function formatText(report) {
  const lines = [`callcore ${report.command} ${report.widgetUrl}`, ""];
  const width = Math.max(...report.scenarios.map((r) => r.name.length), 8);
  for (const r of report.scenarios) {
    lines.push(`${STATUS_WORD[r.status].padEnd(10)} ${r.name.padEnd(width)}  ${seconds(r.durationMs).padStart(7)}  ${r.title}`);
    for (const c of r.checkpoints) lines.push(c.met ? `    ok   ${c.label} (${seconds(c.at)})` : `    MISS ${describeMiss(c)}`);
    for (const v of r.violations) lines.push(`    ${violationLine(v)}`);
    if (r.notDriven) lines.push(`    not driven: ${r.notDriven}`);
    for (const f of r.fidelity) lines.push(`    trace: ${f}`);
  }
  const s = report.summary;
  lines.push("", `${s.passed}/${s.scenarios} scenarios passed${s.failed ? `, ${s.failed} failed` : ""}${s.notDriven ? `, ${s.notDriven} not driven` : ""}.`);
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
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="callcore ${escapeXml(report.command)}" tests="${s.scenarios}" failures="${s.failed + s.notDriven}" time="${total.toFixed(3)}">`,
    `  <testsuite name="${escapeXml(report.widgetUrl)}" tests="${s.scenarios}" failures="${s.failed + s.notDriven}" errors="0" skipped="0" time="${total.toFixed(3)}">`,
  ];
  for (const r of report.scenarios) {
    const head = `    <testcase classname="callcore.check" name="${escapeXml(r.name)}" time="${(r.durationMs / 1000).toFixed(3)}"`;
    const details = [
      ...r.missing,
      ...r.violations.map(violationLine),
      ...(r.notDriven ? [`not driven: ${r.notDriven}`] : []),
      ...r.fidelity.map((f) => `trace: ${f}`),
    ];
    if (r.status === "pass") {
      const warnings = r.violations.map(violationLine);
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
