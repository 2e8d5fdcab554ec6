import { describe, expect, it } from "vitest";
import { analyzeSpec, SpecError } from "./index.mjs";
import { fixtureWith } from "./testing/spec-edit.js";

const REST = "two-hosts.yaml";
const RPC = "chain-rpc.yaml";
const REQUEST = ["components", "schemas", "GetAccountRequest"];

/** The message analyzeSpec throws for `doc`; fails the test when the spec is accepted. */
function problemsOf(doc: unknown, label = "specs/fixture.yaml"): string {
  try {
    analyzeSpec(doc, label);
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError);
    return (error as SpecError).message;
  }
  throw new Error("expected the spec to be refused, but it was accepted");
}

describe("generator errors", () => {
  it("accepts both fixtures as they are", () => {
    expect(analyzeSpec(fixtureWith(REST, ["info", "title"], "t"), "a.yaml").operations).toHaveLength(5);
    expect(analyzeSpec(fixtureWith(RPC, ["info", "title"], "t"), "b.yaml").methods).toHaveLength(3);
  });

  it("names the spec, the servers entry and the fix when x-theta-server is missing", () => {
    const message = problemsOf(fixtureWith(REST, ["servers", 0, "x-theta-server"], undefined));
    expect(message).toContain("specs/fixture.yaml is not ready for generation");
    expect(message).toContain(
      'specs/fixture.yaml (top-level) servers[0] (https://controller.example): x-theta-server is missing; name the host this entry stands for, e.g. "x-theta-server: ondemand".',
    );
  });

  it("checks path-level and operation-level servers overrides too", () => {
    const pathLevel = problemsOf(
      fixtureWith(REST, ["paths", "/vm_types", "servers", 0, "x-theta-server"], undefined),
    );
    expect(pathLevel).toContain(
      "specs/fixture.yaml path /vm_types servers[0] (https://platform.example): x-theta-server is missing",
    );
    const operationLevel = problemsOf(
      fixtureWith(REST, ["paths", "/balance", "get", "servers", 0, "x-theta-server"], "Platform Host"),
    );
    expect(operationLevel).toContain(
      "specs/fixture.yaml GET /balance servers[0] (https://platform.example): x-theta-server must be a lowercase identifier",
    );
  });

  it("refuses a spec no servers list applies to", () => {
    expect(problemsOf(fixtureWith(REST, ["servers"], undefined))).toContain(
      'specs/fixture.yaml GET /deployments: no servers list applies; add a top-level "servers" entry',
    );
  });

  it("requires x-theta-confidence on operations and refuses unknown security schemes", () => {
    const message = problemsOf(
      fixtureWith(REST, ["paths", "/deployments", "get", "x-theta-confidence"], undefined),
    );
    expect(message).toContain(
      'specs/fixture.yaml GET /deployments: x-theta-confidence must be "confirmed" or "uncertain" (found undefined)',
    );
    expect(
      problemsOf(fixtureWith(REST, ["paths", "/deployments", "get", "security"], [{ bearer: [] }])),
    ).toContain(
      'specs/fixture.yaml GET /deployments: security[0] names "bearer", which is not in components.securitySchemes.',
    );
  });

  it("names the request schema when a method has no const name", () => {
    const message = problemsOf(fixtureWith(RPC, [...REQUEST, "properties", "method"], { type: "string" }));
    expect(message).toContain(
      'specs/fixture.yaml components.schemas.GetAccountRequest: properties.method.const must be the JSON-RPC method name, e.g. "theta.GetVersion".',
    );
  });

  it("names the request schema when the result is missing or points nowhere", () => {
    expect(problemsOf(fixtureWith(RPC, [...REQUEST, "x-theta-result"], undefined))).toContain(
      "specs/fixture.yaml components.schemas.GetAccountRequest: x-theta-result is missing; name the result schema",
    );
    expect(
      problemsOf(fixtureWith(RPC, [...REQUEST, "x-theta-result"], { $ref: "#/components/schemas/Nowhere" })),
    ).toContain(
      'specs/fixture.yaml components.schemas.GetAccountRequest: x-theta-result points at "#/components/schemas/Nowhere", which is not in components.schemas.',
    );
  });

  it("requires evidence, boolean flags, confidence and params on each method, all reported at once", () => {
    const doc = fixtureWith(RPC, [...REQUEST, "x-theta-evidence"], undefined);
    const schema = (doc.components as { schemas: Record<string, Record<string, unknown>> }).schemas
      .GetAccountRequest;
    if (schema === undefined) throw new Error("fixture lost GetAccountRequest");
    schema["x-theta-mutating"] = "no";
    schema["x-theta-confidence"] = "likely";
    delete (schema.properties as Record<string, unknown>).params;
    const message = problemsOf(doc);
    const where = "specs/fixture.yaml components.schemas.GetAccountRequest";
    expect(message).toContain(`${where}: x-theta-evidence is missing`);
    expect(message).toContain(`${where}: x-theta-mutating must be true or false (found "no")`);
    expect(message).toContain(
      `${where}: x-theta-confidence must be "confirmed" or "uncertain" (found "likely")`,
    );
    expect(message).toContain(`${where}: properties.params is missing`);
  });

  it("refuses a method name used twice", () => {
    const message = problemsOf(
      fixtureWith(RPC, [...REQUEST, "properties", "method", "const"], "theta.GetVersion"),
    );
    expect(message).toContain(
      'specs/fixture.yaml components.schemas.GetAccountRequest: method "theta.GetVersion" is already declared by components.schemas.GetVersionRequest; method names must be unique.',
    );
  });

  it("requires a discriminator mapping that matches the method names", () => {
    const mapping = [
      "paths",
      "/rpc",
      "post",
      "requestBody",
      "content",
      "application/json",
      "schema",
      "discriminator",
      "mapping",
    ];
    const missing = problemsOf(fixtureWith(RPC, mapping, undefined));
    expect(missing).toContain(
      'specs/fixture.yaml POST /rpc: discriminator.mapping must map "theta.GetAccount" to "#/components/schemas/GetAccountRequest"',
    );
    const stray = problemsOf(
      fixtureWith(RPC, [...mapping, "theta.GetBlock"], "#/components/schemas/GetVersionRequest"),
    );
    expect(stray).toContain(
      'specs/fixture.yaml POST /rpc: discriminator.mapping names "theta.GetBlock", which no oneOf member declares.',
    );
  });

  it("requires the carrier to be a POST whose body is a oneOf of $refs", () => {
    const inline = problemsOf(
      fixtureWith(
        RPC,
        ["paths", "/rpc", "post", "requestBody", "content", "application/json", "schema", "oneOf", 0],
        {
          type: "object",
        },
      ),
    );
    expect(inline).toContain(
      'specs/fixture.yaml POST /rpc request body oneOf[0]: must be { $ref: "#/components/schemas/<Name>" }',
    );
    const doc = fixtureWith(RPC, ["info", "title"], "t");
    const paths = doc.paths as Record<string, Record<string, unknown>>;
    const rpc = paths["/rpc"];
    if (rpc === undefined) throw new Error("fixture lost /rpc");
    rpc.put = rpc.post;
    delete rpc.post;
    expect(problemsOf(doc)).toContain("specs/fixture.yaml PUT /rpc: x-theta-jsonrpc operations must be POST");
  });
});
