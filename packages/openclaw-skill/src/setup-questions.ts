/** The usual `theta setup` questions of a family, built from `@theta/core`'s family list. */
import type { FamilySpec, ServerSpec } from "@theta/core";
import type { SetupQuestion } from "./family-module.js";

/** One question per credential of the family (asked under its first environment variable). */
export function credentialQuestions(family: FamilySpec): SetupQuestion[] {
  const questions: SetupQuestion[] = [];
  for (const credential of family.credentials) {
    const variable = credential.env[0];
    if (variable === undefined) continue;
    questions.push({
      kind: "credential",
      variable,
      label: `${family.title} — ${credential.description}`,
      secret: credential.secret,
    });
  }
  return questions;
}

/** The base URL question of a server (asked under its first environment variable). */
export function baseUrlQuestion(server: ServerSpec): SetupQuestion[] {
  const variable = server.env[0];
  if (variable === undefined) return [];
  const fallback = server.defaultUrl ? `default ${server.defaultUrl}` : "no default";
  return [
    { kind: "baseUrl", variable, label: `${server.title} base URL (${fallback})`, server: server.name },
  ];
}
