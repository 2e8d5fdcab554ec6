/** `theta --help`: the usage, with the base-URL flags and the environment of the registry's families. */
import { ALLOW_INSECURE_LOOPBACK_VARIABLE, FAMILIES, SERVERS, type ServerName } from "@theta/core";
import { defaultServerOf, serverFlagName } from "./base-url-flags.js";
import { credentialOwner } from "./credential-owner.js";
import type { Registry } from "./registry.js";
import { VERSION } from "./version.js";

/** Joins words into lines of at most `width` characters. */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(line);
  return lines.join("\n");
}

/** The variables the registry's commands read: credentials, shared settings, base URLs. */
function environmentLine(registry: Registry): string {
  const credentials: string[] = [];
  const servers: string[] = [];
  for (const module of registry.modules) {
    const family = FAMILIES[module.family];
    const owner = credentialOwner(family);
    for (const credential of owner.credentials) {
      const [first, ...aliases] = credential.env;
      if (first === undefined) continue;
      const entry = aliases.length > 0 ? `${first} (or ${aliases.join(", ")})` : first;
      if (!credentials.includes(entry)) credentials.push(entry);
    }
    for (const server of family.servers) {
      const variable = server.env[0];
      if (variable !== undefined && !servers.includes(variable)) servers.push(variable);
    }
  }
  return wrap(
    `Environment: ${[
      ...credentials,
      "THETA_DRY_RUN",
      "THETA_MAX_BUDGET_USD",
      ...servers,
      `${ALLOW_INSECURE_LOOPBACK_VARIABLE}=1 (http on 127.0.0.1 only, for the local simulator).`,
    ].join(", ")} .env.local in the current directory is read if present (real environment variables win).`,
    100,
  );
}

function baseUrlOptions(registry: Registry): string {
  const server = defaultServerOf(registry.modules[0]?.family);
  const spellings = (Object.keys(SERVERS) as ServerName[]).map(serverFlagName);
  const bare =
    server === undefined
      ? ""
      : `  --base-url <url>   the ${SERVERS[server].title} base URL (else ${SERVERS[server].env.join(" / ")})\n`;
  return `${bare}  --base-url <server>=<url>, --<server>-base-url <url>
                     the base URL of one server: ${spellings.join(", ")}
`;
}

export function globalHelp(registry: Registry): string {
  return `theta ${VERSION} — Theta EdgeCloud commands from the shell

Usage:
  theta <command> [--json '{...}' | --<field> <value> ...] [options]
  theta commands [--json]          list the commands
  theta <command> --help           inputs of one command
  theta setup                      ask for the settings and write .env.local (mode 0600)

Options:
  --json '{...}'     the command's input as one JSON object ("-" reads it from stdin)
  --<field> <value>  one input field (numbers, booleans and JSON objects/arrays are parsed)
  --json             (without an object) machine output: one JSON document on stdout
  --dry-run          paid/mutating commands print the request they would send, and send nothing
  --budget <usd>     hard spend cap for this run (else THETA_MAX_BUDGET_USD)
${baseUrlOptions(registry)}  --quiet            no progress on stderr
  --version, --help

Families with commands: ${registry.modules.map((module) => module.family).join(", ") || "none"}.
${environmentLine(registry)}

Exit codes: 0 ok (also a dry-run plan), 1 other error, 2 usage, 3 auth/config, 4 API/network,
5 spend cap reached.
`;
}
