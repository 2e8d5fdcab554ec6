// Checks the built packages the way their consumers load them:
// 1. CommonJS callers: Node's require(esm) loads each package's main entry.
// 2. Runtimes with fetch but without Node built-ins: @theta/core and @theta/ondemand bundle for a neutral
//    platform with no static `node:` import (optional Node features load lazily behind dynamic imports).
// 3. TypeScript projects without @types/node (browser, worker): the published types compile with only
//    DOM and ES libs (scripts/consumers/without-node-types).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { build } from "esbuild";

const require = createRequire(import.meta.url);
const packagesDir = new URL("../packages/", import.meta.url);
/** Every published package: its name and a require() that resolves from inside it (self-reference). */
const published = readdirSync(packagesDir)
  .map((folder) => new URL(`${folder}/package.json`, packagesDir))
  .filter((manifest) => existsSync(manifest))
  .map((manifest) => ({
    manifest: JSON.parse(readFileSync(manifest, "utf8")),
    requireFrom: createRequire(manifest),
  }))
  .filter(({ manifest }) => !manifest.private);
let failed = false;

const requireFrom = createRequire(new URL("../packages/openclaw-skill/package.json", import.meta.url));
for (const { manifest, requireFrom: requireInside } of published) {
  const name = manifest.name;
  try {
    const mod = requireInside(name);
    const exports = Object.keys(mod).length;
    if (exports === 0) throw new Error("no exports");
    console.log(`require(${name}): ok, ${exports} exports`);
  } catch (error) {
    failed = true;
    console.error(`require(${name}) failed: ${error instanceof Error ? error.message : error}`);
  }
}

// The API packages run wherever fetch exists; the simulator and the skill are Node programs.
const neutral = published
  .map(({ manifest, requireFrom: requireInside }) => ({
    name: manifest.name,
    entry: requireInside.resolve(manifest.name),
  }))
  .filter(({ name }) => !["@theta/simulator", "@theta/openclaw-skill"].includes(name));
for (const { name, entry } of neutral) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: "neutral",
    format: "esm",
    mainFields: ["module", "main"],
    external: ["node:*"],
    metafile: true,
    logLevel: "silent",
  });
  const staticNode = Object.values(result.metafile.inputs)
    .flatMap((input) => input.imports)
    .filter((i) => i.path.startsWith("node:") && i.kind !== "dynamic-import");
  if (staticNode.length > 0) {
    failed = true;
    console.error(
      `${name}: static Node built-in imports: ${[...new Set(staticNode.map((i) => i.path))].join(", ")}`,
    );
  } else {
    const bytes = result.outputFiles[0]?.contents.length ?? 0;
    console.log(
      `${name}: bundles for a neutral runtime (no static node: imports), ${(bytes / 1024).toFixed(0)} KiB`,
    );
  }
}
try {
  execFileSync(
    process.execPath,
    [
      requireFrom.resolve("typescript/bin/tsc"),
      "-p",
      new URL("consumers/without-node-types", import.meta.url).pathname,
    ],
    { stdio: "pipe", encoding: "utf8" },
  );
  console.log("types: compile in a project without @types/node (DOM and ES libs only)");
} catch (error) {
  failed = true;
  console.error(`types need @types/node:\n${error.stdout ?? error.message}`);
}
void require;
process.exit(failed ? 1 : 0);
