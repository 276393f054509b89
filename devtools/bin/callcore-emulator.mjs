#!/usr/bin/env node
// The HubSpot emulator and the demo softphone (demo/start.mjs, what `npm start` runs; the same
// options, e.g. `callcore-emulator --http --emulator-port 9100`). In the published package demo/
// sits beside bin/ (copied in by tools/stage.mjs); in the repository it is the top-level demo/.
import { existsSync } from "node:fs";

const packed = new URL("../demo/start.mjs", import.meta.url);
await import(existsSync(packed) ? packed : new URL("../../demo/start.mjs", import.meta.url));
