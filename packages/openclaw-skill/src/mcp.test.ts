import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { Simulator } from "@theta/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listCommands } from "./registry.js";
import { distFile } from "./testing/dist.js";
import { CANARY, simulator } from "./testing/helpers.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await simulator();
});
afterAll(async () => {
  await sim?.close();
});

interface Connected {
  client: Client;
  stderr: () => string;
  close: () => Promise<void>;
}

async function connect(env: Record<string, string>): Promise<Connected> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [distFile("mcp.js")],
    env,
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const client = new Client({ name: "theta-test", version: "0.0.0" });
  await client.connect(transport);
  return { client, stderr: () => stderr, close: () => client.close() };
}

function text(result: unknown): string {
  const content = (result as { content?: { type: string; text?: string }[] }).content ?? [];
  return content.map((part) => part.text ?? "").join("");
}

describe("theta-mcp (stdio)", () => {
  it("serves every command and the official tool names against the simulator", async () => {
    const server = await connect({
      THETA_API_KEY: CANARY,
      THETA_API_BASE_URL: sim.baseUrls.ondemand,
      THETA_ALLOW_INSECURE_LOOPBACK: "1",
    });
    try {
      expect(server.client.getServerVersion()?.name).toBe("theta-edgecloud");
      const { tools } = await server.client.listTools();
      const names = tools.map((tool) => tool.name);
      expect(names.sort()).toEqual(
        listCommands("mcp")
          .map((command) => command.toolName)
          .sort(),
      );
      expect(names).not.toContain("theta_ondemand_upload");
      for (const name of [
        "list_services",
        "infer",
        "get_request_status",
        "get_upload_url",
        "theta_ondemand_chat",
      ]) {
        expect(names).toContain(name);
      }
      for (const tool of tools) expect(tool.inputSchema.type).toBe("object");

      const listed = await server.client.callTool({
        name: "list_services",
        arguments: { category: "image" },
      });
      expect(listed.isError).toBeFalsy();
      const catalog = listed.structuredContent as { services: { alias: string; category: string }[] };
      expect(catalog.services.length).toBeGreaterThan(0);
      expect(catalog.services.every((service) => service.category === "image")).toBe(true);

      const inferred = await server.client.callTool({
        name: "infer",
        arguments: { service: "stable_diffusion_xl_turbo", input: { prompt: "a blue cloud" }, wait: 0 },
      });
      expect(inferred.isError).toBeFalsy();
      const created = JSON.parse(text(inferred)) as { requestId: string };
      expect(created.requestId).toMatch(/^infr_rqst_/);

      const status = await server.client.callTool({
        name: "get_request_status",
        arguments: { request_id: created.requestId },
      });
      expect(status.isError).toBeFalsy();
      expect(JSON.parse(text(status))).toMatchObject({ requestId: created.requestId });

      const bad = await server.client.callTool({ name: "infer", arguments: { service: "flux" } });
      expect(bad.isError).toBe(true);
      expect(text(bad)).toContain("input");

      const unknown = await server.client.callTool({ name: "list_service", arguments: {} });
      expect(unknown.isError).toBe(true);
      expect(text(unknown)).toContain("list_services");

      for (const result of [listed, inferred, status, bad])
        expect(JSON.stringify(result)).not.toContain(CANARY);
    } finally {
      await server.close();
    }
    expect(server.stderr()).toContain("ready");
    expect(server.stderr()).not.toContain(CANARY);
    expect(server.stderr()).not.toContain(CANARY.slice(0, 10));
    expect(server.stderr()).not.toContain(CANARY.slice(-10));
  });

  it("starts without a key: list_services works, paid tools explain the fix", async () => {
    const server = await connect({
      THETA_API_BASE_URL: sim.baseUrls.ondemand,
      THETA_ALLOW_INSECURE_LOOPBACK: "1",
    });
    try {
      const listed = await server.client.callTool({ name: "list_services", arguments: {} });
      expect(listed.isError).toBeFalsy();
      const before = sim.state.requestCount("createInferRequest");
      const inferred = await server.client.callTool({
        name: "infer",
        arguments: { service: "stable_diffusion_xl_turbo", input: { prompt: "x" } },
      });
      expect(inferred.isError).toBe(true);
      expect(text(inferred)).toContain("THETA_API_KEY");
      expect(sim.state.requestCount("createInferRequest")).toBe(before);
    } finally {
      await server.close();
    }
    expect(server.stderr()).toContain("not set");
  });
});
