// Packs every published package the way `pnpm publish` would and checks the tarball is complete: its
// package.json, README.md and LICENSE (the root's text), and every file its exports, main, types and
// bin point to. Also checks each has the `prepack` that builds a package packed before any build.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const license = readFileSync(join(root, "LICENSE"), "utf8");
const destination = mkdtempSync(join(tmpdir(), "theta-packed-"));
const problems = [];

/** Every file path a manifest's entry points name. */
function entryFiles(manifest) {
  const files = new Set();
  const visit = (value) => {
    if (typeof value === "string") files.add(value.replace(/^\.\//, ""));
    else if (value && typeof value === "object") for (const inner of Object.values(value)) visit(inner);
  };
  visit(manifest.exports);
  visit(manifest.main);
  visit(manifest.types);
  visit(manifest.bin);
  return [...files].filter((file) => !file.includes("*"));
}

for (const name of readdirSync(join(root, "packages"))) {
  const directory = join(root, "packages", name);
  const manifest = JSON.parse(readFileSync(join(directory, "package.json"), "utf8"));
  if (manifest.private) continue;
  if (manifest.scripts?.prepack !== "node ../../scripts/build-if-missing.mjs") {
    problems.push(
      `${manifest.name}: no prepack build (add "prepack": "node ../../scripts/build-if-missing.mjs")`,
    );
  }
  execFileSync("pnpm", ["pack", "--pack-destination", destination], { cwd: directory, stdio: "ignore" });
  const tarball = readdirSync(destination).find((file) =>
    file.startsWith(manifest.name.replace("@", "").replace("/", "-")),
  );
  const listed = execFileSync("tar", ["-tzf", join(destination, tarball)], { encoding: "utf8" })
    .split("\n")
    .filter(Boolean)
    .map((path) => path.replace(/^package\//, ""));
  const missing = ["package.json", "README.md", "LICENSE", ...entryFiles(manifest)].filter(
    (file) => !listed.includes(file),
  );
  if (missing.length > 0) problems.push(`${manifest.name}: the tarball lacks ${missing.join(", ")}`);
  const packedLicense = execFileSync("tar", ["-xzOf", join(destination, tarball), "package/LICENSE"], {
    encoding: "utf8",
  });
  if (packedLicense !== license) problems.push(`${manifest.name}: its LICENSE differs from the root LICENSE`);
  if (!manifest.repository || !manifest.homepage || !manifest.bugs) {
    problems.push(`${manifest.name}: needs repository, homepage and bugs in package.json`);
  }
  console.log(`${manifest.name}: ${listed.length} files packed`);
}
rmSync(destination, { recursive: true, force: true });
for (const problem of problems) console.error(problem);
process.exit(problems.length > 0 ? 1 : 0);
