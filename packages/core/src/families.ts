/**
 * The one list of Theta API families: for each, its credentials (with their environment aliases), the
 * auth scheme that turns them into headers, and the servers (hosts) it talks to. Everything that names
 * a family — clients, the simulator's modules, the skill's commands, the plugin manifest and config
 * schema, the setup wizard, SKILL.md and the README environment tables — reads it from here.
 *
 * A family is the unit a user configures and an agent command needs; a package may hold more than one
 * (`@theta/controller` holds `controller` and the dedicated `inference` endpoints). A server is a base
 * URL; its name is the `x-theta-server` of the spec operations sent there and the simulator's path
 * prefix for it. Two families may share a server (`agents` is served by the controller host).
 */

export interface CredentialSpec {
  /** Option key, e.g. `apiToken`. */
  readonly key: string;
  /** Environment variables checked in order. */
  readonly env: readonly string[];
  /** Secret values are registered with the redactor as soon as they are resolved. */
  readonly secret: boolean;
  readonly description: string;
  /**
   * The family works without it: the client has a default (a model it asks the endpoint for), or the
   * auth scheme sends nothing without it (a public deployment). A family counts as configured when
   * every credential that is not optional is set.
   */
  readonly optional?: boolean;
}

/** How a family's resolved credentials become request headers. Sent only under the family's base URLs. */
export type AuthScheme =
  /** `Authorization: Bearer <credential>`. */
  | { readonly kind: "bearer"; readonly credential: string }
  /** One header per credential, e.g. `x-api-key`, or the `x-tva-sa-id` / `x-tva-sa-secret` pair. */
  | { readonly kind: "headers"; readonly headers: Readonly<Record<string, string>> }
  /** A dedicated endpoint: Bearer when a token is set, else Basic with user and password, else nothing. */
  | {
      readonly kind: "basic-or-bearer";
      readonly token: string;
      readonly user: string;
      readonly password: string;
    }
  /** Local RPC: nothing to send. */
  | { readonly kind: "none" };

export interface ServerSpec {
  /** The name used by specs (`x-theta-server`), the simulator (path prefix) and `baseUrls` options. */
  readonly name: string;
  readonly title: string;
  /** Environment variables that override the base URL, checked in order. */
  readonly env: readonly string[];
  /** Production base URL; empty when there is none (the user must configure one). */
  readonly defaultUrl: string;
  /**
   * The base URL is a user-supplied endpoint (a dedicated deployment): the host policy
   * (`checkEndpoint`) applies to it, except for loopback hosts under the loopback opt-in.
   */
  readonly userEndpoint?: boolean;
}

export interface FamilySpec {
  readonly family: string;
  readonly title: string;
  /** The npm package whose client serves the family. */
  readonly packageName: string;
  /** Prefix of the family's keys in the OpenClaw plugin config (`ondemandApiToken`, `ecApiKey`, ...). */
  readonly configPrefix: string;
  readonly credentials: readonly CredentialSpec[];
  /** Set when the family uses another family's credentials as they are (same key, same project). */
  readonly credentialsOf?: string;
  readonly auth: AuthScheme;
  /** The servers the family's operations go to; the first is its default. */
  readonly servers: readonly ServerSpec[];
  /** Environment variables that override the default server's base URL (`servers[0].env`). */
  readonly baseUrlEnv: readonly string[];
  /** The default server's production base URL (`servers[0].defaultUrl`). */
  readonly defaultBaseUrl: string;
  /** The default server is a user-supplied endpoint (`servers[0].userEndpoint`). */
  readonly userEndpoint?: boolean;
  /** Where the user gets the credentials. */
  readonly docsUrl?: string;
}

const API_KEYS_PAGE = "https://www.thetaedgecloud.com/dashboard/api-keys";
const PROJECT_KEYS_PAGE = "https://docs.thetatoken.org/docs/edgecloud-api-keys";

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

