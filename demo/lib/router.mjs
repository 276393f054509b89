// A tiny router: "/a/:name/b" patterns, one handler per method. A path that matches with the
// wrong method yields the allowed methods, so callers can answer 405 with an Allow header.
export function createRouter() {
  const routes = [];

  function add(pattern, handlers) {
    routes.push({ pattern, segments: pattern.split("/"), handlers });
  }

  /** [{pattern, methods}] in the order added: lets tests prove every endpoint is covered. */
  function list() {
    return routes.map(({ pattern, handlers }) => ({ pattern, methods: Object.keys(handlers) }));
  }

  function matchSegments(segments, parts) {
    if (segments.length !== parts.length) return null;
    const params = {};
    for (let i = 0; i < segments.length; i++) {
      if (segments[i].startsWith(":")) {
        // A broken %-escape is kept as sent, so the handler refuses it naming the parameter
        // (every handler checks its parameters strictly) instead of a vague "no such endpoint".
        let value = parts[i];
        try {
          value = decodeURIComponent(parts[i]);
        } catch {}
        params[segments[i].slice(1)] = value;
      } else if (segments[i] !== parts[i]) {
        return null;
      }
    }
    return params;
  }

  /** {handler, params} | {allow: [...]} (path known, method not) | null (path unknown). */
  function match(method, pathname) {
    const parts = pathname.split("/");
    for (const route of routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      const handler = route.handlers[method];
      if (handler) return { handler, params };
      return { allow: Object.keys(route.handlers) };
    }
    return null;
  }

  return { add, match, list };
}
