import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Absolute path of a built file; the child-process tests run the real bins from dist/. */
export function distFile(name: string): string {
  const path = fileURLToPath(new URL(`../../dist/${name}`, import.meta.url));
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: run \`pnpm --filter @theta/openclaw-skill build\` before the tests`);
  }
  return path;
}
