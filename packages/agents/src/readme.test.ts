/**
 * The README example is real: its TypeScript block, compiled as it is, runs against the simulator in a
 * child process with only the simulator's environment (no key or project from the machine).
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { simulatorEnv, startSimulator } from "@theta/simulator";
import { transform } from "esbuild";
import { describe, expect, it } from "vitest";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");

async function readmeExample(): Promise<string> {
  const readme = await readFile(join(packageDir, "README.md"), "utf8");
  const block = /<!-- readme-example:start -->\s*```ts\n([\s\S]*?)```\s*<!-- readme-example:end -->/.exec(
    readme,
  );
  if (!block?.[1]) throw new Error("README.md has no marked TypeScript example block");
  return block[1];
}

describe("README example", () => {
  it("runs against the simulator", async () => {
    const simulator = await startSimulator({ seed: 7 });
    const directory = await mkdtemp(join(tmpdir(), "theta-agents-readme-"));
    try {
      const source = await readmeExample();
      expect(source).toContain('from "@theta/agents"');
      // The built package (tests run after the build), in place of the name a user imports.
      const entry = pathToFileURL(join(packageDir, "dist", "index.js")).href;
      const { code } = await transform(source.replace('"@theta/agents"', JSON.stringify(entry)), {
        loader: "ts",
        format: "esm",
      });
      const file = join(directory, "example.mjs");
      await writeFile(file, code);
      const { stdout } = await promisify(execFile)(process.execPath, [file], {
        env: { PATH: process.env.PATH ?? "", ...simulatorEnv(simulator) },
        timeout: 30_000,
      });
      expect(stdout).toBe("agent: Sales analyst\ndocument sql: 8 tokens\nre-created: false\n");
      const [agentId] = simulator.families.agents.agentIds();
      const [document] = simulator.families.agents.documents(agentId ?? "") ?? [];
      expect(new TextDecoder().decode(document?.content)).toBe("region,total\nnorth,130\nsouth,95\n");
    } finally {
      await rm(directory, { recursive: true, force: true });
      await simulator.close();
    }
  });
});
