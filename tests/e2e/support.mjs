// Shared by the tests/e2e suites (not a test file): a static server on several
// ports of 127.0.0.1 (one origin each), the reference SDK bundled for the
// browser, headless Chromium (launched as the CLI launches it), and small wait helpers.
import { build } from "esbuild";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "../../cli/lib/chromium.mjs";

// docs/toolchain.md: Debian's Chromium, headless, and quiet on a closed network (for suites that launch their own).
export { CHROMIUM_ARGS } from "../../cli/lib/chromium.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const defaultFixtures = join(root, "tests", "e2e", "fixtures");

/**
 * The reference SDK's dist/main.js is a UMD bundle: with no CommonJS `module`
 * it copies its exports onto `self` (a global named `default`). Bundled here
 * with esbuild, it gets a CommonJS wrapper and becomes one global,
 * `HubSpotCallingExtensions` = {default, Constants, IFrameManager}.
 */
export async function bundleReference() {
  const result = await build({
    entryPoints: [join(root, "node_modules/@hubspot/calling-extensions-sdk/dist/main.js")],
    bundle: true,
    format: "iife",
    globalName: "HubSpotCallingExtensions",
    write: false,
    logLevel: "warning",
  });
  return result.outputFiles[0].text;
}

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8" };

/**
 * One request handler on `count` listeners (one origin each):
 *   /fixtures/*        `fixtures` (default tests/e2e/fixtures): a folder, or a list of
 *                      folders searched in order (a suite's own pages before e2e's)
 *   /lib/callcore.js   web/dist/callcore.js (the browser file, global `callcore`)
 *   /lib/reference.js  the reference SDK bundled above
 *   /lib/reference-umd.js  the reference's dist/main.js as published: as a <script>
 *                      it puts `default`, `Constants` and `IFrameManager` on window
 */
export async function startServers(count = 2, fixtures = defaultFixtures, route = null) {
  const folders = [].concat(fixtures);
  const reference = await bundleReference();
  const handler = (request, response) => {
    // `route`: a caller's own requests (bench/no-inspector.mjs: its mailbox), shared by every server.
    if (route && route(request, response)) return;
    const path = new URL(request.url, "http://x").pathname;
    let body = null;
    let type = TYPES[extname(path)] || "application/octet-stream";
    try {
      if (path === "/lib/reference.js") body = reference;
      else if (path === "/lib/reference-umd.js")
        body = readFileSync(join(root, "node_modules/@hubspot/calling-extensions-sdk/dist/main.js"));
      else if (path === "/lib/callcore.js") body = readFileSync(join(root, "web/dist/callcore.js"));
      else if (path.startsWith("/fixtures/")) {
        for (const folder of folders) {
          const file = normalize(join(folder, path.slice("/fixtures/".length)));
          if (file.startsWith(folder) && existsSync(file)) {
            body = readFileSync(file);
            break;
          }
        }
      }
    } catch {
      body = null;
    }
    if (body === null) {
      response.writeHead(404, { "content-type": "text/plain" });
      response.end("not found");
      return;
    }
    response.writeHead(200, { "content-type": type, "cache-control": "no-store" });
    response.end(body);
  };
  const servers = [];
  for (let i = 0; i < count; i++) {
    const server = createServer(handler);
    server.keepAliveTimeout = 1000;
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    servers.push(server);
  }
  return {
    origins: servers.map((s) => `http://127.0.0.1:${s.address().port}`),
    async close() {
      await Promise.all(
        servers.map((s) => new Promise((resolve) => {
          s.closeAllConnections();
          s.close(resolve);
        })),
      );
    },
  };
}

/**
 * Headless Chromium with a fresh profile; close() removes the profile too. Certificates are
 * checked: these pages are served over plain http, and nothing here should need the CLI's trust.
 */
export async function launchBrowser() {
  const profile = mkdtempSync(join(tmpdir(), "callcore-e2e-"));
  let browser;
  try {
    browser = await launchChromium({ profile, trustSelfSigned: false });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  browser.context.setDefaultTimeout(10000);
  return {
    context: browser.context,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The child frame whose URL contains `part` (polls: frames attach asynchronously). */
export async function frameOf(page, part, timeout = 10000) {
  const end = Date.now() + timeout;
  for (;;) {
    const frame = page.frames().find((f) => f !== page.mainFrame() && f.url().includes(part));
    if (frame) return frame;
    if (Date.now() > end) throw new Error(`no frame with ${part} in ${page.frames().map((f) => f.url()).join(", ")}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Keeps what JSON loses: undefined-valued keys, key order, number vs string. */
export function wire(value, { withoutMessageIds = false } = {}) {
  return JSON.stringify(value, (key, v) => {
    if (withoutMessageIds && key === "messageId" && typeof v === "string") return "<messageId>";
    if (v === undefined) return "<undefined>";
    return v;
  });
}

/** A page's recorded envelope (serialised in the page by fixtures/wire.js) back as an object. */
export const parseWire = (text) => JSON.parse(text);
