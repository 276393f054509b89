#!/usr/bin/env node
// Download sizes (prints figures; asserts nothing): the bytes a widget page loads for each
// callcore build and for the reference SDK, raw, gzip -9 and brotli (quality 11); then what
// each part of callcore costs in both builds: the core's code, its data (catalogue, schemas,
// sentences), cJSON, number formatting and parsing (callcore's snprintf and strtod for
// WebAssembly, wasm/format.c and wasm/strtod_fast.c, or musl's and compiler-rt's soft long
// double in a build that links them), the allocator, the rest of libc, the glue JS, and
// inlining the .wasm in the one-file script.
//
// Where the bytes come from: the .wasm's functions are named by Emscripten's symbol map
// (build-wasm/wasm/callcore-core.js.symbols); each name and each piece of data is traced
// to the object file it was linked from by a link map. emcc 3.1.6 drops --Map, so the
// module is linked again into build-bench/size-map/ exactly as CMake links it (the output
// is compared with the shipped .wasm), and wasm-ld is run once more with --Map. The merged
// string literals ("<internal>:(.rodata)") are split at their NULs and each is given to the
// object files whose own string segments hold it (core objects first, then cJSON, then
// wasm/format.c). A function counts where its final name was defined, with whatever wasm-opt
// inlined into it.
//
// What a part costs: how many bytes the compressed download loses when the part's bytes
// are cut out of the .wasm (split build: the .wasm alone; one-file build: the .wasm cut,
// encoded again as esbuild prints it and put back into web/dist/callcore.js). The parts' costs do not add
// up exactly to the total: compression shares context between them; the difference is
// its own row.
//
//   node bench/size.mjs [--json]
//
// Build first (npm run build).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { brotliCompressSync, constants as zlib, gzipSync } from "node:zlib";
import { build as esbuild, transformSync } from "esbuild";
import { bundleReference } from "../tests/e2e/support.mjs";

const { values } = parseArgs({ options: { json: { type: "boolean", default: false } } });
const root = fileURLToPath(new URL("../", import.meta.url));
const read = (path) => readFileSync(join(root, path));
const gz = (buffer) => gzipSync(buffer, { level: 9 }).length;
const br = (buffer) =>
  brotliCompressSync(buffer, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: buffer.length } }).length;
const sized = (label, buffer) => ({ file: label, raw: buffer.length, gzip: gz(buffer), brotli: br(buffer) });

const ONE_FILE = "web/dist/callcore.js";
const SPLIT_SCRIPT = "web/dist/split/callcore.js";
const WASM = "web/dist/split/callcore-core.wasm";
const oneFile = read(ONE_FILE);
const splitScript = read(SPLIT_SCRIPT);
const wasm = read(WASM);

const reference = "node_modules/@hubspot/calling-extensions-sdk/dist/";
const builds = [
  { build: "callcore, one file (WASM inlined as a string)", files: [sized(ONE_FILE, oneFile)] },
  { build: "callcore, split (.wasm beside the script)", files: [sized(SPLIT_SCRIPT, splitScript), sized(WASM, wasm)] },
  { build: "reference dist/main.js (UMD)", files: [sized("main.js", read(`${reference}main.js`))] },
  { build: "reference dist/main.esm.js", files: [sized("main.esm.js", read(`${reference}main.esm.js`))] },
  { build: "reference main.js as bench pages load it (esbuild IIFE)", files: [sized("reference.js", Buffer.from(await bundleReference()))] },
];
for (const b of builds) for (const k of ["raw", "gzip", "brotli"]) b[k] = b.files.reduce((n, f) => n + f[k], 0);

// ---- WebAssembly binaries ----

function leb(bytes, at) {
  let value = 0, shift = 0, byte;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}
