import packageJson from "../package.json" with { type: "json" };

/** This package's version (from package.json, inlined at build time). */
export const VERSION: string = packageJson.version;