/** Every server a family can talk to, by name (deeply frozen). */
export const SERVERS = deepFreeze({
  ondemand: {
    name: "ondemand",
    title: "on-demand model API",
    env: ["THETA_ONDEMAND_API_BASE_URL", "THETA_API_BASE_URL"],
    defaultUrl: "https://ondemand.thetaedgecloud.com",
  },
  controller: {
    name: "controller",
    title: "controller API (deployments, templates, agents)",
    env: ["THETA_CONTROLLER_BASE_URL"],
    defaultUrl: "https://controller.thetaedgecloud.com",
  },
  platform: {
    name: "platform",
    title: "platform API (VM types, balance, projects)",
    env: ["THETA_PLATFORM_API_BASE_URL"],
    defaultUrl: "https://api.thetaedgecloud.com",
  },
  inference: {
    name: "inference",
    title: "dedicated inference endpoint",
    env: ["THETA_INFERENCE_ENDPOINT"],
    defaultUrl: "",
    userEndpoint: true,
  },
  video: {
    name: "video",
    title: "Theta Video API",
    env: ["THETA_VIDEO_API_BASE_URL"],
    defaultUrl: "https://api.thetavideoapi.com",
  },
  chain: {
    name: "chain",
    title: "Theta node JSON-RPC",
    env: ["THETA_CHAIN_RPC_URL"],
    defaultUrl: "",
  },
  thetacli: {
    name: "thetacli",
    title: "thetacli wallet daemon JSON-RPC",
    env: ["THETA_CLI_RPC_URL"],
    defaultUrl: "",
  },
  edgecloudClient: {
    name: "edgecloudClient",
    title: "EdgeCloud client (GPU node) local RPC",
    env: ["THETA_EDGECLOUD_RPC_URL"],
    defaultUrl: "",
  },
} as const satisfies Record<string, ServerSpec>);

export type ServerName = keyof typeof SERVERS;

const CONTROLLER_CREDENTIALS: readonly CredentialSpec[] = [
  {
    key: "apiKey",
    env: ["THETA_EC_API_KEY"],
    secret: true,
    description: "project API key (sent as x-api-key)",
  },
  {
    key: "projectId",
    env: ["THETA_EC_PROJECT_ID"],
    secret: false,
    description: "project id (prj_...) of the project that owns the API key",
  },
  { key: "orgId", env: ["THETA_ORG_ID"], secret: false, description: "organization id (org_...)" },
];

const PROJECT_KEY_AUTH: AuthScheme = { kind: "headers", headers: { "x-api-key": "apiKey" } };

function family(
  spec: Omit<FamilySpec, "baseUrlEnv" | "defaultBaseUrl" | "userEndpoint"> & {
    readonly servers: readonly [ServerSpec, ...ServerSpec[]];
  },
): FamilySpec {
  const [primary] = spec.servers;
  return {
    ...spec,
    baseUrlEnv: primary.env,
    defaultBaseUrl: primary.defaultUrl,
    ...(primary.userEndpoint ? { userEndpoint: true } : {}),
  };
}

/**
 * The Theta API families (deeply frozen), in the order they are shown to users. A command resolves only
 * the family it needs.
 *
 * `agents` is a family of its own (its spec, package, simulator module and commands) that uses the
 * controller's credentials: the RAG chatbot routes are on the controller host with the same project
 * `x-api-key` and `project_id` (theta-api.md §4), so a user configures nothing new for it.
 */
