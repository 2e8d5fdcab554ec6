/**
 * `theta setup`: asks for each setting and writes `.env.local` (mode 0600). On a terminal, secrets
 * are read without echo; with piped stdin the answers are read line by line, in prompt order.
 * An empty answer keeps the current value, `-` removes it. Secrets are never printed (`[set]`).
 */
import {
  ALLOW_INSECURE_LOOPBACK_VARIABLE,
  type Env,
  isLoopbackHost,
  registerSecret,
  resolveBaseUrl,
  SERVERS,
  type ServerName,
  serverAsSource,
  ThetaConfigError,
  ThetaError,
} from "@theta/core";
import { parseBudgetUsd } from "./context.js";
import { readEnvFile, updateEnvFile } from "./env-file.js";
import type { SetupQuestion } from "./family-module.js";
import { DEFAULT_REGISTRY, type Registry } from "./registry.js";

/** A checked answer: the value to store, and other variables it implies. */
interface CheckedAnswer {
  readonly value: string;
  readonly implies?: Readonly<Record<string, string>>;
}

interface Prompt {
  readonly name: string;
  readonly label: string;
  readonly secret: boolean;
  /** Returns the value to store, or throws with what is wrong. */
  readonly check?: (value: string) => CheckedAnswer;
}

export interface SetupWizardOptions {
  readonly stdout: { write(chunk: string): unknown };
  readonly stderr: { write(chunk: string): unknown };
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  /** The real environment (without the env file). */
  readonly env: Env;
  /** The env file to write (`<cwd>/.env.local`). */
  readonly file: string;
  /** Whose family modules are asked about (default: the built-in ones). */
  readonly registry?: Registry;
}

/** True for a plain `http://` URL on a loopback host (the local simulator). */
function isLoopbackHttp(value: string): boolean {
  try {
    const url = new URL(value.trim());
    return url.protocol === "http:" && isLoopbackHost(url.hostname);
  } catch {
    return false;
  }
}

/**
 * Checks a base URL by `@theta/core`'s rules for its server. A plain `http://` URL on a loopback host is
 * the local simulator: accepted, and it turns the loopback opt-in on in the same file.
 */
function checkBaseUrl(serverName: string, value: string): CheckedAnswer {
  const server = Object.hasOwn(SERVERS, serverName) ? SERVERS[serverName as ServerName] : undefined;
  if (server === undefined) {
    throw new ThetaConfigError({
      message: `The setup question names an unknown server "${serverName}"; use one of ${Object.keys(SERVERS).join(", ")}`,
      variable: "server",
    });
  }
  const loopback = isLoopbackHttp(value);
  const baseUrl = resolveBaseUrl(serverAsSource(server), {
    option: value,
    env: {},
    allowInsecureLoopback: loopback,
  });
  return loopback
    ? { value: baseUrl, implies: { [ALLOW_INSECURE_LOOPBACK_VARIABLE]: "1" } }
    : { value: baseUrl };
}

function promptOf(question: SetupQuestion): Prompt {
  if (question.kind === "baseUrl") {
    return {
      name: question.variable,
      label: question.label,
      secret: false,
      check: (value) => checkBaseUrl(question.server, value),
    };
  }
  const check = question.check;
  return {
    name: question.variable,
    label: question.label,
    secret: question.secret,
    ...(check ? { check: (value: string) => ({ value: check(value) }) } : {}),
  };
}

/**
 * The prompts, in the order piped answers are read: each family module's questions, then the shared
 * settings. A variable is asked once: families that share credentials (agents uses the controller's
 * key and project) ask the same questions, and the first family's wins.
 */
export function setupPrompts(registry: Registry = DEFAULT_REGISTRY): Prompt[] {
  const asked = new Set<string>();
  const prompts: Prompt[] = registry.modules
    .flatMap((module) => module.setup.questions.map(promptOf))
    .filter((prompt) => {
      if (asked.has(prompt.name)) return false;
      asked.add(prompt.name);
      return true;
    });
  prompts.push({
    name: "THETA_DRY_RUN",
    label: "Dry-run by default: paid/mutating commands only show their request (y/n)",
    secret: false,
    check: (value) => {
      if (/^(y|yes|1|true|on)$/i.test(value)) return { value: "1" };
      if (/^(n|no|0|false|off)$/i.test(value)) return { value: "0" };
      throw new Error("answer y or n");
    },
  });
  prompts.push({
    name: "THETA_MAX_BUDGET_USD",
    label: "Hard spend cap in USD for paid calls (e.g. 2.00)",
    secret: false,
    check: (value) => ({ value: String(parseBudgetUsd(value, "THETA_MAX_BUDGET_USD")) }),
  });
  return prompts;
}

