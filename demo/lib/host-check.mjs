// Which requests a server takes at all, before any route: the Host header's framing rules of
// RFC 9112 that node:http leaves to the application, and the names the server answers to.
//
// The names matter because of DNS rebinding: a page on evil.example whose name is re-pointed at
// 127.0.0.1 is same-origin with a local server that answers any Host, so it can read what that
// server serves and post to it. Browsers always send the name they looked up as Host, so a server
// that answers only its own names (loopback names, the address it is bound to: literals no
// rebinding can produce) is out of its reach. Anything else gets 421 Misdirected Request.
import { ApiError } from "./api-error.mjs";

const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "[::1]"];
const DEFAULT_PORTS = { http: 80, https: 443 };
// A registered name or IPv4 address (a trailing dot included: "localhost." is another name), or a
// bracketed IPv6 literal; then an optional port.
const HOST_SYNTAX = /^([a-z0-9_][a-z0-9_.-]*|\[[0-9a-f:.]+\])(?::([0-9]{1,5}))?$/;

const badRequest = (message) => new ApiError(400, "MALFORMED_REQUEST", message, { headers: { Connection: "close" } });

/** "Name[:port]" → {name (lower case), port (null if none)}, or null if it is no host. */
export function parseHost(text) {
  const match = HOST_SYNTAX.exec(String(text).trim().toLowerCase());
  if (!match) return null;
  const port = match[2] === undefined ? null : Number(match[2]);
  if (port !== null && (port < 1 || port > 65535)) return null;
  return { name: match[1], port };
}

/** An --allow-host value, checked: "name" or "name:port" (IPv6 in brackets). Throws a one-line Error. */
export function parseAllowedHost(text) {
  const host = parseHost(text);
  if (!host) throw new Error(`--allow-host / CALLCORE_ALLOW_HOSTS takes name[:port] (e.g. dev.example or dev.example:8443), not ${JSON.stringify(text)}`);
  return host;
}

/** The literal a bound address is reached by, or null for a wildcard (every interface). */
function boundName(address) {
  if (!address || address === "0.0.0.0" || address === "::") return null;
  return address.includes(":") ? `[${address.toLowerCase()}]` : address.toLowerCase();
}

/**
 * scheme: "http" | "https". allowHosts: extra names, "name" (on the server's own port) or
 * "name:port" (exactly that: a proxy in front on another port). bind(port, address) once the
 * server listens; check(req) throws 400 for a missing, doubled or unreadable Host and 421 for a
 * name not on the list.
 */
export function createHostCheck({ scheme, allowHosts = [] }) {
  const extra = allowHosts.map((h) => (typeof h === "string" ? parseAllowedHost(h) : h));
  const defaultPort = DEFAULT_PORTS[scheme];
  let allowed = new Set();
  let shown = "";

  function bind(port, address) {
    const names = [...LOOPBACK_NAMES, boundName(address)].filter(Boolean);
    const entries = [...names.map((name) => ({ name, port })), ...extra.map(({ name, port: p }) => ({ name, port: p ?? port }))];
    allowed = new Set(entries.map(({ name, port: p }) => `${name}:${p}`));
    shown = [...new Set(entries.map(({ name, port: p }) => (p === defaultPort ? name : `${name}:${p}`)))].join(", ");
  }

  function check(req) {
    const values = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      if (req.rawHeaders[i].toLowerCase() === "host") values.push(req.rawHeaders[i + 1]);
    }
    if (values.length > 1) throw badRequest(`The request has ${values.length} Host headers; it must have exactly one (RFC 9112, 3.2)`);
    if (values.length === 0 || values[0].trim() === "") throw badRequest("The request has no Host header; it must have one (RFC 9112, 3.2)");
    const host = parseHost(values[0]);
    if (!host) throw badRequest(`The Host header ${JSON.stringify(values[0].slice(0, 200))} is not a host name with an optional port`);
    if (allowed.has(`${host.name}:${host.port ?? defaultPort}`)) return;
    throw new ApiError(
      421,
      "MISDIRECTED_REQUEST",
      `This server answers to ${shown} only, not to ${host.port === null ? host.name : `${host.name}:${host.port}`}; ` +
        "another name must be allowed with --allow-host (a page whose domain points here must not reach it)",
    );
  }

  return { bind, check, names: () => shown };
}

/**
 * RFC 9112, 6.1: an HTTP/1.0 message with Transfer-Encoding has faulty framing (1.0 knows no
 * chunking, and a proxy in front may read the body differently), so it is refused and the
 * connection closed. node:http would read it as chunked.
 */
export function checkFraming(req) {
  if (req.httpVersion === "1.0" && req.headers["transfer-encoding"] !== undefined) {
    throw badRequest("An HTTP/1.0 request cannot use Transfer-Encoding (RFC 9112, 6.1); send Content-Length");
  }
}
