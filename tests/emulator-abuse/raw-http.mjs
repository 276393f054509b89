// Requests sent exactly as written: fetch() would normalise "/../" in paths, add its own
// content type and refuse some headers, and the battery is about what a hostile client sends.
import http from "node:http";
import net from "node:net";

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

/**
 * send(base, {method, path, headers, body}) → {status, headers, json, text}. `path` goes on the
 * request line untouched; `body` is a string or Buffer sent as is (Content-Length set unless
 * `chunked`, which streams it in pieces so the server learns the size only while reading).
 */
export function send(baseUrl, { method = "GET", path, headers = {}, body, chunked = false }) {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.request({ agent, host: hostname, port, method, path, headers }, (response) => {
      const chunks = [];
      response.on("data", (c) => chunks.push(c));
      response.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: response.statusCode, headers: response.headers, json, text });
      });
      response.on("error", reject);
    });
    // A server that answers 413 and stops reading may reset us mid-upload: that is its right,
    // and the answer already arrived, so write errors after a response are not failures.
    request.on("error", reject);
    if (body === undefined) return request.end();
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, "utf8");
    if (!chunked) {
      request.setHeader("Content-Length", bytes.length);
      return request.end(bytes);
    }
    const piece = 16 * 1024;
    for (let offset = 0; offset < bytes.length; offset += piece) request.write(bytes.subarray(offset, offset + piece));
    request.end();
  });
}

/**
 * Writes `bytes` on a fresh TCP connection and resolves with everything the server sends back
 * before it closes (or `timeoutMs` passes): for request lines and headers no HTTP client would
 * produce. Requests that should be answered normally must say Connection: close.
 */
export function sendRaw(baseUrl, bytes, timeoutMs = 3000) {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    const chunks = [];
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    // Write without half-closing: node:http drops a request whose client sent FIN before the
    // answer was ready. The server closes (Connection: close, or after an error) when done.
    socket.on("connect", () => socket.write(bytes));
    socket.on("data", (c) => chunks.push(c));
    socket.on("error", (error) => (error.code === "ECONNRESET" ? null : reject(error)));
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(parseResponse(Buffer.concat(chunks).toString("utf8")));
    });
  });
}

/** {status, headers, body, json} of the first response in `text` (status 0 if there is none). */
function parseResponse(text) {
  const match = /^HTTP\/1\.[01] (\d{3})[^\r\n]*\r\n([\s\S]*?)\r\n\r\n([\s\S]*)$/.exec(text);
  if (!match) return { status: 0, headers: {}, body: text, json: undefined };
  const headers = Object.fromEntries(
    match[2].split("\r\n").map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]),
  );
  const length = Number(headers["content-length"]);
  const body = Number.isInteger(length) ? Buffer.from(match[3]).subarray(0, length).toString("utf8") : match[3];
  let json;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  return { status: Number(match[1]), headers, body, json };
}
