#!/usr/bin/env node
// `callcore check` / `callcore replay` (cli/callcore.mjs). In the published package cli/ sits
// beside bin/ (copied in by tools/stage.mjs); in the repository it is the top-level cli/.
import { existsSync } from "node:fs";

const packed = new URL("../cli/callcore.mjs", import.meta.url);
await import(existsSync(packed) ? packed : new URL("../../cli/callcore.mjs", import.meta.url));
