import { afterEach, describe, expect, it } from "vitest";
import { FAMILIES } from "./families.js";
import {
  CREDENTIAL_NAMES,
  clearRegisteredSecretsForTesting,
  isSecretKey,
  REDACTED,
  redact,
  redactHeaders,
  redactionRulesVersion,
  redactText,
  redactUrl,
  registerSecret,
} from "./redact.js";

afterEach(() => {
  clearRegisteredSecretsForTesting();
});

describe("registerSecret + redactText", () => {
  it("replaces every occurrence of a registered value", () => {
    registerSecret("s3cr3t-value-123");
    expect(redactText("a s3cr3t-value-123 b s3cr3t-value-123")).toBe(`a ${REDACTED} b ${REDACTED}`);
  });

  it("ignores values shorter than 8 characters and non-strings", () => {
    registerSecret("abc");
    registerSecret("abc1234");
    registerSecret(undefined);
    registerSecret(null);
    registerSecret("   ");
    expect(redactText("abc abc1234")).toBe("abc abc1234");
  });

  it("replaces the longest secret first when one contains another", () => {
    registerSecret("abcd-123");
    registerSecret("abcd-123-efgh-ijkl");
    expect(redactText("x abcd-123-efgh-ijkl y abcd-123")).toBe(`x ${REDACTED} y ${REDACTED}`);
  });

  it("replaces URL-encoded and JSON-escaped spellings of a secret", () => {
    registerSecret('p@ss w/"rd');
    expect(redactText("u=p%40ss%20w%2F%22rd")).not.toContain("p%40ss");
    expect(redactText(JSON.stringify({ note: 'p@ss w/"rd' }))).not.toContain("p@ss");
  });

  it("redactionRulesVersion changes when a new secret is registered or secrets are forgotten, not otherwise", () => {
    const start = redactionRulesVersion();
    registerSecret("first-secret-value");
    const afterFirst = redactionRulesVersion();
    expect(afterFirst).not.toBe(start);
    // Already known, and values that are not secrets: the rules are the same.
    registerSecret("first-secret-value");
    registerSecret("abc");
    registerSecret(undefined);
    expect(redactionRulesVersion()).toBe(afterFirst);
    clearRegisteredSecretsForTesting();
    expect(redactionRulesVersion()).not.toBe(afterFirst);
  });

  it("clearRegisteredSecretsForTesting forgets secrets", () => {
    registerSecret("forget-me-please");
    clearRegisteredSecretsForTesting();
    expect(redactText("forget-me-please")).toBe("forget-me-please");
  });
});