function sleb(bytes, at) {
  let value = 0, shift = 0, byte;
  do {
    byte = bytes[at++];
    value |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  if (shift < 32 && byte & 0x40) value |= -1 << shift;
  return [value, at];
}

const SECTION_NAMES = ["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "data count"];

/** Sections, function bodies (index, file offset, size) and active data segments (address, file offset, size). */
function parseWasm(bytes) {
  const sections = [];
  const bodies = [];
  const segments = [];
  let importedFunctions = 0;
  for (let at = 8; at < bytes.length;) {
    const id = bytes[at];
    const [size, start] = leb(bytes, at + 1);
    sections.push({ section: SECTION_NAMES[id] ?? String(id), offset: at, bytes: start - at + size });
    if (id === 2) {
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
    } else if (id === 10) {
      let [count, p] = leb(bytes, start);
      for (let i = 0; i < count; i++) {
        const [len, q] = leb(bytes, p);
        bodies.push({ index: importedFunctions + i, offset: p, size: q - p + len });
        p = q + len;
      }
    } else if (id === 11) {
      let [count, p] = leb(bytes, start);
      for (let i = 0; i < count; i++) {
        let flags;
        [flags, p] = leb(bytes, p);
        let address = null;
        if (flags === 2) [, p] = leb(bytes, p); // memory index
        if (flags !== 1) {
          if (bytes[p] !== 0x41) throw new Error("data segment offset is not an i32.const");
          [address, p] = sleb(bytes, p + 1);
          p++; // end
        }
        const [len, q] = leb(bytes, p);
        segments.push({ address, offset: q, size: len });
        p = q + len;
      }
    }
    at = start + size;
  }
  return { sections, bodies, segments, importedFunctions };
}

// ---- the link map ----

const buildWasm = join(root, "build-wasm", "wasm");
const mapDir = join(root, "build-bench", "size-map");

/** Links the module again as CMake does (EMCC_DEBUG shows wasm-ld's command), then wasm-ld with --Map. */
function linkMap() {
  mkdirSync(mapDir, { recursive: true });
  const linkTxt = readFileSync(join(buildWasm, "CMakeFiles", "callcore_wasm.dir", "link.txt"), "utf8").trim();
  const relink = linkTxt.replace(/ -o callcore-core\.js /, ` -o ${mapDir}/callcore-core.js `);
  if (relink === linkTxt) throw new Error("link.txt has no '-o callcore-core.js'");
  const env = { ...process.env, EMCC_DEBUG: "1", EMCC_TEMP_DIR: mapDir, NODE_PATH: "/usr/share/nodejs" };
  let log;
  try {
    log = execFileSync("bash", ["-c", `${relink} 2>&1`], { cwd: buildWasm, env, encoding: "utf8", maxBuffer: 64 << 20 });
  } catch (error) {
    throw new Error(`relinking for the map failed: ${error.stdout || error.message}`);
  }
  const line = log.split("\n").find((l) => /successfully executed \S*wasm-ld/.test(l));
  if (!line) throw new Error("no wasm-ld command in emcc's debug output");
  const command = line.replace(/^.*successfully executed /, "").replace(/ -o \S+ /, ` -o ${mapDir}/linked.wasm --Map=${mapDir}/map.txt `);
  execFileSync("bash", ["-c", command], { cwd: buildWasm, stdio: ["ignore", "ignore", "inherit"] });
  const relinked = readFileSync(join(mapDir, "callcore-core.wasm"));
  return { map: readFileSync(join(mapDir, "map.txt"), "utf8"), identical: relinked.equals(wasm) };
}

/** name → input file for functions; data pieces {address, size, input, section} (addresses in linear memory). */
function parseMap(text) {
  const functionInput = new Map();
  const data = [];
  let out = null;
  let input = null;
  for (const line of text.split("\n").slice(1)) {
    const m = /^\s*(\S+)\s+(\S+)\s+(\S+)( +)(.*)$/.exec(line);
    if (!m) continue;
    const [, addr, , size, pad, rest] = m;
    if (pad.length === 1) {
      out = rest;
      input = null;
    } else if (pad.length <= 9) {
      const im = /^(.*):\((.*)\)$/.exec(rest);
      input = im ? im[1] : rest;
      if (out === "CODE" && im) functionInput.set(im[2], input);
      else if (out && out.startsWith(".") && addr !== "-") data.push({ address: parseInt(addr, 16), size: parseInt(size, 16), input, section: im ? im[2] : rest });
    } else if (out === "CODE" && input) functionInput.set(rest, input);
  }
  return { functionInput, data };
}

// ---- who wrote what ----

const member = (input) => (/\(([^)]*)\)$/.exec(input) || [, input.split("/").pop()])[1];
const LIBC_FORMATTING = /^(vfprintf|vsnprintf|snprintf|fwrite|__towrite|frexp|wcrtomb|wctomb|__fpclassifyl|__lockfile)\.o$/;
const LIBC_PARSING = /^(floatscan|strtod|shgetc|__toread|__uflow|copysignl|fabsl|fmodl|scalbn|scalbnl|intscan|sscanf|vfscanf|strtol)\.o$/;
const PARTS = [
  { key: "core-code", label: "the core's code (core/src, wasm/exports.c)" },
  { key: "core-data", label: "the core's data: catalogue, schemas, sentences, names" },
  { key: "cjson", label: "cJSON (code and data)" },
  { key: "libc-format", label: "number formatting (snprintf: wasm/format.c; musl's printf)" },
  { key: "libc-parse", label: "number parsing (strtod: wasm/strtod_fast.c; musl's floatscan)" },
  { key: "softfloat", label: "compiler-rt soft long double (for both)" },
  { key: "alloc", label: "the allocator (dlmalloc, sbrk)" },
  { key: "other", label: "other libc and runtime (mem*, str*, qsort, stack)" },
];
function partOf(input, isData) {
  if (/cJSON\.c\.o/.test(input)) return "cjson";
  if (/callcore_wasm\.dir\/format\.c\.o/.test(input)) return "libc-format";
  if (/callcore_wasm\.dir\/strtod_fast\.c\.o/.test(input)) return "libc-parse";
  if (/callcore_wasm\.dir\/strstr_small\.c\.o/.test(input)) return "other";
  if (/libcallcore\.a\(|callcore_wasm\.dir|callcore\.dir/.test(input)) return isData ? "core-data" : "core-code";
  if (/libdlmalloc\.a|emscripten_get_heap_size/.test(input)) return "alloc";
  const name = member(input);
  if (/libcompiler_rt\.a/.test(input) && /tf\d?\.o$|tf2\.o$|ti3\.o$|^fp_mode\.o$/.test(name)) return "softfloat";
  if (LIBC_FORMATTING.test(name)) return "libc-format";
  if (LIBC_PARSING.test(name)) return "libc-parse";
  return "other";
}

/** Every NUL-terminated string in the data segments of wasm object files. */
function objectStrings(files) {
  const strings = new Set();
  for (const file of files) {
    const bytes = readFileSync(file);
    const { segments } = parseWasm(bytes);
    for (const s of segments) {
      let start = s.offset;
      for (let i = s.offset; i < s.offset + s.size; i++) {
        if (bytes[i] === 0) {
          if (i > start) strings.add(bytes.subarray(start, i).toString("latin1"));
          start = i + 1;
        }
      }
    }
  }
  return strings;
}
const objectsIn = (dir) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".o")).map((f) => join(dir, f)) : []);
const ownLibc = /\/(format|strtod_fast|strstr_small)\.c\.o$/;
const coreObjects = [
  ...objectsIn(join(root, "build-wasm", "CMakeFiles", "callcore.dir", "core", "src")),
  ...objectsIn(join(buildWasm, "CMakeFiles", "callcore_wasm.dir")).filter((f) => !ownLibc.test(f)),
];
const formatObjects = objectsIn(join(buildWasm, "CMakeFiles", "callcore_wasm.dir")).filter((f) => ownLibc.test(f));
const cjsonObjects = [
  ...objectsIn(join(root, "build-wasm", "CMakeFiles", "callcore.dir", "third_party", "cjson")),
  ...objectsIn(join(root, "build-wasm", "CMakeFiles", "cjson.dir", "third_party", "cjson")),
];

