/**
 * Leak test: canary secrets are planted in env and options, every error / redaction path of errors,
 * redaction, config and host policy is driven, and nothing a user could see (message, String(err),
 * err.stack, util.inspect, JSON, toJSON, causes) may contain a canary.
 *
 * Cases run twice: once after the canaries were registered with the redactor (what happens in a real
 * client, which resolves credentials first), and once with an empty registry, where only structural
 * redaction (headers, URL userinfo, secret keys, Bearer/Basic) protects the value. Cases that can only
 * be protected by the registry are in `registeredOnlyCases`.
 *
 * Other test files extend this by building their own `CanaryCase` tables with `./canary-helpers.js`.
 */
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { DryRunPlan } from "./dry-run-plan.js";
import { apiErrorFromResponse } from "./error-from-response.js";
import {
  ThetaAbortError,
  ThetaApiError,
  ThetaConfigError,
  ThetaConnectionError,
  ThetaDryRunError,
  ThetaStreamError,
  ThetaTimeoutError,
  ThetaValidationError,
} from "./errors.js";
import { checkEndpoint } from "./host-policy.js";
import {
  defaultEnv,
  FAMILIES,
  type FamilyName,
  readHttpSettings,
  requireCredential,
  resolveBaseUrl,
  resolveCredentials,
  type SecretProvider,
} from "./index.js";
import { clearRegisteredSecretsForTesting, redact, redactHeaders, redactText, redactUrl } from "./redact.js";
import {
  CANARY,
  type CanaryCase,
  canaryEnv,
  expectNoCanary,
  forbiddenSpellings,
  mustThrow,
  renderEverywhere,
  runCanaryCase,
} from "./testing/canary-helpers.js";

const basicAuth = `Basic ${Buffer.from(`${CANARY.basicUser}:${CANARY.basicPass}`).toString("base64")}`;

/** Registers every canary the way a client does: by resolving every family's credentials. */
async function registerAllCanaries(): Promise<void> {
  const env = canaryEnv();
  for (const name of Object.keys(FAMILIES) as FamilyName[]) {
    await resolveCredentials(FAMILIES[name], { env });
  }
  await resolveCredentials(FAMILIES.ondemand, { options: { apiToken: CANARY.optionToken }, env: {} });
  const provider: SecretProvider = { getSecret: () => CANARY.providerToken };
  await resolveCredentials(FAMILIES.ondemand, { provider, env: {} });
}

function dryRunPlan(): DryRunPlan {
  return {
    dryRun: true,
    family: "ondemand",
    operationId: "createInferRequest",
    method: "POST",
    url: `https://${CANARY.basicUser}:${CANARY.basicPass}@ondemand.thetaedgecloud.com/infer_request/flux?token=${CANARY.ondemandToken}`,
    headers: {
      Authorization: `Bearer ${CANARY.ondemandToken}`,
      "x-api-key": CANARY.controllerKey,
      "x-tva-sa-id": CANARY.videoSaId,
      "x-tva-sa-secret": CANARY.videoSecret,
      "proxy-authorization": basicAuth,
      "content-type": "application/json",
    },
    body: {
      input: { prompt: "a cat", max_tokens: 32 },
      api_key: CANARY.ondemandToken,
      auth: { user: CANARY.basicUser, password: CANARY.basicPass },
      webhook: `https://hooks.example/cb?sig=${CANARY.inferenceToken}`,
    },
    mutating: true,
    billable: true,
    note: "dry-run",
  };
}

