import { defineConfig } from "vitest/config";
import { sharedTestConfig } from "../../vitest.shared.js";

// The generator's tests run the CLI and TypeScript as child processes: on a loaded 2-core CI machine
// each can take many seconds, so they get more than the shared 20 s (a guard, not a speed target).
export default defineConfig({ test: { ...sharedTestConfig, testTimeout: 60_000 } });
