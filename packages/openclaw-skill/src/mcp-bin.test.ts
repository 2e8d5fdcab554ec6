import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { type Simulator, startSimulator } from "@theta/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { distFile } from "./testing/dist.js";
import { resultText, wireBytes } from "./testing/mcp-client.js";
import { runBin } from "./testing/run-bin.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ quiet: true, seed: 7 });
});
afterAll(async () => {
  await sim?.close();
});

async function connect(args: readonly string[] = []): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [distFile("mcp.js"), ...args],
    env: { THETA_API_BASE_URL: sim.baseUrls.ondemand, THETA_ALLOW_INSECURE_LOOPBACK: "1" },
    stderr: "pipe",
  });
  const client = new Client({ name: "theta-test", version: "0.0.0" });
  await client.connect(transport);
  return client;
}

interface CatalogEntry {
  alias: string;
  name: string;
  state?: string;
  default_prediction: string;
  predictions: Record<
    string,
    { instructions?: string; variants?: string[]; input_vars?: Record<string, unknown> }
  >;
}

describe("theta-mcp over stdio", () => {
  it("reads list_services with and without detail and finds every fact the official server shows", async () => {
    const client = await connect();
    try {
      const compact = await client.callTool({ name: "list_services", arguments: {} });
      const detailed = await client.callTool({ name: "list_services", arguments: { detail: true } });
      const text = resultText(compact);
      const full = detailed.structuredContent as { services: CatalogEntry[] };
      expect(JSON.parse(resultText(detailed))).toEqual(full);
      expect(wireBytes(text)).toBeLessThanOrEqual(4000);
      const services = full.services.filter((service) => (service.state ?? "public") === "public");
      expect(services.length).toBe(19);
      const lines = text.split("\n");
      for (const service of services) {
        // The service's line: alias and name, then the default prediction with its instructions (the price).
        const line = lines.find((candidate) => candidate.startsWith(`${service.alias} (${service.name}) `));
        expect({ alias: service.alias, found: line !== undefined }).toEqual({
          alias: service.alias,
          found: true,
        });
        const prediction = service.predictions[service.default_prediction];
        expect(line).toContain(`${service.default_prediction}:`);
        expect(line).toContain(prediction?.instructions ?? "");
        expect(line).toMatch(/\$\d/);
        for (const input of Object.keys(prediction?.input_vars ?? {})) expect(line).toContain(input);
        for (const variant of prediction?.variants ?? []) expect(line).toContain(variant);
      }
      // Grouped by category, as the official answer is.
      for (const category of ["text", "image", "audio", "video"]) expect(text).toContain(`## ${category}`);
    } finally {
      await client.close();
    }
  });

  it("offers only the families and tools of --families and --tools", async () => {
    const client = await connect(["--families", "ondemand", "--tools=list_services,theta_setup"]);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(["theta_setup", "list_services"]);
    } finally {
      await client.close();
    }
  });

  it("refuses an unknown argument before it starts", async () => {
    const run = await runBin("mcp.js", ["--famillies", "ondemand"], {});
    expect(run.code).toBe(2); // a usage error, as the CLI's
    expect(run.stderr).toContain('Unknown argument "--famillies"');
    expect(run.stderr).toContain("--families");
  });
});
