// Serves files from one directory (GET/HEAD). Paths are resolved and must stay inside the
// directory, so "/../" tricks cannot read the rest of the disk. No caching: this is a dev server.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".wasm": "application/wasm",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/** Streams `file`; resolves false (nothing written) if it is not a regular file. */
export async function sendFile(req, res, file) {
  let info;
  try {
    info = await stat(file);
  } catch {
    return false;
  }
  if (!info.isFile()) return false;
  res.writeHead(200, {
    "Content-Type": TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream",
    "Content-Length": info.size,
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
  });
  if (req.method === "HEAD") res.end();
  else createReadStream(file).pipe(res);
  return true;
}

/** Serves `pathname` from `root` ("/" and directories → index.html); false if not found. */
export function sendStatic(req, res, root, pathname) {
  let relative;
  try {
    relative = decodeURIComponent(pathname);
  } catch {
    return Promise.resolve(false);
  }
  if (relative.includes("\0")) return Promise.resolve(false);
  if (relative.endsWith("/")) relative += "index.html";
  const base = path.resolve(root);
  const file = path.resolve(base, "." + relative);
  if (file !== base && !file.startsWith(base + path.sep)) return Promise.resolve(false);
  return sendFile(req, res, file);
}
