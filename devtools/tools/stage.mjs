// prepack/postpack of @callcore/devtools. The emulator, the demo softphone and `callcore check`
// live at the top of the repository (cli/, demo/), outside this package's folder, and npm packs
// neither files outside it nor symbolic links; so `prepack` copies them in (without demo/.data,
// the local database and certificates) and `postpack` removes the copies. The SDK itself is not
// copied: it comes from the `callcore` package, a dependency.
import { cpSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const pkg = fileURLToPath(new URL("../", import.meta.url));
const repo = path.join(pkg, "..");
const STAGED = ["cli", "demo"];

for (const dir of STAGED) rmSync(path.join(pkg, dir), { recursive: true, force: true });
if (!process.argv.includes("--clean")) {
  for (const dir of STAGED) {
    const from = path.join(repo, dir);
    cpSync(from, path.join(pkg, dir), {
      recursive: true,
      filter: (src) => !/(^|[\\/])\.data([\\/]|$)/.test(path.relative(from, src)),
    });
  }
}