/** Paths protected by structure alone: they must hold even when nothing was registered. */
const structuralCases: CanaryCase[] = [
  // config: bad values never echo the value
  ...["THETA_HTTP_TIMEOUT_MS", "THETA_HTTP_MAX_RETRIES", "THETA_HTTP_RETRY_BACKOFF_MS", "THETA_DRY_RUN"].map(
    (variable): CanaryCase => ({
      name: `readHttpSettings with ${variable}=<canary>`,
      run: () => mustThrow(() => readHttpSettings({ ...canaryEnv(), [variable]: CANARY.ondemandToken })),
    }),
  ),
  {
    name: "missing credential while other canaries are set",
    run: async () => {
      const env = { ...canaryEnv(), THETA_VIDEO_SA_ID: "" };
      const resolved = await resolveCredentials(FAMILIES.video, { env });
      return mustThrow(() => requireCredential(FAMILIES.video, resolved, "saId"));
    },
  },
  {
    name: "missing ondemand token with canaries for other families",
    run: async () => {
      const env = { ...canaryEnv(), THETA_ONDEMAND_API_TOKEN: "" };
      const resolved = await resolveCredentials(FAMILIES.ondemand, { env, options: { apiToken: "" } });
      return mustThrow(() => requireCredential(FAMILIES.ondemand, resolved, "apiToken"));
    },
  },
  {
    name: "secret provider throws an error holding the value",
    run: () =>
      mustThrow(() =>
        resolveCredentials(FAMILIES.ondemand, {
          provider: {
            getSecret() {
              throw new Error(`lookup failed, cached value was ${CANARY.providerToken}`);
            },
          },
          env: canaryEnv(),
        }),
      ),
  },
  {
    name: "secret provider rejects with the value as the reason",
    run: () =>
      mustThrow(() =>
        resolveCredentials(FAMILIES.video, {
          provider: { getSecret: () => Promise.reject(CANARY.videoSecret) },
          env: canaryEnv(),
        }),
      ),
  },
  // base URLs with credentials
  ...[
    `https://${CANARY.basicUser}:${CANARY.basicPass}@ondemand.example`,
    `https://${CANARY.ondemandToken}@ondemand.example/prefix/`,
    `https://:${CANARY.videoSecret}@ondemand.example`,
    `http://${CANARY.basicUser}:${CANARY.basicPass}@127.0.0.1:4010/ondemand`,
    `https://ondemand.example/?token=${CANARY.ondemandToken}`,
    `https://ondemand.example/#access_token=${CANARY.ondemandToken}`,
    `http://ondemand.example/?api_key=${CANARY.ondemandToken}`,
    `ftp://${CANARY.basicUser}:${CANARY.basicPass}@ondemand.example`,
    `https://${CANARY.basicUser}:${CANARY.basicPass}@`,
  ].flatMap((url): CanaryCase[] => [
    {
      name: `resolveBaseUrl option ${url.slice(0, 12)}…`,
      run: () =>
        mustThrow(() => resolveBaseUrl(FAMILIES.ondemand, { option: url, allowInsecureLoopback: true })),
    },
    {
      name: `resolveBaseUrl env ${url.slice(0, 12)}…`,
      run: () => mustThrow(() => resolveBaseUrl(FAMILIES.ondemand, { env: { THETA_API_BASE_URL: url } })),
    },
    {
      name: `checkEndpoint ${url.slice(0, 12)}…`,
      run: () => mustThrow(() => checkEndpoint(url, { field: "THETA_INFERENCE_ENDPOINT" })),
    },
  ]),
  {
    name: "inference endpoint with credentials and a foreign host",
    run: () =>
      mustThrow(() =>
        resolveBaseUrl(FAMILIES.inference, {
          env: {
            THETA_INFERENCE_ENDPOINT: `https://${CANARY.basicUser}:${CANARY.basicPass}@x.thetaedgecloud.com.evil.io`,
          },
        }),
      ),
  },
  {
    name: "checkEndpoint with backslash trick and userinfo",
    run: () => mustThrow(() => checkEndpoint(`https://evil.io\\@${CANARY.basicPass}.thetaedgecloud.com`)),
  },
  // API errors whose body echoes the secret in structured places
  {
    name: "API error: body echoes the Authorization header",
    run: () =>
      apiErrorFromResponse({
        status: 401,
        bodyText: JSON.stringify({
          status: "error",
          message: `Invalid Authorization: Bearer ${CANARY.ondemandToken}`,
          headers: { authorization: `Bearer ${CANARY.ondemandToken}`, "x-api-key": CANARY.controllerKey },
        }),
        operationId: "listServices",
        method: "GET",
        url: `https://${CANARY.basicUser}:${CANARY.basicPass}@ondemand.thetaedgecloud.com/service/list?api_key=${CANARY.ondemandToken}`,
        headers: { "x-request-id": "req-123" },
      }),
  },
  {
    name: "API error: text body with key=value pairs",
    run: () =>
      apiErrorFromResponse({
        status: 400,
        bodyText: `bad request: password=${CANARY.basicPass}&x-tva-sa-secret=${CANARY.videoSecret} token: ${CANARY.inferenceToken}`,
        operationId: "createVideo",
      }),
  },
  {
    name: "API error: nested error envelope with secret keys",
    run: () =>
      apiErrorFromResponse({
        status: 403,
        bodyText: JSON.stringify({
          error: {
            message: `denied; api_key=${CANARY.controllerKey}`,
            credentials: { sa_secret: CANARY.videoSecret },
          },
        }),
        operationId: "listDeployments",
      }),
  },
  {
    name: "API error: capacity 409 with a basic auth header echoed",
    run: () =>
      apiErrorFromResponse({
        status: 409,
        bodyText: JSON.stringify({ message: `No instances available (auth ${basicAuth})` }),
        operationId: "chat",
      }),
  },
  {
    name: "ThetaApiError constructed directly with secret body and url",
    run: () =>
      new ThetaApiError({
        status: 500,
        serverMessage: `upstream said Bearer ${CANARY.inferenceToken}`,
        body: { echo: { "x-tva-sa-id": CANARY.videoSaId, password: CANARY.basicPass } },
        url: `https://ondemand.thetaedgecloud.com/x?X-Goog-Signature=${CANARY.ondemandToken}`,
      }),
  },
  // transport-shaped errors built from secret-bearing URLs and causes
  {
    name: "connection error with userinfo URL",
    run: () =>
      new ThetaConnectionError({
        outcome: "unknown",
        method: "POST",
        url: `https://${CANARY.basicUser}:${CANARY.basicPass}@llama.tec-s1.onthetaedgecloud.com/v1/chat/completions`,
        cause: new TypeError("fetch failed", {
          cause: new Error(`connect to https://${CANARY.basicUser}:${CANARY.basicPass}@host failed`),
        }),
      }),
  },
  {
    name: "timeout error with a signed URL",
    run: () =>
      new ThetaTimeoutError({
        timeoutMs: 1000,
        phase: "attempt",
        url: `https://storage.example/o?X-Amz-Signature=${CANARY.ondemandToken}&X-Amz-Credential=${CANARY.controllerKey}`,
      }),
  },
  {
    name: "abort error whose reason holds a header",
    run: () =>
      new ThetaAbortError({ cause: new Error(`aborted while sending x-api-key: ${CANARY.controllerKey}`) }),
  },
  {
    name: "stream error with a cause holding a bearer token",
    run: () =>
      new ThetaStreamError({
        code: "stream_error",
        message: `stream broke (Authorization: Bearer ${CANARY.inferenceToken})`,
        cause: { headers: { authorization: `Bearer ${CANARY.inferenceToken}` } },
      }),
  },
  {
    name: "validation error with the secret in message and fix",
    run: () =>
      new ThetaValidationError({
        field: "headers",
        message: `header x-tva-sa-secret: ${CANARY.videoSecret} is not allowed here`,
        fix: `remove password=${CANARY.basicPass}`,
      }),
  },
  {
    name: "config error with secrets in the message",
    run: () =>
      new ThetaConfigError({
        message: `bad value api_key="${CANARY.ondemandToken}" in https://${CANARY.basicUser}:${CANARY.basicPass}@h`,
        variable: "THETA_API_KEY",
      }),
  },
  // dry-run plans
  {
    name: "dry-run plan with canaries in URL, headers and body",
    run: () => new ThetaDryRunError({ plan: dryRunPlan() }),
  },
  {
    name: "dry-run plan with a Headers instance",
    run: () =>
      new ThetaDryRunError({
        plan: {
          ...dryRunPlan(),
          headers: new Headers({ authorization: `Bearer ${CANARY.ondemandToken}` }) as unknown as Record<
            string,
            string
          >,
        },
      }),
  },
  // redaction helpers on their own (headers, URLs, log data)
  {
    name: "redactHeaders",
    run: () =>
      redactHeaders({
        Authorization: `Bearer ${CANARY.ondemandToken}`,
        "x-api-key": CANARY.controllerKey,
        "X-TVA-SA-ID": CANARY.videoSaId,
        "x-tva-sa-secret": CANARY.videoSecret,
        "Proxy-Authorization": basicAuth,
        Cookie: `session=${CANARY.inferenceToken}`,
        "Set-Cookie": [`a=${CANARY.inferenceToken}`],
      }),
  },
  {
    name: "redactHeaders on Headers",
    run: () =>
      redactHeaders(new Headers({ authorization: basicAuth, "x-tva-sa-secret": CANARY.videoSecret })),
  },
  {
    name: "redactUrl",
    run: () => [
      redactUrl(`https://${CANARY.basicUser}:${CANARY.basicPass}@h.example/p?sig=${CANARY.ondemandToken}`),
      redactUrl(
        `https://storage.googleapis.com/b/o?X-Goog-Credential=${CANARY.controllerKey}&X-Goog-Signature=${CANARY.videoSecret}`,
      ),
      redactUrl(
        new URL(`https://h.example/?access_token=${CANARY.inferenceToken}#token=${CANARY.ondemandToken}`),
      ),
    ],
  },
  {
    name: "redact log data",
    run: () => {
      const data: Record<string, unknown> = {
        request: {
          headers: { authorization: `Bearer ${CANARY.ondemandToken}` },
          url: `https://${CANARY.basicUser}:${CANARY.basicPass}@h/x?token=${CANARY.inferenceToken}`,
        },
        credentials: { apiToken: CANARY.ondemandToken, saSecret: CANARY.videoSecret },
        authPass: CANARY.basicPass,
        authUser: CANARY.basicUser,
        saId: CANARY.videoSaId,
        presigned_url: `https://storage.example/o?X-Amz-Security-Token=${CANARY.controllerKey}`,
        note: `token=${CANARY.inferenceToken}`,
        map: new Map([["x-api-key", CANARY.controllerKey]]),
        usage: { prompt_tokens: 3, max_tokens: 10 },
      };
      data.self = data;
      const out = redact(data) as Record<string, unknown>;
      expect(out.usage).toEqual({ prompt_tokens: 3, max_tokens: 10 });
      return out;
    },
  },
  {
    name: "redactText on a curl line",
    run: () =>
      redactText(
        `curl -H "Authorization: Bearer ${CANARY.ondemandToken}" -H 'x-tva-sa-secret: ${CANARY.videoSecret}' -u ${CANARY.basicUser}:${CANARY.basicPass} https://${CANARY.basicUser}:${CANARY.basicPass}@h/ -d '{"api_key":"${CANARY.controllerKey}"}'`,
      ).replace(/-u \S+/, "-u <elided>"),
  },
];