/** Reads one line from a TTY without echoing it (prints `*` per character). */
function readHidden(options: SetupWizardOptions): Promise<string> {
  const { stdin, stdout } = options;
  return new Promise((resolve, reject) => {
    let value = "";
    stdin.setRawMode?.(true);
    stdin.resume();
    stdin.setEncoding("utf8");
    const done = (error?: Error) => {
      stdin.removeListener("data", onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      stdout.write("\n");
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string | Buffer) => {
      for (const char of String(chunk)) {
        if (char === "\r" || char === "\n" || char === "\u0004") return done();
        if (char === "\u0003") return done(new Error("setup cancelled"));
        if (char === "\u007f" || char === "\b") {
          if (value.length > 0) {
            value = value.slice(0, -1);
            stdout.write("\b \b");
          }
          continue;
        }
        if (char >= " ") {
          value += char;
          stdout.write("*");
        }
      }
    };
    stdin.on("data", onData);
  });
}

function readVisible(options: SetupWizardOptions): Promise<string> {
  const { stdin } = options;
  return new Promise((resolve) => {
    let buffer = "";
    stdin.resume();
    stdin.setEncoding("utf8");
    const onData = (chunk: string | Buffer) => {
      buffer += String(chunk);
      const end = buffer.indexOf("\n");
      if (end >= 0) {
        stdin.removeListener("data", onData);
        stdin.pause();
        resolve(buffer.slice(0, end).replace(/\r$/, ""));
      }
    };
    stdin.on("data", onData);
  });
}

async function readPipedLines(stdin: NodeJS.ReadableStream): Promise<string[]> {
  let text = "";
  for await (const chunk of stdin)
    text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
  return text.split(/\r?\n/);
}

export async function runSetupWizard(options: SetupWizardOptions): Promise<number> {
  const { stdout, stderr } = options;
  const interactive = options.stdin.isTTY === true;
  const registry = options.registry ?? DEFAULT_REGISTRY;
  const prompts = setupPrompts(registry);
  const current = readEnvFile(options.file);
  const piped = interactive ? undefined : await readPipedLines(options.stdin);
  const updates: Record<string, string | undefined> = {};
  stdout.write(
    `theta setup: ${interactive ? "press Enter to keep the current value, - to remove it" : "reading answers from stdin, one line per setting"}.\n`,
  );
  for (const [index, prompt] of prompts.entries()) {
    const existing = current[prompt.name];
    const shown = existing === undefined ? "not set" : prompt.secret ? "set" : existing;
    for (;;) {
      stdout.write(`${prompt.name} — ${prompt.label} [${shown}]: `);
      let answer: string;
      if (piped) {
        answer = (piped[index] ?? "").trim();
        stdout.write("\n");
      } else {
        answer = (prompt.secret ? await readHidden(options) : await readVisible(options)).trim();
      }
      if (prompt.secret && answer !== "" && answer !== "-") registerSecret(answer);
      let stored: string | undefined;
      let implied: Readonly<Record<string, string>> = {};
      let status: string;
      if (answer === "") {
        stored = existing;
        status = existing === undefined ? "[not set]" : "[unchanged]";
      } else if (answer === "-") {
        stored = undefined;
        status = "[removed]";
      } else {
        try {
          const checked: CheckedAnswer = prompt.check ? prompt.check(answer) : { value: answer };
          stored = checked.value;
          implied = checked.implies ?? {};
        } catch (error) {
          const why =
            ThetaError.isInstance(error) || error instanceof Error ? error.message : "invalid value";
          stderr.write(`  ${prompt.name}: ${why}\n`);
          if (piped) return ThetaError.isInstance(error) ? 3 : 2;
          continue;
        }
        status = prompt.secret ? "[set]" : `[${stored}]`;
      }
      stdout.write(`  ${prompt.name} ${status}\n`);
      updates[prompt.name] = stored;
      for (const [name, value] of Object.entries(implied)) {
        updates[name] = value;
        stdout.write(
          `  ${name} [${value}] (a plain http:// base URL on a loopback host: the local simulator)\n`,
        );
      }
      break;
    }
  }
  updateEnvFile(options.file, updates);
  stdout.write(`Wrote ${options.file} (mode 0600). Keep it out of version control.\n`);
  const env = {
    ...Object.fromEntries(Object.entries(updates).filter(([, v]) => v !== undefined)),
    ...options.env,
  };
  try {
    const checklist = (await registry.executeCommand("theta.setup", {}, { env })) as {
      ready?: boolean;
      next?: string[];
    };
    stdout.write(`${checklist.ready ? "Ready." : "Not ready yet:"}\n`);
    for (const line of checklist.next ?? []) stdout.write(`  - ${line}\n`);
  } catch (error) {
    stderr.write(
      `theta setup: checklist failed: ${ThetaError.isInstance(error) ? error.message : "unknown error"}\n`,
    );
  }
  return 0;
}
