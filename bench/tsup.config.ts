import { defineConfig } from "tsup";

export default defineConfig({
  entry: [
    "src/run.ts",
    "src/chat-server.ts",
    "src/simulator-child.ts",
    "src/mcp-bare-server.ts",
    "src/changing-catalog-server.ts",
  ],
  format: ["esm"],
  clean: true,
  sourcemap: true,
  target: "node20",
  removeNodeProtocol: false,
});