describe("redactText patterns", () => {
  it.each([
    ["Authorization: Bearer abc.def-ghi", "abc.def-ghi"],
    ["bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig", "eyJhbGciOiJIUzI1NiJ9"],
    ["header Basic dXNlcjpwYXNz", "dXNlcjpwYXNz"],
    ["password=hunter22", "hunter22"],
    ["password = hunter22", "hunter22"],
    ["token: tok_123456", "tok_123456"],
    ['{"api_key":"key-abc-123"}', "key-abc-123"],
    ["{'apiKey': 'key abc 123'}", "key abc 123"],
    ['{\\"api_key\\":\\"escaped-secret\\"}', "escaped-secret"],
    ["x-api-key: prj-key-99", "prj-key-99"],
    ["secret=shh&other=1", "shh"],
    ["access_token=at-7777 refresh_token=rt-8888", "rt-8888"],
    ["client_secret: cs-1234", "cs-1234"],
    ["sa_id=srvacc_abcdef", "srvacc_abcdef"],
    ["x-tva-sa-secret: 0123456789abcdef", "0123456789abcdef"],
    ["bad request: password=pw-after-prose&x=1", "pw-after-prose"],
    ["error: token=nested-after-key", "nested-after-key"],
  ])("scrubs %s", (input, secret) => {
    const out = redactText(input);
    expect(out).not.toContain(secret);
    expect(out).toContain(REDACTED);
  });

  it.each([
    "max_tokens: 500",
    "prompt_tokens=12 completion_tokens=30 total_tokens=42",
    "tokens: 77",
    "token_count: 9",
    "Basic usage: call the API",
    "Bearer token missing",
    "status: error",
    "HTTP 409 No instances available",
  ])("keeps ordinary text: %s", (input) => {
    expect(redactText(input)).toBe(input);
  });

  it("keeps the key name and quote style, replacing only the value", () => {
    expect(redactText('{"password":"x1y2z3"}')).toBe(`{"password":"${REDACTED}"}`);
    expect(redactText("password=x1y2z3")).toBe(`password=${REDACTED}`);
  });

  it("redacts URLs inside text", () => {
    const out = redactText(
      "upload to https://user:pw@storage.example/b/o?X-Goog-Signature=abc&X-Goog-Credential=cred&x=1 now",
    );
    expect(out).toBe(
      `upload to https://${REDACTED}@storage.example/b/o?X-Goog-Signature=${REDACTED}&X-Goog-Credential=${REDACTED}&x=1 now`,
    );
  });

  it("keeps the scheme of an Authorization line", () => {
    expect(redactText("Authorization: Bearer abc123")).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(redactText(`authorization: Bearer ${REDACTED}`)).toBe(`authorization: Bearer ${REDACTED}`);
  });

  it("returns non-strings unchanged and is idempotent", () => {
    expect(redactText("")).toBe("");
    const once = redactText("password=abc123 Bearer xyz987 https://u:p@h/x?sig=1");
    expect(redactText(once)).toBe(once);
  });
});

describe("redactUrl", () => {
  it("strips userinfo", () => {
    expect(redactUrl("https://user:pass@host.example/p")).toBe(`https://${REDACTED}@host.example/p`);
    expect(redactUrl("https://token@host.example")).toBe(`https://${REDACTED}@host.example`);
    expect(redactUrl("https://a@b:c@host.example/x")).toBe(`https://${REDACTED}@host.example/x`);
  });

  it.each([
    "X-Goog-Signature",
    "X-Goog-Credential",
    "X-Amz-Signature",
    "X-Amz-Credential",
    "X-Amz-Security-Token",
    "signature",
    "sig",
    "token",
    "access_token",
    "key",
    "api_key",
    "apikey",
  ])("redacts the %s query parameter", (name) => {
    const out = redactUrl(`https://h.example/o?${name}=SENSITIVE-VALUE&keep=1`);
    expect(out).toBe(`https://h.example/o?${name}=${REDACTED}&keep=1`);
  });

  it("redacts secret parameters in the fragment too", () => {
    expect(redactUrl("https://h.example/cb#access_token=abc&state=s1")).toBe(
      `https://h.example/cb#access_token=${REDACTED}&state=s1`,
    );
  });

  it("keeps ordinary URLs and accepts URL objects", () => {
    expect(redactUrl("https://ondemand.thetaedgecloud.com/service/list?limit=10")).toBe(
      "https://ondemand.thetaedgecloud.com/service/list?limit=10",
    );
    expect(redactUrl(new URL("https://u:p@h.example/?token=t"))).toBe(
      `https://${REDACTED}@h.example/?token=${REDACTED}`,
    );
  });

  it("never throws on garbage", () => {
    expect(redactUrl("not a url ?token=abc")).toBe(`not a url ?token=${REDACTED}`);
    expect(redactUrl("")).toBe("");
  });

  it("replaces registered secrets anywhere in the URL", () => {
    registerSecret("path-secret-42");
    expect(redactUrl("https://h.example/v1/path-secret-42/x")).toBe(`https://h.example/v1/${REDACTED}/x`);
  });
});

