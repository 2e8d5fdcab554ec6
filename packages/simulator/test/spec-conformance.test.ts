import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Ajv2020Module, { type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { Simulator } from "../src/index.js";
import { auth, type Json, start } from "./support.js";

// The repository's spec; only this test reads it (the built package never does).
const SPEC_PATH = fileURLToPath(new URL("../../../specs/ondemand.yaml", import.meta.url));
// Both are CommonJS with a `default` export that is also the module itself.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;
type Ajv = InstanceType<typeof Ajv2020>;

const SPEC_ID = "https://theta-simulator.local/specs/ondemand.yaml";

const OPERATIONS = [
  "listServices",
  "getService",
  "createInferRequest",
  "createInferRequestWithPrediction",
  "getInferRequest",
  "createInputPresignedUrls",
  "createInputPresignedUrlsWithPrediction",
  "createChatCompletion",
] as const;
type OperationId = (typeof OPERATIONS)[number];

interface Operation {
  method: string;
  path: string;
  pointer: string;
  node: Json;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

function at(doc: Json, pointer: string): unknown {
  let node: unknown = doc;
  for (const raw of pointer.replace(/^#\//, "").split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    node = (node as Json | undefined)?.[key];
  }
  return node;
}

describe("conformance with specs/ondemand.yaml", () => {
  let doc: Json;
  let ajv: Ajv;
  const operations = new Map<string, Operation>();

  beforeAll(() => {
    expect(existsSync(SPEC_PATH), `spec not found at ${SPEC_PATH}`).toBe(true);
    doc = parse(readFileSync(SPEC_PATH, "utf8")) as Json;
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ ...doc, $id: SPEC_ID });
    for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
      for (const [method, node] of Object.entries(item)) {
        const op = node as Json;
        if (typeof op?.operationId !== "string") continue;
        operations.set(op.operationId, {
          method: method.toUpperCase(),
          path,
          pointer: `#/paths/${escapePointer(path)}/${method}`,
          node: op,
        });
      }
    }
  });

  function operation(id: OperationId): Operation {
    const op = operations.get(id);
    if (!op) throw new Error(`operationId ${id} is missing from the spec`);
    return op;
  }

  /** Pointer of the response object for `status` (following a `$ref` to components/responses). */
  function responsePointer(op: Operation, status: string): string {
    const responses = op.node.responses as Record<string, Json>;
    const response = responses[status] ?? responses[`${status[0]}XX`];
    if (!response) throw new Error(`${String(op.node.operationId)} declares no ${status} response`);
    const ref = response.$ref;
    if (typeof ref === "string") return ref;
    const key = responses[status] ? status : `${status[0]}XX`;
    return `${op.pointer}/responses/${key}`;
  }

  const validators = new Map<string, ValidateFunction>();
  function validatorFor(pointer: string): ValidateFunction {
    const known = validators.get(pointer);
    if (known) return known;
    if (at(doc, pointer) === undefined) throw new Error(`spec has no schema at ${pointer}`);
    const validate = ajv.compile({ $ref: `${SPEC_ID}${pointer}` });
    validators.set(pointer, validate);
    return validate;
  }

  function check(pointer: string, value: unknown, what: string): void {
    const validate = validatorFor(pointer);
    const ok = validate(value);
    expect(ok, `${what}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value).slice(0, 400)}`).toBe(
      true,
    );
  }

  /** Validates a JSON answer against the operation's declared response schema for its status. */
  async function checkJson(op: Operation, response: Response, what: string): Promise<Json> {
    const status = String(response.status);
    const base = responsePointer(op, status);
    const contentType = (response.headers.get("content-type") ?? "").split(";")[0] ?? "";
    const content = at(doc, `${base}/content`) as Json | undefined;
    expect(content && contentType in content, `${what}: ${contentType} not declared for ${status}`).toBe(
      true,
    );
    const body = (await response.json()) as Json;
    check(`${base}/content/${escapePointer(contentType)}/schema`, body, what);
    return body;
  }

  /** Validates an SSE answer: declared media type, and every chunk against the event schema. */
  async function checkStream(op: Operation, response: Response, what: string): Promise<void> {
    expect(response.status).toBe(200);
    const base = responsePointer(op, "200");
    const declared = at(doc, `${base}/content/text~1event-stream/schema`) as Json | undefined;
    expect(declared, `${what}: text/event-stream not declared`).toBeDefined();
    // `x-theta-event-schema` names the schema of one `data:` line: a JSON pointer string or a {$ref}.
    const eventSchemaOf = (node: Json | undefined): string | undefined => {
      const value = node?.["x-theta-event-schema"];
      if (typeof value === "string") return value;
      const ref = (value as Json | undefined)?.$ref;
      return typeof ref === "string" ? ref : undefined;
    };
    let eventPointer = eventSchemaOf(declared);
    if (!eventPointer && typeof declared?.$ref === "string")
      eventPointer = eventSchemaOf(at(doc, declared.$ref) as Json);
    expect(eventPointer, `${what}: no x-theta-event-schema for the stream`).toBeDefined();
    const raw = await response.text();
    const blocks = raw.split("\n\n").filter((b) => b.trim().length > 0);
    expect(blocks[blocks.length - 1]).toBe("data: [DONE]");
    for (const block of blocks.slice(0, -1)) {
      check(eventPointer as string, JSON.parse(block.replace(/^data: /, "")), `${what} chunk`);
    }
  }

  function checkRequest(op: Operation, body: unknown, contentType = "application/json"): void {
    const pointer = `${op.pointer}/requestBody/content/${escapePointer(contentType)}/schema`;
    check(pointer, body, `${String(op.node.operationId)} request`);
  }

  function url(sim: Simulator, op: Operation, params: Record<string, string>, query = ""): string {
    const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(params[name] ?? ""));
    return `${sim.baseUrls.ondemand}${path}${query}`;
  }

  async function call(
    sim: Simulator,
    id: OperationId,
    params: Record<string, string>,
    options: { query?: string; body?: unknown; token?: string | null } = {},
  ): Promise<Response> {
    const op = operation(id);
    if (options.body !== undefined) checkRequest(op, options.body);
    const headers: Record<string, string> =
      options.token === null
        ? { "content-type": "application/json" }
        : auth(sim, options.token ?? sim.tokens.ondemand);
    const response = await fetch(url(sim, op, params, options.query), {
      method: op.method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const last = sim.state.log().at(-1);
    expect(last?.operationId, `the simulator routed ${op.method} ${op.path} to another operation`).toBe(id);
    return response;
  }

  it("declares every operation the simulator serves, with the same operationIds", () => {
    for (const id of OPERATIONS) expect(operations.has(id), id).toBe(true);
  });

  it("the compiled schemas reject wrong shapes (so the checks below can fail)", () => {
    const jobSchema = `${responsePointer(operation("getInferRequest"), "200")}/content/application~1json/schema`;
    expect(validatorFor(jobSchema)({ body: { infer_requests: [{ state: "success" }] } })).toBe(false);
    expect(
      validatorFor(jobSchema)({ body: { infer_requests: [{ id: "infr_rqst_x", state: "success" }] } }),
    ).toBe(true);
    const listSchema = `${responsePointer(operation("listServices"), "200")}/content/application~1json/schema`;
    expect(validatorFor(listSchema)({ body: { services: [{ name: "no alias" }] } })).toBe(false);
  });

  it("catalog answers match the spec", async () => {
    const sim = await start();
    await checkJson(
      operation("listServices"),
      await call(sim, "listServices", {}, { token: null }),
      "listServices",
    );
    await checkJson(
      operation("listServices"),
      await call(sim, "listServices", {}, { query: "?expand=template_id" }),
      "listServices expand",
    );
    await checkJson(
      operation("getService"),
      await call(sim, "getService", { idOrAlias: "flux" }),
      "getService",
    );
    const missing = await call(sim, "getService", { idOrAlias: "nope" });
    expect(missing.status).toBe(404);
    await checkJson(operation("getService"), missing, "getService 404");
  });

  it("job answers match the spec in every state and option", async () => {
    for (const options of [
      {},
      { errorField: "error_message" as const, costShape: "cost" as const },
      { costShape: "cost_usd" as const },
    ]) {
      const sim = await start(options);
      const create = operation("createInferRequest");
      const pending = await checkJson(
        create,
        await call(
          sim,
          "createInferRequest",
          { alias: "flux" },
          { query: "?wait=0", body: { input: { prompt: "a fox" } } },
        ),
        "createInferRequest pending",
      );
      const id = ((pending.body as Json).infer_requests as Json[])[0]?.id as string;
      await checkJson(
        create,
        await call(
          sim,
          "createInferRequest",
          { alias: "flux" },
          {
            query: "?wait=10&prediction=generate_image",
            body: { input: { prompt: "ok" }, variant: "quantized" },
          },
        ),
        "createInferRequest success",
      );
      await checkJson(
        create,
        await call(
          sim,
          "createInferRequest",
          { alias: "flux" },
          { query: "?wait=10", body: { input: { prompt: "FAIL" } } },
        ),
        "createInferRequest error",
      );
      await checkJson(
        create,
        await call(
          sim,
          "createInferRequest",
          { alias: "qwen3" },
          {
            query: "?wait=10",
            body: { input: { messages: [{ role: "user", content: "hi" }], stream: false } },
          },
        ),
        "createInferRequest chat json",
      );
      await checkStream(
        create,
        await call(
          sim,
          "createInferRequest",
          { alias: "gpt_oss_120b" },
          { body: { input: { messages: [{ role: "user", content: "hi" }] } } },
        ),
        "createInferRequest chat stream",
      );
      await checkJson(
        operation("createInferRequestWithPrediction"),
        await call(
          sim,
          "createInferRequestWithPrediction",
          { alias: "image_to_image", prediction: "background_removal" },
          { query: "?wait=10", body: { input: { image_filename: "https://example.invalid/a.png" } } },
        ),
        "createInferRequestWithPrediction",
      );
      await checkJson(
        operation("getInferRequest"),
        await call(sim, "getInferRequest", { id }),
        "getInferRequest",
      );
      const unknown = await call(sim, "getInferRequest", { id: "infr_rqst_nope" });
      expect(unknown.status).toBe(404);
      await checkJson(operation("getInferRequest"), unknown, "getInferRequest 404");
      const invalid = await call(sim, "createInferRequest", { alias: "flux" }, { body: { input: {} } });
      expect(invalid.status).toBe(400);
      await checkJson(create, invalid, "createInferRequest 400");
      const unauthorized = await call(sim, "getInferRequest", { id }, { token: "invalid" });
      expect(unauthorized.status).toBe(401);
      await checkJson(operation("getInferRequest"), unauthorized, "getInferRequest 401");
    }
  });

  it("presigned URL answers match the spec in both shapes, and the upload works", async () => {
    for (const presignedShape of ["direct", "urls"] as const) {
      const sim = await start({ presignedShape });
      const body = await checkJson(
        operation("createInputPresignedUrls"),
        await call(
          sim,
          "createInputPresignedUrls",
          { alias: "whisper" },
          { body: { input_fields: ["audio_filename"] } },
        ),
        `createInputPresignedUrls ${presignedShape}`,
      );
      await checkJson(
        operation("createInputPresignedUrlsWithPrediction"),
        await call(
          sim,
          "createInputPresignedUrlsWithPrediction",
          { alias: "image_to_image", prediction: "upscale" },
          { body: {} },
        ),
        `createInputPresignedUrlsWithPrediction ${presignedShape}`,
      );
      const payload = body.body as Json;
      const entry = (
        presignedShape === "urls" ? (payload.urls as Json).audio_filename : payload.audio_filename
      ) as Json;
      const uploadUrl = (entry.presigned_url ?? entry.upload_url) as string;
      const put = await fetch(uploadUrl, {
        method: "PUT",
        headers: { "content-type": "application/octet-stream" },
        body: "audio",
      });
      expect(put.status).toBe(200);
      expect(operations.get("uploadInputObject")?.method ?? "PUT").toBe("PUT");
    }
  });

  it("chat answers match the spec (JSON, stream, tool calls, errors)", async () => {
    const sim = await start();
    const op = operation("createChatCompletion");
    const messages = [{ role: "user", content: "What is the weather in Rome?" }];
    const tools = [
      {
        type: "function",
        function: {
          name: "get_weather",
          parameters: { type: "object", properties: { city: { type: "string" } } },
        },
      },
    ];
    for (const model of ["gpt_oss_120b", "glm_5_3", "qwen3"]) {
      await checkJson(
        op,
        await call(sim, "createChatCompletion", {}, { body: { model, messages, stream: false } }),
        `chat ${model}`,
      );
      await checkStream(
        op,
        await call(sim, "createChatCompletion", {}, { body: { model, messages } }),
        `chat stream ${model}`,
      );
    }
    await checkJson(
      op,
      await call(
        sim,
        "createChatCompletion",
        {},
        { body: { model: "glm_5_3", messages, tools, tool_choice: "required", stream: false } },
      ),
      "chat tool calls",
    );
    await checkStream(
      op,
      await call(
        sim,
        "createChatCompletion",
        {},
        { body: { model: "glm_5_3", messages, tools, tool_choice: "required" } },
      ),
      "chat tool call stream",
    );
    const missing = await call(sim, "createChatCompletion", {}, { body: { model: "qwen", messages } });
    expect(missing.status).toBe(404);
    await checkJson(op, missing, "chat 404");
    sim.setCapacity("qwen3", 0);
    const busy = await call(sim, "createChatCompletion", {}, { body: { model: "qwen3", messages } });
    expect(busy.status).toBe(409);
    await checkJson(op, busy, "chat 409");
  });
});
