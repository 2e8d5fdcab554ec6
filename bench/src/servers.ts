/**
 * The servers the benchmarks talk to, each in a child process of its own: the client is measured as
 * it runs against a real service (another process), and its garbage collection and cache footprint
 * do not slow the server's side of every round trip (which would charge the client twice).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

export interface ChildServer {
  /** The first URL the child printed that matched. */
  readonly url: string;
  close(): void;
}

/** Starts `node script ...args` and waits for it to print a URL matching `pattern`. */
async function startChild(script: string, args: readonly string[], pattern: RegExp): Promise<ChildServer> {
  const child: ChildProcess = spawn(process.execPath, [script, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const close = (): void => {
    child.kill("SIGTERM");
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      const onData = (d: string): void => {
        out += d;
        const m = out.match(pattern);
        if (!m) return;
        // Stop collecting; the stream stays flowing, so the child never blocks on a full pipe.
        child.stdout?.off("data", onData);
        child.stdout?.resume();
        resolve(m[0]);
      };
      child.stdout?.setEncoding("utf8");
      child.stdout?.on("data", onData);
      child.once("error", reject);
      child.once("exit", (code) => reject(new Error(`${script} exited early (${code}): ${out}`)));
    });
    return { url, close };
  } catch (error) {
    close();
    throw error;
  }
}

/** `theta-simulator --port 0 --quiet` in a child process; `url` is its on-demand base URL. */
export function startSimulatorProcess(): Promise<ChildServer> {
  const require = createRequire(import.meta.url);
  const simPkg = require.resolve("@theta/simulator/package.json");
  const bin = fileURLToPath(new URL("./dist/bin.js", `file://${simPkg}`));
  return startChild(bin, ["--port", "0", "--quiet"], /https?:\/\/127\.0\.0\.1:\d+\/ondemand/);
}

/** The recorded-shape chat server (`chat-server.ts`) in a child process; `url` is its base URL. */
export function startChatServerProcess(events: number): Promise<ChildServer> {
  const script = fileURLToPath(new URL("./chat-server.js", import.meta.url));
  return startChild(script, [String(events)], /http:\/\/127\.0\.0\.1:\d+/);
}

/** The simulator without simulated delays (`simulator-child.ts`); `url` is its on-demand base URL. */
export function startFastSimulatorProcess(): Promise<ChildServer> {
  const script = fileURLToPath(new URL("./simulator-child.js", import.meta.url));
  return startChild(script, [], /https?:\/\/127\.0\.0\.1:\d+\/ondemand/);
}

/** The catalog that changes on every call (`changing-catalog-server.ts`); `url` is its base URL. */
export function startChangingCatalogProcess(catalogFile: string): Promise<ChildServer> {
  const script = fileURLToPath(new URL("./changing-catalog-server.js", import.meta.url));
  return startChild(script, [catalogFile], /http:\/\/127\.0\.0\.1:\d+/);
}
