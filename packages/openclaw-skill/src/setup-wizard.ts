/**
 * `theta setup`: asks for each setting and writes `.env.local` (mode 0600). On a terminal, secrets
 * are read without echo; with piped stdin the answers are read line by line, in prompt order.
 * An empty answer keeps the current value, `-` removes it. Secrets are never printed (`[set]`).
 */
import { type Env, FAMILIES, type FamilySpec, registerSecret, resolveBaseUrl, ThetaError } from "@theta/core";
import { envFlag, parseBudgetUsd } from "./context.js";
import { readEnvFile, updateEnvFile } from "./env-file.js";
import { executeCommand } from "./registry.js";

interface Prompt {
  readonly name: string;
  readonly label: string;
  readonly secret: boolean;
  /** Returns the value to store, or throws with what is wrong. */
  readonly check?: (value: string, env: Env) => string;
}

export interface SetupWizardOptions {
  readonly stdout: { write(chunk: string): unknown };
  readonly stderr: { write(chunk: string): unknown };
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  /** The real environment (without the env file). */
  readonly env: Env;
  /** The env file to write (`<cwd>/.env.local`). */
  readonly file: string;
}

/** The families the wizard asks about: those this package has commands for. */
const FAMILIES_ASKED: readonly FamilySpec[] = [FAMILIES.ondemand];

/** The prompts, in the order piped answers are read. */
export function setupPrompts(): Prompt[] {
  const prompts: Prompt[] = [];
  for (const family of FAMILIES_ASKED) {
    for (const credential of family.credentials) {
      const name = credential.env[0];
      if (name === undefined) continue;
      prompts.push({ name, label: `${family.title} — ${credential.description}`, secret: credential.secret });
    }
    const baseName = family.baseUrlEnv[0];
    if (baseName !== undefined) {
      prompts.push({
        name: baseName,
        label: `${family.title} base URL (default ${family.defaultBaseUrl})`,
        secret: false,
        check: (value, env) =>
          resolveBaseUrl(family, {
            option: value,
            env: {},
            allowInsecureLoopback: envFlag(env, "THETA_ALLOW_INSECURE_LOOPBACK") ?? false,
          }),
      });
    }
  }
  prompts.push({
    name: "THETA_DRY_RUN",
    label: "Dry-run by default: paid/mutating commands only show their request (y/n)",
    secret: false,
    check: (value) => {
      if (/^(y|yes|1|true|on)$/i.test(value)) return "1";
      if (/^(n|no|0|false|off)$/i.test(value)) return "0";
      throw new Error("answer y or n");
    },
  });
  prompts.push({
    name: "THETA_MAX_BUDGET_USD",
    label: "Hard spend cap in USD for paid calls (e.g. 2.00)",
    secret: false,
    check: (value) => String(parseBudgetUsd(value, "THETA_MAX_BUDGET_USD")),
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
  const prompts = setupPrompts();
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
      let status: string;
      if (answer === "") {
        stored = existing;
        status = existing === undefined ? "[not set]" : "[unchanged]";
      } else if (answer === "-") {
        stored = undefined;
        status = "[removed]";
      } else {
        try {
          stored = prompt.check ? prompt.check(answer, options.env) : answer;
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
    const checklist = (await executeCommand("theta.setup", {}, { env })) as {
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
