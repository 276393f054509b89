// Where things live in the repository, resolved from this file so the servers work from any cwd.
import { fileURLToPath } from "node:url";
import path from "node:path";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
export const browserBundle = path.join(repoRoot, "web/dist/callcore.js");
export const coreModule = path.join(repoRoot, "web/dist/callcore.mjs");
export const defaultDataDir = path.join(repoRoot, "demo/.data");
