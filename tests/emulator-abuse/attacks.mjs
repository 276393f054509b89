// The bad requests, generated per endpoint from endpoints.mjs. Each attack is
// {label, request: {method, path, headers, body, chunked}, expect: {status, category, field?,
// code?, mentions?}}: the answer the emulator must give, in HubSpot's error shape.
import { bodyText, fillPath, Named, show, splitKey } from "./endpoints.mjs";

export const CREDENTIAL = "battery-credential"; // the one token the battery's emulator accepts
export const BODY_LIMIT = 16 * 1024; // small, so oversized bodies stay cheap to send

// Path parameter values no endpoint may accept, written as they go on the wire (one segment):
// traversal, SQL metacharacters, int32 and float edge cases, encodings that decode to digits.
const HOSTILE_SEGMENTS = [
  "0", "-1", "01", "1.5", "1e3", "0x10", "+1", "%201", "1%20", "NaN", "Infinity", "abc", "",
  "2147483648", "4294967297", "9007199254740993", "99999999999999999999",
  "..", ".", "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "..%5c..%5cwindows", "%2F", "1%2F..",
  "1'%20OR%20'1'%3D'1", "1%3BDROP%20TABLE%20calling_settings", "1--", "1%27--", "%22%3B", "*", "%25",
  "%00", "1%00", "%E0%A4%A", "%EF%BC%91", "%D9%A1", "1%0D%0ASet-Cookie:x",
];
const HOSTILE_KINDS = ["deals", "CONTACTS", "contact", "..", "%2e%2e", "__proto__", "constructor", "hasOwnProperty", "contacts'--", "%00", "%E0%A4%A"];

// "." and ".." (also as %2e) are dot segments: URL parsing resolves them before routing, as
// browsers do, so the request lands on another path, which must not exist.
const DOT_SEGMENT = /^(\.|%2e){1,2}$/i;
// Where they land depends on the route (another route that lacks the method: 405).
const resolvedAway = { status: [404, 405] };

// What a refused path parameter must answer: appId is a documented int32 (400 naming it); ids
// and record kinds of the emulator's own API are 404s that still say what an id must be.
const PARAM_RULES = {
  appId: { values: HOSTILE_SEGMENTS, expect: () => ({ status: 400, category: "VALIDATION_ERROR", field: "appId", mentions: ["appId", "positive 32-bit integer"] }) },
  id: {
    values: HOSTILE_SEGMENTS,
    // A well-formed id that matches nothing is only "not found"; a malformed one also gets the rule.
    expect: (pattern, value) => {
      const what = pattern.includes("engagements/:id") ? "engagement" : "contact";
      const wellFormed = /^[1-9][0-9]*$/.test(value) && Number.isSafeInteger(Number(value));
      return { status: 404, category: "OBJECT_NOT_FOUND", mentions: wellFormed ? [`${what} ${value}`] : [what, "positive whole number"] };
    },
  },
  // The calling window's portal: digits of this emulator's portal only; nothing else has a page.
  // "." and ".." are left out: /calling-integration-popup-ui/.. resolves to "/", the host page,
  // which is served to anyone (as a browser resolves it too), so no 404 is due there.
  portalId: {
    values: [...HOSTILE_SEGMENTS.filter((value) => !DOT_SEGMENT.test(value)), "123457", "0123456", "1234560", "123456%20", "%3Cscript%3E"],
    expect: () => ({ status: 404, category: "OBJECT_NOT_FOUND", mentions: ["calling window", "portal id"] }),
  },
  kind: { values: HOSTILE_KINDS, expect: () => ({ status: 404, category: "OBJECT_NOT_FOUND", mentions: ["record kind", "contacts or companies"] }) },
};

const WRONG_CONTENT_TYPES = [
  undefined, "text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x", "application/jsonp", "application/json-patch+json", "text/json", "application/xml", "json",
];

// Bodies JSON.parse refuses, and JSON that is not an object.
const MALFORMED = [
  "", "   ", "{", "}", "not json", '{"a":1}}', "{'a':1}", '{"a":1,}', '{"a":NaN}', '{"a":01}', "\uFEFF{}", "{} {}",
  "/* comment */ {}", '{"a":"\t"}', '{"a":"\\x41"}', "{}\u0000", "[".repeat(10000), '{"a":' + "[".repeat(5000),
];
const NOT_OBJECTS = ["null", "[]", "[{}]", "1", '"text"', "true"];

