import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { analyzeSpec } from "./index.mjs";
import { workspaceFile } from "./testing/paths.js";

// The on-demand spec as the generator reads it: which operations are public and where they go.
describe("specs/ondemand.yaml", () => {
  const { operations, methods } = analyzeSpec(
    parse(readFileSync(workspaceFile("specs/ondemand.yaml"), "utf8")),
    "specs/ondemand.yaml",
  );
  const byId = new Map(operations.map((operation) => [operation.operationId, operation]));

  it("makes only the catalog and the storage upload public (no token); everything else needs the bearer token", () => {
    const publicIds = operations
      .filter((operation) => operation.public)
      .map((operation) => operation.operationId);
    expect(publicIds).toEqual(["listServices", "uploadInputObject"]);
    expect(byId.get("getService")).toMatchObject({ public: false, confidence: "uncertain" });
  });

  it("sends the upload to the storage host and every other operation to the on-demand host", () => {
    for (const operation of operations) {
      expect([operation.operationId, operation.server]).toEqual([
        operation.operationId,
        operation.operationId === "uploadInputObject" ? "storage" : "ondemand",
      ]);
    }
    expect(methods).toEqual([]);
  });
});
