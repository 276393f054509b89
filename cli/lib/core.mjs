// The WebAssembly core in Node: the same build (web/dist/callcore.mjs) the emulator page loads.
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const moduleFile = fileURLToPath(new URL("../../web/dist/callcore.mjs", import.meta.url));

let loading = null;

export function loadCore() {
  if (!loading) {
    if (!existsSync(moduleFile)) throw new Error(`${moduleFile} is missing: run \`npm run build\` first`);
    loading = import(pathToFileURL(moduleFile).href).then((m) => m.loadCore());
  }
  return loading;
}
