// Build step: the three distributable files from web/src (core inlined):
//   callcore.mjs (ESM), callcore.cjs (CommonJS), callcore.js (<script>: global `callcore`,
//   and the reference's `default`, `Constants`, `IFrameManager`).
import { build } from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const web = join(dirname(fileURLToPath(import.meta.url)), "..");
const common = {
  entryPoints: [join(web, "src", "index.mjs")],
  bundle: true,
  minify: true,
  legalComments: "none",
  target: ["es2020"],
  logLevel: "warning",
};

// The split build: the same glue, with the binary fetched from callcore-core.wasm
// beside the script (document.currentScript) instead of inlined, so only for a <script> tag.
const splitCore = {
  name: "split-core",
  setup(b) {
    b.onResolve({ filter: /core-binary\.mjs$/ }, () => ({ path: join(web, "src", "core-binary-split.mjs") }));
  },
};

// The reference's <script> file puts its exports on the page: `default`, `Constants`
// and `IFrameManager` (HubSpot's minimal demo reads them there). callcore's does the
// same, beside its own `callcore` global.
const scriptGlobals = {
  footer: { js: "for(const k of [\"default\",\"Constants\",\"IFrameManager\"])self[k]=callcore[k];" },
};

await Promise.all([
  build({ ...common, format: "esm", platform: "neutral", outfile: join(web, "dist", "callcore.mjs") }),
  build({ ...common, format: "cjs", platform: "node", outfile: join(web, "dist", "callcore.cjs") }),
  build({
    ...common,
    ...scriptGlobals,
    format: "iife",
    platform: "browser",
    globalName: "callcore",
    outfile: join(web, "dist", "callcore.js"),
  }),
  build({
    ...common,
    format: "iife",
    platform: "browser",
    globalName: "callcore",
    ...scriptGlobals,
    outfile: join(web, "dist", "split", "callcore.js"),
    plugins: [splitCore],
  }),
]);
console.log("bundled web/dist/callcore.{mjs,cjs,js} and web/dist/split/callcore.js (+ callcore-core.wasm)");
