/** Complete answers: JSON, text, a bare status. Each sets `content-length`, so nothing is chunked. */
import type { ServerResponse } from "node:http";

/** Answers `status` with `body` as JSON. */
export function answerJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  answerText(response, status, JSON.stringify(body), { "content-type": "application/json", ...headers });
}

/** Answers `status` with `text` (`text/plain` unless `headers` name another content type). */
export function answerText(
  response: ServerResponse,
  status: number,
  text: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  response.writeHead(status, {
    "content-type": "text/plain; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

/** Answers `status` with no body. */
export function answerStatus(
  response: ServerResponse,
  status: number,
  headers: Readonly<Record<string, string>> = {},
): void {
  response.writeHead(status, { "content-length": 0, ...headers });
  response.end();
}
