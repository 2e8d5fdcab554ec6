/**
 * `theta.health`: is every configured family reachable and are its credentials accepted? Derived from
 * the family modules' capability probes (the same free reads as `theta.auth.capabilities`), so a new
 * family is checked as soon as its module is registered; families that are not configured are listed,
 * not probed.
 */
import { FAMILIES, type FamilyName } from "@theta/core";
import { type Command, defineCommand, type RunContext } from "../command.js";
import type { FamilyModule } from "../family-module.js";
import { allConfigured, credentialStatus } from "./credential-status.js";

interface FamilyHealth {
  readonly family: FamilyName;
  readonly title: string;
  /** true: the probe got an answer; null: it could not tell (network error, server error). */
  readonly reachable: boolean | null;
  /** true: the credentials were accepted; false: refused; null: could not tell. */
  readonly authenticated: boolean | null;
  readonly notes: string;
  readonly error?: string;
}

async function checkFamily(runContext: RunContext, module: FamilyModule): Promise<FamilyHealth> {
  const probed = await module.probe.verify(runContext);
  return {
    family: module.family,
    title: FAMILIES[module.family].title,
    reachable: probed.verified === null ? null : true,
    authenticated: probed.verified,
    notes: probed.notes,
    ...(probed.error === undefined ? {} : { error: probed.error }),
  };
}

async function health(
  runContext: RunContext,
  modules: readonly FamilyModule[],
): Promise<Record<string, unknown>> {
  const configured: FamilyModule[] = [];
  const notConfigured: FamilyName[] = [];
  for (const module of modules) {
    const credentials = await credentialStatus(runContext, FAMILIES[module.family]);
    if (allConfigured(credentials)) configured.push(module);
    else notConfigured.push(module.family);
  }
  const families = await Promise.all(configured.map((module) => checkFamily(runContext, module)));
  const failing = families.filter((family) => family.authenticated !== true).map((family) => family.family);
  const healthy = families.length > 0 && failing.length === 0;
  return {
    healthy,
    families,
    notConfigured,
    summary:
      families.length === 0
        ? "No family is configured; run theta.setup for what to set."
        : healthy
          ? `Reachable and authenticated: ${families.map((family) => family.family).join(", ")}.`
          : `Not healthy: ${failing.join(", ")} (see notes); theta.auth.capabilities has the details.`,
  };
}

/** `theta.health` over the registry's family modules. */
export function healthCommand(modules: readonly FamilyModule[]): Command {
  return defineCommand({
    name: "theta.health",
    title: "Health check",
    description:
      "Check every configured API family: is it reachable, and are its credentials accepted (the same harmless read-only probes as theta.auth.capabilities; free). Families that are not configured are listed, not probed.",
    inputSchema: { type: "object", properties: {}, additionalProperties: false },
    family: null,
    operations: modules.flatMap((module) => module.probe.operations),
    run: (_args, runContext) => health(runContext, modules),
  });
}
