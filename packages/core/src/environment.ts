/**
 * Every environment variable the SDK reads, derived from the family list and the settings: the source
 * of the README environment tables, the plugin manifest's env list, SKILL.md and the setup wizard.
 */
import { FAMILY_LIST, type FamilySpec, SERVERS, type ServerSpec } from "./families.js";
import { HTTP_SETTING_LIMITS } from "./http-settings.js";

export interface EnvironmentVariable {
  readonly name: string;
  /** The family it configures; undefined for settings shared by every family. */
  readonly family?: string;
  readonly meaning: string;
  /** Holds a secret (never printed). */
  readonly secret: boolean;
}

/** The loopback opt-in: plain `http://` to 127.0.0.1 / ::1 / localhost only (the local simulator). */
export const ALLOW_INSECURE_LOOPBACK_VARIABLE = "THETA_ALLOW_INSECURE_LOOPBACK";

/** The settings every family shares, besides the HTTP integer knobs. */
const SHARED_SETTINGS: readonly EnvironmentVariable[] = [
  {
    name: "THETA_DRY_RUN",
    meaning: "`1/true/yes/on`: every mutating call returns its (redacted) plan instead of running",
    secret: false,
  },
  {
    name: "THETA_MAX_BUDGET_USD",
    meaning: "hard spend cap in USD for the smoke app, CLI and agent commands",
    secret: false,
  },
  {
    name: ALLOW_INSECURE_LOOPBACK_VARIABLE,
    meaning:
      "`1/true/yes/on`: allow plain `http://` base URLs on loopback hosts only (the local simulator); never for other hosts",
    secret: false,
  },
];

function serverMeaning(server: ServerSpec): string {
  const fallback = server.defaultUrl
    ? `default \`${server.defaultUrl}\``
    : "no default: set it to use this server";
  return `${server.title} base URL (${fallback})`;
}

function credentialRows(family: FamilySpec): EnvironmentVariable[] {
  return family.credentials.map((credential) => ({
    name: credential.env.join(" / "),
    family: family.family,
    meaning:
      credential.env.length > 1 ? `${credential.description} (first set wins)` : credential.description,
    secret: credential.secret,
  }));
}

/**
 * Every variable once, in a stable order: per family its credentials then its servers (a family that
 * uses another's credentials, or a server already listed, adds nothing), then the shared settings.
 */
export function environmentVariables(): readonly EnvironmentVariable[] {
  const rows: EnvironmentVariable[] = [];
  const seen = new Set<string>();
  const add = (row: EnvironmentVariable): void => {
    if (seen.has(row.name)) return;
    seen.add(row.name);
    rows.push(row);
  };
  for (const family of FAMILY_LIST) {
    if (family.credentialsOf === undefined) for (const row of credentialRows(family)) add(row);
    for (const server of family.servers) {
      add({
        name: server.env.join(" / "),
        family: family.family,
        meaning: serverMeaning(server),
        secret: false,
      });
    }
  }
  for (const knob of HTTP_SETTING_LIMITS) {
    add({
      name: knob.variable,
      meaning: `${knob.option}: ${knob.min}–${knob.max} (default ${knob.defaultValue})`,
      secret: false,
    });
  }
  for (const row of SHARED_SETTINGS) add(row);
  return rows;
}

/** Every server name (the simulator serves one base URL per server). */
export const SERVER_NAMES: readonly string[] = Object.freeze(Object.keys(SERVERS));
