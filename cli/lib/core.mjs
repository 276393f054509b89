// The WebAssembly core in Node: the same build (web/dist/callcore.mjs) the emulator page loads.
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
// the `callcore` package's dist/callcore.mjs (web/dist/ in the repository), found as the demo finds it
import { coreModule as moduleFile } from "../../demo/lib/paths.mjs";

let loading = null;

export function loadCore() {
  if (!loading) {
    if (!existsSync(moduleFile)) throw new Error(`${moduleFile} is missing: run \`npm run build\` first`);
    loading = import(pathToFileURL(moduleFile).href).then((m) => m.loadCore());
  }
  return loading;
}
