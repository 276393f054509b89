// Requests node:http cannot even parse (a broken request line, headers past the size limit, a bad
// chunk) never reach a handler; by default node answers them with an empty 400/431. Answer them
// in the same HubSpot error shape as everything else, so a client always gets a readable reason.
import { ApiError } from "./api-error.mjs";

const ANSWERS = {
  HPE_HEADER_OVERFLOW: [431, "HEADERS_TOO_LARGE", "The request headers are larger than the server accepts"],
  ERR_HTTP_REQUEST_TIMEOUT: [408, "REQUEST_TIMEOUT", "The request did not arrive in time"],
};
const MALFORMED = [400, "MALFORMED_REQUEST", "The request is not valid HTTP/1.1"];

export function answerClientErrors(server) {
  server.on("clientError", (error, socket) => {
    // A reset or a half-sent response leaves nothing to answer on.
    if (error.code === "ECONNRESET" || !socket.writable || socket._httpMessage?.headersSent) return socket.destroy();
    const [status, category, message] = ANSWERS[error.code] ?? MALFORMED;
    const detail = error.reason ? `${message} (${error.reason})` : message;
    const body = JSON.stringify(new ApiError(status, category, detail).toBody());
    socket.end(
      `HTTP/1.1 ${status} ${status === 431 ? "Request Header Fields Too Large" : status === 408 ? "Request Timeout" : "Bad Request"}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
