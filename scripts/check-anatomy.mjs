#!/usr/bin/env node
// `pnpm check:anatomy`: every API family has every part the checklist in docs/adding-a-family.md names.
// For each family of @theta/core's family list whose package exists in packages/, it needs:
//   specs/<family>.yaml, packages/<package>/src/generated/{schema,operations}.ts, src/client.ts,
//   src/index.ts, a README with an install line and a TypeScript example that a test reads,
//   a simulator module (packages/simulator/src/families/<family>), a commands module
//   (packages/openclaw-skill/src/families/<family>) and smoke checks (apps/smoke/src/families/<family>).
// And the simulator's and the skill's shared code names no family that has a module there: the name
// appears only in that module's folder and in generated files (the module lists come from the folders).
// Families whose package does not exist yet are listed as "planned" and not checked. A part named in
// scripts/anatomy-pending.json (with the open work that completes it) is reported as pending, not
// missing; listing a part that already exists is itself a problem (the entry is stale).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const defaultRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

/** A module is a folder `<family>/` with an `index.ts`, or a file `<family>.ts`. */
function moduleExists(dir, family) {
  return existsSync(join(dir, family, "index.ts")) || existsSync(join(dir, `${family}.ts`));
}

function filesUnder(dir, predicate, found = []) {
  if (!existsSync(dir)) return found;
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "dist") continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) filesUnder(path, predicate, found);
    else if (predicate(path)) found.push(path);
  }
  return found;
}

/** The problems of one family, each naming the missing part and where it goes; `pendingParts` are expected to be missing. */
export function familyProblems(root, family, pendingParts = [], pendingNotes = []) {
  const folder = family.packageName.replace(/^@theta\//, "");
  const pkg = join(root, "packages", folder);
  const problems = [];
  const need = (ok, what) => {
    if (!ok) problems.push(`${family.family}: ${what}`);
  };
  need(
    existsSync(join(root, "specs", `${family.family}.yaml`)),
    `no spec: write specs/${family.family}.yaml`,
  );
  for (const file of ["schema.ts", "operations.ts"]) {
    need(
      existsSync(join(pkg, "src", "generated", file)),
      `no packages/${folder}/src/generated/${file}: run pnpm gen`,
    );
  }
  need(existsSync(join(pkg, "src", "client.ts")), `no packages/${folder}/src/client.ts (create${"X"}Client)`);
  need(existsSync(join(pkg, "src", "index.ts")), `no packages/${folder}/src/index.ts (the public face)`);
  const readmePath = join(pkg, "README.md");
  const readme = existsSync(readmePath) ? readFileSync(readmePath, "utf8") : "";
  need(readme !== "", `no packages/${folder}/README.md`);
  need(
    readme === "" || /(npm i|npm install|pnpm add)\s+[^\n]*@theta\//.test(readme),
    `packages/${folder}/README.md has no install line (npm install ${family.packageName} ...)`,
  );
  need(readme === "" || /```ts\n/.test(readme), `packages/${folder}/README.md has no TypeScript example`);
  const tests = filesUnder(pkg, (path) => /\.test\.ts$/.test(path));
  need(
    tests.some((path) => readFileSync(path, "utf8").includes("README.md")),
    `no test of packages/${folder} reads README.md: the README example must be tested`,
  );
  const modules = [
    [
      "simulator",
      join(root, "packages", "simulator", "src", "families"),
      "simulator module: packages/simulator/src/families",
    ],
    [
      "commands",
      join(root, "packages", "openclaw-skill", "src", "families"),
      "commands module: packages/openclaw-skill/src/families",
    ],
    ["smoke", join(root, "apps", "smoke", "src", "families"), "smoke checks: apps/smoke/src/families"],
  ];
  for (const [part, dir, what] of modules) {
    const exists = moduleExists(dir, family.family);
    if (pendingParts.includes(part)) {
      if (exists)
        problems.push(
          `${family.family}: the ${part} part is listed as pending in scripts/anatomy-pending.json but exists: remove it there`,
        );
      else pendingNotes.push(`${family.family}: ${what}/${family.family}/`);
      continue;
    }
    need(exists, `no ${what}/${family.family}/ (registered in its families list)`);
  }
  return problems;
}

/** The packages whose shared code names no family: a family's name belongs in its module and generated files. */
export const FAMILY_NEUTRAL_PACKAGES = ["packages/simulator", "packages/openclaw-skill"];

/**
 * Files of the family-neutral packages' `src/` that name a family having a module there, outside that
 * module (`src/families/<family>/` or `src/families/<family>.ts`), `src/generated/`, `src/testing/` and
 * tests. The name is matched as written (case-sensitive), like `grep -rn <family>`.
 */
export function familyNamingProblems(root, families) {
  const problems = [];
  for (const packagePath of FAMILY_NEUTRAL_PACKAGES) {
    const src = join(root, packagePath, "src");
    const familiesDir = join(src, "families");
    const withModule = families.filter((family) => moduleExists(familiesDir, family.family));
    if (withModule.length === 0) continue;
    const sources = filesUnder(src, (path) => /\.(ts|mts|js|mjs)$/.test(path) && !/\.test\.ts$/.test(path));
    for (const file of sources) {
      const path = relative(src, file).split("\\").join("/");
      // Shared code only: a family's module may name the families it builds on (agents uses the
      // controller's credentials); generated lists and test helpers are exempt.
      if (path.startsWith("generated/") || path.startsWith("testing/")) continue;
      if (/^families\/[^/]+\//.test(path)) continue;
      const text = readFileSync(file, "utf8");
      for (const { family } of withModule) {
        // Code that knows a family names it in a string or an import path, reads FAMILIES.<family> or
        // its module; comments and words such as inference, or an AbortController named controller,
        // are not that.
        const naming = new RegExp(
          `["']${family}["']|(?:from|import\\()\\s*["'][^"'\\n]*/${family}/|FAMILIES\\.${family}\\b|\\b${family}Module\\b`,
        );
        if (naming.test(text)) {
          problems.push(
            `${family}: ${packagePath}/src/${path} names the family outside its module: move that code into src/families/${family}/ or derive it from the family list (module lists come from pnpm gen:specs)`,
          );
        }
      }
    }
  }
  return problems;
}

