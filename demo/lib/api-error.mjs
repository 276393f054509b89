// Errors in HubSpot's shape, {status:"error", message, correlationId, category[, errors]}, which both
// demo servers answer with. Handlers throw ApiError; the request handler writes it.
import { randomUUID } from "node:crypto";

export class ApiError extends Error {
  /** errors: [{message, in, code}] naming each bad field; headers: extra response headers. */
  constructor(status, category, message, { errors, headers } = {}) {
    super(message);
    this.status = status;
    this.category = category;
    this.errors = errors;
    this.headers = headers;
  }

  toBody() {
    const body = { status: "error", message: this.message, correlationId: randomUUID(), category: this.category };
    if (this.errors) body.errors = this.errors;
    return body;
  }
}

export const invalid = (message, errors) => new ApiError(400, "VALIDATION_ERROR", message, { errors });
export const notFound = (message) => new ApiError(404, "OBJECT_NOT_FOUND", message);
export const unauthenticated = (message) => new ApiError(401, "INVALID_AUTHENTICATION", message);
// HubSpot answers a second create of something unique with 409 CONFLICT (as for CRM objects).
export const conflict = (message) => new ApiError(409, "CONFLICT", message);
// HubSpot's categories for these are not documented; these names say what happened.
export const methodNotAllowed = (method, allow) =>
  new ApiError(405, "METHOD_NOT_ALLOWED", `${method} is not supported here; use ${allow.join(", ")}`, {
    headers: { Allow: allow.join(", ") },
  });
export const unsupportedMediaType = (message) => new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", message);
// The rest of an oversized body may still be on its way: the connection cannot carry another
// request, so say it will close.
export const tooLarge = (message) => new ApiError(413, "PAYLOAD_TOO_LARGE", message, { headers: { Connection: "close" } });
export const badGateway = (message, errors) => new ApiError(502, "WEBHOOK_ERROR", message, { errors });
