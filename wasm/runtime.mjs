// Build step (wasm/CMakeLists.txt, after the link): writes wasm/runtime.js, with the functions
// of wasm/numbers.js in its import object, over the .js that emcc linked beside the .wasm.
// Checks that the module imports nothing else and exports what the runtime calls.
//
//   node wasm/runtime.mjs <callcore-core.js>
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = (name) => fileURLToPath(new URL(name, import.meta.url));
const [output] = process.argv.slice(2);
if (!output) throw new Error("usage: node wasm/runtime.mjs <callcore-core.js>");

const library = {};
new Function("mergeInto", "LibraryManager", readFileSync(here("numbers.js"), "utf8"))(
  (target, functions) => Object.assign(target, functions),
  { library },
);
const template = readFileSync(here("runtime.js"), "utf8");
const marker = "/* wasm/numbers.js */";
if (!template.includes(marker)) throw new Error(`wasm/runtime.js has no ${marker}`);
const imports = Object.entries(library).map(([name, fn]) => `${name}: ${fn.toString()},`).join("\n");

// what the linked module imports and exports
const wasm = new WebAssembly.Module(readFileSync(output.replace(/\.js$/, ".wasm")));
const expected = new Set(["emscripten_notify_memory_growth", ...Object.keys(library)]);
for (const i of WebAssembly.Module.imports(wasm)) {
  if (i.module !== "env" || !expected.has(i.name)) {
    throw new Error(`the module imports ${i.module}.${i.name}, which wasm/runtime.js does not provide`);
  }
}
const exported = new Set(WebAssembly.Module.exports(wasm).map((e) => e.name));
for (const name of ["memory", "_initialize", "malloc", "free"]) {
  if (!exported.has(name)) throw new Error(`the module does not export ${name} (is it linked -sSTANDALONE_WASM?)`);
}

writeFileSync(output, template.replace(marker, imports));
