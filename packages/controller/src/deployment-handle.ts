/**
 * One shape for a deployment, whichever answer it came from: the PascalCase objects of the deployment
 * list and of the 2026 create answer (under `body` or bare), and the 2024 create answer whose `body` is
 * a string holding the endpoint URL (theta-api.md §2.3, §9 #9).
 */
import { registerSecret } from "@theta/core";
import { bodyOf, firstText, isRecord, type JsonRecord, text } from "./answers.js";

export interface DeploymentAuth {
  readonly username: string;
  /** The Basic-auth password (registered with the redactor, so it never shows in logs or errors). */
  readonly password?: string;
}

/** A deployment, normalized. Fields the answer did not carry are absent. */
export interface DeploymentHandle {
  /** `Shard`, as a string; with `suffix` it addresses the deployment's routes. */
  readonly shard?: string;
  readonly suffix?: string;
  /** `BaseID`. */
  readonly baseId?: string;
  /** `Endpoint`: the dedicated endpoint's base URL, e.g. `https://<name>-<hex>.tec-s1.onthetaedgecloud.com`. */
  readonly endpoint?: string;
  /** Basic auth of the endpoint (`AuthUsername` / `AuthPassword`, else the ones sent at creation). */
  readonly auth?: DeploymentAuth;
  /** `EndpointStatus` (or `Status`). */
  readonly status?: string;
  readonly name?: string;
  readonly templateName?: string;
  /** `MachineType`. */
  readonly machineType?: string;
  readonly region?: string;
  /**
   * True when `shard`/`suffix` were read from the endpoint host (`<name>-<suffix>.tec-s<shard>....`)
   * because the answer did not carry them: an inference, as the 2024 client that saw this answer made.
   */
  readonly handleFromEndpoint?: boolean;
  /** The record (or text) as the API sent it. */
  readonly raw: unknown;
}

const URL_IN_TEXT = /https?:\/\/[^\s"'<>]+/;

/** Shard and suffix read from an endpoint host such as `name-abc123.tec-s10.onthetaedgecloud.com`. */
function handleFromHost(endpoint: string): { shard?: string; suffix?: string } {
  let host: string;
  try {
    host = new URL(endpoint).hostname;
  } catch {
    return {};
  }
  const labels = host.split(".");
  const first = labels[0] ?? "";
  const dash = first.lastIndexOf("-");
  const suffix = dash > 0 ? first.slice(dash + 1) : undefined;
  const shard = labels.map((label) => /^tec-s(\d+)$/.exec(label)?.[1]).find((found) => found !== undefined);
  const parts: { shard?: string; suffix?: string } = {};
  if (shard !== undefined) parts.shard = shard;
  if (suffix && /^[A-Za-z0-9]+$/.test(suffix)) parts.suffix = suffix;
  return parts;
}

/** What the caller sent at creation, used where the answer is silent. */
export interface CreationEcho {
  readonly auth_username?: string;
  readonly auth_password?: string;
}

function authOf(record: JsonRecord, sent: CreationEcho | undefined): DeploymentAuth | undefined {
  const username =
    firstText(record, ["AuthUsername", "auth_username", "authUsername"]) ?? sent?.auth_username;
  const password =
    firstText(record, ["AuthPassword", "auth_password", "authPassword"]) ?? sent?.auth_password;
  if (username === undefined) return undefined;
  registerSecret(password);
  return password === undefined ? { username } : { username, password };
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** The plain text fields of a handle and the keys they are read from, in order. */
const TEXT_FIELDS: ReadonlyArray<
  readonly ["baseId" | "status" | "name" | "templateName" | "machineType" | "region", readonly string[]]
> = [
  ["baseId", ["BaseID", "BaseId", "base_id"]],
  ["status", ["EndpointStatus", "endpoint_status", "Status"]],
  ["name", ["Name", "name"]],
  ["templateName", ["TemplateName", "template_name"]],
  ["machineType", ["MachineType", "machine_type", "VmID", "vm_id"]],
  ["region", ["Region", "region"]],
];

/** Normalizes one deployment record. */
export function deploymentFromRecord(record: JsonRecord, sent?: CreationEcho): DeploymentHandle {
  const handle: Writable<DeploymentHandle> = { raw: record };
  const shard = firstText(record, ["Shard", "shard"]);
  const suffix = firstText(record, ["Suffix", "suffix"]);
  const endpoint = firstText(record, ["Endpoint", "endpoint", "EndpointURL", "endpoint_url"]);
  if (shard !== undefined) handle.shard = shard;
  if (suffix !== undefined) handle.suffix = suffix;
  if (endpoint !== undefined) handle.endpoint = endpoint.replace(/\/+$/, "");
  if ((shard === undefined || suffix === undefined) && handle.endpoint !== undefined) {
    const inferred = handleFromHost(handle.endpoint);
    if (shard === undefined && inferred.shard !== undefined) handle.shard = inferred.shard;
    if (suffix === undefined && inferred.suffix !== undefined) handle.suffix = inferred.suffix;
    if (inferred.shard !== undefined || inferred.suffix !== undefined) handle.handleFromEndpoint = true;
  }
  for (const [key, names] of TEXT_FIELDS) {
    const value = firstText(record, names);
    if (value !== undefined) handle[key] = value;
  }
  const auth = authOf(record, sent);
  if (auth) handle.auth = auth;
  return handle;
}

/**
 * Normalizes a create answer of any seen shape into a handle; undefined when it holds neither a
 * deployment record nor an endpoint URL.
 */
export function deploymentFromCreateAnswer(
  answer: unknown,
  sent: CreationEcho,
): DeploymentHandle | undefined {
  const body = bodyOf(answer);
  if (isRecord(body)) return deploymentFromRecord(body, sent);
  const message = text(body);
  const url = message === undefined ? undefined : URL_IN_TEXT.exec(message)?.[0];
  if (url === undefined) return undefined;
  return { ...deploymentFromRecord({ Endpoint: url.replace(/[.,;)]+$/, "") }, sent), raw: body };
}
