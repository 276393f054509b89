#!/usr/bin/env node
// Download sizes (prints figures; asserts nothing): the bytes a widget page loads for
// each callcore build and for the reference SDK, raw and gzip -9; then where the
// WebAssembly's bytes go, by section and by who wrote the code (callcore, cJSON,
// musl's printf and strtod, compiler-rt's soft long double, the rest), read from the
// split build's .wasm and its symbol map.
//
//   node bench/size.mjs [--json]
//
// Build first (npm run build).
import { readFileSync, readdirSync } from "node:fs";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { bundleReference } from "../tests/e2e/support.mjs";

const { values } = parseArgs({ options: { json: { type: "boolean", default: false } } });
const root = new URL("../", import.meta.url);
const read = (path) => readFileSync(new URL(path, root));
const gz = (buffer) => gzipSync(buffer, { level: 9 }).length;
const sized = (label, buffer) => ({ file: label, raw: buffer.length, gzip: gz(buffer) });

const reference = "node_modules/@hubspot/calling-extensions-sdk/dist/";
const builds = [
  { build: "callcore, one file (WASM inlined as base64)", files: [sized("web/dist/callcore.js", read("web/dist/callcore.js"))] },
  {
    build: "callcore, split (.wasm beside the script)",
    files: [
      sized("web/dist/split/callcore.js", read("web/dist/split/callcore.js")),
      sized("web/dist/split/callcore-core.wasm", read("web/dist/split/callcore-core.wasm")),
    ],
  },
  { build: "reference dist/main.js (UMD)", files: [sized("main.js", read(`${reference}main.js`))] },
  { build: "reference dist/main.esm.js", files: [sized("main.esm.js", read(`${reference}main.esm.js`))] },
  { build: "reference main.js as bench pages load it (esbuild IIFE)", files: [sized("reference.js", Buffer.from(await bundleReference()))] },
];
for (const b of builds) {
  b.raw = b.files.reduce((n, f) => n + f.raw, 0);
  b.gzip = b.files.reduce((n, f) => n + f.gzip, 0);
}

// ---- the .wasm, section by section and function by function ----

