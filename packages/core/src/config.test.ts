import { afterEach, describe, expect, it, vi } from "vitest";
import { ThetaConfigError, ThetaValidationError } from "./errors.js";
import {
  defaultEnv,
  FAMILIES,
  type FamilySpec,
  HTTP_SETTING_LIMITS,
  readHttpSettings,
  requireCredential,
  resolveBaseUrl,
  resolveCredentials,
  SERVERS,
  type SecretProvider,
  serverAsSource,
} from "./index.js";
import { clearRegisteredSecretsForTesting, REDACTED, redactText } from "./redact.js";

afterEach(() => {
  clearRegisteredSecretsForTesting();
  vi.unstubAllGlobals();
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to throw");
}

async function catchAsync(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to reject");
}

describe("FAMILIES", () => {
  it("describes the on-demand family as the contract says", () => {
    expect(FAMILIES.ondemand).toMatchObject({
      family: "ondemand",
      baseUrlEnv: ["THETA_ONDEMAND_API_BASE_URL", "THETA_API_BASE_URL"],
      defaultBaseUrl: "https://ondemand.thetaedgecloud.com",
      credentials: [
        {
          key: "apiToken",
          env: ["THETA_ONDEMAND_API_TOKEN", "THETA_ONDEMAND_API_KEY", "THETA_API_KEY"],
          secret: true,
        },
      ],
    });
  });

  it.each([
    ["controller", "apiKey", ["THETA_EC_API_KEY"], true],
    ["controller", "projectId", ["THETA_EC_PROJECT_ID"], false],
    ["controller", "orgId", ["THETA_ORG_ID"], false],
    ["agents", "apiKey", ["THETA_EC_API_KEY"], true],
    ["inference", "endpoint", ["THETA_INFERENCE_ENDPOINT"], false],
    ["inference", "authToken", ["THETA_INFERENCE_AUTH_TOKEN"], true],
    ["inference", "authUser", ["THETA_INFERENCE_AUTH_USER"], true],
    ["inference", "authPass", ["THETA_INFERENCE_AUTH_PASS"], true],
    ["inference", "model", ["THETA_INFERENCE_MODEL"], false],
    ["video", "saId", ["THETA_VIDEO_SA_ID"], true],
    ["video", "saSecret", ["THETA_VIDEO_SA_SECRET"], true],
  ] as const)("%s.%s reads %o (secret %s)", (family, key, env, secret) => {
    const credential = FAMILIES[family].credentials.find((c) => c.key === key);
    expect(credential).toMatchObject({ key, env, secret });
    expect(credential?.description.length).toBeGreaterThan(5);
  });

  it.each([
    ["controller", ["THETA_CONTROLLER_BASE_URL"], "https://controller.thetaedgecloud.com"],
    ["video", ["THETA_VIDEO_API_BASE_URL"], "https://api.thetavideoapi.com"],
  ] as const)("%s base URL: %o, default %s", (family, baseUrlEnv, defaultBaseUrl) => {
    expect(FAMILIES[family].baseUrlEnv).toEqual(baseUrlEnv);
    expect(FAMILIES[family].defaultBaseUrl).toBe(defaultBaseUrl);
    expect(resolveBaseUrl(FAMILIES[family], { env: {} })).toBe(defaultBaseUrl);
  });

  it.each([
    ["platform", ["THETA_PLATFORM_API_BASE_URL"], "https://api.thetaedgecloud.com"],
    ["chain", ["THETA_CHAIN_RPC_URL"], ""],
    ["thetacli", ["THETA_CLI_RPC_URL"], ""],
    ["edgecloudClient", ["THETA_EDGECLOUD_RPC_URL"], ""],
  ] as const)("server %s: base URL %o, default %o", (name, env, defaultUrl) => {
    expect(SERVERS[name]).toMatchObject({ name, env, defaultUrl });
    if (defaultUrl) expect(resolveBaseUrl(serverAsSource(SERVERS[name]), { env: {} })).toBe(defaultUrl);
  });

  it("the controller family spans the controller and platform servers; agents uses its credentials", () => {
    expect(FAMILIES.controller.servers.map((server) => server.name)).toEqual(["controller", "platform"]);
    expect(FAMILIES.agents.credentialsOf).toBe("controller");
    expect(FAMILIES.agents.credentials).toBe(FAMILIES.controller.credentials);
    expect(FAMILIES.agents.servers.map((server) => server.name)).toEqual(["controller"]);
    expect(FAMILIES.chain.auth).toEqual({ kind: "none" });
  });
});

describe("defaultEnv", () => {
  it("returns process.env under Node", () => {
    expect(defaultEnv()).toBe(process.env);
  });

  it("returns {} when there is no process", () => {
    vi.stubGlobal("process", undefined);
    expect(defaultEnv()).toEqual({});
  });
});

describe("readHttpSettings", () => {
  it("uses the defaults when nothing is set", () => {
    expect(readHttpSettings({})).toEqual({
      timeoutMs: 20_000,
      maxRetries: 2,
      retryBackoffMs: 250,
      dryRun: false,
    });
  });

  it("reads every variable", () => {
    expect(
      readHttpSettings({
        THETA_HTTP_TIMEOUT_MS: "45000",
        THETA_HTTP_MAX_RETRIES: "0",
        THETA_HTTP_RETRY_BACKOFF_MS: " 100 ",
        THETA_DRY_RUN: "1",
      }),
    ).toEqual({ timeoutMs: 45_000, maxRetries: 0, retryBackoffMs: 100, dryRun: true });
  });

  it.each(
    HTTP_SETTING_LIMITS.flatMap((knob) => [
      [knob.variable, String(knob.min), knob.min],
      [knob.variable, String(knob.max), knob.max],
    ]),
  )("accepts the boundary %s=%s", (variable, raw, value) => {
    const settings = readHttpSettings({ [variable]: raw }) as unknown as Record<string, number>;
    const knob = HTTP_SETTING_LIMITS.find((k) => k.variable === variable);
    expect(settings[knob?.option as string]).toBe(value);
  });

  it("treats empty values as unset", () => {
    expect(
      readHttpSettings({ THETA_HTTP_TIMEOUT_MS: "", THETA_HTTP_MAX_RETRIES: "  ", THETA_DRY_RUN: "" }),
    ).toEqual({
      timeoutMs: 20_000,
      maxRetries: 2,
      retryBackoffMs: 250,
      dryRun: false,
    });
  });

  const invalid: Array<[string, string, string]> = [];
  for (const knob of HTTP_SETTING_LIMITS) {
    for (const raw of [
      String(knob.min - 1),
      String(knob.max + 1),
      "12abc",
      "1e3",
      "1.5",
      "-1",
      "+5",
      "0x10",
      "1_000",
      "abc",
      "Infinity",
      "NaN",
      "99999999999999999999",
    ]) {
      invalid.push([knob.variable, raw, `an integer from ${knob.min} to ${knob.max}`]);
    }
  }
  it.each(invalid)("refuses %s=%s (never clamps)", (variable, raw, accepted) => {
    const error = catchError(() => readHttpSettings({ [variable]: raw }));
    expect(ThetaConfigError.isInstance(error)).toBe(true);
    const config = error as ThetaConfigError;
    expect(config.code).toBe("config_error");
    expect(config.variable).toBe(variable);
    expect(config.accepted).toBe(accepted);
    expect(config.message).toContain(variable);
    expect(config.message).toContain(accepted);
  });

  it.each([
    ["1", true],
    ["true", true],
    ["YES", true],
    [" on ", true],
    ["0", false],
    ["false", false],
    ["No", false],
    ["off", false],
    ["", false],
  ])("THETA_DRY_RUN=%j → %s", (raw, expected) => {
    expect(readHttpSettings({ THETA_DRY_RUN: raw }).dryRun).toBe(expected);
  });

  it.each(["2", "maybe", "enabled", "y"])("refuses THETA_DRY_RUN=%s", (raw) => {
    const error = catchError(() => readHttpSettings({ THETA_DRY_RUN: raw })) as ThetaConfigError;
    expect(ThetaConfigError.isInstance(error)).toBe(true);
    expect(error.variable).toBe("THETA_DRY_RUN");
    expect(error.message).toMatch(/THETA_DRY_RUN must be one of 1, true, yes, on/);
  });

  it("lets explicit options win over the environment", () => {
    expect(
      readHttpSettings(
        { THETA_HTTP_TIMEOUT_MS: "5000", THETA_DRY_RUN: "1", THETA_HTTP_MAX_RETRIES: "3" },
        { timeoutMs: 60_000, dryRun: false },
      ),
    ).toEqual({ timeoutMs: 60_000, maxRetries: 3, retryBackoffMs: 250, dryRun: false });
  });

  it("validates options even when the environment is invalid elsewhere", () => {
    // The option replaces the bad env value, so no error.
    expect(readHttpSettings({ THETA_HTTP_TIMEOUT_MS: "junk" }, { timeoutMs: 1000 }).timeoutMs).toBe(1000);
  });

  it.each([
    ["timeoutMs", 999],
    ["timeoutMs", 120_001],
    ["timeoutMs", 1500.5],
    ["timeoutMs", Number.NaN],
    ["maxRetries", 7],
    ["maxRetries", -1],
    ["retryBackoffMs", 24],
    ["retryBackoffMs", Number.POSITIVE_INFINITY],
  ] as const)("refuses the option %s=%s and names the option", (option, value) => {
    const error = catchError(() => readHttpSettings({}, { [option]: value })) as ThetaConfigError;
    expect(ThetaConfigError.isInstance(error)).toBe(true);
    expect(error.variable).toBe(option);
    expect(error.message).toContain(`The ${option} option must be an integer from`);
  });

  it("refuses a non-boolean dryRun option", () => {
    const error = catchError(() =>
      readHttpSettings({}, { dryRun: "yes" as unknown as boolean }),
    ) as ThetaConfigError;
    expect(error.variable).toBe("dryRun");
  });
});

describe("resolveCredentials", () => {
  const spec = FAMILIES.ondemand;

  it("takes the first non-empty env alias", async () => {
    const resolved = await resolveCredentials(spec, {
      env: {
        THETA_ONDEMAND_API_TOKEN: "",
        THETA_ONDEMAND_API_KEY: "from-key-alias",
        THETA_API_KEY: "from-last-alias",
      },
    });
    expect(resolved.values.apiToken).toBe("from-key-alias");
    expect(resolved.sources.apiToken).toBe("env");
    expect(resolved.origins.apiToken).toBe("THETA_ONDEMAND_API_KEY");
  });

  it("orders provider → options → env", async () => {
    const env = { THETA_ONDEMAND_API_TOKEN: "from-env-1234" };
    const provider: SecretProvider = {
      getSecret: (name) => (name === "THETA_API_KEY" ? "from-provider" : undefined),
    };
    const all = await resolveCredentials(spec, { env, provider, options: { apiToken: "from-options" } });
    expect(all.values.apiToken).toBe("from-provider");
    expect(all.sources.apiToken).toBe("provider");
    expect(all.origins.apiToken).toBe("THETA_API_KEY");
    const noProvider = await resolveCredentials(spec, { env, options: { apiToken: "from-options" } });
    expect(noProvider.sources.apiToken).toBe("options");
    expect(noProvider.values.apiToken).toBe("from-options");
    const envOnly = await resolveCredentials(spec, { env, options: { apiToken: "  " } });
    expect(envOnly.sources.apiToken).toBe("env");
  });

  it("asks the provider with each env name in order and accepts async answers", async () => {
    const asked: string[] = [];
    const provider: SecretProvider = {
      async getSecret(name) {
        asked.push(name);
        return name === "THETA_ONDEMAND_API_KEY" ? "async-secret" : null;
      },
    };
    const resolved = await resolveCredentials(spec, { provider, env: {} });
    expect(asked).toEqual(["THETA_ONDEMAND_API_TOKEN", "THETA_ONDEMAND_API_KEY"]);
    expect(resolved.values.apiToken).toBe("async-secret");
  });

  it("reports missing credentials", async () => {
    const resolved = await resolveCredentials(FAMILIES.controller, { env: { THETA_EC_PROJECT_ID: "prj_1" } });
    expect(resolved.values).toEqual({ apiKey: undefined, projectId: "prj_1", orgId: undefined });
    expect(resolved.sources).toEqual({ apiKey: "missing", projectId: "env", orgId: "missing" });
  });

  it("trims values", async () => {
    const resolved = await resolveCredentials(spec, { env: { THETA_API_KEY: "  padded-token\n" } });
    expect(resolved.values.apiToken).toBe("padded-token");
  });

  it("registers shadowed aliases and unused option values too", async () => {
    await resolveCredentials(spec, {
      env: { THETA_ONDEMAND_API_TOKEN: "winning-token-1", THETA_API_KEY: "shadowed-alias-2" },
      provider: {
        getSecret: (name) => (name === "THETA_ONDEMAND_API_TOKEN" ? "provider-token-3" : undefined),
      },
      options: { apiToken: "unused-option-4" },
    });
    expect(redactText("winning-token-1 shadowed-alias-2 provider-token-3 unused-option-4")).toBe(
      `${REDACTED} ${REDACTED} ${REDACTED} ${REDACTED}`,
    );
  });

  it("FAMILIES cannot be mutated", () => {
    expect(Object.isFrozen(FAMILIES.ondemand)).toBe(true);
    expect(Object.isFrozen(FAMILIES.ondemand.credentials[0]?.env)).toBe(true);
    expect(() => {
      (FAMILIES.ondemand as { defaultBaseUrl: string }).defaultBaseUrl = "https://evil.example";
    }).toThrow(TypeError);
  });

  it("registers secret values with the redactor, but not public ones", async () => {
    await resolveCredentials(FAMILIES.controller, {
      env: { THETA_EC_API_KEY: "controller-key-5678", THETA_EC_PROJECT_ID: "prj_public_id" },
    });
    expect(redactText("key controller-key-5678 project prj_public_id")).toBe(
      `key ${REDACTED} project prj_public_id`,
    );
  });

  it("wraps provider failures without leaking the value or the provider message", async () => {
    const provider: SecretProvider = {
      getSecret() {
        throw new TypeError("vault said: value is leaked-provider-value");
      },
    };
    const error = (await catchAsync(() =>
      resolveCredentials(spec, { provider, env: {} }),
    )) as ThetaConfigError;
    expect(ThetaConfigError.isInstance(error)).toBe(true);
    expect(error.variable).toBe("THETA_ONDEMAND_API_TOKEN");
    expect(error.credential).toBe("apiToken");
    expect(error.message).toContain("TypeError");
    expect(error.message).not.toContain("leaked-provider-value");
    expect(JSON.stringify(error.toJSON())).not.toContain("leaked-provider-value");
    expect(error.cause).toBeUndefined();
  });

  it("wraps rejected provider promises too", async () => {
    const provider: SecretProvider = { getSecret: () => Promise.reject(new Error("down")) };
    const error = await catchAsync(() => resolveCredentials(spec, { provider, env: {} }));
    expect(ThetaConfigError.isInstance(error)).toBe(true);
  });
});

describe("requireCredential", () => {
  it("returns a present value", async () => {
    const resolved = await resolveCredentials(FAMILIES.video, {
      env: { THETA_VIDEO_SA_ID: "srvacc_x", THETA_VIDEO_SA_SECRET: "s-1234" },
    });
    expect(requireCredential(FAMILIES.video, resolved, "saSecret")).toBe("s-1234");
  });

  it("throws missing_credential listing the env names and where to get it", async () => {
    const resolved = await resolveCredentials(FAMILIES.ondemand, { env: {} });
    const error = catchError(() =>
      requireCredential(FAMILIES.ondemand, resolved, "apiToken"),
    ) as ThetaConfigError;
    expect(ThetaConfigError.isInstance(error)).toBe(true);
    expect(error.code).toBe("missing_credential");
    expect(error.credential).toBe("apiToken");
    expect(error.envNames).toEqual(["THETA_ONDEMAND_API_TOKEN", "THETA_ONDEMAND_API_KEY", "THETA_API_KEY"]);
    expect(error.message).toContain("THETA_ONDEMAND_API_TOKEN or THETA_ONDEMAND_API_KEY or THETA_API_KEY");
    expect(error.message).toContain('"apiToken" option');
    expect(error.message).toContain("https://www.thetaedgecloud.com/dashboard/api-keys");
  });

  it("no missing-credential message redacts its own text", async () => {
    for (const spec of Object.values(FAMILIES)) {
      const resolved = await resolveCredentials(spec, { env: {} });
      for (const credential of spec.credentials) {
        const error = catchError(() => requireCredential(spec, resolved, credential.key)) as ThetaConfigError;
        expect(error.message).not.toContain(REDACTED);
        for (const name of credential.env) expect(error.message).toContain(name);
      }
    }
  });

  it("refuses an unknown credential key", async () => {
    const resolved = await resolveCredentials(FAMILIES.ondemand, { env: {} });
    const error = catchError(() =>
      requireCredential(FAMILIES.ondemand, resolved, "nope"),
    ) as ThetaConfigError;
    expect(error.code).toBe("config_error");
    expect(error.message).toContain("apiToken");
  });
});

describe("resolveBaseUrl", () => {
  const spec = FAMILIES.ondemand;

  it("uses the default, then env aliases in order, then the option", () => {
    expect(resolveBaseUrl(spec, { env: {} })).toBe("https://ondemand.thetaedgecloud.com");
    expect(resolveBaseUrl(spec, { env: { THETA_API_BASE_URL: "https://b.example" } })).toBe(
      "https://b.example",
    );
    expect(
      resolveBaseUrl(spec, {
        env: { THETA_ONDEMAND_API_BASE_URL: "https://a.example", THETA_API_BASE_URL: "https://b.example" },
      }),
    ).toBe("https://a.example");
    expect(
      resolveBaseUrl(spec, {
        env: { THETA_ONDEMAND_API_BASE_URL: "https://a.example" },
        option: "https://o.example",
      }),
    ).toBe("https://o.example");
    expect(resolveBaseUrl(spec, { env: { THETA_ONDEMAND_API_BASE_URL: "" }, option: "" })).toBe(
      "https://ondemand.thetaedgecloud.com",
    );
  });

  it.each([
    ["  https://Ondemand.Example.COM/  ", "https://ondemand.example.com"],
    ["https://h.example///", "https://h.example"],
    ["https://h.example/prefix/", "https://h.example/prefix"],
    ["https://h.example:443/x", "https://h.example/x"],
    ["https://h.example:8443/x/", "https://h.example:8443/x"],
  ])("normalizes %j → %s", (input, expected) => {
    expect(resolveBaseUrl(spec, { option: input })).toBe(expected);
  });

  it.each([
    ["http://127.0.0.1:4010/ondemand/", "http://127.0.0.1:4010/ondemand"],
    ["http://localhost:4010", "http://localhost:4010"],
    ["http://[::1]:4010/x", "http://[::1]:4010/x"],
    ["http://127.9.8.7", "http://127.9.8.7"],
  ])("allows loopback http with the opt-in: %s", (input, expected) => {
    expect(resolveBaseUrl(spec, { option: input, allowInsecureLoopback: true })).toBe(expected);
  });

  it("refuses loopback http without the opt-in, naming the fix", () => {
    const error = catchError(() =>
      resolveBaseUrl(spec, { option: "http://127.0.0.1:4010" }),
    ) as ThetaConfigError;
    expect(ThetaConfigError.isInstance(error)).toBe(true);
    expect(error.variable).toBe("baseUrl");
    expect(error.message).toContain("allowInsecureLoopback: true");
  });

  it.each([
    ["http://ondemand.thetaedgecloud.com", /plain http/],
    ["http://10.0.0.1", /plain http/],
    ["ftp://h.example", /ftp: scheme/],
    ["javascript:alert(1)", /scheme/],
    ["https://h.example/?x=1", /query string/],
    ["https://h.example/?", /query string/],
    ["https://h.example/#frag", /fragment/],
    ["https://h.example/#", /fragment/],
    ["not a url", /not a valid absolute URL|whitespace/],
    ["/relative/path", /not a valid absolute URL/],
    ["https://h.exa mple", /whitespace/],
    ["https://h.example/\tx", /whitespace or control/],
  ])("refuses %j", (input, pattern) => {
    const error = catchError(() => resolveBaseUrl(spec, { option: input, allowInsecureLoopback: true }));
    expect(ThetaConfigError.isInstance(error)).toBe(true);
    expect((error as ThetaConfigError).message).toMatch(pattern);
  });

  it.each([
    "https://alice:hunter2@h.example",
    "https://alice@h.example",
    "https://:hunter2@h.example",
    "https://@h.example",
    "http://alice:hunter2@127.0.0.1:4010",
    "https://alice:hunter2@h.example:8443/x",
  ])("refuses userinfo in %s without echoing it", (input) => {
    const error = catchError(() =>
      resolveBaseUrl(spec, { option: input, allowInsecureLoopback: true }),
    ) as ThetaConfigError;
    expect(ThetaConfigError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/^The baseUrl option contains credentials/);
    expect(error.message).not.toMatch(/alice|hunter2/);
  });

  it("names the env variable the bad value came from", () => {
    const error = catchError(() =>
      resolveBaseUrl(spec, { env: { THETA_API_BASE_URL: "http://evil.example" } }),
    ) as ThetaConfigError;
    expect(error.variable).toBe("THETA_API_BASE_URL");
    expect(error.message).toMatch(/^THETA_API_BASE_URL uses plain http/);
  });

  it("requires a configured URL for families without a default", () => {
    const error = catchError(() => resolveBaseUrl(FAMILIES.chain, { env: {} })) as ThetaConfigError;
    expect(error.message).toContain("THETA_CHAIN_RPC_URL");
    expect(error.variable).toBe("THETA_CHAIN_RPC_URL");
  });

  it("applies the host policy to user endpoints (inference)", () => {
    expect(
      resolveBaseUrl(FAMILIES.inference, {
        env: { THETA_INFERENCE_ENDPOINT: "https://llama3-abc.tec-s1.onthetaedgecloud.com/v1/" },
      }),
    ).toBe("https://llama3-abc.tec-s1.onthetaedgecloud.com/v1");
    const error = catchError(() =>
      resolveBaseUrl(FAMILIES.inference, { env: { THETA_INFERENCE_ENDPOINT: "https://evil.example/v1" } }),
    ) as ThetaValidationError;
    expect(ThetaValidationError.isInstance(error)).toBe(true);
    expect(error.code).toBe("host_refused");
    expect(error.field).toBe("THETA_INFERENCE_ENDPOINT");
    // Checked on the raw text: fullwidth dots normalize to a Theta host but are refused.
    const fullwidth = catchError(() =>
      resolveBaseUrl(FAMILIES.inference, { option: "https://x\uff0ethetaedgecloud.com/v1" }),
    ) as ThetaValidationError;
    expect(fullwidth.code).toBe("host_refused");
    expect(fullwidth.field).toBe("baseUrl");
    // The simulator on loopback is allowed with the opt-in.
    expect(
      resolveBaseUrl(FAMILIES.inference, {
        option: "http://127.0.0.1:4010/inference",
        allowInsecureLoopback: true,
      }),
    ).toBe("http://127.0.0.1:4010/inference");
  });

  it("works with a custom family spec", () => {
    const custom: FamilySpec = {
      family: "custom",
      title: "Custom API",
      packageName: "@theta/custom",
      configPrefix: "custom",
      credentials: [],
      auth: { kind: "none" },
      servers: [
        {
          name: "custom",
          title: "Custom API",
          env: ["CUSTOM_URL"],
          defaultUrl: "https://custom.example/api/",
        },
      ],
      baseUrlEnv: ["CUSTOM_URL"],
      defaultBaseUrl: "https://custom.example/api/",
    };
    expect(resolveBaseUrl(custom, { env: {} })).toBe("https://custom.example/api");
  });
});
