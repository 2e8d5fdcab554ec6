/**
 * What is derived rather than declared: whether a command needs credentials (from its operations'
 * `security`), the MCP-vocabulary aliases (from their target commands), the plugin config's servers
 * and credentials (from `@theta/core`'s family list), the capabilities entries, the env list, and that
 * shared code names no family.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { FAMILY_LIST, type OperationPolicy, SERVERS } from "@theta/core";
import { ondemandOperations } from "@theta/ondemand";
import { describe, expect, it } from "vitest";
import { defineCommand } from "./command.js";
import { defineAlias, extraField, sameField } from "./command-alias.js";
import { environmentRows, variableNames } from "./environment-table.js";
import { BUILT_IN_FAMILY_MODULES } from "./families/index.js";
import { buildPluginManifest, ENV_VARS } from "./manifest.js";
import { isPublicOperation } from "./operation-access.js";
import { CREDENTIAL_FIELDS, contextFromPluginConfig } from "./plugin-config.js";
import { COMMANDS, executeCommand, findCommand } from "./registry.js";

const READ: OperationPolicy = {
  operationId: "readThing",
  method: "GET",
  path: "/thing",
  mutating: false,
  billable: false,
  idempotent: true,
};
const PUBLIC_READ = { ...READ, operationId: "readPublicThing", public: true } as OperationPolicy;

function command(family: "video" | null, operations: readonly OperationPolicy[]) {
  return defineCommand({
    name: "theta.video.thing",
    title: "Thing",
    description: "A command of a test, never registered.",
    inputSchema: { type: "object", properties: {}, additionalProperties: false },
    family,
    operations,
    run: async () => ({}),
  });
}

describe("credentials required", () => {
  it("when any operation the command calls is not public, and only for a family", () => {
    expect(command("video", [PUBLIC_READ]).credentialRequired).toBe(false);
    expect(command("video", [PUBLIC_READ, READ]).credentialRequired).toBe(true);
    expect(command("video", [READ]).credentialRequired).toBe(true);
    expect(command(null, [READ]).credentialRequired).toBe(false);
    expect(isPublicOperation(PUBLIC_READ)).toBe(true);
    expect(isPublicOperation(READ)).toBe(false);
  });

  it("is never set by hand: every registered command follows its operations", () => {
    for (const registered of COMMANDS) {
      const expected =
        registered.family !== null &&
        registered.operations.some((operation) => !isPublicOperation(operation));
      expect(registered.credentialRequired, registered.name).toBe(expected);
    }
  });

  // The generator writes `public` from the spec's `security: []` (listServices is the only public
  // on-demand operation); until it does, no operation is public and this waits for it.
  it.runIf("public" in ondemandOperations.listServices)(
    "the catalog is the only on-demand read without a token",
    () => {
      const free = COMMANDS.filter(
        (registered) => registered.family === "ondemand" && !registered.credentialRequired,
      );
      expect(free.map((registered) => registered.name).sort()).toEqual([
        "list_services",
        "theta.ondemand.listServices",
      ]);
    },
  );
});

describe("MCP-vocabulary aliases", () => {
  it("reuse the target's field schemas, operations and surfaces (no copies)", () => {
    for (const alias of COMMANDS.filter((registered) => registered.aliasOf !== undefined)) {
      const target = findCommand(alias.aliasOf ?? "");
      expect(target, alias.name).toBeDefined();
      if (!target) continue;
      expect(alias.operations).toBe(target.operations);
      expect(alias.surfaces).toBe(target.surfaces);
      expect(alias.family).toBe(target.family);
      const targetFields = target.inputSchema.properties ?? {};
      for (const [name, schema] of Object.entries(alias.inputSchema.properties ?? {})) {
        if (Object.hasOwn(targetFields, name) && schema.description === targetFields[name]?.description) {
          expect(schema, `${alias.name}.${name}`).toBe(targetFields[name]);
        }
      }
    }
    const status = findCommand("get_request_status");
    expect(status?.inputSchema.properties?.request_id).toBe(
      findCommand("theta.ondemand.status")?.inputSchema.properties?.requestId,
    );
  });

  it("refuse a field the target does not have, and extra fields without a mapping", () => {
    const target = command("video", [READ]);
    expect(() =>
      defineAlias(target, { name: "thing", title: "t", description: "d", fields: { nope: sameField } }),
    ).toThrow(/no field named/);
    expect(() =>
      defineAlias(target, {
        name: "thing",
        title: "t",
        description: "d",
        fields: { extra: extraField({ type: "string" }) },
      }),
    ).toThrow(/toTarget/);
  });
});

describe("plugin config and manifest", () => {
  it("take a base URL for every server and ignore other keys", () => {
    const context = contextFromPluginConfig({
      baseUrls: {
        video: "http://127.0.0.1:1/video",
        controller: "http://127.0.0.1:1/controller",
        bogus: "http://127.0.0.1:1/x",
        toString: "http://127.0.0.1:1/y",
      },
    });
    expect(context.baseUrls).toEqual({
      video: "http://127.0.0.1:1/video",
      controller: "http://127.0.0.1:1/controller",
    });
    const manifest = buildPluginManifest() as {
      configSchema: { properties: Record<string, { properties?: Record<string, unknown> }> };
      uiHints: Record<string, unknown>;
    };
    expect(Object.keys(manifest.configSchema.properties.baseUrls?.properties ?? {})).toEqual(
      Object.keys(SERVERS),
    );
    for (const server of Object.keys(SERVERS)) expect(manifest.uiHints).toHaveProperty(`baseUrls.${server}`);
    expect(manifest.configSchema.properties).toHaveProperty("allowInsecureLoopback");
  });

  it("have one credential field per credential of each family that has its own", () => {
    const expected = FAMILY_LIST.filter((family) => family.credentialsOf === undefined).flatMap((family) =>
      family.credentials.map((credential) => `${family.family}:${credential.env[0]}`),
    );
    expect(CREDENTIAL_FIELDS.map((field) => `${field.family}:${field.env[0]}`)).toEqual(expected);
    expect(CREDENTIAL_FIELDS.some((field) => field.family === "agents")).toBe(false);
  });

  it("list every variable of the registered families and the shared settings in SKILL.md's envVars", () => {
    const names = environmentRows(BUILT_IN_FAMILY_MODULES.map((module) => module.family)).flatMap(
      variableNames,
    );
    expect(ENV_VARS.map((entry) => entry.name)).toEqual(names);
    expect(names).toEqual(
      expect.arrayContaining(["THETA_API_KEY", "THETA_ALLOW_INSECURE_LOOPBACK", "THETA_DRY_RUN"]),
    );
    expect(names).not.toContain("THETA_VIDEO_SA_ID");
  });
});

describe("theta.auth.capabilities", () => {
  it("has one entry per family; agents reports the controller's credentials", async () => {
    const result = (await executeCommand(
      "theta.auth.capabilities",
      {},
      {
        env: { THETA_EC_API_KEY: "ec-key-test-1", THETA_EC_PROJECT_ID: "prj_1", THETA_ORG_ID: "org_1" },
        // The controller is probed now that it has commands: at a closed loopback port, never the real host.
        baseUrls: { controller: "http://127.0.0.1:1/controller", platform: "http://127.0.0.1:1/platform" },
        allowInsecureLoopback: true,
      },
    )) as { capabilities: Record<string, unknown>[] };
    expect(result.capabilities.map((entry) => entry.name)).toEqual(
      FAMILY_LIST.map((family) => family.family),
    );
    const agents = result.capabilities.find((entry) => entry.name === "agents");
    const controller = result.capabilities.find((entry) => entry.name === "controller");
    expect(agents).toMatchObject({ settingsFrom: "controller", configured: true });
    expect(controller).toMatchObject({ configured: true });
    expect(controller).not.toHaveProperty("settingsFrom");
  });
});

describe("shared code", () => {
  const src = fileURLToPath(new URL(".", import.meta.url));
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : [path];
    });

  it("names the on-demand family only in its module and the generated module list", () => {
    // Tests beside the code (type tests too) and their helpers (src/testing/) may name families;
    // shared code may not.
    const allowed = (path: string) =>
      path.startsWith("families/ondemand/") ||
      path.startsWith("generated/") ||
      path.startsWith("testing/") ||
      path.endsWith(".test.ts") ||
      path.endsWith(".test-d.ts");
    const naming = files(src)
      .map((path) => relative(src, path).split("\\").join("/"))
      .filter((path) => !allowed(path))
      .filter((path) => /ondemand/.test(readFileSync(join(src, path), "utf8")));
    expect(naming).toEqual([]);
  });
});
