// POSTs JSON to an app's webhook, as HubSpot does: signed with the app's client secret
// (X-HubSpot-Signature-v3 and X-HubSpot-Request-Timestamp), with a time limit and a size cap on
// the answer. Failures reject with a sentence that completes "the webhook at <url> …".
import http from "node:http";
import https from "node:https";
import { signatureHeaders } from "../../lib/hubspot-signature.mjs";

// Certificates are checked, except on this machine: a developer's local webhook (the demo's
// included) has a self-signed certificate, and loopback traffic cannot be intercepted remotely.
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** clientSecret is required: HubSpot sends no unsigned request, and neither does the emulator. */
export function postJson(urlText, body, { clientSecret, timeoutMs = 5000, maxBytes = 1024 * 1024 } = {}) {
  return new Promise((resolve, reject) => {
    let url;
    try {
      url = new URL(urlText);
    } catch {
      return reject(new Error("is not a valid URL"));
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") return reject(new Error("is not an http(s) URL"));
    if (typeof clientSecret !== "string" || clientSecret === "") return reject(new Error("was not called: the app has no client secret to sign with"));
    const payload = JSON.stringify(body);
    const client = url.protocol === "https:" ? https : http;
    const request = client.request(url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "Content-Length": Buffer.byteLength(payload),
        "User-Agent": "callcore-emulator",
        ...signatureHeaders({ clientSecret, method: "POST", url, body: payload }),
      },
      rejectUnauthorized: !LOOPBACK.test(url.hostname),
      timeout: timeoutMs,
    });
    request.on("timeout", () => request.destroy(new Error(`did not answer within ${timeoutMs / 1000} s`)));
    request.on("error", (error) => reject(new Error(error.code ? `could not be reached (${error.code}: ${error.message})` : error.message)));
    request.on("response", (response) => {
      const chunks = [];
      let size = 0;
      response.on("data", (chunk) => {
        size += chunk.length;
        if (size > maxBytes) request.destroy(new Error(`answered more than ${maxBytes} bytes`));
        else chunks.push(chunk);
      });
      response.on("end", () => resolve({ status: response.statusCode, text: Buffer.concat(chunks).toString("utf8") }));
      response.on("error", reject);
    });
    request.end(payload);
  });
}
