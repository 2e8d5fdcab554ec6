/**
 * Cold `import` time of every package entry over its floor (bare `node`; for the MCP server entry, a
 * bare import of the MCP SDK): a fresh process per sample, each entry interleaved with its floor,
 * medians compared. What a CLI, an MCP server start or a
 * serverless cold start pays before the first line of user code.
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { formatNumber, type Row } from "./row.js";
import { median } from "./stats.js";

/** Samples per entry (and of the bare start beside each). */
const SAMPLES = 15;
/** The budget over bare `node`. */
const TARGET_MS = 60;

/**
 * The floor an entry is measured over: bare `node`, except for the MCP server entry, whose job is
 * to load the MCP SDK: it is measured over a bare import of the SDK's server modules.
 */
function floorOf(entry: string): { args: string[]; label: string } {
  if (!entry.endsWith("/mcp-server")) return { args: ["--input-type=module", "-e", ""], label: "bare node" };
  const require = createRequire(import.meta.url);
  const skill = createRequire(require.resolve("@theta/openclaw-skill/package.json"));
  const modules = ["@modelcontextprotocol/sdk/server/index.js", "@modelcontextprotocol/sdk/types.js"].map(
    (name) => pathToFileURL(skill.resolve(name)).href,
  );
  const imports = modules.map((url) => `await import(${JSON.stringify(url)});`).join(" ");
  return { args: ["--input-type=module", "-e", imports], label: "MCP SDK import" };
}

/** Every public entry: `package` plus each subpath export that is code. */
function entries(): string[] {
  const require = createRequire(import.meta.url);
  const names = ["@theta/core", "@theta/ondemand", "@theta/simulator", "@theta/openclaw-skill"];
  const found: string[] = [];
  for (const name of names) {
    const manifestPath = require.resolve(`${name}/package.json`);
    const manifest = require(manifestPath) as { exports: Record<string, unknown> };
    for (const subpath of Object.keys(manifest.exports)) {
      if (subpath.endsWith(".json")) continue;
      found.push(subpath === "." ? name : `${name}${subpath.slice(1)}`);
    }
    void dirname(manifestPath);
  }
  return found;
}

function timeProcess(args: readonly string[], cwd: string): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
  const elapsed = performance.now() - started;
  if (result.status !== 0) throw new Error(`node ${args.join(" ")} failed: ${result.stderr.toString()}`);
  return elapsed;
}

export function benchColdImports(): Row[] {
  const cwd = join(dirname(new URL(import.meta.url).pathname), "..");
  const rows: Row[] = [];
  for (const entry of entries()) {
    const imported: number[] = [];
    const bare: number[] = [];
    const importArgs = ["--input-type=module", "-e", `await import(${JSON.stringify(entry)})`];
    const floor = floorOf(entry);
    const bareArgs = floor.args;
    timeProcess(importArgs, cwd);
    for (let i = 0; i < SAMPLES; i++) {
      // Alternate which goes first, so a machine that slows down mid-round hits both alike.
      if (i % 2 === 0) {
        imported.push(timeProcess(importArgs, cwd));
        bare.push(timeProcess(bareArgs, cwd));
      } else {
        bare.push(timeProcess(bareArgs, cwd));
        imported.push(timeProcess(importArgs, cwd));
      }
    }
    const over = median(imported) - median(bare);
    rows.push({
      name: `cold import ${entry}`,
      sdk: `${formatNumber(median(imported), 1)} ms`,
      baseline: `${formatNumber(median(bare), 1)} ms (${floor.label})`,
      ratio: `+${formatNumber(over, 1)} ms`,
      control: "-",
      target: `<= +${TARGET_MS} ms`,
      pass: over <= TARGET_MS,
    });
  }
  return rows;
}