export function authAttacks(style) {
  const good = `?hapikey=${CREDENTIAL}`;
  if (style === "token") {
    // The page's login takes the token in the query, once; nothing else opens it.
    return [
      ["no token", "", {}],
      ["empty token", "?token=", {}],
      ["forged token", "?token=forged", {}],
      ["token in other case", `?token=${CREDENTIAL.toUpperCase()}`, {}],
      ["token with a suffix", `?token=${CREDENTIAL}x`, {}],
      ["token one character short", `?token=${CREDENTIAL.slice(0, -1)}`, {}],
      ["a hapikey instead of token", good, {}],
      ["a Bearer header instead of token", "", { authorization: `Bearer ${CREDENTIAL}` }],
      ["token parameter name in other case", `?TOKEN=${CREDENTIAL}`, {}],
      ["SQL in the token", "?token=%27%20OR%20%271%27%3D%271", {}],
      ["8 KB token", `?token=${"t".repeat(8000)}`, {}],
    ];
  }
  if (style === "hapikey") {
    return [
      ["no hapikey", "", {}],
      ["empty hapikey", "?hapikey=", {}],
      ["a Bearer token instead of hapikey", "", { authorization: `Bearer ${CREDENTIAL}` }],
      ["hapikey in a header", "", { hapikey: CREDENTIAL }],
      ["forged hapikey", "?hapikey=forged", {}],
      ["hapikey in other case", `?hapikey=${CREDENTIAL.toUpperCase()}`, {}],
      ["hapikey with a suffix", `${good}x`, {}],
      ["hapikey one character short", `?hapikey=${CREDENTIAL.slice(0, -1)}`, {}],
      ["hapikey with a leading space", `?hapikey=%20${CREDENTIAL}`, {}],
      ["SQL in hapikey", "?hapikey=%27%20OR%20%271%27%3D%271", {}],
      ["hapikey parameter name in other case", `?HAPIKEY=${CREDENTIAL}`, {}],
      ["8 KB hapikey", `?hapikey=${"k".repeat(8000)}`, {}],
    ];
  }
  return [
    ["no Authorization", "", {}],
    ["Bearer without a token", "", { authorization: "Bearer " }],
    ["a hapikey instead of Bearer", good, {}],
    ["Basic credentials", "", { authorization: `Basic ${Buffer.from(`${CREDENTIAL}:x`).toString("base64")}` }],
    ["the token without the Bearer scheme", "", { authorization: CREDENTIAL }],
    ["forged token", "", { authorization: "Bearer forged" }],
    ["token in other case", "", { authorization: `Bearer ${CREDENTIAL.toUpperCase()}` }],
    ["token with a suffix", "", { authorization: `Bearer ${CREDENTIAL}x` }],
    ["two tokens", "", { authorization: `Bearer ${CREDENTIAL} ${CREDENTIAL}` }],
    ["SQL in the token", "", { authorization: "Bearer '--OR-1=1" }],
    ["8 KB token", "", { authorization: `Bearer ${"t".repeat(8000)}` }],
  ];
}