const { map, identical } = linkMap();
const { functionInput, data } = parseMap(map);
const parsed = parseWasm(wasm);
const symbols = new Map(read("build-wasm/wasm/callcore-core.js.symbols").toString("utf8").trim().split("\n").map((line) => {
  const at = line.indexOf(":");
  return [Number(line.slice(0, at)), line.slice(at + 1)];
}));

// file ranges of each part in the shipped .wasm
const ranges = Object.fromEntries(PARTS.map((p) => [p.key, []]));
const functions = Object.fromEntries(PARTS.map((p) => [p.key, 0]));
const unnamed = [];
const largest = [];
for (const body of parsed.bodies) {
  const name = symbols.get(body.index) ?? `#${body.index}`;
  const input = functionInput.get(name);
  const part = input ? partOf(input, false) : "other";
  if (!input) unnamed.push(name);
  ranges[part].push([body.offset, body.offset + body.size]);
  functions[part]++;
  largest.push({ name, part, bytes: body.size });
}
largest.sort((a, b) => b.bytes - a.bytes);

/** The shipped file's bytes for linear-memory [address, address + size). */
function fileRanges(address, size) {
  const out = [];
  for (const s of parsed.segments) {
    if (s.address === null) continue;
    const lo = Math.max(address, s.address);
    const hi = Math.min(address + size, s.address + s.size);
    if (lo < hi) out.push([s.offset + lo - s.address, s.offset + hi - s.address]);
  }
  return out;
}
const coreStrings = objectStrings(coreObjects);
const cjsonStrings = objectStrings(cjsonObjects);
const formatStrings = objectStrings(formatObjects);
const unmatchedStrings = [];
for (const piece of data) {
  if (piece.input === "<internal>" && piece.section === ".rodata") {
    // merged string literals: split at the NULs, each string to whoever has it
    for (const [lo, hi] of fileRanges(piece.address, piece.size)) {
      let start = lo;
      for (let i = lo; i < hi; i++) {
        if (wasm[i] !== 0 && i !== hi - 1) continue;
        const end = i + 1;
        const text = wasm.subarray(start, wasm[i] === 0 ? i : end).toString("latin1");
        const part = !text ? "other" : coreStrings.has(text) ? "core-data" : cjsonStrings.has(text) ? "cjson" : "libc-format";
        if (part === "libc-format" && !formatStrings.has(text)) unmatchedStrings.push(text);
        ranges[part].push([start, end]);
        start = end;
      }
    }
  } else {
    for (const r of fileRanges(piece.address, piece.size)) ranges[partOf(piece.input, true)].push(r);
  }
}

