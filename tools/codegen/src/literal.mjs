/** A value as a TypeScript literal, keys in insertion order, one property per line (diff-friendly). */
export function literal(value, indent = 0) {
  const pad = "  ".repeat(indent);
  if (Array.isArray(value)) return `[${value.map((item) => literal(item, indent)).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value);
    if (keys.length === 0) return "{}";
    const lines = keys.map((key) => `${pad}  ${propertyKey(key)}: ${literal(value[key], indent + 1)},`);
    return `{\n${lines.join("\n")}\n${pad}}`;
  }
  return JSON.stringify(value);
}

/** An identifier stays bare; anything else (`theta.GetVersion`) is quoted. */
export function propertyKey(key) {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : JSON.stringify(key);
}