/**
 * One test layout for the workspace: tests beside the code they test (`src/<file>.test.ts`), their
 * helpers in `src/testing/`. A package with a `test/` folder has drifted from it.
 */
export function testLayoutProblems(root) {
  const problems = [];
  for (const group of ["packages", "apps", "tools"]) {
    const groupDir = join(root, group);
    if (!existsSync(groupDir)) continue;
    for (const name of readdirSync(groupDir)) {
      if (existsSync(join(groupDir, name, "test"))) {
        problems.push(
          `${group}/${name}/test/: tests sit beside the code they test (src/<file>.test.ts), their helpers in src/testing/`,
        );
      }
    }
  }
  return problems;
}

/** Checks every family whose package exists; returns { checked, planned, pending, problems }. */
export function checkAnatomy(root, families, pendingList = {}) {
  const checked = [];
  const planned = [];
  const pending = [];
  const problems = [];
  for (const family of families) {
    const folder = family.packageName.replace(/^@theta\//, "");
    if (!existsSync(join(root, "packages", folder, "package.json"))) {
      planned.push(family.family);
      continue;
    }
    checked.push(family.family);
    const entry = pendingList[family.family];
    problems.push(...familyProblems(root, family, entry?.parts ?? [], pending));
  }
  problems.push(...familyNamingProblems(root, families));
  problems.push(...testLayoutProblems(root));
  return { checked, planned, pending, problems };
}

async function main() {
  const root = process.argv[2] ?? defaultRoot;
  const core = await import(pathToFileURL(join(defaultRoot, "packages", "core", "dist", "index.js")).href);
  const pendingPath = join(root, "scripts", "anatomy-pending.json");
  const pendingList = existsSync(pendingPath) ? JSON.parse(readFileSync(pendingPath, "utf8")).pending : {};
  const { checked, planned, pending, problems } = checkAnatomy(root, core.FAMILY_LIST, pendingList);
  for (const note of pending)
    console.log(`check:anatomy: pending ${note} (see scripts/anatomy-pending.json)`);
  if (problems.length > 0) {
    console.error(`check:anatomy: ${problems.length} missing part(s) (see docs/adding-a-family.md):`);
    for (const problem of problems) console.error(`  - ${problem}`);
    process.exit(1);
  }
  console.log(
    `check:anatomy: ${checked.join(", ")} complete${planned.length ? `; planned (no package yet): ${planned.join(", ")}` : ""} (${relative(process.cwd(), root) || "."})`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
