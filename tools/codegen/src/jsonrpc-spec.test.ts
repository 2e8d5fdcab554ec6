import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { generateSpec, type MethodEntry, type OperationEntry } from "./index.mjs";
import { fixtureSpec } from "./testing/paths.js";
import { useTempDirs } from "./testing/temp-dir.js";
import { typecheck } from "./testing/typecheck.js";

const tempDir = useTempDirs();

async function generateChain() {
  const outDir = tempDir();
  const results = await generateSpec({ specPath: fixtureSpec("chain-rpc.yaml"), outDir, api: "chain" });
  const methods: Record<string, MethodEntry> = (await import(pathToFileURL(join(outDir, "methods.ts")).href))
    .chainMethods;
  const operations: Record<string, OperationEntry> = (
    await import(pathToFileURL(join(outDir, "operations.ts")).href)
  ).chainOperations;
  return { outDir, results, methods, operations };
}

// Uses the generated tables and map the way a JSON-RPC facade would; every `@ts-expect-error` must
// meet an error, so wrong params that compile fail the check too.
const USAGE = `import { chainMethods, type ChainMethodMap, type ChainMethodName } from "./methods.js";
import { chainOperations } from "./operations.js";

declare function call<M extends ChainMethodName>(
  method: M,
  params: ChainMethodMap[M]["params"],
): Promise<ChainMethodMap[M]["result"]>;

export async function use(): Promise<string> {
  const account = await call("theta.GetAccount", [{ address: "0x2e833968e5bb786ae419c4d13189fb081cc43bab" }]);
  // @ts-expect-error address must be a string
  await call("theta.GetAccount", [{ address: 42 }]);
  // @ts-expect-error the params of GetAccount are a one-element array holding an object
  await call("theta.GetAccount", { address: "0x" });
  // @ts-expect-error not a method of the spec
  await call("theta.NoSuchMethod", []);
  const version = await call("theta.GetVersion", []);
  const broadcast = await call("theta.BroadcastRawTransaction", [{ tx_bytes: "0xf8" }]);
  const mutating: true = chainMethods["theta.BroadcastRawTransaction"].mutating;
  const carrier: "callChainRpc" = chainMethods["theta.GetVersion"].operationId;
  const jsonrpc: true = chainOperations[carrier].jsonrpc;
  return [account.sequence, version.git_hash, broadcast.hash, String(mutating && jsonrpc)].join();
}
`;

describe("a JSON-RPC spec", () => {
  it("emits a methods table with per-method policy, carrier operationId and server", async () => {
    const { methods } = await generateChain();
    expect(Object.keys(methods)).toEqual([
      "theta.BroadcastRawTransaction",
      "theta.GetAccount",
      "theta.GetVersion",
    ]);
    expect(methods["theta.GetVersion"]).toEqual({
      method: "theta.GetVersion",
      operationId: "callChainRpc",
      server: "chain",
      mutating: false,
      billable: false,
      idempotent: true,
      confidence: "confirmed",
    });
    expect(methods["theta.BroadcastRawTransaction"]).toEqual({
      method: "theta.BroadcastRawTransaction",
      operationId: "callChainRpc",
      server: "chain",
      mutating: true,
      billable: true,
      idempotent: false,
      confidence: "confirmed",
      timeoutMs: 90000,
    });
    expect(methods["theta.GetAccount"]?.confidence).toBe("uncertain");
  });

  it("marks the carrying operation as JSON-RPC in the operations table", async () => {
    const { operations } = await generateChain();
    expect(operations.callChainRpc).toMatchObject({
      method: "POST",
      path: "/rpc",
      jsonrpc: true,
      server: "chain",
    });
  });

  it("emits a method map whose params and result types compile for right calls and not for wrong ones", async () => {
    const { outDir } = await generateChain();
    writeFileSync(join(outDir, "package.json"), '{ "type": "module" }\n');
    writeFileSync(join(outDir, "usage.ts"), USAGE);
    expect(typecheck([join(outDir, "usage.ts")])).toEqual([]);
  });

  it("fails the type check when a call is wrong (the check is not vacuous)", async () => {
    const { outDir } = await generateChain();
    writeFileSync(join(outDir, "package.json"), '{ "type": "module" }\n');
    writeFileSync(
      join(outDir, "usage.ts"),
      `import type { ChainMethodMap } from "./methods.js";\nexport const params: ChainMethodMap["theta.GetAccount"]["params"] = [{ address: 42 }];\n`,
    );
    const diagnostics = typecheck([join(outDir, "usage.ts")]);
    expect(diagnostics.join("\n")).toMatch(/usage\.ts:2: Type 'number' is not assignable to type 'string'/);
  });
});
