import { afterEach, describe, expect, it } from "vitest";
import { authHeaders } from "./auth-headers.js";
import { FAMILIES } from "./families.js";
import { clearRegisteredSecretsForTesting, redactText } from "./redact.js";

afterEach(() => clearRegisteredSecretsForTesting());

describe("authHeaders", () => {
  it("sends the on-demand token as a Bearer token, and nothing without one", () => {
    expect(authHeaders(FAMILIES.ondemand.auth, { apiToken: "tok_1234567890" })).toEqual({
      authorization: "Bearer tok_1234567890",
    });
    expect(authHeaders(FAMILIES.ondemand.auth, {})).toEqual({});
  });

  it("sends the project key as x-api-key for the controller and agents families", () => {
    for (const family of [FAMILIES.controller, FAMILIES.agents]) {
      expect(authHeaders(family.auth, { apiKey: "key_abcdefgh", projectId: "prj_1" })).toEqual({
        "x-api-key": "key_abcdefgh",
      });
    }
  });

  it("sends the Video API pair, each header only when its credential is set", () => {
    expect(authHeaders(FAMILIES.video.auth, { saId: "srvacc_1", saSecret: "s3cret-s3cret" })).toEqual({
      "x-tva-sa-id": "srvacc_1",
      "x-tva-sa-secret": "s3cret-s3cret",
    });
    expect(authHeaders(FAMILIES.video.auth, { saId: "srvacc_1" })).toEqual({ "x-tva-sa-id": "srvacc_1" });
  });

  it("prefers a dedicated endpoint's Bearer token, else Basic from user and password (UTF-8), registered as a secret", () => {
    const scheme = FAMILIES.inference.auth;
    expect(authHeaders(scheme, { authToken: "bearer-token-1", authUser: "u", authPass: "p" })).toEqual({
      authorization: "Bearer bearer-token-1",
    });
    const basic = authHeaders(scheme, { authUser: "openclaw_1a2b3c4d", authPass: "pässwörd-1234" });
    const encoded = Buffer.from("openclaw_1a2b3c4d:pässwörd-1234", "utf8").toString("base64");
    expect(basic).toEqual({ authorization: `Basic ${encoded}` });
    expect(redactText(`echo ${encoded}`)).not.toContain(encoded);
    expect(authHeaders(scheme, { authUser: "only-user" })).toEqual({});
  });

  it("sends nothing for local RPC", () => {
    expect(authHeaders(FAMILIES.chain.auth, { anything: "x" })).toEqual({});
  });
});
