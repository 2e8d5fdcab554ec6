/**
 * How each adapter's users set what the library calls options, so errors name the flag, variable or
 * plugin setting the user can change (core's `CallerTerms`), and where the list of commands is.
 */
import {
  ALLOW_INSECURE_LOOPBACK_VARIABLE,
  type CallerTerms,
  FAMILIES,
  type FamilyName,
  SERVERS,
  type ServerName,
} from "@theta/core";
import { serverFlagName, serverNamed } from "./base-url-flags.js";
import type { Surface } from "./command.js";
import { credentialOwner } from "./credential-owner.js";
import { credentialSettingKey } from "./plugin-config.js";

/** The environment variables of a server's base URL, for a sentence. */
function baseUrlVariables(server: string | undefined): string {
  const known = server === undefined ? undefined : serverNamed(server);
  const names = known === undefined ? [] : SERVERS[known as ServerName].env;
  return names.length > 0 ? names.join(" / ") : "its base URL variable";
}

/** The terms of `surface` for the clients of `family`; undefined for library callers (option names). */
export function callerTermsFor(surface: Surface | undefined, family: FamilyName): CallerTerms | undefined {
  switch (surface) {
    case "cli":
      return {
        baseUrlOption: (_option, server) => {
          const known = server === undefined ? undefined : serverNamed(server);
          return known === undefined ? "the --base-url flag" : `the --${serverFlagName(known)}-base-url flag`;
        },
        credentialRemedy: () => "run `theta setup` (it writes them to .env.local)",
        insecureLoopbackRemedy: `set ${ALLOW_INSECURE_LOOPBACK_VARIABLE}=1 (theta setup writes it for a simulator URL)`,
      };
    case "mcp":
      return {
        baseUrlOption: (_option, server) => baseUrlVariables(server),
        credentialRemedy: () => "set it in the env of the MCP server's entry in your client's config",
        insecureLoopbackRemedy: `set ${ALLOW_INSECURE_LOOPBACK_VARIABLE}=1 in the MCP server's env`,
      };
    case "openclaw": {
      // A family that uses another's credentials (agents: the controller's) has its settings.
      const owner = credentialOwner(FAMILIES[family]);
      return {
        baseUrlOption: (_option, server) => `the plugin setting baseUrls.${server ?? "<server>"}`,
        credentialRemedy: (key) => `set the plugin setting ${credentialSettingKey(owner, key)}`,
        insecureLoopbackRemedy: "set the plugin setting allowInsecureLoopback to true",
      };
    }
    default:
      return undefined;
  }
}

/** Where `surface`'s users find the commands, for an unknown command's error. */
export function commandListHint(surface: Surface | undefined): string {
  switch (surface) {
    case "cli":
      return "run `theta commands`";
    case "mcp":
      return "see the server's tool list";
    case "openclaw":
      return "see the plugin's tools";
    default:
      return "list them with listCommands()";
  }
}