export const FAMILIES = deepFreeze({
  ondemand: family({
    family: "ondemand",
    title: "Theta EdgeCloud on-demand model API",
    packageName: "@theta/ondemand",
    configPrefix: "ondemand",
    credentials: [
      {
        key: "apiToken",
        env: ["THETA_ONDEMAND_API_TOKEN", "THETA_ONDEMAND_API_KEY", "THETA_API_KEY"],
        secret: true,
        description: "on-demand API token (sent as a Bearer token)",
      },
    ],
    auth: { kind: "bearer", credential: "apiToken" },
    servers: [SERVERS.ondemand],
    docsUrl: API_KEYS_PAGE,
  }),
  controller: family({
    family: "controller",
    title: "Theta EdgeCloud controller API (deployments, templates, billing, projects)",
    packageName: "@theta/controller",
    configPrefix: "ec",
    credentials: CONTROLLER_CREDENTIALS,
    auth: PROJECT_KEY_AUTH,
    servers: [SERVERS.controller, SERVERS.platform],
    docsUrl: PROJECT_KEYS_PAGE,
  }),
  agents: family({
    family: "agents",
    title: "Theta EdgeCloud AI agents (RAG chatbots and their documents)",
    packageName: "@theta/agents",
    configPrefix: "ec",
    credentials: CONTROLLER_CREDENTIALS,
    credentialsOf: "controller",
    auth: PROJECT_KEY_AUTH,
    servers: [SERVERS.controller],
    docsUrl: PROJECT_KEYS_PAGE,
  }),
  inference: family({
    family: "inference",
    title: "Theta EdgeCloud dedicated inference endpoint",
    packageName: "@theta/controller",
    configPrefix: "inference",
    credentials: [
      {
        key: "endpoint",
        env: ["THETA_INFERENCE_ENDPOINT"],
        secret: false,
        description: "deployment URL (https://<name>.tec-sN.onthetaedgecloud.com)",
      },
      {
        key: "authToken",
        env: ["THETA_INFERENCE_AUTH_TOKEN"],
        secret: true,
        description: "bearer token of the deployment",
        optional: true,
      },
      {
        key: "authUser",
        env: ["THETA_INFERENCE_AUTH_USER"],
        secret: true,
        description: "basic-auth user name of the deployment",
        optional: true,
      },
      {
        key: "authPass",
        env: ["THETA_INFERENCE_AUTH_PASS"],
        secret: true,
        description: "basic-auth password of the deployment",
        optional: true,
      },
      {
        key: "model",
        env: ["THETA_INFERENCE_MODEL"],
        secret: false,
        description: "model name served by the deployment",
        optional: true,
      },
    ],
    auth: { kind: "basic-or-bearer", token: "authToken", user: "authUser", password: "authPass" },
    servers: [SERVERS.inference],
  }),
  video: family({
    family: "video",
    title: "Theta Video API",
    packageName: "@theta/video",
    configPrefix: "video",
    credentials: [
      {
        key: "saId",
        env: ["THETA_VIDEO_SA_ID"],
        secret: true,
        description: "service account id (srvacc_..., sent as x-tva-sa-id)",
      },
      {
        key: "saSecret",
        env: ["THETA_VIDEO_SA_SECRET"],
        secret: true,
        description: "service account secret (sent as x-tva-sa-secret)",
      },
    ],
    auth: { kind: "headers", headers: { "x-tva-sa-id": "saId", "x-tva-sa-secret": "saSecret" } },
    servers: [SERVERS.video],
    docsUrl: "https://docs.thetatoken.org/docs/theta-video-api-developer-api",
  }),
  chain: family({
    family: "chain",
    title: "Theta blockchain and node RPC",
    packageName: "@theta/chain",
    configPrefix: "chain",
    credentials: [],
    auth: { kind: "none" },
    servers: [SERVERS.chain, SERVERS.thetacli, SERVERS.edgecloudClient],
  }),
} as const satisfies Record<string, FamilySpec>);

export type FamilyName = keyof typeof FAMILIES;

/** The families in display order. */
export const FAMILY_LIST: readonly FamilySpec[] = Object.freeze(Object.values(FAMILIES));

/** The family named `name`, or undefined (for names read from input). */
export function familyNamed(name: string): FamilySpec | undefined {
  return Object.hasOwn(FAMILIES, name) ? FAMILIES[name as FamilyName] : undefined;
}
