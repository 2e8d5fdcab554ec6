/** Base URLs: picked from an option, the environment or the server's default, then normalized and checked. */

import { type CallerTerms, callerTerms } from "./caller-terms.js";
import { defaultEnv, type Env } from "./env.js";
import { ThetaConfigError } from "./errors.js";
import type { FamilySpec, ServerSpec } from "./families.js";
import { checkEndpoint, isLoopbackHost } from "./host-policy.js";
import { redactUrl } from "./redact.js";

/** Where a base URL comes from: a family (its default server) or one server. */
export type BaseUrlSource = Pick<FamilySpec, "title" | "baseUrlEnv" | "defaultBaseUrl" | "userEndpoint">;

export interface ResolveBaseUrlOptions {
  /** Explicit `baseUrl` option; wins over the environment. Empty counts as unset. */
  option?: string;
  /** The option's name (default `baseUrl`; e.g. `baseUrls.platform`). */
  optionName?: string;
  /** The server the URL is for, when it is not the family's default one. */
  server?: string;
  /** How errors name the option and the loopback opt-in (default: the library's option names). */
  terms?: CallerTerms;
  env?: Env;
  /** Allow plain `http:` to loopback hosts (127.0.0.0/8, ::1, localhost) — for the simulator. */
  allowInsecureLoopback?: boolean;
}

/**
 * Picks the base URL (option → `spec.baseUrlEnv` in order → `spec.defaultBaseUrl`) and normalizes
 * it: trimmed, no trailing slash, path prefix kept (`http://127.0.0.1:4010/ondemand/` →
 * `http://127.0.0.1:4010/ondemand`). Refuses userinfo, query strings, fragments, non-https URLs
 * (plain http only to loopback with `allowInsecureLoopback`). Errors name the option or variable.
 * For a family with `userEndpoint` (dedicated inference) the host policy applies too
 * (`ThetaValidationError` code `host_refused`).
 */
export function resolveBaseUrl(spec: BaseUrlSource, opts: ResolveBaseUrlOptions = {}): string {
  const env = opts.env ?? defaultEnv();
  const optionName = opts.optionName ?? "baseUrl";
  const terms = callerTerms(opts.terms);
  const optionLabel = terms.baseUrlOption(optionName, opts.server);
  let raw: string | undefined;
  let from = "";
  let variable = "";
  if (present(opts.option)) {
    raw = opts.option;
    from = optionLabel;
    variable = optionName;
  } else {
    for (const name of spec.baseUrlEnv) {
      const value = env[name];
      if (present(value)) {
        raw = value;
        from = name;
        variable = name;
        break;
      }
    }
  }
  if (raw === undefined) {
    if (!spec.defaultBaseUrl) {
      const names = spec.baseUrlEnv.length > 0 ? `set ${spec.baseUrlEnv.join(" or ")}, or ` : "";
      throw new ThetaConfigError({
        message: `No base URL for the ${spec.title}: ${names}pass ${optionLabel}`,
        variable: spec.baseUrlEnv[0] ?? optionName,
        envNames: spec.baseUrlEnv,
        accepted: "an https:// URL",
      });
    }
    raw = spec.defaultBaseUrl;
    from = "the default base URL";
    variable = "defaultBaseUrl";
  }
  const normalized = normalizeBaseUrl(raw, {
    from,
    variable,
    allowInsecureLoopback: opts.allowInsecureLoopback === true,
    envNames: spec.baseUrlEnv,
    insecureLoopbackRemedy: terms.insecureLoopbackRemedy,
  });
  if (spec.userEndpoint) {
    const loopbackOptIn = opts.allowInsecureLoopback === true && isLoopbackHost(new URL(normalized).hostname);
    // The raw text, not the normalized URL: a spelling the parser would rewrite is refused.
    if (!loopbackOptIn) checkEndpoint(raw, { field: variable });
  }
  return normalized;
}

/** A server as a base-URL source (its environment variables, default and host policy). */
export function serverAsSource(server: ServerSpec): BaseUrlSource {
  return {
    title: server.title,
    baseUrlEnv: server.env,
    defaultBaseUrl: server.defaultUrl,
    ...(server.userEndpoint ? { userEndpoint: true } : {}),
  };
}

function present(value: unknown): value is string {
  return typeof value === "string" && value.trim().length > 0;
}

/** Where a base URL came from, as errors name it. */
interface UrlOrigin {
  /** A noun phrase: the option as the caller names it, the variable, or the default. */
  from: string;
  /** The option or variable, for the error's `variable`. */
  variable: string;
  allowInsecureLoopback: boolean;
  envNames: readonly string[];
  insecureLoopbackRemedy: string;
}

function normalizeBaseUrl(value: string, origin: UrlOrigin): string {
  const { from, variable, allowInsecureLoopback, envNames } = origin;
  const fail = (problem: string, fix: string): never => {
    throw new ThetaConfigError({
      message: `${from.charAt(0).toUpperCase()}${from.slice(1)} ${problem}; ${fix}`,
      variable,
      envNames,
      accepted: "an https:// URL without credentials, query or fragment",
    });
  };
  const text = value.trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we look for
  if (/[\s\u0000-\u001f\u007f]/.test(text)) fail("contains whitespace or control characters", "remove them");
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail("is not a valid absolute URL", "use a URL like https://host[/prefix]");
  }
  if (url.username !== "" || url.password !== "" || /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(text)) {
    fail(
      `contains credentials (${redactUrl(text)})`,
      "remove the user:password@ part and pass the credential through its own option or environment variable",
    );
  }
  if (url.search !== "" || text.includes("?"))
    fail("contains a query string", "remove everything from '?' on");
  if (url.hash !== "" || text.includes("#")) fail("contains a fragment", "remove everything from '#' on");
  if (url.protocol === "http:") {
    if (!isLoopbackHost(url.hostname)) {
      fail(
        "uses plain http",
        "use https:// (plain http is only allowed for loopback hosts such as the simulator)",
      );
    }
    if (!allowInsecureLoopback) {
      fail(
        "uses plain http to a loopback host",
        `${origin.insecureLoopbackRemedy} to talk to a local simulator, or use https://`,
      );
    }
  } else if (url.protocol !== "https:") {
    const known = /^(ftp|ftps|ws|wss|file|data|javascript|mailto|blob):$/.test(url.protocol);
    fail(
      `uses ${known ? `the ${url.protocol} scheme` : "a scheme other than https:"}`,
      "use an https:// URL",
    );
  }
  if (url.hostname === "") fail("has no host", "use a URL like https://host[/prefix]");
  const path = url.pathname.replace(/\/+$/, "");
  return `${url.protocol}//${url.host}${path}`;
}
