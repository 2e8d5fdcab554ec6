/** What the anatomy check reads of a family (a subset of `@theta/core`'s FamilySpec). */
export interface AnatomyFamily {
  readonly family: string;
  readonly packageName: string;
}
export interface PendingEntry {
  readonly parts: readonly ("simulator" | "commands" | "smoke")[];
  readonly work: string;
}
export function familyProblems(
  root: string,
  family: AnatomyFamily,
  pendingParts?: readonly string[],
  pendingNotes?: string[],
): string[];
export function checkAnatomy(
  root: string,
  families: readonly AnatomyFamily[],
  pendingList?: Readonly<Record<string, PendingEntry>>,
): { checked: string[]; planned: string[]; pending: string[]; problems: string[] };
/** Packages whose shared code (outside module folders, generated files and tests) names no family. */
export const FAMILY_NEUTRAL_PACKAGES: readonly string[];
export function familyNamingProblems(root: string, families: readonly AnatomyFamily[]): string[];