/** Paths where only the registry of known secrets can protect the value (free-text echoes). */
const registeredOnlyCases: CanaryCase[] = [
  {
    name: "unknown credential key that happens to be a secret",
    run: async () => {
      const resolved = await resolveCredentials(FAMILIES.inference, { env: canaryEnv() });
      return mustThrow(() => requireCredential(FAMILIES.inference, resolved, CANARY.basicPass));
    },
  },
  {
    name: "API error: body echoes the raw token in prose",
    run: () =>
      apiErrorFromResponse({
        status: 401,
        bodyText: JSON.stringify({ status: "error", message: `the key ${CANARY.ondemandToken} was revoked` }),
        operationId: "listServices",
      }),
  },
  {
    name: "API error: plain text body echoes several secrets",
    run: () =>
      apiErrorFromResponse({
        status: 500,
        bodyText: `internal error for ${CANARY.videoSaId}/${CANARY.videoSecret} (${CANARY.basicUser})`,
        operationId: "listVideos",
      }),
  },
  {
    name: "option and provider tokens echoed in a message",
    run: () =>
      new ThetaConfigError({ message: `tokens ${CANARY.optionToken} and ${CANARY.providerToken} differ` }),
  },
  {
    name: "the curl -u user:pass form",
    run: () => redactText(`curl -u ${CANARY.basicUser}:${CANARY.basicPass} https://h/`),
  },
  {
    name: "dry-run plan with the token in a free-text body field",
    run: () =>
      new ThetaDryRunError({ plan: { ...dryRunPlan(), body: { prompt: `say ${CANARY.ondemandToken}` } } }),
  },
  {
    name: "connection error cause with the secret in prose",
    run: () =>
      new ThetaConnectionError({
        outcome: "not_sent",
        operationId: "chat",
        cause: new Error(`socket closed after ${CANARY.inferenceToken}`),
      }),
  },
  {
    name: "host refused for a host made of a secret",
    run: () => mustThrow(() => checkEndpoint(`https://${CANARY.ondemandToken}.evil.io`)),
  },
];

