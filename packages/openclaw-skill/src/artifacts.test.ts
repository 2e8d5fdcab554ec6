import { readFileSync } from "node:fs";
import { environmentVariables } from "@theta/core";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { generatedBlockMarkers, replaceGeneratedBlock } from "./environment-table.js";
import { buildEnvironmentTable, buildPluginManifest, buildSkillMarkdown, PLUGIN_ID } from "./manifest.js";
import plugin from "./openclaw.js";
import { listCommands } from "./registry.js";

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), "utf8");
const REGEN =
  "regenerate with `pnpm --filter @theta/openclaw-skill build && pnpm --filter @theta/openclaw-skill gen`";

interface Manifest {
  id: string;
  name: string;
  description: string;
  activation: { onStartup: boolean };
  skills: string[];
  contracts: { tools: string[] };
  toolMetadata: Record<string, { optional?: boolean; sideEffecting?: boolean; profiles?: string[] }>;
  configSchema: {
    type: string;
    properties: Record<string, { $ref?: string }>;
    $defs: Record<string, unknown>;
  };
  configContracts: { secretInputs: { paths: { path: string; expected: string }[] } };
  uiHints: Record<string, { sensitive?: boolean }>;
}

const manifest = JSON.parse(read("../openclaw.plugin.json")) as Manifest;

describe("openclaw.plugin.json", () => {
  it(`is up to date with the registry (${REGEN})`, () => {
    expect(manifest).toEqual(buildPluginManifest());
  });

  it("declares exactly the registry's tools", () => {
    expect(manifest.contracts.tools).toEqual(
      listCommands("openclaw").map((command) => command.openclawToolName),
    );
    expect(manifest.contracts.tools).not.toContain("theta_ondemand_upload");
    expect(new Set(manifest.contracts.tools).size).toBe(manifest.contracts.tools.length);
    expect(Object.keys(manifest.toolMetadata).sort()).toEqual([...manifest.contracts.tools].sort());
  });

  it("marks paid and mutating tools optional and side-effecting", () => {
    for (const command of listCommands("openclaw")) {
      const metadata = manifest.toolMetadata[command.openclawToolName];
      const paid = command.billable || command.mutating;
      // The host merges a tool's profiles into the profile allowlist, and an allowlisted optional tool is
      // offered to the model: an optional tool must join no profile, or the user's opt-in is bypassed.
      expect(metadata?.profiles).toEqual(paid ? undefined : ["coding", "messaging", "full"]);
      expect(metadata?.optional === true).toBe(paid);
      expect(metadata?.sideEffecting === true).toBe(paid);
    }
  });

  it("takes credentials as SecretRef-capable, sensitive inputs", () => {
    expect(manifest.id).toBe(PLUGIN_ID);
    expect(manifest.id).toBe(plugin.id);
    expect(manifest.name).toBe(plugin.name);
    expect(manifest.activation.onStartup).toBe(true);
    expect(manifest.skills).toEqual(["./skills"]);
    expect(manifest.configSchema.$defs).toHaveProperty("secretRef");
    expect(manifest.configSchema.$defs).toHaveProperty("secretInput");
    const secretPaths = manifest.configContracts.secretInputs.paths.map((entry) => entry.path);
    for (const key of ["ondemandApiToken", "ecApiKey", "videoSaSecret"]) {
      expect(secretPaths).toContain(key);
      expect(manifest.configSchema.properties[key]?.$ref).toBe("#/$defs/secretInput");
      expect(manifest.uiHints[key]?.sensitive).toBe(true);
    }
    for (const key of ["dryRun", "maxBudgetUsd", "baseUrls"])
      expect(manifest.configSchema.properties).toHaveProperty(key);
  });
});

