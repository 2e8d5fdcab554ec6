import { afterEach, describe, expect, it } from "vitest";
import { clearRegisteredSecretsForTesting, REDACTED, registerSecret } from "./redact.js";
import { createTextStreamRedactor } from "./redact-stream.js";

afterEach(() => {
  clearRegisteredSecretsForTesting();
});

const SECRET = "tok_9f2c7e51d3b84a06c1";

/** Feeds `pieces` through one stream redactor; returns every non-empty output and their join. */
function run(pieces: readonly string[]): { outputs: string[]; text: string } {
  const redactor = createTextStreamRedactor();
  const outputs: string[] = [];
  for (const piece of pieces) {
    const out = redactor.push(piece);
    if (out) outputs.push(out);
  }
  const rest = redactor.end();
  if (rest) outputs.push(rest);
  return { outputs, text: outputs.join("") };
}

function characters(text: string): string[] {
  return [...text];
}

describe("createTextStreamRedactor", () => {
  it("passes ordinary text through unchanged, while it arrives", () => {
    const text = "The capital of France is Paris. It has many museums and about two million people.";
    const { outputs, text: joined } = run(characters(text));
    expect(joined).toBe(text);
    expect(outputs.length).toBeGreaterThan(5);
  });

  it("redacts a registered secret split across pieces, one character at a time", () => {
    registerSecret(SECRET);
    const { text } = run(characters(`Your token is ${SECRET}, keep it safe. Again:${SECRET}`));
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(SECRET.slice(0, 8));
    expect(text).toBe(`Your token is ${REDACTED}, keep it safe. Again:${REDACTED}`);
  });

  it("redacts a secret's base64 form split across pieces", () => {
    registerSecret(SECRET);
    const encoded = Buffer.from(`user:${SECRET}`).toString("base64");
    const { text } = run(characters(`header value ${encoded} end of answer`));
    expect(text).toContain(REDACTED);
    expect(text).not.toContain(encoded.slice(8, 24));
  });

  it("redacts a secret-looking assignment whose value comes in a later piece", () => {
    const pieces = [
      "Set the ",
      "password",
      ":",
      " ",
      "hunter2-xyz",
      " and the ",
      "token = ",
      "abc-123",
      " now.",
    ];
    const { text } = run(pieces);
    expect(text).not.toContain("hunter2-xyz");
    expect(text).not.toContain("abc-123");
    expect(text).toBe(`Set the password: ${REDACTED} and the token = ${REDACTED} now.`);
  });

  it("redacts a Bearer credential and a quoted value with spaces split across pieces", () => {
    const { text } = run(
      characters('use Bearer eyJhbGciOi.payload.sig then {"password": "correct horse battery"} ok'),
    );
    expect(text).not.toContain("eyJhbGciOi");
    expect(text).not.toContain("horse");
    expect(text).toBe(`use Bearer ${REDACTED} then {"password": "${REDACTED}"} ok`);
  });

  it("a secret with spaces split across pieces is held until it is complete", () => {
    registerSecret("correct horse battery staple 42");
    const { text } = run(characters("the phrase correct horse battery staple 42 is the key"));
    expect(text).toBe(`the phrase ${REDACTED} is the key`);
  });

  it("cuts inside one giant word rather than holding it all, without splitting a secret", () => {
    registerSecret(SECRET);
    const blob = `${"A".repeat(20_000)}${SECRET}${"B".repeat(20_000)}`;
    const pieces: string[] = [];
    for (let index = 0; index < blob.length; index += 700) pieces.push(blob.slice(index, index + 700));
    const { outputs, text } = run(pieces);
    expect(outputs.length).toBeGreaterThan(2);
    expect(text).not.toContain(SECRET);
    expect(text).toBe(`${"A".repeat(20_000)}${REDACTED}${"B".repeat(20_000)}`);
  });
});

describe("createTextStreamRedactor on a quoted secret value that never closes", () => {
  it("masks it to the end without rescanning the whole text at every piece", () => {
    // About 50 KB: under the most the redactor holds (past that it shows what it holds, redacted).
    const pieces = ['{"password": "', ...Array.from({ length: 5_000 }, (_, index) => `word${index} `)];
    const { text } = run(pieces);
    expect(text).toBe(`{"password": "${REDACTED}"`);
  });
});
