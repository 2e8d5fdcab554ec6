/** `on-demand` / `on_demand` / `ondemand` -> `onDemand` / `onDemand` / `ondemand`: the table's variable name. */
export function camelCase(name) {
  return name.replace(/[-_.]+([a-z0-9])/gi, (_, letter) => letter.toUpperCase());
}

/** `ondemand` -> `Ondemand`: the prefix of exported type names. */
export function pascalCase(name) {
  const camel = camelCase(name);
  return `${camel[0].toUpperCase()}${camel.slice(1)}`;
}