const cut = (bytes, cuts) => {
  const sorted = [...cuts].sort((a, b) => a[0] - b[0]);
  const keep = [];
  let at = 0;
  for (const [lo, hi] of sorted) {
    if (lo > at) keep.push(bytes.subarray(at, lo));
    at = Math.max(at, hi);
  }
  keep.push(bytes.subarray(at));
  return Buffer.concat(keep);
};
// The .wasm as esbuild prints it in the one-file script: web/tools/generate.mjs writes it as a
// string of one character per byte, and esbuild's printer (the same for transform and build)
// picks the quotes and escapes.
const printed = (bytes) => {
  const code = transformSync(`x=${JSON.stringify(bytes.toString("latin1"))}`, { minify: true }).code.trimEnd();
  return Buffer.from(code.slice(code.indexOf("=") + 1, code.lastIndexOf(";")), "latin1");
};
const shippedLiteral = printed(wasm);
const literalAt = oneFile.indexOf(shippedLiteral);
if (literalAt < 0) throw new Error(`${ONE_FILE} does not hold ${WASM} as esbuild prints it: build again`);
const oneFileWith = (w) => Buffer.concat([oneFile.subarray(0, literalAt), printed(w), oneFile.subarray(literalAt + shippedLiteral.length)]);

const total = {
  split: { gzip: gz(splitScript) + gz(wasm), brotli: br(splitScript) + br(wasm) },
  oneFile: { gzip: gz(oneFile), brotli: br(oneFile) },
};
const wasmGz = gz(wasm), wasmBr = br(wasm);
const oneGz = total.oneFile.gzip, oneBr = total.oneFile.brotli;
const parts = PARTS.map(({ key, label }) => {
  const rs = ranges[key];
  const rawBytes = rs.reduce((n, [lo, hi]) => n + hi - lo, 0);
  const w = cut(wasm, rs);
  const j = oneFileWith(w);
  return {
    part: key,
    label,
    where: ".wasm",
    raw: rawBytes,
    functions: functions[key],
    split: { gzip: wasmGz - gz(w), brotli: wasmBr - br(w) },
    oneFile: { gzip: oneGz - gz(j), brotli: oneBr - br(j) },
  };
});

// what the .wasm holds besides the parts: section headers, types, imports, exports, the table
const coveredRaw = parts.reduce((n, p) => n + p.raw, 0);
const everything = cut(wasm, Object.values(ranges).flat());
parts.push({
  part: "wasm-rest",
  label: "the rest of the .wasm (types, imports, exports, table, headers)",
  where: ".wasm",
  raw: wasm.length - coveredRaw,
  functions: 0,
  split: { gzip: gz(everything), brotli: br(everything) },
  oneFile: { gzip: gz(printed(everything)), brotli: br(printed(everything)) },
  alone: true,
});

// the glue: the split build's script is nothing else; in the one file, what the file loses without it
const literal = shippedLiteral;
parts.push({
  part: "glue",
  label: "the glue JS (web/src, wasm/runtime.js, the generated catalogue)",
  where: ".js",
  raw: splitScript.length,
  functions: null,
  split: { gzip: gz(splitScript), brotli: br(splitScript) },
  oneFile: { gzip: oneGz - gz(literal), brotli: oneBr - br(literal) },
});
parts.push({
  part: "base64",
  label: "inlining the .wasm as a string (one file minus split script and .wasm)",
  where: ".js",
  raw: oneFile.length - splitScript.length - wasm.length,
  functions: null,
  split: { gzip: 0, brotli: 0 },
  oneFile: { gzip: oneGz - total.split.gzip, brotli: oneBr - total.split.brotli },
});
const shared = {
  split: { gzip: total.split.gzip - parts.filter((p) => p.part !== "base64").reduce((n, p) => n + p.split.gzip, 0), brotli: total.split.brotli - parts.filter((p) => p.part !== "base64").reduce((n, p) => n + p.split.brotli, 0) },
};

