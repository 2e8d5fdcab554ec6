import { describe, expect, it } from "vitest";
import { type CallerTerms, callerTerms, LIBRARY_TERMS } from "./caller-terms.js";
import { createFamilyClient } from "./client.js";
import { FAMILIES } from "./families.js";

/** What a CLI would say: its flags and variables, not the library's options. */
const CLI_TERMS: CallerTerms = {
  baseUrlOption: (_option, server) =>
    server === "ondemand" ? "the --base-url flag" : `the --${server}-base-url flag`,
  credentialRemedy: () => "run `theta setup`",
  insecureLoopbackRemedy: "set THETA_ALLOW_INSECURE_LOOPBACK=1",
};

const OPERATIONS = {
  listThings: {
    operationId: "listThings",
    method: "GET",
    path: "/things",
    mutating: false,
    billable: false,
    idempotent: true,
  },
} as const;

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected an error");
}

async function rejectionMessage(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected a rejection");
}

describe("caller terms", () => {
  it("fill what the caller leaves out with the library's option names", () => {
    expect(callerTerms(undefined)).toBe(LIBRARY_TERMS);
    const partial = callerTerms({ credentialRemedy: () => "run setup" });
    expect(partial.credentialRemedy("apiToken")).toBe("run setup");
    expect(partial.baseUrlOption("baseUrl", undefined)).toBe("the baseUrl option");
  });

  it("name the caller's flag and opt-in when a base URL is plain http to loopback", () => {
    const create = (callerTermsOption?: CallerTerms) => () =>
      createFamilyClient(FAMILIES.ondemand, OPERATIONS, {
        env: {},
        baseUrl: "http://127.0.0.1:4010/ondemand",
        allowInsecureLoopback: false,
        ...(callerTermsOption ? { callerTerms: callerTermsOption } : {}),
      });
    expect(messageOf(create())).toBe(
      "The baseUrl option uses plain http to a loopback host; pass allowInsecureLoopback: true (or set THETA_ALLOW_INSECURE_LOOPBACK=1) to talk to a local simulator, or use https://",
    );
    const cli = messageOf(create(CLI_TERMS));
    expect(cli).toBe(
      "The --base-url flag uses plain http to a loopback host; set THETA_ALLOW_INSECURE_LOOPBACK=1 to talk to a local simulator, or use https://",
    );
    expect(cli).not.toMatch(/option/);
  });

  it("name the caller's flag for a family's second host", () => {
    const client = createFamilyClient(FAMILIES.controller, OPERATIONS, {
      env: {},
      baseUrls: { platform: "ftp://platform.example" },
      callerTerms: CLI_TERMS,
    });
    expect(messageOf(() => client.server("platform"))).toMatch(
      /^The --platform-base-url flag uses the ftp: scheme/,
    );
  });

  it("say how the caller gives a missing credential, besides its variables", async () => {
    const client = (terms?: CallerTerms) =>
      createFamilyClient(FAMILIES.ondemand, OPERATIONS, {
        env: {},
        ...(terms ? { callerTerms: terms } : {}),
      });
    expect(await rejectionMessage(client().requireCredential("apiToken"))).toMatch(
      /Set THETA_ONDEMAND_API_TOKEN or THETA_ONDEMAND_API_KEY or THETA_API_KEY in the environment, or pass the "apiToken" option\./,
    );
    const cli = await rejectionMessage(client(CLI_TERMS).requireCredential("apiToken"));
    expect(cli).toMatch(/in the environment, or run `theta setup`\./);
    expect(cli).not.toMatch(/option/);
  });
});