/** The requests one endpoint must refuse (method attacks are per route: see methodAttacks). */
export function endpointAttacks(key, endpoint) {
  const [method, pattern] = splitKey(key);
  const variant = endpoint.body?.[0];
  const goodParams = { ...endpoint.params, ...variant?.params };
  const goodQuery = { hapikey: `?hapikey=${CREDENTIAL}`, token: `?token=${CREDENTIAL}` }[endpoint.auth] ?? "";
  const goodHeaders = endpoint.auth === "bearer" ? { authorization: `Bearer ${CREDENTIAL}` } : {};
  const sendsBody = method === "POST" || method === "PATCH";
  const goodBody = variant ? bodyText(variant.valid) : sendsBody ? "{}" : undefined;
  const json = sendsBody ? { "content-type": "application/json" } : {};
  const request = ({ params = goodParams, query = goodQuery, headers = { ...json, ...goodHeaders }, body = goodBody, chunked } = {}) => ({
    method,
    path: fillPath(pattern, params) + query,
    headers,
    body,
    chunked,
  });
  const attacks = [];
  const add = (label, req, expect) => attacks.push({ label, request: request(req), expect });

  if (endpoint.auth) {
    for (const [label, query, headers] of authAttacks(endpoint.auth)) {
      const mention = { hapikey: "hapikey", bearer: "Bearer", token: "token" }[endpoint.auth];
      add(label, { query, headers: { ...json, ...headers } }, { status: 401, category: "INVALID_AUTHENTICATION", mentions: [mention] });
    }
    // Credentials come first: a bad body or id from an anonymous caller still gets 401, nothing more.
    const worse = { ...goodParams, ...(goodParams.appId && { appId: "x" }) };
    add("no credentials, a bad appId and a malformed body", { query: "", headers: json, params: worse, body: sendsBody ? "{" : undefined }, { status: 401, category: "INVALID_AUTHENTICATION" });
  }

  for (const name of Object.keys(goodParams)) {
    const rule = PARAM_RULES[name];
    if (!rule) throw new Error(`${key}: no hostile values for path parameter :${name}; add them to PARAM_RULES`);
    for (const value of rule.values) {
      add(`:${name} = ${value}`, { params: { ...goodParams, [name]: value } }, DOT_SEGMENT.test(value) ? resolvedAway : rule.expect(pattern, value));
    }
  }

  if (sendsBody) {
    for (const type of WRONG_CONTENT_TYPES) {
      const headers = { ...goodHeaders, ...(type && { "content-type": type }) };
      add(`Content-Type ${type ?? "missing"}`, { headers }, { status: 415, category: "UNSUPPORTED_MEDIA_TYPE", mentions: ["Content-Type: application/json"] });
    }
  }

  if (variant) {
    for (const text of MALFORMED) {
      add(`malformed body ${JSON.stringify(text.slice(0, 24))}`, { body: text }, { status: 400, category: "VALIDATION_ERROR", field: "body", code: "MALFORMED_JSON" });
    }
    for (const text of NOT_OBJECTS) add(`body ${text}`, { body: text }, { status: 400, category: "VALIDATION_ERROR", field: "body", code: "NOT_AN_OBJECT" });
    // Bytes that are not UTF-8, and strings UTF-8 cannot carry (the store and the core would
    // silently change them): refused by the core, naming where they are.
    const firstField = Object.keys(variant.fields)[0] ?? "anyField";
    const invalidUtf8 = Buffer.concat([Buffer.from(`{"${firstField}":"`), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]);
    add("body that is not UTF-8", { body: invalidUtf8 }, { status: 400, category: "VALIDATION_ERROR", field: "body", code: "MALFORMED_JSON", mentions: ["UTF-8"] });
    const unstorable = [
      ["U+0000", "a\\u0000b", "U+0000"],
      ["a lone surrogate", "a\\ud800b", "lone UTF-16 surrogate (\\uD800)"],
      ["a lone low surrogate", "\\uDC00", "lone UTF-16 surrogate (\\uDC00)"],
    ];
    for (const [label, text, rule] of unstorable) {
      const spliced = bodyText({ ...variant.valid, [firstField]: "@SPLICE@" }).replace("@SPLICE@", text);
      add(`${label} in ${firstField}`, { body: spliced }, { status: 400, category: "VALIDATION_ERROR", field: firstField, code: "FIELD_FORMAT", mentions: [firstField, rule] });
    }
    const nested = bodyText({ ...variant.valid, extra: [{ deep: "@SPLICE@" }] }).replace("@SPLICE@", "\\u0000");
    add("U+0000 in a nested value", { body: nested }, { status: 400, category: "VALIDATION_ERROR", field: "extra[0].deep", code: "FIELD_FORMAT", mentions: ["extra[0].deep", "U+0000"] });
    const spliced = bodyText({ ...variant.valid, "@SPLICE@": 1 }).replace("@SPLICE@", "k\\u0000ey");
    add("U+0000 in a key", { body: spliced }, { status: 400, category: "VALIDATION_ERROR", field: "k\\u0000ey", code: "FIELD_FORMAT", mentions: ["U+0000"] });
  }

  if (sendsBody) {
    // Over the limit: announced by Content-Length, streamed chunked, and far past the drain cap.
    const padded = (size) => `{"pad":"${"x".repeat(size)}"}`;
    const tooLarge = { status: 413, category: "PAYLOAD_TOO_LARGE", mentions: [`${BODY_LIMIT}-byte limit`] };
    add("body one byte over the limit", { body: padded(BODY_LIMIT - 9) }, tooLarge);
    add("chunked body 4x the limit", { body: padded(BODY_LIMIT * 4), chunked: true }, tooLarge);
    add("chunked body 64x the limit", { body: padded(BODY_LIMIT * 64), chunked: true }, tooLarge);
  }

  for (const [index, { params, valid, fields, required = [] }] of (endpoint.body ?? []).entries()) {
    const where = { params: { ...goodParams, ...params } };
    const tag = endpoint.body.length > 1 ? ` (variant ${index + 1})` : "";
    for (const [field, values] of Object.entries(fields)) {
      for (const entry of values) {
        const [value, named] = entry instanceof Named ? [entry.value, entry.field] : [entry, field];
        add(`${field} = ${show(value)}${tag}`, { ...where, body: bodyText({ ...valid, [field]: value }) }, { status: 400, category: "VALIDATION_ERROR", field: named, mentions: [named] });
      }
    }
    for (const field of required) {
      const { [field]: _, ...without } = valid;
      add(`without ${field}${tag}`, { ...where, body: bodyText(without) }, { status: 400, category: "VALIDATION_ERROR", field, code: "FIELD_REQUIRED", mentions: [field] });
    }
  }
  return attacks;
}

const ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** Every method a route does not serve: 405 with an Allow header listing the ones it does. */
export function methodAttacks(route, endpoints) {
  const example = Object.entries(endpoints).find(([key]) => splitKey(key)[1] === route.pattern);
  const [, endpoint] = example;
  const query = { hapikey: `?hapikey=${CREDENTIAL}`, token: `?token=${CREDENTIAL}` }[endpoint.auth] ?? "";
  const headers = { "content-type": "application/json", ...(endpoint.auth === "bearer" && { authorization: `Bearer ${CREDENTIAL}` }) };
  return ALL_METHODS.filter((m) => !route.methods.includes(m)).map((method) => ({
    label: `${method} (not served)`,
    request: { method, path: fillPath(route.pattern, endpoint.params) + query, headers, body: method === "GET" || method === "HEAD" ? undefined : "{}" },
    expect: { status: 405, category: "METHOD_NOT_ALLOWED", allow: route.methods.join(", "), mentions: [method] },
  }));
}
