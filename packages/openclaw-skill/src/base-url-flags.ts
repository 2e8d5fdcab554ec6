/**
 * The CLI's base-URL flags, one per server of `@theta/core`'s `SERVERS`: `--<server>-base-url <url>`
 * and `--base-url <server>=<url>`; a bare `--base-url <url>` is the default family's server (the first
 * family module's), as in earlier versions.
 */
import { FAMILIES, type FamilyName, SERVERS, type ServerName, ThetaValidationError } from "@theta/core";

const SERVER_NAMES = Object.keys(SERVERS) as ServerName[];

/** The kebab-case form of a server name, as flags spell it (`edgecloudClient` → `edgecloud-client`). */
export function serverFlagName(server: ServerName): string {
  return server.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

/** The server a spelling names (its name or its kebab-case form), or undefined. */
export function serverNamed(spelling: string): ServerName | undefined {
  return SERVER_NAMES.find((server) => server === spelling || serverFlagName(server) === spelling);
}

/** The server of a `--<server>-base-url` flag, or undefined for any other flag. */
export function serverOfFlag(flag: string): ServerName | undefined {
  const match = /^--(.+)-base-url$/.exec(flag);
  return match?.[1] === undefined ? undefined : serverNamed(match[1]);
}

/** Every `--<server>-base-url` flag, in `SERVERS` order. */
export function serverFlags(): string[] {
  return SERVER_NAMES.map((server) => `--${serverFlagName(server)}-base-url`);
}

/** The server a bare `--base-url <url>` sets: the default server of `family`. */
export function defaultServerOf(family: FamilyName | undefined): ServerName | undefined {
  const server = family === undefined ? undefined : FAMILIES[family].servers[0]?.name;
  return server === undefined ? undefined : serverNamed(server);
}

/** Reads the value of `--base-url`: `<server>=<url>`, or a URL for `defaultServer`. */
export function parseBaseUrlFlag(
  value: string,
  defaultServer: ServerName | undefined,
): { server: ServerName; url: string } {
  // A URL starts with its scheme and a colon, so `name=` at the start can only be a server name.
  const named = /^([A-Za-z][A-Za-z0-9-]*)=(.*)$/s.exec(value);
  if (named?.[1] !== undefined) {
    const server = serverNamed(named[1]);
    if (server === undefined) {
      const spellings = SERVER_NAMES.map(serverFlagName);
      throw new ThetaValidationError({
        field: "--base-url",
        message: `--base-url names an unknown server "${named[1]}"`,
        fix: `use one of ${spellings.join(", ")}, e.g. --base-url ${spellings[0]}=https://…`,
      });
    }
    return { server, url: named[2] ?? "" };
  }
  if (defaultServer === undefined) {
    throw new ThetaValidationError({
      field: "--base-url",
      message: "--base-url <url> needs a default family, and no family module is registered",
      fix: "name the server: --base-url <server>=<url>",
    });
  }
  return { server: defaultServer, url: value };
}