describe("canary secrets never leak", () => {
  afterEach(() => {
    clearRegisteredSecretsForTesting();
    vi.unstubAllEnvs();
  });

  describe("with the canaries registered (as a client does)", () => {
    beforeEach(async () => {
      await registerAllCanaries();
    });

    it.each([...structuralCases, ...registeredOnlyCases].map((c) => [c.name, c] as const))(
      "%s",
      async (_name, testCase) => {
        await runCanaryCase(testCase);
      },
    );
  });

  describe("with an empty registry (structure alone)", () => {
    // Cases that resolve credentials themselves register what they resolve, as a client would.
    beforeEach(() => {
      clearRegisteredSecretsForTesting();
    });

    it.each(structuralCases.map((c) => [c.name, c] as const))("%s", async (_name, testCase) => {
      await runCanaryCase(testCase);
    });
  });

  it("resolveCredentials registers env, option and provider values", async () => {
    await registerAllCanaries();
    for (const value of Object.values(CANARY)) {
      expect(redactText(`x ${value} y`)).toBe("x [REDACTED] y");
    }
  });

  it("reads canaries planted in process.env through defaultEnv()", async () => {
    for (const [name, value] of Object.entries(canaryEnv())) vi.stubEnv(name, value);
    vi.stubEnv("THETA_HTTP_TIMEOUT_MS", CANARY.ondemandToken);
    const resolved = await resolveCredentials(FAMILIES.inference, {});
    expect(resolved.values.authPass).toBe(CANARY.basicPass);
    expect(defaultEnv().THETA_INFERENCE_AUTH_PASS).toBe(CANARY.basicPass);
    const error = await mustThrow(() => readHttpSettings());
    expectNoCanary(error, "readHttpSettings from process.env");
    expectNoCanary(
      apiErrorFromResponse({ status: 401, bodyText: `user ${CANARY.basicUser} pass ${CANARY.basicPass}` }),
      "api error after env resolution",
    );
  });

  // The checks themselves must be able to fail.
  describe("the leak detector", () => {
    it("finds a canary in a message, a cause, a property, inspect output and base64", () => {
      expect(() => expectNoCanary(new Error(`x ${CANARY.ondemandToken}`))).toThrow(/leaks a canary/);
      expect(() => expectNoCanary(new Error("outer", { cause: new Error(CANARY.videoSecret) }))).toThrow(
        /leaks a canary/,
      );
      expect(() =>
        expectNoCanary(Object.assign(new Error("x"), { extra: { deep: [CANARY.basicPass] } })),
      ).toThrow(/leaks a canary/);
      expect(() => expectNoCanary({ header: basicAuth })).toThrow(/leaks a canary/);
      expect(() => expectNoCanary(`…${CANARY.controllerKey.slice(-8)}`)).toThrow(/leaks a canary/);
      const hidden = new Error("x");
      Object.defineProperty(hidden, "secret", { value: CANARY.inferenceToken, enumerable: false });
      expect(() => expectNoCanary(hidden)).toThrow(/leaks a canary/);
    });

    it("renders stack, String() and util.inspect", () => {
      const error = new ThetaConfigError({ message: "plain" });
      const texts = renderEverywhere(error);
      expect(texts).toContain(error.stack);
      expect(texts).toContain(String(error));
      expect(texts).toContain(inspect(error, { depth: 20 }));
      expect(forbiddenSpellings().length).toBeGreaterThan(Object.keys(CANARY).length * 3);
    });

    it("mustThrow fails when nothing is thrown or the error is untyped", async () => {
      await expect(mustThrow(() => 1)).rejects.toThrow(/expected the call to throw/);
      await expect(
        mustThrow(() => {
          throw new Error("untyped");
        }),
      ).rejects.toThrow(/expected a Theta error/);
    });
  });
});
