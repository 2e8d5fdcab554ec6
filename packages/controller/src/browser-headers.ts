/**
 * The controller and platform hosts sit behind Cloudflare, which refuses some non-browser clients with
 * `403 Error 1010` even on public routes (theta-api.md §2.1). Clients that work send a browser-like
 * User-Agent and a browser's Accept header; so does this package by default.
 */
import type { Middleware } from "openapi-fetch";

/** Default `user-agent` (override with the `userAgent` option). */
export const CONTROLLER_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";

/** `accept` sent on every controller and platform request (core's default asks for SSE too). */
export const CONTROLLER_ACCEPT = "application/json, text/plain, */*";

/** Sets the Accept header on requests that do not set their own (the transport keeps one already set). */
export const browserAccept: Middleware = {
  onRequest({ request }) {
    if (!request.headers.has("accept")) request.headers.set("accept", CONTROLLER_ACCEPT);
    return undefined;
  },
};
