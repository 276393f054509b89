// The callcore WASM core, loaded once per process: every REST body is judged by the same C rules
// the browser uses (docs/architecture.md: one source of truth), never by JS restating them.
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { coreModule } from "./paths.mjs";

let loading = null;

export function loadSharedCore() {
  if (!loading) {
    if (!existsSync(coreModule)) {
      throw new Error(`${coreModule} is missing; run: bash scripts/build.sh`);
    }
    loading = import(pathToFileURL(coreModule).href).then((m) => m.loadCore());
  }
  return loading;
}
