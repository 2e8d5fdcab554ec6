import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts", "src/openclaw.ts", "src/mcp-server.ts", "src/mcp.ts", "src/cli.ts"],
  format: ["esm"],
  dts: { entry: ["src/index.ts", "src/openclaw.ts", "src/mcp-server.ts"] },
  clean: true,
  sourcemap: true,
  target: "node20",
  removeNodeProtocol: false,
  treeshake: true,
});
