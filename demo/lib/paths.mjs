// Where things live in the repository, resolved from this file so the servers work from any cwd.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

// The SDK's built files come from the `callcore` package: in the repository a workspace link to
// web/ (so web/dist/, as before), in an install of @callcore/devtools its dependency. A checkout
// whose node_modules predates the workspaces has no link: then web/ directly.
function sdkDir() {
  try {
    return path.dirname(createRequire(import.meta.url).resolve("callcore/package.json"));
  } catch {
    return path.join(repoRoot, "web");
  }
}
const sdk = sdkDir();
export const browserBundle = path.join(sdk, "dist/callcore.js");
export const coreModule = path.join(sdk, "dist/callcore.mjs");
export const defaultDataDir = path.join(repoRoot, "demo/.data");
