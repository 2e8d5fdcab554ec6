// `prepack` of every published package: `pnpm pack` right after a fresh install would otherwise pack a
// package without dist/. Builds only when an entry is missing, so packing a built package (attw --pack
// in CI, while other packages' builds read this one's types) never cleans dist/ under them.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

const manifest = JSON.parse(readFileSync("package.json", "utf8"));
const entries = [manifest.main, manifest.types, ...Object.values(manifest.bin ?? {})].filter(
  (entry) => typeof entry === "string" && entry.startsWith("./dist/"),
);
const missing = entries.filter((entry) => !existsSync(entry));
if (missing.length > 0) {
  console.log(`${manifest.name}: ${missing.join(", ")} missing; building before packing`);
  execFileSync("pnpm", ["run", "build"], { stdio: "inherit" });
}