describe("SKILL.md", () => {
  const generated = buildSkillMarkdown();

  it(`is up to date in the package and at the repository root (${REGEN})`, () => {
    expect(read("../skills/theta-edgecloud/SKILL.md")).toBe(generated);
    expect(read("../../../skills/theta-edgecloud/SKILL.md")).toBe(generated);
  });

  it("has OpenClaw frontmatter without requires.env", () => {
    const match = /^---\n([\s\S]*?)\n---\n/.exec(generated);
    expect(match).not.toBeNull();
    const frontmatter = parseYaml(match?.[1] ?? "") as {
      name: string;
      description: string;
      metadata: { openclaw: { requires?: unknown; primaryEnv: string; envVars: { name: string }[] } };
    };
    expect(frontmatter.name).toBe("theta-edgecloud");
    expect(frontmatter.description.length).toBeLessThan(160);
    expect(frontmatter.metadata.openclaw.requires).toBeUndefined();
    expect(frontmatter.metadata.openclaw.primaryEnv).toBe("THETA_ONDEMAND_API_TOKEN");
    expect(frontmatter.metadata.openclaw.envVars.map((entry) => entry.name)).toContain(
      "THETA_MAX_BUDGET_USD",
    );
    const metadataLine = generated.split("\n").find((line) => line.startsWith("metadata: "));
    expect(() => JSON.parse(metadataLine?.slice("metadata: ".length) ?? "")).not.toThrow();
  });

  it("mentions every tool, dry-run, the spend cap and how to install the plugin", () => {
    for (const command of listCommands("openclaw"))
      expect(generated).toContain(`\`${command.openclawToolName}\``);
    expect(generated).toContain("THETA_DRY_RUN");
    expect(generated).toContain("THETA_MAX_BUDGET_USD");
    expect(generated).toContain("openclaw plugins install npm:@theta/openclaw-skill");
  });
});

describe("README environment tables", () => {
  const readmes = [
    ["../../../README.md", "sdk"],
    ["./../README.md", "skill"],
  ] as const;

  for (const [path, scope] of readmes) {
    it(`${path} has the generated ${scope} table (${REGEN})`, () => {
      const text = read(path);
      const { begin, end } = generatedBlockMarkers("environment");
      expect(text).toContain(begin);
      expect(text).toContain(end);
      expect(replaceGeneratedBlock(text, "environment", buildEnvironmentTable(scope))).toBe(text);
    });
  }

  it("lists every variable of @theta/core in the repository README, secrets marked", () => {
    const table = buildEnvironmentTable("sdk");
    for (const row of environmentVariables()) {
      const first = row.name.split(" / ")[0] ?? row.name;
      const line = table.split("\n").find((candidate) => candidate.startsWith(`| \`${first}\``));
      expect(line, first).toBeDefined();
      expect(line?.includes("| yes |"), first).toBe(row.secret);
    }
  });

  it("refuses a README that lost its markers", () => {
    expect(() => replaceGeneratedBlock("# no markers\n", "environment", "x")).toThrow(/missing/);
  });
});

describe("package.json", () => {
  const pkg = JSON.parse(read("../package.json")) as {
    files: string[];
    bin: Record<string, string>;
    exports: Record<string, unknown>;
    openclaw: {
      extensions: string[];
      compat: { pluginApi: string };
      build: { openclawVersion: string };
      install: { minHostVersion: string };
    };
    private?: boolean;
    dependencies: Record<string, string>;
  };

  it("is an installable OpenClaw plugin with the theta and theta-mcp bins", () => {
    expect(pkg.private).toBeUndefined();
    expect(pkg.files).toEqual(expect.arrayContaining(["dist", "bin", "openclaw.plugin.json", "skills"]));
    expect(pkg.openclaw.extensions).toEqual(["./dist/openclaw.js"]);
    expect(pkg.openclaw.build.openclawVersion).toBe("2026.9.6");
    expect(pkg.openclaw.compat.pluginApi).toMatch(/^>=/);
    expect(pkg.openclaw.install.minHostVersion).toMatch(/^>=/);
    // Launchers outside dist/ (linked at install time, before any build), each loading its built command.
    expect(pkg.bin).toEqual({ theta: "./bin/theta.js", "theta-mcp": "./bin/theta-mcp.js" });
    expect(readFileSync(new URL("../bin/theta.js", import.meta.url), "utf8")).toMatch(
      /^#!\/usr\/bin\/env node\n[\s\S]*import "\.\.\/dist\/cli\.js";\n$/,
    );
    expect(readFileSync(new URL("../bin/theta-mcp.js", import.meta.url), "utf8")).toMatch(
      /import "\.\.\/dist\/mcp\.js";\n$/,
    );
    expect(Object.keys(pkg.exports)).toEqual(expect.arrayContaining([".", "./openclaw"]));
    expect(pkg.dependencies).not.toHaveProperty("openclaw");
  });
});