describe("redactHeaders", () => {
  it("redacts sensitive headers and keeps the rest", () => {
    const out = redactHeaders({
      Authorization: "Bearer tok-123456",
      "x-api-key": "k-1",
      "X-TVA-SA-ID": "srvacc_1",
      "x-tva-sa-secret": "s-1",
      cookie: "a=b",
      "set-cookie": ["c=d", "e=f"],
      "proxy-authorization": "Basic dXNlcjpwYXNz",
      "content-type": "application/json",
      "x-request-id": "req-1",
    });
    expect(out).toEqual({
      Authorization: `Bearer ${REDACTED}`,
      "x-api-key": REDACTED,
      "X-TVA-SA-ID": REDACTED,
      "x-tva-sa-secret": REDACTED,
      cookie: REDACTED,
      "set-cookie": REDACTED,
      "proxy-authorization": `Basic ${REDACTED}`,
      "content-type": "application/json",
      "x-request-id": "req-1",
    });
  });

  it("accepts Headers and entry arrays", () => {
    const headers = new Headers({ authorization: "token-without-scheme", accept: "*/*" });
    expect(redactHeaders(headers)).toEqual({ authorization: REDACTED, accept: "*/*" });
    expect(redactHeaders([["X-Auth-Token", "t"]])).toEqual({ "X-Auth-Token": REDACTED });
    expect(redactHeaders(undefined)).toEqual({});
  });

  it("scrubs registered secrets in other headers", () => {
    registerSecret("echoed-secret-1");
    expect(redactHeaders({ "x-debug": "got echoed-secret-1" })).toEqual({ "x-debug": `got ${REDACTED}` });
  });
});

describe("isSecretKey", () => {
  it.each([
    "api_key",
    "apiKey",
    "api-key",
    "x-api-key",
    "apikey",
    "authorization",
    "Authorization",
    "secret",
    "clientSecret",
    "password",
    "passwd",
    "token",
    "access_token",
    "accessToken",
    "authToken",
    "apiToken",
    "credential",
    "credentials",
    "access_key",
    "AWSAccessKeyId",
    "x-tva-sa-id",
    "x-tva-sa-secret",
    "sa_id",
    "saId",
    "saSecret",
    "cookie",
    "set-cookie",
    "authPass",
    "authUser",
    "key",
    "private_key",
    "session_id",
  ])("%s is secret", (key) => {
    expect(isSecretKey(key)).toBe(true);
  });

  it.each([
    "max_tokens",
    "maxTokens",
    "prompt_tokens",
    "completion_tokens",
    "total_tokens",
    "tokens",
    "reasoning_tokens",
    "max_new_tokens",
    "token_count",
    "model",
    "keyword",
    "monkey",
    "status",
    "author",
    "passenger_count",
    "primary",
    "id",
    "project_id",
  ])("%s is not secret", (key) => {
    expect(isSecretKey(key)).toBe(false);
  });
});

