import type { FamilyName } from "@theta/core";
import { describe, expect, it } from "vitest";
import { familiesReadyForLive, missingCredentials } from "./live-credentials.js";
import { SmokeUsageError } from "./settings.js";

const FAMILIES_RUN: { family: FamilyName }[] = [
  { family: "ondemand" },
  { family: "controller" },
  { family: "agents" },
];

describe("live credentials", () => {
  it("stop a live run with no credentials at all, before any request, naming what to set once per set", () => {
    const notes: string[] = [];
    let error: unknown;
    try {
      familiesReadyForLive(FAMILIES_RUN, {}, (line) => notes.push(line));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SmokeUsageError);
    expect((error as Error).message).toBe(
      "--live needs the credentials of at least one family, and none are set: set THETA_ONDEMAND_API_TOKEN (for ondemand), or THETA_EC_API_KEY and THETA_EC_PROJECT_ID and THETA_ORG_ID (for controller, agents). Nothing was sent.",
    );
    expect(notes).toHaveLength(3);
  });

  it("run the families whose credentials are set, skipping the others with what enables them", () => {
    const notes: string[] = [];
    const ready = familiesReadyForLive(FAMILIES_RUN, { THETA_API_KEY: "token" }, (line) => notes.push(line));
    expect(ready.map((entry) => entry.family)).toEqual(["ondemand"]);
    expect(notes[0]).toBe(
      "controller checks skipped: set THETA_EC_API_KEY, THETA_EC_PROJECT_ID, THETA_ORG_ID to run them live.",
    );
    expect(
      missingCredentials("agents", {
        THETA_EC_API_KEY: "k",
        THETA_EC_PROJECT_ID: "prj_x",
        THETA_ORG_ID: " ",
      }),
    ).toEqual(["THETA_ORG_ID"]);
  });
});
