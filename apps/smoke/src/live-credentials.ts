/**
 * Live runs need credentials. A family whose credentials are not all set is skipped (with the
 * variables that enable it); when no family has them, the run stops before any request instead of
 * reporting every check as failed.
 */
import { type Env, FAMILIES, type FamilyName } from "@theta/core";
import { SmokeUsageError } from "./settings.js";

/** The variables of a family's credentials (its owner's, for a family that uses another's) that are unset. */
export function missingCredentials(family: FamilyName, env: Env): string[] {
  const owner = (FAMILIES[family].credentialsOf ?? family) as FamilyName;
  return FAMILIES[owner].credentials
    .filter((credential) => !credential.env.some((name) => (env[name] ?? "").trim() !== ""))
    .map((credential) => credential.env[0] ?? credential.key);
}

/** The families that can run live; throws when none can, naming what to set for each. */
export function familiesReadyForLive<Family extends { readonly family: FamilyName }>(
  families: readonly Family[],
  env: Env,
  note: (line: string) => void,
): Family[] {
  const ready: Family[] = [];
  // Families that share credentials (agents uses the controller's) need the same variables: said once.
  const needs = new Map<string, string[]>();
  for (const entry of families) {
    const missing = missingCredentials(entry.family, env);
    if (missing.length === 0) {
      ready.push(entry);
      continue;
    }
    const variables = missing.join(" and ");
    needs.set(variables, [...(needs.get(variables) ?? []), entry.family]);
    note(`${entry.family} checks skipped: set ${missing.join(", ")} to run them live.`);
  }
  if (ready.length === 0) {
    throw new SmokeUsageError(
      `--live needs the credentials of at least one family, and none are set: set ${[...needs]
        .map(([variables, names]) => `${variables} (for ${names.join(", ")})`)
        .join(", or ")}. Nothing was sent.`,
    );
  }
  return ready;
}