describe("redact", () => {
  it("masks secret keys completely and keeps token counts", () => {
    const input = {
      model: "llama",
      max_tokens: 500,
      usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
      api_key: "abcdefghijklmnop",
      nested: { password: "pw-123456", token: 42, list: [{ authorization: "Bearer x" }] },
      emptyToken: "",
      hasPassword: true,
      secretNull: null,
    };
    expect(redact(input)).toEqual({
      model: "llama",
      max_tokens: 500,
      usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
      api_key: REDACTED,
      nested: { password: REDACTED, token: REDACTED, list: [{ authorization: REDACTED }] },
      emptyToken: "",
      hasPassword: true,
      secretNull: null,
    });
  });

  it("does not reveal prefixes or suffixes of masked values", () => {
    const out = JSON.stringify(redact({ apiKey: "PREFIX-middle-SUFFIX" }));
    expect(out).not.toContain("PRE");
    expect(out).not.toContain("FIX");
  });

  it("does not modify the input", () => {
    const input = { password: "abc12345", inner: { token: "t1234567" } };
    redact(input);
    expect(input).toEqual({ password: "abc12345", inner: { token: "t1234567" } });
  });

  it("redacts URLs held under presigned / upload keys and in any string", () => {
    const out = redact({
      presigned_url: "https://storage.googleapis.com/b/o?X-Goog-Signature=deadbeef&X-Goog-Expires=900",
      upload_url: "https://u:p@up.example/x",
      note: "see https://h.example/?sig=abc",
    });
    expect(out).toEqual({
      presigned_url: `https://storage.googleapis.com/b/o?X-Goog-Signature=${REDACTED}&X-Goog-Expires=${REDACTED}`,
      upload_url: `https://${REDACTED}@up.example/x`,
      note: `see https://h.example/?sig=${REDACTED}`,
    });
  });

  it("copies an own __proto__ key as a key: the copy inherits nothing from it", () => {
    const parsed = JSON.parse('{"a":1,"__proto__":{"dryRun":true,"plan":"x"}}') as Record<string, unknown>;
    const out = redact(parsed);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(["a", "__proto__"]);
    expect((out as { dryRun?: unknown }).dryRun).toBeUndefined();
    expect(JSON.stringify(out)).toBe('{"a":1,"__proto__":{"dryRun":true,"plan":"x"}}');
  });

  it("handles cycles without throwing", () => {
    const a: Record<string, unknown> = { name: "a" };
    a.self = a;
    a.list = [a];
    expect(redact(a)).toEqual({ name: "a", self: "[circular]", list: ["[circular]"] });
  });

  it("keeps repeated (non-cyclic) references", () => {
    const shared = { v: 1 };
    expect(redact({ x: shared, y: shared })).toEqual({ x: { v: 1 }, y: { v: 1 } });
  });

  it("replaces binary data and streams", () => {
    const out = redact({
      bytes: new Uint8Array(12),
      buffer: new ArrayBuffer(3),
      blob: new Blob(["hello"]),
      stream: new ReadableStream(),
      view: new DataView(new ArrayBuffer(5)),
    });
    expect(out).toEqual({
      bytes: "[binary 12 bytes]",
      buffer: "[binary 3 bytes]",
      blob: "[binary 5 bytes]",
      stream: "[stream]",
      view: "[binary 5 bytes]",
    });
  });

  it("limits depth", () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 30; i++) deep = { next: deep };
    expect(JSON.stringify(redact(deep))).toContain("[truncated]");
  });

  it("handles Maps, Sets, Dates, URLs, Headers and Errors", () => {
    registerSecret("err-secret-77");
    const out = redact({
      map: new Map<string, unknown>([
        ["token", "t-1"],
        ["model", "m"],
      ]),
      set: new Set(["Bearer abcdef"]),
      date: new Date(0),
      url: new URL("https://u:p@h.example/"),
      headers: new Headers({ "x-api-key": "k" }),
      error: new Error("failed with err-secret-77"),
      fn: () => 1,
    }) as Record<string, unknown>;
    expect(out.map).toEqual(
      new Map([
        ["token", REDACTED],
        ["model", "m"],
      ]),
    );
    expect(out.set).toEqual(new Set([`Bearer ${REDACTED}`]));
    expect(out.date).toEqual(new Date(0));
    expect(out.url).toBe(`https://${REDACTED}@h.example/`);
    expect(out.headers).toEqual({ "x-api-key": REDACTED });
    expect(out.error).toEqual({ name: "Error", message: `failed with ${REDACTED}` });
    expect(out.fn).toBe("[function]");
  });

  it("passes primitives through (strings scrubbed)", () => {
    registerSecret("primitive-secret");
    expect(redact(5)).toBe(5);
    expect(redact(null)).toBeNull();
    expect(redact(undefined)).toBeUndefined();
    expect(redact("x primitive-secret")).toBe(`x ${REDACTED}`);
  });
});

