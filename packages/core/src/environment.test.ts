import { describe, expect, it } from "vitest";
import { ALLOW_INSECURE_LOOPBACK_VARIABLE, environmentVariables, SERVER_NAMES } from "./environment.js";
import { FAMILY_LIST, SERVERS } from "./families.js";
import { HTTP_SETTING_LIMITS } from "./http-settings.js";

describe("environmentVariables", () => {
  const rows = environmentVariables();
  const names = rows.flatMap((row) => row.name.split(" / "));

  it("lists every credential alias, server variable and setting exactly once", () => {
    const expected = new Set<string>();
    for (const family of FAMILY_LIST) {
      for (const credential of family.credentials) for (const name of credential.env) expected.add(name);
      for (const server of family.servers) for (const name of server.env) expected.add(name);
    }
    for (const knob of HTTP_SETTING_LIMITS) expected.add(knob.variable);
    for (const name of ["THETA_DRY_RUN", "THETA_MAX_BUDGET_USD", ALLOW_INSECURE_LOOPBACK_VARIABLE]) {
      expected.add(name);
    }
    expect(new Set(names)).toEqual(expected);
    expect(names.length).toBe(expected.size);
  });

  it("marks the secrets and keeps alias order (first set wins)", () => {
    const token = rows.find((row) => row.name.startsWith("THETA_ONDEMAND_API_TOKEN"));
    expect(token).toMatchObject({
      name: "THETA_ONDEMAND_API_TOKEN / THETA_ONDEMAND_API_KEY / THETA_API_KEY",
      family: "ondemand",
      secret: true,
    });
    expect(rows.find((row) => row.name === "THETA_EC_PROJECT_ID")?.secret).toBe(false);
    expect(rows.find((row) => row.name === "THETA_VIDEO_SA_SECRET")?.secret).toBe(true);
  });

  it("names one server per simulator base URL", () => {
    expect(SERVER_NAMES).toEqual(Object.keys(SERVERS));
    expect(SERVER_NAMES).toContain("platform");
  });
});
