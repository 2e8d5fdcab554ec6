import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { generateSpec, type OperationEntry } from "./index.mjs";
import { fixtureSpec } from "./testing/paths.js";
import { useTempDirs } from "./testing/temp-dir.js";

const tempDir = useTempDirs();

async function generateTwoHosts() {
  const outDir = tempDir();
  const results = await generateSpec({ specPath: fixtureSpec("two-hosts.yaml"), outDir });
  const module = await import(pathToFileURL(join(outDir, "operations.ts")).href);
  const operations: Record<string, OperationEntry> = module.twoHostsOperations;
  return { outDir, results, operations };
}

describe("a REST spec spanning two hosts", () => {
  it("names each operation's server from the innermost servers list (operation, then path, then document)", async () => {
    const { operations } = await generateTwoHosts();
    expect(operations.listDeployments?.server).toBe("controller");
    expect(operations.createDeployment?.server).toBe("controller");
    expect(operations.listVmTypes?.server).toBe("platform");
    expect(operations.replaceVmTypes?.server).toBe("controllerAdmin");
    expect(operations.getBalance?.server).toBe("platform");
  });

  it("marks public exactly the operations no security requirement applies to", async () => {
    const { operations } = await generateTwoHosts();
    expect(operations.listVmTypes?.public).toBe(true); // security: []
    expect(operations.getBalance?.public).toBe(true); // an empty alternative {}
    expect(operations.listDeployments?.public).toBe(false); // top-level apiKey
    expect(operations.replaceVmTypes?.public).toBe(false);
  });

  it("emits x-theta-confidence and keeps the policy flags", async () => {
    const { operations } = await generateTwoHosts();
    expect(operations.createDeployment).toEqual({
      operationId: "createDeployment",
      method: "POST",
      path: "/deployments",
      server: "controller",
      public: false,
      mutating: true,
      billable: true,
      idempotent: false,
      confidence: "uncertain",
    });
    expect(operations.listDeployments?.confidence).toBe("confirmed");
  });

  it("writes no methods.ts for a spec without a JSON-RPC operation, and nothing changes on a second run", async () => {
    const { outDir, results } = await generateTwoHosts();
    expect(results.map((result) => [result.file.slice(outDir.length + 1), result.change])).toEqual([
      ["schema.ts", "wrote"],
      ["operations.ts", "wrote"],
    ]);
    const before = readFileSync(join(outDir, "operations.ts"), "utf8");
    const again = await generateSpec({ specPath: fixtureSpec("two-hosts.yaml"), outDir });
    expect(again.map((result) => result.change)).toEqual(["unchanged", "unchanged"]);
    expect(readFileSync(join(outDir, "operations.ts"), "utf8")).toBe(before);
  });

  it("removes a methods.ts it generated once the spec has no JSON-RPC operation", async () => {
    const outDir = tempDir();
    await generateSpec({ specPath: fixtureSpec("chain-rpc.yaml"), outDir, api: "twoHosts" });
    expect(existsSync(join(outDir, "methods.ts"))).toBe(true);
    const results = await generateSpec({ specPath: fixtureSpec("two-hosts.yaml"), outDir });
    expect(results.at(-1)).toEqual({ file: join(outDir, "methods.ts"), change: "removed" });
    expect(existsSync(join(outDir, "methods.ts"))).toBe(false);
  });
});
