/**
 * The family whose credentials a family uses: itself, or the one its `credentialsOf` names (`agents`
 * uses the controller's). Everything that lists or resolves a family's credentials goes through it.
 */
import { type FamilySpec, familyNamed } from "@theta/core";

export function credentialOwner(family: FamilySpec): FamilySpec {
  return (family.credentialsOf === undefined ? undefined : familyNamed(family.credentialsOf)) ?? family;
}

/** `credentialOwner` of the family named `name`; undefined for a name not in the family list. */
export function credentialOwnerNamed(name: string): FamilySpec | undefined {
  const family = familyNamed(name);
  return family === undefined ? undefined : credentialOwner(family);
}
