#!/usr/bin/env node
// Writes the artifacts generated from the command registry (run after `pnpm build`):
//   packages/openclaw-skill/openclaw.plugin.json
//   packages/openclaw-skill/skills/theta-edgecloud/SKILL.md
//   skills/theta-edgecloud/SKILL.md (repository root; same content)
//   the environment tables of README.md (every variable) and packages/openclaw-skill/README.md (those the
//   commands read), between their `generated:environment` marker comments
// `--check` writes nothing and exits 1 when a file is stale.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = resolve(packageDir, "../..");
const dist = join(packageDir, "dist", "index.js");
if (!existsSync(dist)) {
  console.error(
    "gen-artifacts: dist/index.js is missing; run `pnpm --filter @theta/openclaw-skill build` first.",
  );
  process.exit(1);
}
const registry = await import(pathToFileURL(dist).href);

/** Formats JSON the way biome does (so `pnpm lint` stays clean); falls back to JSON.stringify. */
function formatJson(value, path) {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  let biome;
  try {
    biome = createRequire(join(repoRoot, "package.json")).resolve("@biomejs/biome/bin/biome");
  } catch {
    return text;
  }
  const result = spawnSync(process.execPath, [biome, "format", `--stdin-file-path=${path}`], {
    input: text,
    encoding: "utf8",
    cwd: repoRoot,
  });
  return result.status === 0 && result.stdout ? result.stdout : text;
}

const skill = registry.buildSkillMarkdown();
/** A README with its environment block refreshed (the rest of the file is kept as it is). */
function readmeWithTable(file, scope) {
  return registry.replaceGeneratedBlock(
    readFileSync(file, "utf8"),
    "environment",
    registry.buildEnvironmentTable(scope),
  );
}
const files = [
  [
    join(packageDir, "openclaw.plugin.json"),
    formatJson(registry.buildPluginManifest(), "openclaw.plugin.json"),
  ],
  [join(packageDir, "skills", "theta-edgecloud", "SKILL.md"), skill],
  [join(repoRoot, "skills", "theta-edgecloud", "SKILL.md"), skill],
  [join(repoRoot, "README.md"), readmeWithTable(join(repoRoot, "README.md"), "sdk")],
  [join(packageDir, "README.md"), readmeWithTable(join(packageDir, "README.md"), "skill")],
];

const check = process.argv.includes("--check");
let stale = 0;
for (const [file, content] of files) {
  const current = existsSync(file) ? readFileSync(file, "utf8") : undefined;
  if (current === content) continue;
  if (check) {
    console.error(`stale: ${relative(repoRoot, file)}`);
    stale++;
    continue;
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  console.log(`wrote ${relative(repoRoot, file)}`);
}
if (stale > 0) {
  console.error(
    "Run `pnpm --filter @theta/openclaw-skill build && pnpm --filter @theta/openclaw-skill gen`.",
  );
  process.exit(1);
}