// the glue, by input file (raw bytes in the minified script, from esbuild's metafile)
async function glueInputs() {
  const web = join(root, "web");
  const result = await esbuild({
    entryPoints: [join(web, "src", "index.mjs")],
    bundle: true,
    minify: true,
    legalComments: "none",
    target: ["es2020"],
    logLevel: "silent",
    format: "iife",
    platform: "browser",
    globalName: "callcore",
    footer: { js: 'for(const k of ["default","Constants","IFrameManager"])self[k]=callcore[k];' },
    plugins: [{ name: "split-core", setup(b) { b.onResolve({ filter: /core-binary\.mjs$/ }, () => ({ path: join(web, "src", "core-binary-split.mjs") })); } }],
    write: false,
    metafile: true,
    outfile: join(mapDir, "split.js"),
  });
  const output = Object.values(result.metafile.outputs)[0];
  const same = Buffer.from(result.outputFiles[0].contents).equals(splitScript);
  const groups = { "callcore's glue (web/src)": 0, "the runtime (wasm/runtime.js with numbers.js)": 0, "the generated catalogue (web/generated/catalog.mjs)": 0, other: 0 };
  for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
    if (/web\/src\//.test(path)) groups["callcore's glue (web/src)"] += bytesInOutput;
    else if (/callcore-core\.cjs$/.test(path)) groups["the runtime (wasm/runtime.js with numbers.js)"] += bytesInOutput;
    else if (/catalog\.mjs$/.test(path)) groups["the generated catalogue (web/generated/catalog.mjs)"] += bytesInOutput;
    else groups.other += bytesInOutput;
  }
  return { sameAsShipped: same, inputs: Object.entries(groups).map(([input, bytes]) => ({ input, bytes })) };
}
const glue = await glueInputs();

const KiB16 = 16 * 1024;
const report = {
  builds,
  targets: {
    oneFile: { gzip: total.oneFile.gzip, limit: KiB16, met: total.oneFile.gzip <= KiB16 },
    split: { gzip: total.split.gzip, limit: KiB16, met: total.split.gzip <= KiB16 },
  },
  total,
  parts,
  shared,
  glue,
  wasm: {
    file: WASM,
    raw: wasm.length,
    gzip: wasmGz,
    brotli: wasmBr,
    sections: parsed.sections.map(({ section, bytes }) => ({ section, bytes })),
    linkMapMatchesShipped: identical,
    functionsWithoutInput: unnamed,
    stringsNotTraced: unmatchedStrings,
    largestFunctions: largest.slice(0, 15),
  },
};

if (values.json) {
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} else {
  const n = (x) => x.toLocaleString("en-US");
  console.log("bytes a widget downloads (raw / gzip -9 / brotli)");
  for (const b of builds) {
    console.log(`  ${b.build.padEnd(58)} ${n(b.raw).padStart(9)} / ${n(b.gzip).padStart(7)} / ${n(b.brotli).padStart(7)}`);
    if (b.files.length > 1) for (const f of b.files) console.log(`    ${f.file.padEnd(56)} ${n(f.raw).padStart(9)} / ${n(f.gzip).padStart(7)} / ${n(f.brotli).padStart(7)}`);
  }
  console.log(`\nwhat each part costs (raw; split build gzip / brotli; one-file gzip / brotli)${identical ? "" : "  [the relinked module differs from the shipped one: the map is approximate]"}`);
  for (const p of parts) {
    console.log(`  ${p.label.padEnd(72)} ${n(p.raw).padStart(7)}  ${n(p.split.gzip).padStart(6)} / ${n(p.split.brotli).padStart(6)}  ${n(p.oneFile.gzip).padStart(6)} / ${n(p.oneFile.brotli).padStart(6)}`);
  }
  console.log(`  ${"shared between the parts (total minus their sum)".padEnd(72)} ${"".padStart(7)}  ${n(shared.split.gzip).padStart(6)} / ${n(shared.split.brotli).padStart(6)}`);
  console.log(`\nthe glue by input (raw bytes in the split script${glue.sameAsShipped ? "" : "; rebuilt script differs from the shipped one"})`);
  for (const g of glue.inputs) console.log(`  ${g.input.padEnd(60)} ${n(g.bytes).padStart(7)}`);
  console.log(`\nfunctions not in the link map: ${unnamed.length}; strings traced to no object (counted as libc formatting): ${JSON.stringify(unmatchedStrings)}`);
  console.log("largest functions");
  for (const f of report.wasm.largestFunctions) console.log(`  ${f.name.padEnd(34)} ${n(f.bytes).padStart(6)} B  (${f.part})`);
}
