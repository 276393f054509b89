#!/usr/bin/env node
// `callcore`: conformance runs for calling widgets (see USAGE in lib/args.mjs). Exit codes: 0 all
// selected scenarios pass; 1 one fails, is not driven or not run; 2 bad usage, a bad hooks file,
// or the check itself could not run.
//   check   plays the scenarios against a widget URL in headless Chromium, the emulator as host
//   replay  judges a trace written by `check --trace` again, with the same core, same verdicts
import { writeFile } from "node:fs/promises";
import { USAGE, UsageError, parseArgs } from "./lib/args.mjs";
import { HooksError, NO_HOOKS, readHooks } from "./lib/hooks.mjs";
import { FORMATS, buildReport } from "./lib/report.mjs";
import { SCENARIOS } from "./lib/scenarios.mjs";
import { readTrace, writeTrace } from "./lib/trace.mjs";

async function main(argv) {
  let options;
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`callcore: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (options.command === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (options.command === "scenarios") {
    for (const s of SCENARIOS) process.stdout.write(`${s.name.padEnd(18)} ${s.title}\n`);
    return 0;
  }

  // Chromium, the emulator and the core load only when a command needs them: usage stays quick.
  const { judgeTrace } = await import("./lib/judge.mjs");
  let report;
  if (options.command === "check") {
    const { runCheck } = await import("./lib/runner.mjs");
    const scenarios = options.scenarios.length ? options.scenarios : SCENARIOS.map((s) => s.name);
    const hooks = options.hooks ? await readHooks(options.hooks) : NO_HOOKS;
    const { trace, results } = await runCheck(options.widgetUrl, {
      scenarios,
      timeoutMs: options.timeoutMs,
      hostPort: options.hostPort,
      hostOrigin: options.hostOrigin,
      hooks,
    });
    if (options.trace) await writeTrace(options.trace, trace);
    report = buildReport({ command: "check", widgetUrl: options.widgetUrl, results });
  } else {
    const trace = await readTrace(options.traceFile);
    if (options.scenarios.length) {
      const missing = options.scenarios.filter((name) => !trace.scenarios.some((s) => s.name === name));
      if (missing.length) throw new UsageError(`${options.traceFile} has no scenario ${missing.join(", ")}`);
      trace.scenarios = trace.scenarios.filter((s) => options.scenarios.includes(s.name));
    }
    report = buildReport({ command: "replay", widgetUrl: trace.widgetUrl, results: await judgeTrace(trace) });
  }
  const text = FORMATS[options.format](report);
  if (options.output) await writeFile(options.output, text);
  else process.stdout.write(text);
  return report.passed ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    const plain = error instanceof UsageError || error instanceof HooksError;
    process.stderr.write(`callcore: ${plain ? error.message : error.stack || error.message}\n`);
    process.exitCode = 2;
  },
);
