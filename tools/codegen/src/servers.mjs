// `x-theta-server`: every entry of every OpenAPI `servers` list names the host it stands for, so an
// operation's policy can say where it is sent (one spec may span several hosts, e.g. the controller
// and the platform API). The operation's server is the first entry of the innermost list that
// applies: operation-level `servers`, else path-level, else the document's.

const SERVER_NAME = /^[a-z][a-zA-Z0-9]*$/;

/**
 * Validates one `servers` list and returns the name of its first entry, or undefined when the list
 * is absent (no override at this level) or after adding problems.
 */
export function readServersList(servers, where, problems) {
  if (servers === undefined) return undefined;
  if (!Array.isArray(servers) || servers.length === 0) {
    problems.push(`${where}: servers must be a non-empty list of { url, x-theta-server } entries.`);
    return undefined;
  }
  const names = servers.map((server, index) => {
    const place = `${where} servers[${index}]${typeof server?.url === "string" ? ` (${server.url})` : ""}`;
    const name = server?.["x-theta-server"];
    if (name === undefined) {
      problems.push(
        `${place}: x-theta-server is missing; name the host this entry stands for, e.g. "x-theta-server: ondemand".`,
      );
      return undefined;
    }
    if (typeof name !== "string" || !SERVER_NAME.test(name)) {
      problems.push(
        `${place}: x-theta-server must be a lowercase identifier such as "ondemand" or "controller" (found ${JSON.stringify(name)}).`,
      );
      return undefined;
    }
    return name;
  });
  return names[0];
}

/** The name of the first server of the innermost list among `[operation, path, document]` lists. */
export function innermostServer(levels) {
  for (const { servers, name } of levels) {
    if (servers !== undefined) return name;
  }
  return undefined;
}
