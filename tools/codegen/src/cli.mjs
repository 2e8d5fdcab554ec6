#!/usr/bin/env node
// `pnpm gen:specs` (no arguments): generate every spec of the workspace whose package exists.
// `node tools/codegen/src/cli.mjs --spec <file.yaml> --out <dir> [--api <name>]`: generate one spec
// anywhere (used by the generator's tests and for trying a new spec before its package exists).
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { SpecError } from "./spec-error.mjs";

const workspaceRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

function usage(problem) {
  return `${problem}\nusage: gen [--spec <file.yaml> --out <dir> [--api <name>]]`;
}

async function main() {
  const { values } = parseArgs({
    options: { spec: { type: "string" }, out: { type: "string" }, api: { type: "string" } },
    strict: true,
  });
  if (values.spec === undefined && (values.out !== undefined || values.api !== undefined)) {
    throw new SpecError(usage("--out and --api need --spec."));
  }
  if (values.spec !== undefined && values.out === undefined) {
    throw new SpecError(
      usage("--spec needs --out (the directory to write schema.ts, operations.ts, methods.ts to)."),
    );
  }
  // The generator (openapi-typescript, TypeScript) loads only once the arguments hold: a usage
  // error answers at once.
  const { generateSpec, generateWorkspace } = await import("./generate.mjs");
  const results =
    values.spec === undefined
      ? await generateWorkspace({ root: workspaceRoot })
      : await generateSpec({
          specPath: resolve(values.spec),
          outDir: resolve(values.out),
          api: values.api,
          label: relative(process.cwd(), resolve(values.spec)).split("\\").join("/"),
        });
  const base = values.spec === undefined ? workspaceRoot : process.cwd();
  for (const { file, change, reason } of results) {
    console.log(`${change} ${relative(base, file)}${reason === undefined ? "" : `: ${reason}`}`);
  }
}

main().catch((error) => {
  if (error instanceof SpecError) {
    console.error(`pnpm gen: ${error.message}`);
  } else if (error?.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    console.error(`pnpm gen: ${usage(error.message)}`);
  } else {
    console.error("pnpm gen failed:", error);
  }
  process.exit(1);
});
