/**
 * Canary secrets for leak tests. Plant these values wherever a real secret could be (env, options,
 * headers, URLs, response bodies), drive an error or log path, then pass whatever came out to
 * `expectNoCanary` — it renders the value every way a user could see it (message, String(), stack,
 * util.inspect, JSON, toJSON, the cause chain) and fails on any trace of a canary.
 *
 * Any test file can import this module and run its own table of `CanaryCase`s through
 * `runCanaryCase`; see `canary-secrets.test.ts`.
 */
import { inspect } from "node:util";
import { expect } from "vitest";
import { ThetaError } from "../errors.js";

export const CANARY = {
  ondemandToken: "canary-ondemand-7f3a9c21e8",
  optionToken: "canary-option-token-4455d0",
  providerToken: "canary-provider-token-a1b2c3",
  controllerKey: "canary-ec-key-31337aa9",
  inferenceToken: "canary-inference-token-77abf",
  basicUser: "canary-basicuser-19ab42",
  basicPass: "canary-basicpass-5d1e0b77",
  videoSaId: "canary-videosaid-8842ce",
  videoSecret: "canary-videosecret-c0ffee42",
} as const;

export type CanaryName = keyof typeof CANARY;

/** An environment with every secret variable set to a canary. */
export function canaryEnv(): Record<string, string> {
  return {
    THETA_ONDEMAND_API_TOKEN: CANARY.ondemandToken,
    THETA_EC_API_KEY: CANARY.controllerKey,
    THETA_EC_PROJECT_ID: "prj_public_project",
    THETA_ORG_ID: "org_public_org",
    THETA_INFERENCE_ENDPOINT: "https://llama3-abc.tec-s1.onthetaedgecloud.com",
    THETA_INFERENCE_AUTH_TOKEN: CANARY.inferenceToken,
    THETA_INFERENCE_AUTH_USER: CANARY.basicUser,
    THETA_INFERENCE_AUTH_PASS: CANARY.basicPass,
    THETA_VIDEO_SA_ID: CANARY.videoSaId,
    THETA_VIDEO_SA_SECRET: CANARY.videoSecret,
  };
}

function base64(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}

/** Every spelling of every canary that must never appear: raw, URL-encoded, base64, Basic credentials. */
export function forbiddenSpellings(): string[] {
  const out = new Set<string>();
  for (const value of Object.values(CANARY)) {
    out.add(value);
    out.add(encodeURIComponent(value));
    out.add(base64(value));
    // A distinctive slice, so a partially masked value (first/last characters kept) is caught too.
    out.add(value.slice(-8));
  }
  out.add(base64(`${CANARY.basicUser}:${CANARY.basicPass}`));
  return [...out];
}

/** Renders a value every way a user, a logger or a crash reporter could see it. */
export function renderEverywhere(value: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<unknown>();
  const visit = (item: unknown, depth: number): void => {
    if (depth > 6 || seen.has(item)) return;
    seen.add(item);
    if (typeof item === "string") {
      out.push(item);
      return;
    }
    if (item === null || (typeof item !== "object" && typeof item !== "function")) {
      out.push(String(item));
      return;
    }
    out.push(inspect(item, { depth: 20, showHidden: true, getters: true }));
    out.push(inspect(item, { depth: 20 }));
    try {
      out.push(JSON.stringify(item) ?? "");
    } catch (error) {
      out.push(String(error));
    }
    if (item instanceof Error) {
      out.push(item.message, String(item), item.stack ?? "");
      const toJSON = (item as { toJSON?: () => unknown }).toJSON;
      if (typeof toJSON === "function") out.push(JSON.stringify(toJSON.call(item)));
      visit(item.cause, depth + 1);
    }
    for (const key of Reflect.ownKeys(item)) {
      const descriptor = Object.getOwnPropertyDescriptor(item, key);
      if (descriptor && "value" in descriptor) visit(descriptor.value, depth + 1);
    }
  };
  visit(value, 0);
  return out;
}

/** Fails when any rendering of `value` contains any spelling of any canary. */
export function expectNoCanary(value: unknown, context = "value"): void {
  const texts = renderEverywhere(value);
  for (const spelling of forbiddenSpellings()) {
    for (const text of texts) {
      if (text.includes(spelling)) {
        expect.fail(`${context} leaks a canary (${spelling}) in: ${text.slice(0, 400)}`);
      }
    }
  }
}

export interface CanaryCase {
  name: string;
  /**
   * Drives one path and returns whatever a user would see: an error (use `mustThrow`), a log entry,
   * a plan. An unexpected throw fails the test.
   */
  run: () => unknown;
}

/** Runs a case and checks everything it returned. */
export async function runCanaryCase(testCase: CanaryCase): Promise<unknown> {
  const outcome = await testCase.run();
  expect(outcome, `${testCase.name} returned nothing to check`).toBeDefined();
  expectNoCanary(outcome, testCase.name);
  return outcome;
}

/**
 * Returns what `run` threw; fails when it did not throw or threw something that is not a Theta error
 * (every SDK failure must be typed).
 */
export async function mustThrow(run: () => unknown): Promise<unknown> {
  let threw = false;
  let caught: unknown;
  try {
    await run();
  } catch (error) {
    threw = true;
    caught = error;
  }
  if (!threw) expect.fail("expected the call to throw");
  expect(ThetaError.isInstance(caught), `expected a Theta error, got ${String(caught)}`).toBe(true);
  return caught;
}
