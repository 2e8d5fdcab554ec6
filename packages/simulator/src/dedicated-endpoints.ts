/**
 * The dedicated endpoints the simulator serves: the controller module registers one per deployment it
 * creates, the inference module answers their requests. Shared through the core because two families
 * meet here: a deployment is the controller's, what its endpoint answers is the inference spec's.
 *
 * Addressing: a deployment's endpoint is `<simulator>/inference/<key>` (the real one is a host of its
 * own, `https://<name>-<hex>.tec-sN.onthetaedgecloud.com`; a loopback simulator has one host, so the
 * key is a path segment). The bare `<simulator>/inference` is the standing endpoint, always ready, so
 * that the inference client can be tried without creating a deployment first.
 */

/** What the endpoint's template serves: OpenAI-compatible routes, a Gradio app, or neither (Jupyter, GPU node). */
export type EndpointKind = "openai" | "gradio" | "none";

/** The credentials an endpoint accepts; none at all means it is public (created without auth fields). */
export interface EndpointAuth {
  readonly basic?: { readonly username: string; readonly password: string };
  readonly bearer?: string;
}

/** Where an endpoint is in its life, as of a clock time. */
export type EndpointPhase =
  /** Warming up: the status it answers every request with for now (404, 502, 503, 401, 500, ...). */
  | { readonly state: "warming"; readonly status: number; readonly step: number }
  | { readonly state: "ready" }
  /** The deployment was stopped: the proxy has no upstream. */
  | { readonly state: "stopped" };

export interface DedicatedEndpoint {
  /** The path segment that addresses it (empty for the standing endpoint). */
  readonly key: string;
  readonly kind: EndpointKind;
  /** The model id `/v1/models` lists (OpenAI-compatible endpoints). */
  readonly model: string;
  /** What `/config` describes (Gradio endpoints). */
  readonly title: string;
  readonly auth: EndpointAuth;
  /** Its phase now. */
  phase(now: number): EndpointPhase;
}

export class DedicatedEndpoints {
  private readonly byKey = new Map<string, DedicatedEndpoint>();
  private standing: DedicatedEndpoint | undefined;

  /** Sets the standing endpoint (`<simulator>/inference`); the inference module does, with its credentials. */
  serveStanding(endpoint: DedicatedEndpoint): void {
    this.standing = endpoint;
  }

  register(endpoint: DedicatedEndpoint): void {
    if (endpoint.key === "" || this.byKey.has(endpoint.key))
      throw new Error(`dedicated endpoint key "${endpoint.key}" is empty or taken`);
    this.byKey.set(endpoint.key, endpoint);
  }

  remove(key: string): void {
    this.byKey.delete(key);
  }

  /** The endpoint of `key` ("" for the standing one), if it exists. */
  get(key: string): DedicatedEndpoint | undefined {
    return key === "" ? this.standing : this.byKey.get(key);
  }

  /**
   * Which endpoint a path below the `inference` prefix addresses (its key) and the path below it: a
   * first segment that is a registered key selects that deployment, anything else the standing one.
   */
  resolve(path: string): { key: string; path: string } {
    const match = /^\/([^/]+)(\/.*)?$/.exec(path);
    const key = match?.[1] ?? "";
    if (!match || !this.byKey.has(key)) return { key: "", path };
    return { key, path: match[2] ?? "/" };
  }
}
