/**
 * Test helpers: raw HTTP calls to a running simulator's controller and platform hosts with its project
 * key, and creating a deployment, so that tests read as the steps they check.
 */
import type { Simulator } from "../types.js";

export type Json = Record<string, unknown>;

export interface CallAnswer {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON body (an empty object for an empty or non-JSON body). */
  readonly json: Json;
  readonly text: string;
}

export interface CallRequest {
  readonly method?: string;
  readonly body?: unknown;
  /** The key to send (default: the simulator's); null sends none. */
  readonly apiKey?: string | null;
}

/** Calls `path` (query included) on the controller host, or the platform host for `platform:` paths. */
export async function controllerCall(
  sim: Simulator,
  path: string,
  request: CallRequest = {},
): Promise<CallAnswer> {
  const platform = path.startsWith("platform:");
  const base = platform ? sim.baseUrls.platform : sim.baseUrls.controller;
  const headers: Record<string, string> = { "content-type": "application/json" };
  const apiKey = request.apiKey === undefined ? sim.credentials.controller.apiKey : request.apiKey;
  if (apiKey !== null) headers["x-api-key"] = apiKey;
  const response = await fetch(`${base}${platform ? path.slice("platform:".length) : path}`, {
    method: request.method ?? (request.body === undefined ? "GET" : "POST"),
    headers,
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
  });
  const text = await response.text();
  let json: Json = {};
  try {
    json = text === "" ? {} : (JSON.parse(text) as Json);
  } catch {
    json = {};
  }
  return { status: response.status, headers: response.headers, json, text };
}

/** The Grounding Dino (Gradio) and DeepSeek (OpenAI-compatible) template ids seen live. */
export const GROUNDING_DINO_TEMPLATE = "img_qqu31asazaig666jtzp7gjd4pway";
export const DEEPSEEK_TEMPLATE = "img_gf070dbq0kttgz1atmiatyunhdxm";

/** Creates a deployment (default: DeepSeek on vm_gt1 with Basic auth) and returns its record. */
export async function createDeployment(sim: Simulator, fields: Json = {}): Promise<Json> {
  const answer = await controllerCall(sim, "/deployment", {
    body: {
      project_id: sim.credentials.controller.projectId,
      deployment_template_id: DEEPSEEK_TEMPLATE,
      vm_id: "vm_gt1",
      auth_username: "tester",
      auth_password: "tester-password",
      ...fields,
    },
  });
  if (answer.status !== 200) throw new Error(`create answered ${answer.status}: ${answer.text}`);
  return answer.json.body as Json;
}

/** `Authorization: Basic` for a user and password. */
export function basicAuth(username: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}` };
}
