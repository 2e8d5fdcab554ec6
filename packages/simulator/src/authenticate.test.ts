import { FAMILIES } from "@theta/core";
import { describe, expect, it } from "vitest";
import { authenticate } from "./authenticate.js";

const basic = (text: string) => `Basic ${Buffer.from(text).toString("base64")}`;

describe("the shared authenticator reads each family's auth scheme", () => {
  it("bearer: a non-empty Bearer token, except invalid and expired", () => {
    const { auth, credentials } = FAMILIES.ondemand;
    const check = (headers: Record<string, string>) => authenticate(auth, credentials, headers);
    expect(check({ authorization: "Bearer anything" })).toBeUndefined();
    expect(check({ authorization: "bearer  spaced " })).toBeUndefined();
    expect(check({})).toEqual({
      status: 401,
      message: "missing on-demand API token: send Authorization: Bearer <on-demand API token>",
    });
    expect(check({ authorization: "  " })?.message).toMatch(/^missing on-demand API token/);
    expect(check({ "x-api-key": "abc" })?.message).toMatch(/^missing on-demand API token/);
    expect(check({ authorization: "Basic abc" })?.message).toBe(
      "invalid on-demand API token: use Authorization: Bearer <on-demand API token>",
    );
    expect(check({ authorization: "Bearer invalid" })).toEqual({
      status: 401,
      message: "invalid on-demand API token",
    });
    expect(check({ authorization: "Bearer expired" })?.status).toBe(401);
  });

  it("headers: every named header, each non-empty and not invalid or expired", () => {
    const controller = (headers: Record<string, string>) =>
      authenticate(FAMILIES.controller.auth, FAMILIES.controller.credentials, headers);
    expect(controller({ "x-api-key": "key" })).toBeUndefined();
    expect(controller({ authorization: "Bearer key" })?.message).toBe(
      "missing project API key: send x-api-key: <project API key>",
    );
    expect(controller({ "x-api-key": "expired" })?.message).toBe("invalid project API key");
    const video = (headers: Record<string, string>) =>
      authenticate(FAMILIES.video.auth, FAMILIES.video.credentials, headers);
    expect(video({ "x-tva-sa-id": "srvacc_1", "x-tva-sa-secret": "s" })).toBeUndefined();
    expect(video({ "x-tva-sa-id": "srvacc_1" })?.message).toMatch(
      /^missing service account secret: send x-tva-sa-secret/,
    );
    expect(video({ "x-tva-sa-secret": "s" })?.message).toMatch(/^missing service account id/);
  });

  it("basic-or-bearer: a Bearer token, or Basic with a user and a password", () => {
    const inference = (headers: Record<string, string>) =>
      authenticate(FAMILIES.inference.auth, FAMILIES.inference.credentials, headers);
    expect(inference({ authorization: "Bearer token" })).toBeUndefined();
    expect(inference({ authorization: basic("user:pass") })).toBeUndefined();
    expect(inference({})?.message).toMatch(
      /^missing credentials: send Authorization: Bearer <.+> or Basic <.+:.+>$/,
    );
    expect(inference({ authorization: basic("user") })?.status).toBe(401);
    expect(inference({ authorization: basic(":pass") })?.status).toBe(401);
    expect(inference({ authorization: basic("user:invalid") })?.status).toBe(401);
    expect(inference({ authorization: "Bearer invalid" })?.status).toBe(401);
    expect(inference({ authorization: "Digest x" })?.status).toBe(401);
  });

  it("none: nothing to check", () => {
    expect(authenticate(FAMILIES.chain.auth, FAMILIES.chain.credentials, {})).toBeUndefined();
  });
});
