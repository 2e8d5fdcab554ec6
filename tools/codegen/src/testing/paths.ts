import { fileURLToPath } from "node:url";

/** The fixture specs of the generator's tests. */
export function fixtureSpec(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
}

/** A file of the workspace, relative to its root. */
export function workspaceFile(path: string): string {
  return fileURLToPath(new URL(`../../../../${path}`, import.meta.url));
}
