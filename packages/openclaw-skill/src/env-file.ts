/** A small `.env` reader/writer for the CLI's `.env.local` (no dependencies). */
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/;

function unquote(raw: string): string {
  if (raw.startsWith('"')) {
    const end = raw.lastIndexOf('"');
    const body = end > 0 ? raw.slice(1, end) : raw.slice(1);
    return body.replace(/\\(["\\nrt$])/g, (_, char: string) =>
      char === "n" ? "\n" : char === "r" ? "\r" : char === "t" ? "\t" : char,
    );
  }
  if (raw.startsWith("'")) {
    const end = raw.lastIndexOf("'");
    return end > 0 ? raw.slice(1, end) : raw.slice(1);
  }
  const comment = raw.search(/\s#/);
  return (comment >= 0 ? raw.slice(0, comment) : raw).trim();
}

/** Parses `.env` text: `KEY=value`, `export KEY=value`, quoted values, `#` comments. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*(#|$)/.test(line)) continue;
    const match = LINE.exec(line);
    if (!match) continue;
    out[match[1] as string] = unquote(match[2] ?? "");
  }
  return out;
}

/** Formats one value so `parseEnvFile` reads it back unchanged. */
export function formatEnvValue(value: string): string {
  if (/^[A-Za-z0-9_./:@+,-]*$/.test(value)) return value;
  return `"${value
    .replace(/(["\\$])/g, "\\$1")
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\t/g, "\\t")}"`;
}

/** Reads an env file if present (else `{}`). */
export function readEnvFile(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  return parseEnvFile(readFileSync(file, "utf8"));
}

/** Reads `<dir>/.env.local` if present (else `{}`). */
export function readEnvLocal(dir: string): Record<string, string> {
  return readEnvFile(join(dir, ".env.local"));
}

/** The environment with `.env.local` from `dir` underneath: real variables win. */
export function withEnvLocal(
  env: Readonly<Record<string, string | undefined>>,
  dir: string,
): Record<string, string | undefined> {
  return { ...readEnvLocal(dir), ...env };
}

/**
 * Sets (or, for `undefined`, removes) variables in an env file, keeping its other lines and
 * comments. The file is written with mode 0600 (via a temporary file and a rename).
 */
export function updateEnvFile(file: string, updates: Readonly<Record<string, string | undefined>>): void {
  const lines = existsSync(file) ? readFileSync(file, "utf8").split(/\r?\n/) : [];
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  const pending = new Map(Object.entries(updates));
  const out: string[] = [];
  for (const line of lines) {
    const match = LINE.exec(line);
    const key = match?.[1];
    if (key !== undefined && pending.has(key)) {
      const value = pending.get(key);
      pending.delete(key);
      if (value !== undefined) out.push(`${key}=${formatEnvValue(value)}`);
      continue;
    }
    out.push(line);
  }
  for (const [key, value] of pending) if (value !== undefined) out.push(`${key}=${formatEnvValue(value)}`);
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  writeFileSync(temp, `${out.join("\n")}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
  chmodSync(file, 0o600);
}
