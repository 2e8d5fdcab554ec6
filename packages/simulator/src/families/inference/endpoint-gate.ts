/**
 * What stands in front of a dedicated endpoint's app, in the order the real proxy applies it: a
 * stopped deployment has no upstream (503); a warming one answers its scripted status whatever the
 * credentials (404 before the route exists, 502/503 while the pod starts, 401 before auth is wired,
 * 500 while the model loads); a ready one checks the credentials it was created with (Basic, or the
 * standing endpoint's Bearer token), then the route must be one its template serves.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { DedicatedEndpoint, EndpointAuth, EndpointKind } from "../../dedicated-endpoints.js";
import { drainBody, type RequestContext } from "../../http.js";

/** The body a warming or stopped endpoint answers with: proxies answer text or HTML, the app JSON. */
function proxyAnswer(status: number): { contentType: string; body: string } {
  switch (status) {
    case 404:
      return { contentType: "application/json", body: JSON.stringify({ detail: "Not Found" }) };
    case 502:
      return {
        contentType: "text/html; charset=utf-8",
        body: "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>",
      };
    case 503:
      return { contentType: "text/plain; charset=utf-8", body: "no healthy upstream" };
    case 401:
      return { contentType: "text/plain; charset=utf-8", body: "401 Unauthorized" };
    default:
      return { contentType: "application/json", body: JSON.stringify({ error: `HTTP ${status}` }) };
  }
}

function headerValue(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return (Array.isArray(value) ? value.join(",") : (value ?? "")).trim();
}

/** Whether the request carries the credentials `auth` accepts (always, for a public endpoint). */
export function hasCredentials(auth: EndpointAuth, headers: IncomingHttpHeaders): boolean {
  if (auth.basic === undefined && auth.bearer === undefined) return true;
  const header = headerValue(headers, "authorization");
  const basic = /^Basic\s+(\S+)$/i.exec(header);
  if (basic && auth.basic) {
    const decoded = Buffer.from(basic[1] ?? "", "base64").toString("utf8");
    return decoded === `${auth.basic.username}:${auth.basic.password}`;
  }
  const bearer = /^Bearer\s+(\S+)$/i.exec(header);
  return bearer !== null && auth.bearer !== undefined && bearer[1] === auth.bearer;
}

async function answerEarly(
  ctx: RequestContext,
  status: number,
  headers: Record<string, string> = {},
): Promise<void> {
  await drainBody(ctx.req);
  const { contentType, body } = proxyAnswer(status);
  ctx.send(status, contentType, body, headers);
}

/**
 * The endpoint the request addresses when it may reach the app (`kind` is what the route needs);
 * undefined when the gate answered instead.
 */
export async function passGate(
  ctx: RequestContext,
  endpoint: DedicatedEndpoint | undefined,
  kind: EndpointKind,
  now: number,
): Promise<DedicatedEndpoint | undefined> {
  if (!endpoint) {
    await answerEarly(ctx, 404);
    return undefined;
  }
  const phase = endpoint.phase(now);
  if (phase.state === "stopped") {
    await answerEarly(ctx, 503);
    return undefined;
  }
  if (phase.state === "warming") {
    await answerEarly(ctx, phase.status);
    return undefined;
  }
  if (!hasCredentials(endpoint.auth, ctx.req.headers)) {
    await answerEarly(ctx, 401, { "www-authenticate": 'Basic realm="deployment"' });
    return undefined;
  }
  if (endpoint.kind !== kind) {
    // A Gradio app has no /v1 routes and a vLLM server no /config: the app itself answers 404.
    await answerEarly(ctx, 404);
    return undefined;
  }
  return endpoint;
}