function leb(bytes, at) {
  let value = 0, shift = 0, byte;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

const SECTION_NAMES = ["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "data count"];

function wasmBreakdown(bytes, symbols) {
  const sections = [];
  let importedFunctions = 0;
  const bodies = [];
  for (let at = 8; at < bytes.length;) {
    const id = bytes[at];
    const [size, start] = leb(bytes, at + 1);
    sections.push({ section: SECTION_NAMES[id] ?? String(id), bytes: start - at + size });
    if (id === 2) {
      // imports: count the functions, which come first in the function index space
      let [count, p] = leb(bytes, start);
      for (let i = 0; i < count; i++) {
        let n;
        [n, p] = leb(bytes, p); p += n; // module
        [n, p] = leb(bytes, p); p += n; // field
        const kind = bytes[p++];
        if (kind === 0) { [, p] = leb(bytes, p); importedFunctions++; }
        else if (kind === 1) { p++; const [flags, q] = leb(bytes, p); p = q; [, p] = leb(bytes, p); if (flags & 1) [, p] = leb(bytes, p); }
        else if (kind === 2) { const [flags, q] = leb(bytes, p); p = q; [, p] = leb(bytes, p); if (flags & 1) [, p] = leb(bytes, p); }
        else if (kind === 3) p += 2;
      }
    }
    if (id === 10) {
      let [count, p] = leb(bytes, start);
      for (let i = 0; i < count; i++) {
        const [len, q] = leb(bytes, p);
        bodies.push({ index: importedFunctions + i, bytes: bytes.subarray(p, q + len), size: q - p + len });
        p = q + len;
      }
    }
    at = start + size;
  }
  return { sections, bodies, importedFunctions, symbols };
}

/** Function names defined in C files (a definition starts a line and ends in "{"). */
function definedIn(files) {
  const names = new Set();
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/^[A-Za-z_][\w \t*]*?\b([A-Za-z_]\w*)\s*\([^;{]*\)\s*\{/gm)) names.add(match[1]);
  }
  return names;
}

const coreDir = new URL("core/src/", root);
const callcoreNames = definedIn(readdirSync(coreDir).filter((f) => f.endsWith(".c")).map((f) => new URL(f, coreDir)));
const cjsonNames = definedIn([new URL("third_party/cjson/cJSON.c", root)]);

const GROUPS = [
  ["callcore (core/src)", (name) => callcoreNames.has(name)],
  ["cJSON", (name) => cjsonNames.has(name)],
  ["musl printf family", (name) => /printf|^fmt_|^pop_arg$|^out$|^pad$|^getint$|^fmt_fp$|^frexpl?$|^__signbitl?$|^__fpclassifyl?$|wctomb|^sn_write$|^__towrite/.test(name)],
  ["musl strtod / sscanf family", (name) => /strto|scanf|scan|^decfloat$|^hexfloat$|^scanexp$|^__shgetc$|^__shlim$|^scalbnl?$|^copysignl?$|^fmodl?$|^__uflow$|^__toread|^string_read$|^store_int$|^arg_n$|^fabsl?$/.test(name)],
  ["compiler-rt soft long double", (name) => /^__\w*tf\d?$|^__\w*tf2$|^__multi3$|^__ashlti3$|^__lshrti3$|^__\w+ti3$/.test(name)],
  ["other libc + runtime (malloc, strings, glue)", () => true],
];

const wasm = read("web/dist/split/callcore-core.wasm");
const symbolText = readFileSync(new URL("build-wasm/wasm/callcore-core.js.symbols", root), "utf8");
const symbols = new Map(symbolText.trim().split("\n").map((line) => {
  const at = line.indexOf(":");
  return [Number(line.slice(0, at)), line.slice(at + 1)];
}));
const breakdown = wasmBreakdown(wasm, symbols);
const groups = GROUPS.map(([group]) => ({ group, functions: 0, bytes: 0, parts: [] }));
const largest = [];
for (const body of breakdown.bodies) {
  const name = symbols.get(body.index) ?? `#${body.index}`;
  const g = GROUPS.findIndex(([, test]) => test(name));
  groups[g].functions++;
  groups[g].bytes += body.size;
  groups[g].parts.push(body.bytes);
  largest.push({ name, group: GROUPS[g][0], bytes: body.size });
}
for (const g of groups) {
  g.gzipAlone = gz(Buffer.concat(g.parts)); // compressed on its own: an estimate of its share
  delete g.parts;
}
largest.sort((a, b) => b.bytes - a.bytes);
const dataSection = breakdown.sections.filter((s) => s.section === "data").reduce((n, s) => n + s.bytes, 0);

const report = {
  builds,
  wasm: {
    file: "web/dist/split/callcore-core.wasm",
    raw: wasm.length,
    gzip: gz(wasm),
    sections: breakdown.sections,
    codeByAuthor: groups,
    dataSectionBytes: dataSection,
    largestFunctions: largest.slice(0, 15),
  },
};

if (values.json) {
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} else {
  const n = (x) => x.toLocaleString("en-US");
  console.log("bytes a widget downloads (raw / gzip -9)");
  for (const b of builds) {
    console.log(`  ${b.build.padEnd(58)} ${n(b.raw).padStart(9)} / ${n(b.gzip).padStart(7)}`);
    if (b.files.length > 1) for (const f of b.files) console.log(`    ${f.file.padEnd(56)} ${n(f.raw).padStart(9)} / ${n(f.gzip).padStart(7)}`);
  }
  console.log(`\n${report.wasm.file}: ${n(report.wasm.raw)} B, ${n(report.wasm.gzip)} B gzip -9`);
  for (const s of breakdown.sections) console.log(`  section ${s.section.padEnd(12)} ${n(s.bytes).padStart(8)} B`);
  console.log("  code by author (bytes, functions, gzip of that code alone)");
  for (const g of groups) console.log(`    ${g.group.padEnd(46)} ${n(g.bytes).padStart(7)} B ${String(g.functions).padStart(4)} fn  ${n(g.gzipAlone).padStart(6)} B gz`);
  console.log("  largest functions");
  for (const f of report.wasm.largestFunctions) console.log(`    ${f.name.padEnd(34)} ${n(f.bytes).padStart(6)} B  (${f.group})`);
}