describe("what counts as a free-text secret", () => {
  const REAL = "tok_9f2c7e51d3b84a06c1";

  it.each([
    ["a short value", "abc1234"],
    ["a plain word", "invalid"],
    ["a capitalized word", "Invalid"],
    ["a credential name", "apiToken"],
    ["an environment variable name", "THETA_ONDEMAND_API_TOKEN"],
    ["a part of a Theta host name", "thetaedgecloud.com"],
    ["a Theta host name", "ondemand.thetaedgecloud.com"],
  ])("%s is not replaced in ordinary text", (_kind, value) => {
    registerSecret(value);
    const text = `HTTP 401 (${value}) invalid API token; set THETA_ONDEMAND_API_TOKEN (apiToken) for https://ondemand.thetaedgecloud.com/infer_request`;
    expect(redactText(text)).toBe(text);
    expect(redactText("Invalid API token")).toBe("Invalid API token");
  });

  it("still masks such a value under secret keys, in headers and after Bearer", () => {
    registerSecret("invalid");
    expect(redact({ apiToken: "invalid" })).toEqual({ apiToken: REDACTED });
    expect(redactHeaders({ authorization: "Bearer invalid" })).toEqual({
      authorization: `Bearer ${REDACTED}`,
    });
    expect(redactText("Authorization: Bearer invalid")).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(redactText('{"token":"invalid"}')).toBe(`{"token":"${REDACTED}"}`);
  });

  it("keeps the name of a credential under a secret-looking key, and masks a value", () => {
    expect(redact({ credential: "apiToken", envNames: ["THETA_API_KEY"] })).toEqual({
      credential: "apiToken",
      envNames: ["THETA_API_KEY"],
    });
    expect(redact({ credential: "THETA_ONDEMAND_API_TOKEN" })).toEqual({
      credential: "THETA_ONDEMAND_API_TOKEN",
    });
    expect(redact({ credential: "hunter22x" })).toEqual({ credential: REDACTED });
    expect(redactText("credential: apiToken")).toBe("credential: apiToken");
  });

  it("knows the name of every credential of every family", () => {
    for (const family of Object.values(FAMILIES)) {
      for (const credential of family.credentials) {
        expect(CREDENTIAL_NAMES.has(credential.key), credential.key).toBe(true);
        for (const name of credential.env) expect(redact({ credential: name })).toEqual({ credential: name });
      }
    }
  });

  it("a real secret is still replaced everywhere", () => {
    registerSecret(REAL);
    const out = redactText(`echo ${REAL} and "${REAL}" in https://h.example/${REAL}?q=${REAL}`);
    expect(out).not.toContain(REAL);
    expect(redact({ note: `x${REAL}y` })).toEqual({ note: `x${REDACTED}y` });
  });

  it("a quoted secret value still open at the end of the text is masked", () => {
    expect(redactText('{"password":"hunter2-truncat')).toBe(`{"password":"${REDACTED}"`);
    expect(redactText("token: 'abc def")).toBe(`token: '${REDACTED}'`);
  });
});

describe("base64 spellings of a registered secret", () => {
  const SECRET = "tok_9f2c7e51d3b84a06c1";
  const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
  const base64Url = (text: string) => Buffer.from(text, "utf8").toString("base64url");

  it.each([
    ["standard", () => base64(SECRET)],
    ["without padding", () => base64(SECRET).replace(/=+$/, "")],
    ["URL alphabet", () => base64Url(SECRET)],
    ["URL alphabet with padding", () => base64(SECRET).replace(/\+/g, "-").replace(/\//g, "_")],
    ["a Basic user:secret credential", () => base64(`user:${SECRET}`)],
    ["after one byte", () => base64(`x${SECRET}yz`)],
    ["after two bytes", () => base64(`xy${SECRET}z`)],
    ["after three bytes", () => base64(`abc${SECRET}`)],
    ["inside a longer document", () => base64Url(JSON.stringify({ user: "me", password: SECRET }))],
  ])("%s is replaced", (_kind, encode) => {
    registerSecret(SECRET);
    const encoded = encode();
    const out = redactText(`the server said ${encoded} back`);
    expect(out).toContain(REDACTED);
    // What is left of the encoded value can hold at most a few bits of the secret's edges.
    const left = out.replace("the server said ", "").replace(" back", "").split(REDACTED).join("");
    expect(left.length).toBeLessThanOrEqual(encoded.length - 24);
  });

  it("shorter secrets are not looked for in base64 (the encodings would match by chance)", () => {
    registerSecret("short-9x");
    const encoded = base64("short-9x");
    expect(redactText(encoded)).toBe(encoded);
  });
});
